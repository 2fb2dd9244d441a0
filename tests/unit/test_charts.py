"""Chart specs, SVG rendering and chart files (build_scripts.charts).

Regenerate the golden specs (then review the diff):
    .venv/bin/python tests/unit/test_charts.py regenerate-golden
"""

import json
import re
import sys
from pathlib import Path

import pandas as pd
import pytest

from build_scripts import paths
from build_scripts.charts import (
    ChartJob,
    build_bloc_counts_chart,
    build_home_province_chart,
    build_province_counts_chart,
    build_province_history_chart,
    build_rank_band_heatmap,
    build_rank_history_chart,
    build_rank_history_specs,
    build_tile_map,
    compute_rank_history,
    render_svg,
    start_chart_builds,
    write_chart,
    write_charts,
)
from build_scripts.charts.counts import compute_bloc_frame
from build_scripts.charts.history import describe_rank_history
from build_scripts.charts.render import ChartBuilds, build_spec, compile_vega, render_spec_json
from build_scripts.charts.theme import FONT
from build_scripts.charts.tilegrid import TILES, compute_tile_frame, province_short_name
from build_scripts.runtime import Background
from build_scripts.site_charts import build_chart_files
from scoring.errors import RenderError
from scoring.lists import load_lists
from scoring.params import load_params

# The rank-axis ticks of the repository's lists (config/lists.yml).
TICKS = {spec.code: spec.rank_ticks for spec in load_lists(paths.LISTS).specs}
GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "charts"
CJK_TEXT = re.compile(r"<text[^>]*>[^<]*[\u4e00-\u9fff][^<]*</text>")


def S(values):
    return pd.array(values, dtype="string")


def I(values):  # noqa: E743
    return pd.array(values, dtype="Int64")


EDITIONS = pd.DataFrame({
    "edition": S(["county_industrial-2019", "county_industrial-2021", "county_industrial-2024",
                  "county_innovation-2019", "county_innovation-2021", "county_innovation-2024",
                  "city_manufacturing-2023"]),
    "list": S(["county_industrial"] * 3 + ["county_innovation"] * 3 + ["city_manufacturing"]),
    "list_name": S(["工业百强县（市）"] * 3 + ["创新百强县（市）"] * 3 + ["制造业高质量发展50强城市"]),
    "year": I([2019, 2021, 2024, 2019, 2021, 2024, 2023]),
    "size": I([100] * 6 + [50]),
})

# 江阴市: industrial 2019 #1, absent 2021, 2024 #3; innovation 2021 #12 only.
PLACE_ROWS = pd.DataFrame({
    "edition": S(["county_industrial-2019", "county_industrial-2024", "county_innovation-2021"]),
    "list": S(["county_industrial", "county_industrial", "county_innovation"]),
    "year": I([2019, 2024, 2021]),
    "rank": I([1, 3, 12]),
    "region_code": S(["320281"] * 3),
})

PROVINCE_COUNTS = pd.DataFrame({
    "edition": S(["county_industrial-2024"] * 5),
    "province_code": S(["330000", "320000", "370000", "410000", "650000"]),
    "province_name": S(["浙江省", "江苏省", "山东省", "河南省", "新疆维吾尔自治区"]),
    "count": I([19, 25, 7, 7, 1]),
    "share_pct": pd.array([19.0, 25.0, 7.0, 7.0, 1.0], dtype="Float64"),
})

BLOC_COUNTS = pd.DataFrame({
    "edition": S(["county_industrial-2019"] * 4 + ["county_industrial-2021"] * 3),
    "bloc": S(["西部", "东部", "中部", "东北", "东部", "中部", "西部"]),
    "count": I([15, 60, 20, 5, 62, 22, 16]),
})

RANK_BANDS = pd.DataFrame({
    "edition": S(["county_industrial-2024"] * 6),
    "province_code": S(["320000", "320000", "330000", "650000", "410000", "410000"]),
    "band": S(["1-10", "11-20", "1-10", "91-100", "21-30", "81-90"]),
    "band_start": I([1, 11, 1, 91, 21, 81]),
    "count": I([7, 5, 2, 1, 3, 0]),
})


