"""Curation tools: read the source reports (seeds) and write the data package under `datapackage/`.

These are the only modules allowed to write `datapackage/`. Each `python -m curation.<tool>`
is deterministic: the same seeds and committed curation tables give byte-identical CSVs.

Tools, in the order they are run:

- `extract_seeds`: seeds -> `rankings.csv`, `editions.csv`
- `registry`: rankings (+ facts) -> `regions.csv`
- `region_changes`: curated changes, checked against the code lists -> `region_changes.csv`
- `corrections`: curated misprints plus computed ★ checks -> `corrections.csv`
"""
