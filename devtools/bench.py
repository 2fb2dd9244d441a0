"""Benchmark: time every stage of a whole site build on the real and on synthetic data packages.

`python -m devtools.bench` (`make bench`). Each case runs a complete `site` build (validate,
score, charts, generate, mkdocs) in a child process inside a scratch build root under
bench/work/<case>/ (see `build_scripts.runtime.workroot`), so the repository's docs/ and site/ are never
touched and each build starts cold (no chart cache). Cases: the real package, and synthetic packages
of 1,000 and 3,000 places (`devtools.synthetic`, seeded). For each case the child reports the
seconds spent per stage, and the parent reads the child's resource usage (peak RSS, CPU seconds) from
`os.wait4`. Sizes come from the real build's site/. Output: bench/results.json and a summary on
stdout.

Wall-clock seconds depend on what else runs on the machine; CPU seconds are reported beside them: the
whole machine's busy time during the build (from /proc/stat, so the worker processes count too; the
build's own resource usage where /proc/stat is missing). `machine.loop_s`, the time of a fixed
pure-Python loop, shows how fast the machine was at the start; each case's `loop_s`, the same loop
just before and after its build, how fast it was around that build.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from build_scripts import paths
from build_scripts.paths import BuildPaths
from build_scripts.runtime import write_work_root
from scoring.errors import PipelineError

log = logging.getLogger(__name__)

SYNTHETIC_PLACES = (1000, 3000)
STAGES = ("validate", "score", "charts", "generate", "mkdocs", "wait")
REGION_FOLDERS = ("county", "district", "prefecture")
SEARCH_INDEX = Path("search") / "search_index.json"
TARGETS = {
    "real_total_s": 30.0,
    "synthetic_3000_total_s": 90.0,
    "synthetic_ratio": 3.5,
    "region_html_median_bytes": 60 * 1024,
    "search_index_bytes": 1.5 * 1024 * 1024,
}


def run_bench(where: BuildPaths | None = None) -> dict:
    """Build the real and the synthetic cases, write bench/results.json and print a summary.

    Args:
        where: The repository's paths (default: this repository); its datapackage is the real case.

    Returns:
        The results written to bench/results.json.
    """
    # Imported here, not at the top: the synthetic packages need the curation tools, whose imports
    # (pinyin, address tables) would otherwise add a second to each timed child build.
    from devtools.synthetic import write_synthetic_package

    where = where or paths.default_paths()
    bench = where.root / "bench"
    real = run_case(write_work_root(bench / "work" / "real", where.datapackage))
    synthetic = {}
    for places in SYNTHETIC_PLACES:
        work = bench / "work" / f"synthetic-{places}"
        package = work.parent / f"synthetic-{places}-package"
        write_synthetic_package(package, places)
        synthetic[str(places)] = {**run_case(write_work_root(work, package)), "places": places}
    results = compute_results(real, synthetic, measure_site(where.root / "bench" / "work" / "real" / "site"))
    bench.mkdir(parents=True, exist_ok=True)
    (bench / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n",
                                        encoding="utf-8")
    sys.stdout.write(render_summary(results))
    return results


def run_case(where: BuildPaths) -> dict:
    """Run one whole site build in a child process and return its stage times and resource usage.

    `loop_s` holds the time of the fixed loop just before and just after the build: the speed of the
    shared build machine changes within minutes, and a build's figures compare with another's only
    when these agree.

    Raises:
        RuntimeError: The build failed (its stderr is included).
    """
    timings = where.build / "bench-timings.json"
    timings.parent.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "devtools.bench", "--child", str(where.root), str(where.datapackage),
           str(timings)]
    log.info("bench: building %s", where.root)
    loop_before = measure_loop_seconds()
    started, busy = time.perf_counter(), read_busy_seconds()
    child = subprocess.Popen(cmd, cwd=paths.ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = child.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    busy_after = read_busy_seconds()
    loop_after = measure_loop_seconds()
    if child.returncode != 0:
        raise RuntimeError(f"bench build in {where.root} failed:\n{stderr}")
    stages = json.loads(timings.read_text(encoding="utf-8"))
    return {"total_s": round(wall, 2), "stages": stages,
            "cpu_s": round(busy_after - busy if busy is not None and busy_after is not None
                           else usage.ru_utime + usage.ru_stime, 2),
            "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
            "html_pages": sum(1 for _ in where.site.rglob("*.html")),
            "loop_s": [loop_before, loop_after]}


def read_busy_seconds() -> float | None:
    """Return the machine's total busy CPU seconds so far (all CPUs, /proc/stat), or None off Linux."""
    try:
        fields = Path("/proc/stat").read_text(encoding="ascii").split("\n", 1)[0].split()[1:]
    except OSError:
        return None
    user, nice, system, _idle, _iowait, irq, softirq = (int(f) for f in fields[:7])
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def measure_loop_seconds(iterations: int = 10_000_000) -> float:
    """Return the seconds a fixed pure-Python loop takes: how fast this machine is right now."""
    started = time.perf_counter()
    total = 0
    for i in range(iterations):
        total += i
    return round(time.perf_counter() - started, 2)