def _history_chart():
    return build_rank_history_chart(PLACE_ROWS, EDITIONS, "江阴市", TICKS)


def _one_list_chart():
    rows = PLACE_ROWS[PLACE_ROWS["list"] == "county_industrial"]
    return build_rank_history_chart(rows, EDITIONS, "江阴市", TICKS)


ALL_CHARTS = {
    "rank_history": _history_chart,
    "rank_history_one_list": _one_list_chart,
    "province_counts": lambda: build_province_counts_chart(
        PROVINCE_COUNTS, "2024年工业百强县（市）各省上榜数"),
    "bloc_counts": lambda: build_bloc_counts_chart(BLOC_COUNTS, EDITIONS, "工业百强县（市）四大区域上榜数"),
    "rank_bands": lambda: build_rank_band_heatmap(RANK_BANDS, "2024年工业百强县（市）各省名次分布"),
    "tile_map": lambda: build_tile_map(PROVINCE_COUNTS, "2024年工业百强县（市）各省上榜数"),
    "province_history": lambda: build_province_history_chart(
        PROVINCE_COUNTS[PROVINCE_COUNTS["province_code"] == "320000"], EDITIONS, "江苏省"),
    "home": lambda: build_home_province_chart(
        pd.concat([PROVINCE_COUNTS, PROVINCE_COUNTS.iloc[:2].assign(edition="county_innovation-2024")]),
        EDITIONS, "最新榜单各省上榜数"),
}
GOLDEN_CHARTS = ("rank_history", "province_counts", "tile_map")


def _layers(spec):
    return spec.get("layer") or spec["spec"]["layer"]


def _axis_titles(spec):
    titles = []
    for layer in _layers(spec):
        for channel in ("x", "y"):
            encoding = layer.get("encoding", {}).get(channel, {})
            if "title" in encoding:
                titles.append(encoding["title"])
    return titles


# --- rank history -------------------------------------------------------------------------------

def test_compute_rank_history_lists_every_held_edition_with_na_where_absent():
    frame = compute_rank_history(PLACE_ROWS, EDITIONS)
    assert frame["edition"].tolist() == [
        "county_industrial-2019", "county_industrial-2021", "county_industrial-2024",
        "county_innovation-2019", "county_innovation-2021", "county_innovation-2024",
    ]
    assert frame["year"].tolist() == ["2019", "2021", "2024"] * 2
    assert frame["rank"].tolist() == [1, pd.NA, 3, pd.NA, 12, pd.NA]


def test_build_rank_history_chart_inverts_the_rank_axis():
    spec = _history_chart().to_dict()
    y = _layers(spec)[0]["encoding"]["y"]
    assert y["scale"]["reverse"] is True
    # Ranks 1-12: the axis ends just below the worst rank, not at 100, and 1 stays on top (issue 16).
    assert y["scale"]["domain"] == [1, 15]
    assert y["axis"]["values"] == [1, 5, 10, 15]


def test_compute_rank_axis_shows_movement_near_the_top_and_keeps_the_whole_list_for_low_ranks_issue_16():
    from build_scripts.charts.history import compute_rank_axis

    assert compute_rank_axis([3, 6], 100) == ([1, 10], [1, 5, 10])
    assert compute_rank_axis([40, 63], 100) == ([1, 80], [1, 20, 40, 60, 80])
    assert compute_rank_axis([85, 99], 100, [1, 25, 50, 75, 100]) == ([1, 100], [1, 25, 50, 75, 100])
    assert compute_rank_axis([85, 99], 100) == ([1, 100], [1, 100])
    assert compute_rank_axis([45], 50, [1, 10, 20, 30, 40, 50]) == ([1, 50], [1, 10, 20, 30, 40, 50])


def test_rank_history_labels_every_point_with_its_rank_in_a_two_list_chart_issue_16():
    layers = _layers(_history_chart().to_dict())
    labels = [layer for layer in layers if layer["mark"]["type"] == "text"]
    assert labels and labels[0]["encoding"]["text"]["field"] == "rank"


