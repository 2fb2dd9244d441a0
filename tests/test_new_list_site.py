"""A fifth list type and a 2025 edition, added as a maintainer would (one config entry, the
`lists-schema` command, two `import-edition` runs), show everywhere a list shows with no code change:
navigation, list pages, region and province pages, charts, search, downloads and the API; the 2025
edition's movements are computed against 2024."""

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
import yaml

from build_scripts import paths, pipeline
from build_scripts.lists_schema import write_list_schemas
from build_scripts.runtime import write_work_root
from curation.import_edition import EditionMeta, import_edition
from scoring.lists import load_lists

DIGITAL = {"code": "county_digital", "name_zh": "数字经济百强县", "name_en": "Top digital-economy counties",
           "level": "county", "size": 10, "tiers": "none", "rank_ticks": [1, 5, 10]}


def _rows(package: Path, name: str) -> list[dict]:
    with (package / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _table(path: Path, places: list[dict], regions: dict[str, dict]) -> Path:
    """A printed table of `places` in rank order: ★ on each province's first entry, short provinces."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["名次", "省份", "地级市", "县（市）"])
    seen = set()
    for rank, place in enumerate(places, start=1):
        province = place["province_code"]
        mark = "★" if province not in seen else ""
        seen.add(province)
        parent = regions[place["prefecture_code"]]["name"] if place["prefecture_code"] else ""
        writer.writerow([rank, regions[province]["short_name"], parent, place["name"] + mark])
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def _meta(list_code: str, title: str, size: int) -> EditionMeta:
    return EditionMeta(list=list_code, year=2025, title=title, report_title="县域经济发展报告（2025年）",
                       publisher="中国信息通信研究院", published="2025-12", division_cutoff="2025-07-31",
                       size=size, weighting_method="层次分析法", dimensions="规模、质效、创新",
                       method_note=None, tier_boundaries=None, source_file="table-2025.csv",
                       source_section=title)


@pytest.fixture(scope="module")
def grown(small_package, tmp_path_factory):
    """The small synthetic package plus county_digital-2025 and county_industrial-2025, and its site."""
    work = tmp_path_factory.mktemp("new-list")
    package = work / "datapackage"
    shutil.copytree(small_package, package)
    config = work / "lists.yml"
    raw = yaml.safe_load(paths.LISTS.read_text(encoding="utf-8"))
    config.write_text(yaml.safe_dump({"lists": [*raw["lists"], DIGITAL]}, allow_unicode=True),
                      encoding="utf-8")
    derived_schema = work / "derived_schema.json"  # the build sets the derived enum from the config itself
    shutil.copy(paths.ROOT / "scoring" / "derived_schema.json", derived_schema)
    where = write_work_root(work / "root", package, lists=config)
    write_list_schemas(where, derived_schema)
    lists = load_lists(config)
    regions = {r["code"]: r for r in _rows(package, "regions")}
    counties = [r for r in regions.values() if r["level"] == "county"][: DIGITAL["size"]]
    import_edition(package, _table(work / "digital.csv", counties, regions),
                   _meta("county_digital", "2025 年数字经济百强县", len(counties)), lists)
    held = [r for r in _rows(package, "rankings") if r["edition"] == "county_industrial-2024"]
    reordered = [regions[r["region_code"]] for r in reversed(held)]
    import_edition(package, _table(work / "industrial.csv", reordered, regions),
                   _meta("county_industrial", "2025 年中国工业百强县（市）", len(reordered)), lists)
    pipeline.run_site(where)
    return where, counties, reordered


def _page(where, path: str) -> str:
    return (where.site / path).read_text(encoding="utf-8")


def test_new_list_and_edition_are_in_the_navigation_and_home_page(grown):
    where, _, _ = grown
    home = _page(where, "index.html")
    for href in ("lists/county_digital/2025/", "lists/county_industrial/2025/"):  # newest editions
        assert f'href="{href}"' in home, href
    # The navigation of a list page holds every list's editions (the home page's is pruned).
    nav = _page(where, "lists/county_digital/2025/index.html").split('<div class="md-content"')[0]
    for href in ("../../county_industrial/2025/", "../../county_industrial/2024/", "../", "./"):
        assert f'href="{href}"' in nav, href
    assert "数字经济百强县" in nav
    assert "2025 年数字经济百强县" in home and "2025 年中国工业百强县（市）" in home
    nav = yaml.safe_load((where.build / "nav.yml").read_text(encoding="utf-8"))["lists"]
    assert nav[-1] == {"数字经济百强县": ["lists/county_digital/index.md",
                                      {"2025 年": "lists/county_digital/2025/index.md"}]}
    assert nav[0]["工业百强县（市）"][1] == {"2025 年": "lists/county_industrial/2025/index.md"}


def test_new_list_is_named_wherever_the_site_names_its_lists(grown):
    """Home introduction, site description, 404 page and methodology index name the new list."""
    where, _, _ = grown
    intro = _page(where, "index.html").split("<h2", 1)[0]
    assert '<strong><a href="lists/county_digital/">数字经济百强县</a></strong>榜单' in intro
    assert "制造业高质量发展50强城市</a></strong>和<strong>" in intro
    description = '<meta name="description" content="中国信通院工业百强县（市）、'
    home = _page(where, "index.html")
    assert description in home and "和数字经济百强县榜单的开放数据" in home
    missing = _page(where, "404.html")
    assert 'href="/lists/county_digital/">数字经济百强县</a>' in missing
    method = _page(where, "methodology/index.html")
    assert "数字经济百强县：尚无单独的方法说明页" in method
    assert 'href="county_industrial/">工业百强县（市）</a>' in method


def test_new_list_has_its_pages_and_places_show_it(grown):
    where, counties, _ = grown
    edition = _page(where, "lists/county_digital/2025/index.html")
    assert all(place["name"] in edition for place in counties)
    assert "数字经济百强县" in _page(where, "lists/county_digital/index.html")
    first = counties[0]
    region = _page(where, f"county/{first['slug']}/index.html")
    assert "数字经济百强县" in region
    province = next(p for p in (where.site / "province").glob(f"{first['province_code']}-*/index.html"))
    assert "数字经济百强县" in province.read_text(encoding="utf-8")


def test_new_edition_is_compared_with_2024(grown):
    where, _, reordered = grown
    movements = _rows(where.derived, "movements")
    rows = [m for m in movements if m["edition"] == "county_industrial-2025"]
    assert len(rows) == len(reordered) and {m["previous_edition"] for m in rows} == {"county_industrial-2024"}
    last = next(m for m in rows if m["region_code"] == reordered[0]["code"])  # last in 2024, first now
    assert last["movement"] == "up" and int(last["rank"]) == 1


def test_new_list_has_charts_search_downloads_and_api(grown):
    where, counties, _ = grown
    site = where.site
    for chart in ("charts/edition/edition-county_digital-2025-provinces.svg",
                  "charts/list/list-county_digital-blocs.svg",
                  "charts/edition/edition-county_industrial-2025-tiles.svg"):
        assert (site / chart).is_file(), chart
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    found = [d for d in index["docs"] if d["location"].startswith("lists/county_digital/2025/")]
    assert found and "数字经济百强县" in found[0]["title"].replace("\u200b", "")
    rankings = (site / "downloads" / "data" / "rankings.csv").read_text(encoding="utf-8")
    assert rankings.count("county_digital-2025,") == len(counties)
    descriptor = json.loads((site / "downloads" / "datapackage.json").read_text(encoding="utf-8"))
    editions = next(r for r in descriptor["resources"] if r["name"] == "editions")
    field = next(f for f in editions["schema"]["fields"] if f["name"] == "list")
    assert field["constraints"]["enum"][-1] == "county_digital"
    api = json.loads((site / "api" / "lists" / "county_digital" / "2025.json").read_text(encoding="utf-8"))
    assert api["edition"]["list"] == "county_digital" and len(api["rows"]) == len(counties)
    index = json.loads((site / "api" / "index.json").read_text(encoding="utf-8"))
    assert index["lists"][-1] == {"list": "county_digital", "name_zh": "数字经济百强县",
                                  "name_en": "Top digital-economy counties", "level": "county", "size": 10}