def measure_site(site: Path) -> dict:
    """Return the sizes of a built site: region pages (median, largest), search index, whole site."""
    region_pages = sorted(
        (page for folder in REGION_FOLDERS for page in (site / folder).glob("*/index.html")),
        key=lambda page: page.stat().st_size)
    sizes = [page.stat().st_size for page in region_pages]
    return {
        "region_pages": len(sizes),
        "region_html_median_bytes": int(statistics.median(sizes)) if sizes else 0,
        "region_html_max_bytes": sizes[-1] if sizes else 0,
        "region_html_max_page": str(region_pages[-1].relative_to(site).parent) if sizes else "",
        "search_index_bytes": (site / SEARCH_INDEX).stat().st_size,
        "site_bytes": sum(f.stat().st_size for f in site.rglob("*") if f.is_file()),
        "site_files": sum(1 for f in site.rglob("*") if f.is_file()),
    }


def compute_results(real: Mapping, synthetic: Mapping[str, Mapping], sizes: Mapping) -> dict:
    """Assemble the results document, with each target and whether it is met."""
    small, large = (synthetic[str(n)] for n in SYNTHETIC_PLACES)
    ratio = round(large["total_s"] / small["total_s"], 2)
    cpu_ratio = round(large["cpu_s"] / small["cpu_s"], 2)
    figures = {
        "real_total_s": real["total_s"],
        "synthetic_3000_total_s": large["total_s"],
        "synthetic_ratio": ratio,
        "region_html_median_bytes": sizes["region_html_median_bytes"],
        "search_index_bytes": sizes["search_index_bytes"],
    }
    return {
        # The loop before the first build is the machine's speed at the start of the run.
        "machine": {"cpus": os.cpu_count(), "load_avg_1m": round(os.getloadavg()[0], 2),
                    "loop_s": real["loop_s"][0]},
        "real": dict(real),
        "synthetic": {**synthetic, "ratio_3000_to_1000": ratio, "cpu_ratio_3000_to_1000": cpu_ratio},
        "pages": {k: sizes[k] for k in ("region_pages", "region_html_median_bytes", "region_html_max_bytes",
                                        "region_html_max_page")},
        "search_index_bytes": sizes["search_index_bytes"],
        "site_bytes": sizes["site_bytes"],
        "site_files": sizes["site_files"],
        "peak_rss_mb": max(case["peak_rss_mb"] for case in (real, small, large)),
        "targets": {name: {"target": limit, "value": figures[name], "met": figures[name] < limit}
                    for name, limit in TARGETS.items()},
    }