def test_build_rank_history_chart_absent_edition_is_a_null_gap_not_zero():
    spec = _one_list_chart().to_dict()
    values = spec["data"]["values"]
    assert [v["rank"] for v in values] == [1, None, 3]
    line, points, labels = _layers(spec)
    assert line["mark"]["invalid"] == "break-paths-show-domains"
    assert points["transform"] == [{"filter": "isValid(datum.rank)"}]
    assert labels["transform"] == [{"filter": "isValid(datum.rank)"}]


def test_build_rank_history_chart_rendered_line_breaks_at_the_gap():
    svg = render_svg(_one_list_chart(), id_prefix="h")
    line_path = re.search(r'aria-roledescription="line mark" d="([^"]+)"', svg)
    assert line_path is not None
    # Two ranked editions with an absent one between them: two separate sub-paths, no segment.
    assert line_path.group(1).count("M") == 2
    assert "L" not in line_path.group(1)
    assert len(re.findall(r'aria-roledescription="point"', svg)) == 2


def test_build_rank_history_chart_titles_one_list_and_many_lists_without_drawing_them():
    one, many = _one_list_chart().to_dict(), _history_chart().to_dict()
    assert one["usermeta"]["title"] == "江阴市：工业百强县（市）历年名次"
    assert many["usermeta"]["title"] == "江阴市历年名次"
    assert "title" not in one and "title" not in many  # the page's caption shows it
    svg = render_svg(one, id_prefix="h")
    assert "<title>江阴市：工业百强县（市）历年名次</title>" in svg
    assert svg.count("历年名次") == 1  # only the accessible <title>, no drawn title


def test_build_rank_history_chart_city_list_axis_ends_at_50():
    rows = pd.DataFrame({"edition": S(["city_manufacturing-2023"]), "list": S(["city_manufacturing"]),
                         "rank": I([7])})
    y = _layers(build_rank_history_chart(rows, EDITIONS, "无锡市", TICKS).to_dict())[0]["encoding"]["y"]
    # Rank 7 of 50: the axis ends at 10, a round rank below it.
    assert y["scale"]["domain"] == [1, 10]
    assert y["axis"]["values"] == [1, 5, 10]


def test_describe_rank_history_names_every_edition():
    frame = compute_rank_history(PLACE_ROWS, EDITIONS)
    assert describe_rank_history(frame, "江阴市") == (
        "江阴市在工业百强县（市）中：2019年第 1 位，2021年未上榜，2024年第 3 位；"
        "在创新百强县（市）中：2019年未上榜，2021年第 12 位，2024年未上榜。"
    )


# --- every chart ----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(ALL_CHARTS))
def test_every_chart_validates_and_has_title_description_and_unit_axes(name):
    spec = ALL_CHARTS[name]().to_dict()  # validates against the Vega-Lite schema
    assert spec.get("title") or spec["usermeta"]["title"]  # usermeta: a title the page shows
    assert len(spec["description"]) > 20
    assert spec["config"]["font"] == FONT
    for title in _axis_titles(spec):
        if title not in ("省份", None):  # None: no axis title (rank history: years and ranks)
            assert re.search(r"（.+）", title), f"axis title without unit: {title}"


@pytest.mark.parametrize("name", ["rank_history", "tile_map", "rank_bands"])
def test_render_svg_keeps_chinese_labels_as_text_with_title_and_desc(name):
    chart = ALL_CHARTS[name]()
    svg = render_svg(chart, id_prefix=name)
    spec = chart.to_dict(validate=False)
    assert CJK_TEXT.search(svg), "no <text> element with Chinese characters"
    title = spec.get("title") or spec["usermeta"]["title"]
    assert f"<title>{title}</title>" in svg
    assert f"<desc>{spec['description']}</desc>" in svg
    assert svg.startswith("<svg") and ' role="img">' in svg.split(">", 1)[0] + ">"


def _clipped_spec():
    """A spec whose SVG has a clip path: vl-convert numbers those ids per process (clip1, clip2 …)."""
    return {
        "title": "裁剪", "description": "测试用的裁剪图表。",
        "data": {"values": [{"a": 1, "b": 2}, {"a": 3, "b": 5}]},
        "mark": {"type": "line", "clip": True},
        "encoding": {
            "x": {"field": "a", "type": "quantitative"}, "y": {"field": "b", "type": "quantitative"}
        },
    }


