"""Tests for devtools.bench's results and summary: targets judged, each build's machine speed shown."""

from devtools.bench import STAGES, compute_results, render_summary


def _case(total: float, cpu: float, loop: list[float]) -> dict:
    return {"total_s": total, "cpu_s": cpu, "peak_rss_mb": 300.0, "html_pages": 100, "loop_s": loop,
            "stages": {**{stage: 1.0 for stage in STAGES}, "other": 0.5}}


SIZES = {"region_pages": 3, "region_html_median_bytes": 30_000, "region_html_max_bytes": 50_000,
         "region_html_max_page": "county/320583-kunshan", "search_index_bytes": 800_000,
         "site_bytes": 10_000_000, "site_files": 1000}


def test_summary_judges_the_targets_and_shows_the_loop_around_each_build():
    synthetic = {"1000": _case(40.0, 80.0, [0.43, 0.44]), "3000": _case(95.0, 190.0, [0.44, 0.81])}
    results = compute_results(_case(29.0, 55.0, [0.41, 0.43]), synthetic, SIZES)
    assert results["targets"]["real_total_s"]["met"] is True
    assert results["targets"]["synthetic_3000_total_s"]["met"] is False
    assert results["synthetic"]["ratio_3000_to_1000"] == 2.38
    summary = render_summary(results)
    assert "real: total 29.0 s wall, 55.0 s CPU" in summary and "loop 0.41→0.43 s)" in summary
    assert "loop 0.44→0.81 s)" in summary
    assert "  ok   real_total_s: 29.0 (target < 30.0)" in summary
    assert "  MISS synthetic_3000_total_s: 95.0 (target < 90.0)" in summary