def render_summary(results: Mapping) -> str:
    """Return the human-readable summary of a results document."""
    machine = results["machine"]
    lines = [f"bench on {machine['cpus']} CPUs (load {machine['load_avg_1m']}, "
             f"10M-step Python loop {machine['loop_s']} s)"]
    cases = [("real", results["real"])] + [(f"synthetic {n}", results["synthetic"][str(n)])
                                            for n in SYNTHETIC_PLACES]
    for name, case in cases:
        stages = ", ".join(f"{stage} {case['stages'][stage]:.1f}" for stage in STAGES)
        loop = "→".join(f"{seconds:.2f}" for seconds in case["loop_s"])
        lines.append(f"{name:>15}: total {case['total_s']:.1f} s wall, {case['cpu_s']:.1f} s CPU, "
                     f"{case['html_pages']} pages, peak {case['peak_rss_mb']:.0f} MB ({stages}; "
                     f"other {case['stages']['other']:.1f}; loop {loop} s)")
    synthetic = results["synthetic"]
    lines.append(f"3000/1000 ratio: {synthetic['ratio_3000_to_1000']} wall, "
                 f"{synthetic['cpu_ratio_3000_to_1000']} CPU")
    pages = results["pages"]
    lines.append(f"region pages: {pages['region_pages']}, "
                 f"median {pages['region_html_median_bytes'] / 1024:.1f} KB, "
                 f"largest {pages['region_html_max_bytes'] / 1024:.1f} KB ({pages['region_html_max_page']})")
    lines.append(f"search index {results['search_index_bytes'] / 1024 / 1024:.2f} MB, site "
                 f"{results['site_bytes'] / 1024 / 1024:.1f} MB in {results['site_files']} files, "
                 f"peak RSS {results['peak_rss_mb']:.0f} MB")
    for name, target in results["targets"].items():
        verdict = "ok  " if target["met"] else "MISS"
        lines.append(f"  {verdict} {name}: {target['value']} (target < {target['target']})")
    return "\n".join(lines) + "\n"


def _timed(function: Callable, spent: dict[str, float], stage: str) -> Callable:
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[stage] = spent.get(stage, 0.0) + time.perf_counter() - started
    return wrapper


# The stage each generate task's time counts to (the others count to `generate`).
TASK_STAGES = {"validate": "validate", "score": "score", "write derived package": "score",
               "start chart builders": "charts", "write region charts": "charts",
               "write built charts": "charts"}


def _run_child(root: Path, datapackage: Path, out: Path) -> None:
    """Run `pipeline.run_site` with timers around the generate tasks and the stages; write the seconds.

    The pipeline reads `plan.GENERATE_TASKS` and its own functions as module globals at call time, so
    wrapping them here times the real build without a timing API in the pipeline. The stages are
    what the main process spends: `charts` is writing the chart specs (and waiting for the Altair
    ones); `generate` is the rest of the generate stage (pages, parts, API files); `wait` is waiting,
    after MkDocs, for the SVGs, cards and downloads the worker processes make meanwhile; `other` is
    the rest.
    """
    from build_scripts.runtime import Background, MkDocsRunner

    spent: dict[str, float] = {}
    # As `python -m build_scripts site` does: the helper processes start before the stages are imported.
    with Background() as background, MkDocsRunner(root) as mkdocs, MkDocsRunner(root) as mkdocs_en:
        import dataclasses

        from build_scripts import pipeline, plan

        plan.GENERATE_TASKS = tuple(
            dataclasses.replace(task, run=_timed(task.run, spent, TASK_STAGES.get(task.name, "rest")))
            for task in plan.GENERATE_TASKS)
        for name, stage in (("_mkdocs_build", "mkdocs"), ("_generate", "generate_all"),
                            ("run_site", "total")):
            setattr(pipeline, name, _timed(getattr(pipeline, name), spent, stage))
        Background.finish = _timed(Background.finish, spent, "wait")
        pipeline.run_site(BuildPaths(root=root, datapackage=datapackage, params=paths.PARAMS),
                          background, mkdocs, mkdocs_en)
    stages = {stage: spent.get(stage, 0.0) for stage in ("validate", "score", "charts", "mkdocs", "wait")}
    stages["generate"] = spent["generate_all"] - stages["validate"] - stages["score"] - stages["charts"]
    stages["other"] = spent["total"] - spent["generate_all"] - stages["mkdocs"] - stages["wait"]
    out.write_text(json.dumps({k: round(v, 2) for k, v in stages.items()}) + "\n", encoding="utf-8")


def main(argv: list[str]) -> int:
    """Command line: `python -m devtools.bench`; `--child ROOT DATAPACKAGE OUT` builds one case."""
    if argv and argv[0] == "--child" and len(argv) == 4:  # started by run_case
        logging.basicConfig(level=logging.WARNING, format="%(message)s")
        _run_child(Path(argv[1]), Path(argv[2]), Path(argv[3]))
        return 0
    if argv:
        sys.exit("usage: python -m devtools.bench")
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        run_bench()
    except PipelineError as exc:
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