def test_render_svg_is_identical_whatever_was_rendered_before():
    first = render_svg(_clipped_spec(), id_prefix="a")
    render_svg(_clipped_spec(), id_prefix="b")
    second = render_svg(_clipped_spec(), id_prefix="a")
    assert first == second
    ids = re.findall(r'\bid="([^"]+)"', first)
    assert ids == ["a-1"]
    assert 'clip-path="url(#a-1)"' in first


def test_province_counts_chart_sorts_by_count_then_code():
    spec = ALL_CHARTS["province_counts"]().to_dict()
    assert _layers(spec)[0]["encoding"]["y"]["sort"] == ["江苏", "浙江", "山东", "河南", "新疆"]
    assert "江苏 25 个，浙江 19 个，山东 7 个，河南 7 个，新疆 1 个" in spec["description"]


def test_compute_bloc_frame_orders_blocs_and_fills_missing_with_zero():
    frame = compute_bloc_frame(BLOC_COUNTS, EDITIONS)
    assert frame["bloc"].tolist() == ["东部", "中部", "西部", "东北"] * 2
    assert frame["year"].tolist() == ["2019"] * 4 + ["2021"] * 4
    assert frame["count"].tolist() == [60, 20, 15, 5, 62, 22, 16, 0]


def test_province_history_chart_counts_zero_for_held_editions_without_entries():
    spec = ALL_CHARTS["province_history"]().to_dict()
    values = [(v["year"], v["count"]) for v in spec["data"]["values"]]
    assert values == [("2019", 0), ("2021", 0), ("2024", 25)]
    assert spec["title"] == "江苏省历年上榜数"
    assert spec["description"] == (
        "江苏省历年上榜数：工业百强县（市）：2019年 0 个，2021年 0 个，2024年 25 个。"
    )


def test_rank_band_heatmap_keeps_every_band_and_orders_provinces_by_total():
    spec = ALL_CHARTS["rank_bands"]().to_dict()
    x, y = (_layers(spec)[0]["encoding"][c] for c in ("x", "y"))
    assert x["scale"]["domain"] == ["1-10", "11-20", "21-30", "81-90", "91-100"]
    assert y["sort"] == ["江苏", "河南", "浙江", "新疆"]
    assert all(v["count"] > 0 for v in spec["data"]["values"])


# --- tile grid ------------------------------------------------------------------------------------

def test_tile_grid_has_every_mainland_province_of_the_blocs_once():
    params = load_params(paths.PARAMS)
    mainland = {code for code, _, _, _, is_mainland in TILES if is_mainland}
    bloc_codes = {code for codes in params.blocs.values() for code in codes}
    assert mainland == bloc_codes
    assert len(mainland) == 31
    positions = [(col, row) for _, _, col, row, _ in TILES]
    assert len(positions) == len(set(positions))


def test_tile_grid_places_provinces_roughly_where_they_lie():
    where = {code: (col, row) for code, _, col, row, _ in TILES}
    assert where["65"][0] < where["62"][0] < where["61"][0] < where["41"][0] < where["37"][0]  # west to east
    assert where["23"][1] < where["21"][1] < where["37"][1] < where["32"][1] < where["44"][1] < where["46"][1]


def test_compute_tile_frame_fills_zero_and_uses_six_digit_codes():
    frame = compute_tile_frame(PROVINCE_COUNTS).set_index("province_code")
    assert frame.loc["320000", "count"] == 25
    assert frame.loc["110000", "count"] == 0
    assert len(frame) == len(TILES)
    assert province_short_name("150000") == "内蒙古"


# --- files ----------------------------------------------------------------------------------------

