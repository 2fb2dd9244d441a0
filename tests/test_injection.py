"""Names and quotes holding HTML, Markdown and Jinja syntax render as plain text on every page.

A small synthetic package gets hostile strings in every free-text field a page shows: edition titles
and notes, a printed name (with its correction), a former name (region_changes), a correction's
reason, a fact's quote and source section, a metric's label and a claim's statement. The whole site
is built by the pipeline into tmp and every HTML file is inspected: no script, link, emphasis or
template output comes from the data, each string shows verbatim, and no table loses its columns.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from conftest import build_site_into
from sitescan import scan_site

from build_scripts import paths
from scoring import source_checks
from scoring.source_checks import load_inventory

EVIL_HOST = "evil.example"
SOURCE = "002_84ab89b478967b6c.txt"  # the source report the injected rows cite, at line 1
INJECTED = ("title", "report_title", "method_note", "dimensions", "weighting_method", "source_section",
            "printed_name", "reason", "old_name", "change_source", "quote", "fact_section", "metric_label",
            "statement", "metric_description")
# The whole text of an element that Markdown or HTML would make from a payload: *星<field>* -> <em>,
# **粗<field>** -> <strong>, <b>b<field></b>, `c<field>` -> <code>, and the <script> itself. (A
# template's own element around a whole payload is fine: its text is the escaped payload.)
MARKUP_MARKERS = {tag: {template.format(field) for field in INJECTED} for tag, template in
                  (("em", "星{}"), ("strong", "粗{}"), ("b", "b{}"), ("code", "c{}"),
                   ("script", 'alert("bq-{}")'))}
# Where each string must show: (field, a page path prefix).
EXPECTED_PLACES = (
    ("title", "lists/"), ("title", "index.html"), ("report_title", "lists/"), ("report_title", "county/"),
    ("method_note", "methodology/"), ("dimensions", "lists/"), ("weighting_method", "county/"),
    ("source_section", "county/"), ("printed_name", "notes/"), ("printed_name", "county/"),
    ("reason", "notes/"), ("old_name", "county/"), ("change_source", "county/"), ("quote", "county/"),
    ("fact_section", "county/"), ("metric_label", "county/"), ("statement", "notes/"),
    ("metric_description", "facts/"),
)


def payload(field: str) -> str:
    """Return the hostile string of one field; the field name makes each one traceable."""
    return (f'<script>alert("bq-{field}")</script> 甲|乙 *星{field}* **粗{field}** {{{{ 7*7 }}}} '
            f"{{% if 1 %}}X{{% endif %}} [点我{field}](https://{EVIL_HOST}/{field}) <b>b{field}</b> "
            f"`c{field}`")


def read_rows(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def write_rows(path: Path, fields: list[str], rows: list[dict]) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def inject_editions(data: Path, edition: str) -> None:
    path = data / "editions.csv"
    rows = read_rows(path)
    for row in rows:
        if row["edition"] == edition:
            for field in ("title", "report_title", "method_note", "dimensions", "weighting_method",
                          "source_section"):
                row[field] = payload(field)
    write_rows(path, list(rows[0]), rows)


def inject_printed_name(data: Path, edition: str) -> tuple[str, str]:
    path = data / "rankings.csv"
    rows = read_rows(path)
    target = next(row for row in rows if row["edition"] == edition and row["rank"] == "1")
    registry_name = target["printed_name"]
    target["printed_name"] = payload("printed_name")
    write_rows(path, list(rows[0]), rows)
    corrections = data / "corrections.csv"
    fields = next(csv.reader([corrections.read_text(encoding="utf-8").splitlines()[0]]))
    write_rows(corrections, fields, [{
        "correction_id": "C001", "edition": edition, "region_code": target["region_code"],
        "field": "printed_name", "printed_value": payload("printed_name"), "corrected_value": registry_name,
        "reason": payload("reason"), "reason_zh": payload("reason"),
        "source_file": SOURCE, "source_line": "1"}])
    return target["region_code"], registry_name


def inject_region_change(data: Path, code: str, name: str) -> None:
    # A renaming after the bundled GB/T 2260 history ends (2019), so any old name is accepted.
    path = data / "region_changes.csv"
    fields = next(csv.reader([path.read_text(encoding="utf-8").splitlines()[0]]))
    write_rows(path, fields, [{"old_code": code[:4] + "98", "old_name": payload("old_name"), "new_code": code,
                               "new_name": name, "effective": "2021-06", "kind": "更名",
                               "source": payload("change_source"),
                               "source_zh": payload("change_source")}])


def add_text_rows(package: Path, code: str, name: str, edition: str) -> None:
    """Append one hostile metric and fact, and add a claims resource (real schema) with one claim."""
    real = json.loads((paths.DATAPACKAGE / "datapackage.json").read_text(encoding="utf-8"))
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"] += [r for r in real["resources"] if r["name"] == "claims"]
    (package / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n",
                                              encoding="utf-8")
    rows = {
        "metrics": {"metric": "hostile_metric", "label_zh": payload("metric_label"),
                    "label_en": "Industrial output", "unit": "cny", "unit_zh": "亿元",
                    "description": "Industrial output.", "description_zh": payload("metric_description")},
        # value 7: the quote's payload prints "{{ 7*7 }}", and a fact's figure must be in its quote.
        "facts": {"fact_id": "999-9999-01", "region_code": code, "printed_name": name,
                  "source": "2024 县域工业经济发展报告", "metric": "hostile_metric", "value": "7",
                  "unit": "亿元", "qualifier": "=", "reference_year": "2023", "rank_in_source": "",
                  "group_size": "", "quote": payload("quote"), "source_file": SOURCE,
                  "source_section": payload("fact_section"), "source_line": "1"},
        "claims": {"claim_id": "K2024-001", "edition": edition, "statement": payload("statement"),
                   "check": "count_of_kind", "params": '{"kinds": ["县级市"], "value": 1}', "expected": "1",
                   "source_file": SOURCE, "source_line": "1", "source_section": "一"},
    }
    for resource in descriptor["resources"]:
        if resource["name"] in rows:
            path = package / resource["path"]
            existing = read_rows(path) if path.is_file() else []
            fields = [f["name"] for f in resource["schema"]["fields"]]
            write_rows(path, fields, existing + [rows[resource["name"]]])


@pytest.fixture(scope="module")
def injected_site(small_package, tmp_path_factory) -> Path:
    package = tmp_path_factory.mktemp("injected") / "datapackage"
    shutil.copytree(small_package, package)
    edition = "county_industrial-2024"
    inject_editions(package / "data", edition)
    code, name = inject_printed_name(package / "data", edition)
    inject_region_change(package / "data", code, name)
    add_text_rows(package, code, name, edition)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(source_checks, "load_inventory", lambda: inventory_with_payloads(SOURCE))
        return build_site_into(tmp_path_factory.mktemp("injected-site") / "root", package)


def inventory_with_payloads(source_file: str) -> dict:
    """Return the cited-lines inventory with line 1 of `source_file` holding the quoted payloads.

    The quote check would refuse a hostile quote that the source does not print; here the source
    "prints" it, so the build goes on to render it.
    """
    inventory = copy.deepcopy(load_inventory())
    inventory["files"][source_file]["text"]["1"] = f'{payload("quote")} {payload("statement")}'
    return inventory


@pytest.fixture(scope="module")
def injected_scans(injected_site):
    return scan_site(injected_site)


def test_no_page_holds_an_injected_script(injected_site):
    pages = [p for p in injected_site.rglob("*") if p.suffix in (".html", ".svg", ".xml")]
    raw = {p.relative_to(injected_site).as_posix(): p.read_text(encoding="utf-8") for p in pages}

    assert [path for path, text in raw.items() if '<script>alert("bq-' in text] == []
    assert [path for path, text in raw.items() if "<b>b" in text] == []


def test_no_page_turns_injected_markdown_or_html_into_elements(injected_scans):
    made = []
    for path, scan in injected_scans.items():
        made += [f"{path}: link {href}" for _, href in scan.links if EVIL_HOST in href]
        made += [f"{path}: <{tag}>{text}" for tag, text in scan.element_texts
                 if tag in MARKUP_MARKERS and text.strip() in MARKUP_MARKERS[tag]]

    assert made == []


def test_every_injected_string_shows_verbatim_where_it_appears(injected_scans):
    garbled = []
    for path, scan in injected_scans.items():
        shown = scan.text + "\n" + (scan.description or "")
        for field in INJECTED:
            if f"/{field})" in shown and payload(field) not in shown:
                garbled.append(f"{path}: {field}")

    assert garbled == []


@pytest.mark.parametrize(("field", "prefix"), EXPECTED_PLACES)
def test_injected_string_is_shown_on_its_page_type(injected_scans, field, prefix):
    showing = [path for path, scan in injected_scans.items()
               if path.startswith(prefix) and payload(field) in scan.text]

    assert showing != []


def test_injected_edition_title_is_the_list_pages_title_as_text(injected_scans):
    scan = injected_scans["lists/county_industrial/2024/index.html"]

    assert payload("title") in scan.title


def test_no_table_loses_or_gains_columns(injected_scans):
    broken = [f"{path}: header {table.header_cells}, rows {sorted(set(table.row_cells))}"
              for path, scan in injected_scans.items() for table in scan.tables
              if table.header_cells and any(cells != table.header_cells for cells in table.row_cells)]

    assert broken == []
