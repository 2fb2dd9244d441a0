"""Developer tools, apart from the build: the benchmark, synthetic packages, the cross-Python check.

None of them is a stage of the build; the build never imports them. `make bench` runs
`python -m devtools.bench`, `make check-pythons` `python -m devtools.pythons`; the tests and the
benchmark make synthetic packages with `devtools.synthetic`.
"""