def test_write_chart_writes_svg_spec_and_table_identically_twice(tmp_path):
    chart = _history_chart()
    one = write_chart(chart, tmp_path / "one", "rank-history-320281")
    two = write_chart(_history_chart(), tmp_path / "two", "rank-history-320281")
    for a, b in [(one.svg_path, two.svg_path), (one.spec_path, two.spec_path), (one.csv_path, two.csv_path)]:
        assert a.read_bytes() == b.read_bytes()
    table = pd.read_csv(one.csv_path, dtype=str, keep_default_na=False)
    assert table.columns.tolist() == ["list", "list_name", "edition", "year", "rank"]
    assert table["rank"].tolist() == ["1", "", "3", "", "12", ""]
    spec = json.loads(one.spec_path.read_text(encoding="utf-8"))
    assert spec["data"]["values"][1]["rank"] is None
    assert one.title == "江阴市历年名次"


def test_write_charts_in_worker_processes_matches_serial_output(tmp_path):
    rows = [PLACE_ROWS, PLACE_ROWS[PLACE_ROWS["list"] == "county_industrial"]]
    jobs = [
        ChartJob(tmp_path / "p", f"c{i}", build=build_rank_history_chart,
                 args=(rows[i % 2], EDITIONS, f"地{i}"))
        for i in range(3)
    ]
    chart = build_rank_history_chart(rows[1], EDITIONS, "地3", TICKS)
    jobs.append(ChartJob(tmp_path / "p", "c3", chart=chart))
    with Background(workers=2) as background:
        assert background.parallel
        builds = start_chart_builds(jobs, background)
        parallel = write_charts(builds, background, svg_root=(tmp_path, tmp_path / "staging"))
        background.finish()
    serial_jobs = [ChartJob(tmp_path / "s", job.name, chart=build_spec(job.build_chart())) for job in jobs]
    with Background(workers=1) as background:
        serial = write_charts(start_chart_builds(serial_jobs, background), background)
    assert [f.name for f in parallel] == ["c0", "c1", "c2", "c3"]
    for p, s in zip(parallel, serial, strict=True):
        assert not p.svg_path.exists()  # drawn into the staging folder, at the same relative path
        staged = tmp_path / "staging" / p.svg_path.relative_to(tmp_path)
        assert staged.read_bytes() == s.svg_path.read_bytes()
        assert p.spec_path.read_bytes() == s.spec_path.read_bytes()
        assert (p.title, p.description) == (s.title, s.description)


def test_write_charts_by_part_writes_ready_charts_without_waiting_for_the_builders(tmp_path):
    jobs = [ChartJob(tmp_path, "built-0", build=build_rank_history_chart, args=(PLACE_ROWS, EDITIONS, "地0")),
            ChartJob(tmp_path, "ready-1", chart=build_rank_history_chart(PLACE_ROWS, EDITIONS, "地1", TICKS)),
            ChartJob(tmp_path, "built-2", build=build_rank_history_chart, args=(PLACE_ROWS, EDITIONS, "地2"))]
    with Background(workers=2) as background:
        builds = start_chart_builds(jobs, background)
        ready = write_charts(builds, background, part="ready")
        built = write_charts(builds, background, part="built")
        background.finish()
    assert [f.name for f in ready] == ["ready-1"] and [f.name for f in built] == ["built-0", "built-2"]
    assert all(f.svg_path.exists() and f.spec_path.exists() for f in ready + built)
    with pytest.raises(ValueError, match="part"), Background(workers=1) as background:
        write_charts(start_chart_builds(jobs, background), background, part="some")


class _NeverDone:
    def results(self):
        raise AssertionError("the ready part waited for the builders")


def test_write_charts_ready_part_never_reads_the_builders_results(tmp_path):
    job = ChartJob(tmp_path, "ready", chart=build_rank_history_chart(PLACE_ROWS, EDITIONS, "地", TICKS))
    builder = ChartJob(tmp_path, "built", build=build_rank_history_chart, args=(PLACE_ROWS, EDITIONS, "地"))
    with Background(workers=1) as background:
        written = write_charts(ChartBuilds((job, builder), _NeverDone()), background, part="ready")
    assert [f.name for f in written] == ["ready"]


def test_write_charts_raises_what_a_worker_raised(tmp_path):
    bad = ChartJob(tmp_path, "bad", chart={"mark": "nonsense", "data": {"values": [{"a": 1}]},
                                           "title": "x", "description": "y"})
    with pytest.raises(RenderError, match="bad"), Background(workers=2) as background:
        write_charts(start_chart_builds([bad], background), background)
        background.finish()


def test_write_chart_with_cache_gives_the_same_files_and_reuses_the_svg(tmp_path):
    cache = tmp_path / "cache"
    plain = write_chart(_one_list_chart(), tmp_path / "plain", "x")
    first = write_chart(_one_list_chart(), tmp_path / "first", "x", cache_dir=cache)
    assert len(list(cache.glob("*.svg"))) == 1
    cached_file = next(cache.glob("*.svg"))
    marked = cached_file.read_text(encoding="utf-8").replace("</svg>", "<!-- cached --></svg>")
    cached_file.write_text(marked, encoding="utf-8")
    second = write_chart(_one_list_chart(), tmp_path / "second", "x", cache_dir=cache)
    assert first.svg_path.read_bytes() == plain.svg_path.read_bytes()
    text = second.svg_path.read_text(encoding="utf-8")
    assert "<!-- cached -->" in text  # served from the cache, not re-rendered
    assert "<title>江阴市：工业百强县（市）历年名次</title>" in text  # the cache holds the drawing only
    other = write_chart(_history_chart(), tmp_path / "other", "x", cache_dir=cache)
    assert "缓存" not in other.svg_path.read_text(encoding="utf-8")
    assert len(list(cache.glob("*.svg"))) == 2


def test_build_rank_history_specs_equal_the_one_chart_builder():
    other = pd.DataFrame({
        "edition": S(["county_industrial-2021", "city_manufacturing-2023", "county_industrial-2024"]),
        "list": S(["county_industrial", "city_manufacturing", "county_industrial"]),
        "rank": I([40, 7, 2]),
        "region_code": S(["330282", "320200", "350582"]),
    })
    entries = pd.concat([PLACE_ROWS[other.columns], other], ignore_index=True)
    names = {"320281": "江阴市", "330282": "慈溪市", "320200": "无锡市", "350582": "晋江市"}
    specs = build_rank_history_specs(entries, EDITIONS, names, ticks=TICKS)
    assert list(specs) == ["320200", "320281", "330282", "350582"]
    for code, spec in specs.items():
        rows = entries[entries["region_code"] == code]
        expected = render_spec_json(build_spec(build_rank_history_chart(rows, EDITIONS, names[code], TICKS)))
        assert render_spec_json(spec) == expected


def test_build_rank_history_specs_word_each_place_s_own_absences():
    """An absence's words go to the description of its own place only."""
    entries = pd.DataFrame({
        "edition": S(["county_industrial-2021", "county_industrial-2021"]),
        "list": S(["county_industrial"] * 2),
        "rank": I([40, 2]),
        "region_code": S(["330282", "350582"]),
    })
    names = {"330282": "慈溪市", "350582": "晋江市"}
    absences = {("350582", "county_industrial-2024"): "转入工业百强区"}
    specs = build_rank_history_specs(entries, EDITIONS, names, ticks=TICKS, absences=absences)
    assert "2024年转入工业百强区" in specs["350582"]["description"]
    assert "2024年未上榜" in specs["330282"]["description"] and "转入" not in specs["330282"]["description"]


def test_compile_vega_equals_a_direct_compile_for_every_rank_history_chart_of_the_real_data():
    import vl_convert

    from build_scripts.charts.render import VL_VERSION
    from scoring.derived import compute_derived
    from scoring.package import load_package

    package = load_package(paths.DATAPACKAGE)
    entries = compute_derived(package, load_params(paths.PARAMS), load_lists(paths.LISTS))["entries"]
    names = dict(zip(package["regions"]["code"], package["regions"]["name"], strict=True))
    specs = build_rank_history_specs(entries, package["editions"], names)
    assert len(specs) > 300
    for spec in specs.values():
        assert compile_vega(spec) == vl_convert.vegalite_to_vega(spec, vl_version=VL_VERSION)


def test_compile_vega_compiles_a_title_object_on_its_own():
    spec = build_spec(_one_list_chart())
    titled = {**spec, "title": {"text": "江阴市", "subtitle": "2019–2024"}}
    assert compile_vega(titled)["title"]["subtitle"] == "2019–2024"
    renamed = {**spec, "title": "晋江市", "description": "晋江市在工业百强县（市）中"}
    compile_vega(spec)
    vega = compile_vega(renamed)
    assert vega["title"]["text"] == "晋江市" and vega["description"] == "晋江市在工业百强县（市）中"


def test_build_rank_history_specs_can_leave_out_one_point_histories():
    entries = pd.concat([
        PLACE_ROWS[["edition", "list", "rank", "region_code"]],
        pd.DataFrame({"edition": S(["county_industrial-2024"]), "list": S(["county_industrial"]),
                      "rank": I([2]), "region_code": S(["350582"])}),
    ], ignore_index=True)
    names = {"320281": "江阴市", "350582": "晋江市"}
    assert list(build_rank_history_specs(entries, EDITIONS, names, min_ranked=2)) == ["320281"]
    assert list(build_rank_history_specs(entries, EDITIONS, names, ticks=TICKS)) == ["320281", "350582"]


def test_build_chart_files_gives_docs_relative_urls(tmp_path):
    files = write_chart(_one_list_chart(), tmp_path / "charts" / "county", "x")
    chart = build_chart_files(files, tmp_path)
    assert chart.svg == "charts/county/x.svg"
    assert chart.data == "charts/county/x.csv"
    assert chart.description.startswith("江阴市在工业百强县（市）中")


# --- golden specs ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name", GOLDEN_CHARTS)
def test_chart_spec_matches_golden(name):
    expected = (GOLDEN / f"{name}.vl.json").read_text(encoding="utf-8")
    assert render_spec_json(build_spec(ALL_CHARTS[name]())) == expected


def _regenerate_golden():
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for name in GOLDEN_CHARTS:
        (GOLDEN / f"{name}.vl.json").write_text(
            render_spec_json(build_spec(ALL_CHARTS[name]())), encoding="utf-8", newline="\n"
        )


if __name__ == "__main__" and sys.argv[1:] == ["regenerate-golden"]:
    _regenerate_golden()


def test_svg_cache_key_follows_the_rendering_code_issue_13(monkeypatch):
    from build_scripts.charts import render

    before = render.build_cache_key('{"mark": "bar"}', "x")
    assert before == render.build_cache_key('{"mark": "bar"}', "x")
    monkeypatch.setattr(render, "_load_code_digest", lambda: "another version of render.py")
    assert render.build_cache_key('{"mark": "bar"}', "x") != before


def test_a_one_list_rank_history_is_one_drawing_in_both_languages_and_rendered_once(tmp_path):
    from build_scripts.charts.render import SvgOutput, SvgTask, build_drawing, render_spec_json, write_svg

    rows = PLACE_ROWS[PLACE_ROWS["list"] == "county_industrial"]
    english = EDITIONS.assign(list_name="Top 100 industrial counties")
    zh = build_spec(_one_list_chart())
    en = build_spec(build_rank_history_chart(rows, english, "Jiangyin", TICKS, "en"))
    two = build_spec(_history_chart())

    assert build_drawing(zh) == build_drawing(en) and zh != en
    assert "list_name" not in build_drawing(zh)["data"]["values"][0]
    assert "list_name" in build_drawing(two)["data"]["values"][0]  # drawn: the legend names the lists
    outputs = (SvgOutput(tmp_path / "zh.svg", "江阴市", "中文"),
               SvgOutput(tmp_path / "en.svg", "Jiangyin", "English"))
    write_svg(SvgTask(render_spec_json(build_drawing(zh)), "x", outputs))
    svgs = [path.read_text(encoding="utf-8") for path in (tmp_path / "zh.svg", tmp_path / "en.svg")]
    assert "<title>Jiangyin</title><desc>English</desc>" in svgs[1] and "<desc>中文</desc>" in svgs[0]
    assert svgs[0].replace("<title>江阴市</title><desc>中文</desc>", "") == svgs[1].replace(
        "<title>Jiangyin</title><desc>English</desc>", "")
    assert (tmp_path / "zh.png").read_bytes() == (tmp_path / "en.png").read_bytes()
