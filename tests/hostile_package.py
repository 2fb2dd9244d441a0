"""Hostile data packages for the property tests of issue 18, generated per class of attack.

`plus_package()` is the tests' minimal package (tests/data/valid-minimal) with the real package's
`claims`, `metrics` and `facts` resources added (the rows about its places and editions), so every
resource and every check has something to break. Each strategy of `CLASSES` draws one `Case`: an
edit of a copy of that package and where the validator must point (file, row, field). The cases are
drawn, not listed: values, rows, columns, lengths, scripts and positions vary with each run.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from minimal_package import VALID

from scoring.fact_checks import COUNTED_ITEMS, find_printed_numbers
from scoring.source_checks import find_quote, load_inventory

REAL = Path(__file__).resolve().parents[1] / "datapackage"
SECRET = "SECRET-LINE-OF-A-FILE-OUTSIDE-THE-PACKAGE"
# Digits Python's int() reads but the package must refuse (full-width, Arabic-Indic, Devanagari,
# Bengali, Thai, mathematical bold).
DIGIT_SCRIPTS = ("０", "٠", "०", "০", "๐", "𝟎")
INVISIBLE = ("\u200b", "\u200c", "\u200d", "\ufeff", "\u2060", "\u00a0", "\u3000", "\u202e", "\x7f")
SAFE_TEXT = st.text(alphabet="abcxyz江阴市省县区 ()（）·-", min_size=1, max_size=12).filter(str.strip)


class Case(NamedTuple):
    """One hostile package: how to make it from a copy of `plus_package()`, and what must be named.

    Attributes:
        kind: The class of attack (a key of `CLASSES`).
        edit: Applies the attack to a package folder (and may write next to it, in `outside`).
        file: The file the message must name ("data/regions.csv", "datapackage.json").
        row: The CSV row the same message must name (None for the descriptor).
        fields: Field names one of which the same message must name (none: a whole row, as a blank one).
        most_lines: The most lines the error's message may have (None: the validator's own bound).
    """

    kind: str
    edit: Callable[[Path, Path], None]
    file: str
    row: int | None
    fields: tuple[str, ...]
    most_lines: int | None = None


@functools.cache
def plus_package() -> Path:
    """Build (once per session) the minimal package plus claims, metrics and facts; return its folder."""
    target = Path(tempfile.mkdtemp(prefix="plus-package-")) / "datapackage"
    shutil.copytree(VALID, target)
    real = json.loads((REAL / "datapackage.json").read_text(encoding="utf-8"))
    descriptor = json.loads((target / "datapackage.json").read_text(encoding="utf-8"))
    codes = {row[0] for row in _read(target / "data" / "regions.csv")[1:]}
    editions = {row[0] for row in _read(target / "data" / "editions.csv")[1:]}
    facts = _read(REAL / "data" / "facts.csv")
    facts = [facts[0]] + [r for r in facts[1:] if r[1] in codes][:12]
    metrics = _read(REAL / "data" / "metrics.csv")
    metrics = [metrics[0]] + [r for r in metrics[1:] if r[0] in {f[4] for f in facts[1:]}]
    claims = _read(REAL / "data" / "claims.csv")
    claims = [claims[0]] + [r for r in claims[1:] if r[1] in editions and '"value"' in r[4]][:10]
    for name, rows in (("claims", claims), ("metrics", metrics), ("facts", facts)):
        (target / "data" / f"{name}.csv").write_bytes(write_rows(rows))
        descriptor["resources"].append(next(r for r in real["resources"] if r["name"] == name))
    (target / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=2),
                                             encoding="utf-8")
    return target


def _read(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def rows_of(resource: str) -> list[list[str]]:
    """Return the rows (header first) of a resource of `plus_package()`."""
    return _read(plus_package() / "data" / f"{resource}.csv")


def write_rows(rows: list[list[str]]) -> bytes:
    """Write rows as the package's CSV files are written (RFC 4180 quoting, LF line endings)."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def descriptor() -> dict:
    """Return the descriptor of `plus_package()`."""
    return json.loads((plus_package() / "datapackage.json").read_text(encoding="utf-8"))


def fields_of(resource: str) -> list[dict]:
    """Return the Table Schema fields of a resource of `plus_package()`."""
    return next(r for r in descriptor()["resources"] if r["name"] == resource)["schema"]["fields"]


def set_cells(resource: str, changes: dict[tuple[int, str], str], append: list[list[str]] = ()) -> Callable:
    """Return an edit that sets cells (row index in `rows_of`, field) and appends rows."""
    def edit(package: Path, outside: Path) -> None:
        rows = rows_of(resource)
        names = rows[0]
        for (row, field), value in changes.items():
            rows[row][names.index(field)] = value
        rows.extend(append)
        (package / "data" / f"{resource}.csv").write_bytes(write_rows(rows))
    return edit


def _cell_case(kind: str, resource: str, row: int, field: str, value: str) -> Case:
    return Case(kind, set_cells(resource, {(row, field): value}), f"data/{resource}.csv", row + 1, (field,))


def _row(draw, resource: str) -> int:
    return draw(st.integers(1, len(rows_of(resource)) - 1))


def _column(resource: str, name: str) -> int:
    return rows_of(resource)[0].index(name)


# --- writes outside the package ----------------------------------------------------------------


@st.composite
def path_escape(draw) -> Case:
    """A resource path that is absolute, climbs out, is a URL, or is a symbolic link out."""
    resources = descriptor()["resources"]
    index = draw(st.integers(0, len(resources) - 1))
    how = draw(st.sampled_from(["absolute", "climb", "climb-inside", "url", "backslash", "link-file",
                                "link-folder"]))
    depth = draw(st.integers(1, 4))

    def edit(package: Path, outside: Path) -> None:
        outside.mkdir(parents=True, exist_ok=True)
        secret = outside / "secret.csv"
        secret.write_text(SECRET + "\nroot:x:0:0\n", encoding="utf-8")
        path = {"absolute": str(secret), "climb": "../" * depth + "outside/secret.csv",
                "climb-inside": "data/" + "../" * (depth + 1) + "outside/secret.csv",
                "url": "https://example.invalid/secret.csv", "backslash": "data\\..\\..\\outside\\secret.csv",
                "link-file": "data/linked.csv", "link-folder": "linked/secret.csv"}[how]
        if how == "link-file":
            os.symlink(secret, package / "data" / "linked.csv")
        if how == "link-folder":
            os.symlink(outside, package / "linked", target_is_directory=True)
        edited = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
        edited["resources"][index]["path"] = path
        (package / "datapackage.json").write_text(json.dumps(edited, ensure_ascii=False), encoding="utf-8")

    return Case("path_escape", edit, "datapackage.json", None, (f'resource "{resources[index]["name"]}"',))


# --- tracebacks instead of messages --------------------------------------------------------------


@st.composite
def descriptor_loosened(draw) -> Case:
    """The descriptor lost a field, a type, a constraint or a key the code depends on."""
    resources = descriptor()["resources"]
    index = draw(st.integers(0, len(resources) - 1))
    resource = resources[index]
    fields = resource["schema"]["fields"]
    constrained = [(i, key) for i, f in enumerate(fields) for key in f.get("constraints", {})]
    options = ["type", "drop-field"] + (["constraint"] if constrained else [])
    options += [k for k in ("primaryKey", "foreignKeys") if resource["schema"].get(k)]
    how = draw(st.sampled_from(options))
    position = draw(st.integers(0, len(fields) - 1))
    if how == "constraint":
        position, key = draw(st.sampled_from(constrained))
    else:
        key = draw(st.sampled_from(["required", "unique"]))
    new_type = draw(st.sampled_from([t for t in ("string", "integer", "number", "boolean", "date")
                                     if t != fields[position].get("type", "string")]))
    loosen = draw(st.sampled_from(["drop", "widen"]))
    name = fields[position]["name"]

    def edit(package: Path, outside: Path) -> None:
        edited = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
        schema = edited["resources"][index]["schema"]
        field = schema["fields"][position]
        if how == "type":
            field["type"] = new_type
        elif how == "drop-field":
            schema["fields"].pop(position)
        elif how == "constraint":
            constraints = field["constraints"]
            widened = {"minimum": -10**9, "maximum": 10**9, "pattern": ".*", "required": False,
                       "unique": False, "enum": None}.get(key)
            if loosen == "drop" or widened is None:
                del constraints[key]
            else:
                constraints[key] = widened
        else:
            schema.pop(how)
        (package / "datapackage.json").write_text(json.dumps(edited, ensure_ascii=False), encoding="utf-8")

    expected = f'field "{name}"' if how in ("type", "drop-field", "constraint") else how
    return Case("descriptor_loosened", edit, "datapackage.json", None, (expected,))


def _foreign_digits(draw, number: int) -> str:
    zero = ord(draw(st.sampled_from(DIGIT_SCRIPTS)))
    text = str(number)
    mixed = draw(st.booleans())
    return "".join(c if mixed and i % 2 else chr(zero + int(c)) for i, c in enumerate(text))


@st.composite
def hostile_numeral(draw) -> Case:
    """Integer or number cells in other digit scripts, with "_" separators, or NaN/inf."""
    choices = [(r["name"], f["name"], f["type"]) for r in descriptor()["resources"]
               for f in r["schema"]["fields"] if f["type"] in ("integer", "number")]
    resource, field, field_type = draw(st.sampled_from(choices))
    number = draw(st.integers(1, 10**6))
    forms = ["script", "underscore"] + (["nonfinite"] if field_type == "number" else ["leading-zero"])
    form = draw(st.sampled_from(forms))
    if form == "leading-zero":
        value = "0" * draw(st.integers(1, 3)) + str(number)
    elif form == "script":
        value = _foreign_digits(draw, number)
    elif form == "underscore":
        text = str(number * 10 + draw(st.integers(0, 9)))
        cut = draw(st.integers(1, len(text) - 1))
        value = text[:cut] + "_" + text[cut:]
    else:
        value = draw(st.sampled_from(["NaN", "nan", "inf", "-inf", "Infinity", "-Infinity", "1e999", "+inf"]))
    return _cell_case("hostile_numeral", resource, _row(draw, resource), field, value)


@st.composite
def claim_params(draw) -> Case:
    """A claim's numeric parameter that is text, a boolean, null, a list or not finite; or bad JSON."""
    row = _row(draw, "claims")
    params = json.loads(rows_of("claims")[row][_column("claims", "params")])
    key = draw(st.sampled_from(sorted(k for k in params if k in ("value", "tolerance", "low", "high",
                                                                  "rank", "rank_from", "rank_to", "tier"))))
    bad = draw(st.one_of(SAFE_TEXT, st.booleans(), st.none(), st.lists(st.integers(), max_size=2),
                         st.sampled_from(["NaN", "Infinity", "-Infinity"])))
    if isinstance(bad, str) and bad in ("NaN", "Infinity", "-Infinity"):  # JSON has no such numbers
        text = json.dumps({**params, key: "@BAD@"}, ensure_ascii=False).replace('"@BAD@"', bad)
    elif draw(st.integers(0, 9)) == 0:
        text = "{" + draw(SAFE_TEXT) + ": 1}"  # braces, as the schema's pattern asks, but not JSON
    else:
        text = json.dumps({**params, key: bad}, ensure_ascii=False)
    return _cell_case("claim_params", "claims", row, "params", text)


# --- accepted wrongly: identity -------------------------------------------------------------------


@st.composite
def identity(draw) -> Case:
    """Slugs of another code or pinyin, levels/kinds against the name, invisible characters, pinyin."""
    regions = rows_of("regions")
    row = _row(draw, "regions")
    region = dict(zip(regions[0], regions[row], strict=True))
    others = [dict(zip(regions[0], r, strict=True)) for i, r in enumerate(regions[1:], start=1) if i != row]
    other = draw(st.sampled_from(others))
    how = draw(st.sampled_from(["slug-code", "slug-pinyin", "slug-old-code", "kind", "level", "invisible",
                                "pinyin"]))
    if how == "slug-code":
        return _cell_case("identity", "regions", row, "slug", f"{other['code']}-{region['pinyin']}")
    if how == "slug-pinyin" and other["pinyin"] != region["pinyin"]:
        return _cell_case("identity", "regions", row, "slug", f"{region['code']}-{other['pinyin']}")
    if how in ("slug-old-code", "slug-pinyin"):
        old = draw(st.sampled_from([r[0] for r in rows_of("region_changes")[1:]]))
        return _cell_case("identity", "regions", row, "slug", f"{old}-{region['pinyin']}")
    if how == "kind":
        kinds = next(f for f in fields_of("regions") if f["name"] == "kind")["constraints"]["enum"]
        wrong = draw(st.sampled_from([k for k in kinds if k != region["kind"]]))
        return Case("identity", set_cells("regions", {(row, "kind"): wrong}), "data/regions.csv", row + 1,
                    ("kind",))
    if how == "level":
        wrong = draw(st.sampled_from([lv for lv in ("province", "prefecture", "county", "district")
                                      if lv != region["level"]]))
        return Case("identity", set_cells("regions", {(row, "level"): wrong}), "data/regions.csv", row + 1,
                    ("kind", "level", "prefecture_code", "province_code"))
    if how == "pinyin" and not other["pinyin"].startswith(region["pinyin"][:2]):
        changes = {(row, "pinyin"): other["pinyin"], (row, "slug"): f"{region['code']}-{other['pinyin']}"}
        return Case("identity", set_cells("regions", changes), "data/regions.csv", row + 1, ("pinyin",))
    field = draw(st.sampled_from(["name", "short_name"]))
    value = region[field]
    char = draw(st.sampled_from([*INVISIBLE, " "]))
    at = draw(st.sampled_from([0, len(value)] + ([] if char == " " else list(range(1, len(value))))))
    return _cell_case("identity", "regions", row, field, value[:at] + char + value[at:])


# --- accepted wrongly: changes ---------------------------------------------------------------------


@st.composite
def change_history(draw) -> Case:
    """Self-loops, cycles, impossible or future dates, old codes still live."""
    changes = rows_of("region_changes")
    codes = [r[0] for r in rows_of("regions")[1:]]
    names = {r[0]: r[1] for r in rows_of("regions")[1:]}
    row = _row(draw, "region_changes")
    how = draw(st.sampled_from(["self-loop", "cycle", "bad-date", "future", "live-old-code"]))
    if how == "self-loop":
        code = draw(st.sampled_from(codes))
        edit = set_cells("region_changes", {(row, "old_code"): code, (row, "new_code"): code,
                                            (row, "old_name"): names[code], (row, "new_name"): names[code]})
        return Case("change_history", edit, "data/region_changes.csv", row + 1, ("new_code", "old_code"))
    if how == "cycle":
        a, b = draw(st.lists(st.sampled_from(codes), min_size=2, max_size=2, unique=True))
        template = changes[row]
        added = [[a, names[a], b, names[b], *template[4:]], [b, names[b], a, names[a], *template[4:]]]
        return Case("change_history", set_cells("region_changes", {}, added), "data/region_changes.csv",
                    len(changes) + 1, ("new_code", "old_code"))
    if how == "live-old-code":
        new_code = changes[row][2]
        code = draw(st.sampled_from([c for c in codes if c != new_code]))
        edit = set_cells("region_changes", {(row, "old_code"): code, (row, "old_name"): names[code]})
        return Case("change_history", edit, "data/region_changes.csv", row + 1, ("old_code",))
    year = draw(st.integers(2026, 2099)) if how == "future" else draw(st.integers(1990, 2025))
    if how == "future":
        month, day = draw(st.integers(1, 12)), draw(st.integers(1, 28))
        value = draw(st.sampled_from([f"{year}", f"{year}-{month:02d}", f"{year}-{month:02d}-{day:02d}"]))
    else:
        month = draw(st.sampled_from([0, *range(13, 100)]))
        day = draw(st.integers(32, 99))
        value = draw(st.sampled_from([f"{year}-{month:02d}", f"{year}-02-{draw(st.integers(30, 31))}",
                                      f"{year}-04-31", f"{year}-01-{day}"]))
    return _cell_case("change_history", "region_changes", row, "effective", value)


# --- accepted wrongly: editions, rankings, corrections ---------------------------------------------


@st.composite
def edition_rules(draw) -> Case:
    """Impossible months and dates, tier bounds outside 1..size, printed places against the registry."""
    editions = rows_of("editions")
    row = _row(draw, "editions")
    size = int(editions[row][_column("editions", "size")])
    how = draw(st.sampled_from(["month", "cutoff", "tiers", "province", "prefecture"]))
    if how == "month":
        value = f"{draw(st.integers(2000, 2100))}-{draw(st.sampled_from([0, *range(13, 100)])):02d}"
        return _cell_case("edition_rules", "editions", row, "published", value)
    if how == "cutoff":
        year = draw(st.integers(2000, 2099))
        value = draw(st.sampled_from([f"{year}-13", f"{year}-00-10", f"{year}-02-30", f"{year}-06-31",
                                      f"{year}-12-{draw(st.integers(32, 99))}"]))
        return _cell_case("edition_rules", "editions", row, "division_cutoff", value)
    if how == "tiers":
        over = size + draw(st.integers(1, 200))
        value = draw(st.sampled_from([f"1-{over}", f"0-{size}", f"2-{size}", f"1-1;1-{size}",
                                      f"1-1;3-{max(size, 3)}", f"1-{size};{size + 1}-{over}"]))
        return _cell_case("edition_rules", "editions", row, "tier_boundaries", value)
    rankings = rows_of("rankings")
    ranked = draw(st.integers(1, len(rankings) - 1))
    if how == "province":
        printed = rankings[ranked][_column("rankings", "printed_province")]
        provinces = ["江苏省", "湖北省", "湖南省", "浙江省", "广东省", "江苏", "湖南", "广西省", "山东"]
        value = draw(st.sampled_from([p for p in provinces if not (p.startswith(printed[:2]))]))
        return _cell_case("edition_rules", "rankings", ranked, "printed_province", value)
    printed = rankings[ranked][_column("rankings", "printed_prefecture")]
    value = draw(st.sampled_from([p for p in ("苏州市", "南通市", "长沙市", "无锡市", "省直管", "杭州")
                                  if p[:2] != printed[:2]]))
    return _cell_case("edition_rules", "rankings", ranked, "printed_prefecture", value)


@st.composite
def rank_bounds(draw) -> Case:
    """A rank above its edition's size: named at its own cell, not as a gap on another row."""
    rankings = rows_of("rankings")
    row = _row(draw, "rankings")
    sizes = {r[0]: int(r[_column("editions", "size")]) for r in rows_of("editions")[1:]}
    edition = rankings[row][0]
    rank = sizes[edition] + draw(st.integers(1, 10**4))
    return _cell_case("rank_bounds", "rankings", row, "rank", str(rank))


@st.composite
def correction_rules(draw) -> Case:
    """Corrections of rows that do not exist, printed values not printed, ranks that are no ranks."""
    corrections = rows_of("corrections")
    rankings = rows_of("rankings")
    row = _row(draw, "corrections")
    how = draw(st.sampled_from(["no-row", "printed", "rank"]))
    if how == "no-row":
        edition = corrections[row][1]
        ranked = {r[2] for r in rankings[1:] if r[0] == edition}
        code = draw(st.sampled_from([r[0] for r in rows_of("regions")[1:] if r[0] not in ranked]))
        return _cell_case("correction_rules", "corrections", row, "region_code", code)
    if how == "printed":
        value = draw(SAFE_TEXT.filter(lambda v: v != corrections[row][4]))
        return _cell_case("correction_rules", "corrections", row, "printed_value", value)
    entry = draw(st.integers(1, len(rankings) - 1))
    sizes = {r[0]: int(r[_column("editions", "size")]) for r in rows_of("editions")[1:]}
    edition, rank, code = rankings[entry][0], rankings[entry][1], rankings[entry][2]
    bad = draw(st.one_of(SAFE_TEXT.filter(lambda v: not v.isdigit()), st.just("0"),
                         st.just(str(sizes[edition] + draw(st.integers(1, 99)))),
                         st.just(_foreign_digits(draw, int(rank))), st.just(f"{rank}.5")))
    source = dict(zip(corrections[0], corrections[row], strict=True))
    values = {"correction_id": f"C{900 + draw(st.integers(0, 99))}", "edition": edition, "region_code": code,
              "field": "rank", "printed_value": rank, "corrected_value": bad, "reason": "Test.",
              "reason_zh": "测试。", "source_file": source["source_file"],
              "source_line": source["source_line"]}
    added = [values[name] for name in corrections[0]]  # a column the file grows fails here, by name
    return Case("correction_rules", set_cells("corrections", {}, [added]), "data/corrections.csv",
                len(corrections) + 1, ("corrected_value",))


# --- accepted wrongly: facts and claims against their sources; NUL; huge cells ------------------------


@st.composite
def source_rules(draw) -> Case:
    """Quotes not in the cited line, lines past the end of the file, lines moved off their quote."""
    inventory = load_inventory()
    resource = draw(st.sampled_from(["facts", "claims"]))
    column = "quote" if resource == "facts" else "statement"
    rows = rows_of(resource)
    row = _row(draw, resource)
    entry = dict(zip(rows[0], rows[row], strict=True))
    known = inventory["files"][entry["source_file"]]
    how = draw(st.sampled_from(["quote", "past-end", "other-line"]))
    if how == "past-end":
        line = known["lines"] + draw(st.integers(1, 10**5))
        return _cell_case("source_rules", resource, row, "source_line", str(line))
    if how == "other-line":
        line = draw(st.integers(1, known["lines"]).filter(lambda n: n != int(entry["source_line"])))
        lines = [known["text"].get(str(n), "") for n in range(line, line + inventory["window"] + 1)]
        if str(line) in known["text"] and find_quote(entry[column], lines):
            line = known["lines"] + 1
        return Case("source_rules", set_cells(resource, {(row, "source_line"): str(line)}),
                    f"data/{resource}.csv", row + 1, ("source_line", column))
    quote = entry[column]
    at = draw(st.integers(0, len(quote)))
    insert = draw(st.text(alphabet="零一二三四五六七八九十百万亿元%数字", min_size=1, max_size=4))
    cut = draw(st.integers(0, 3))
    altered = quote[:at] + insert + quote[at + cut:]
    line = int(entry["source_line"])
    lines = [known["text"].get(str(n), "") for n in range(line, line + inventory["window"] + 1)]
    if find_quote(altered, lines):  # the insertion happens to read as the source goes on
        return _cell_case("source_rules", resource, row, "source_line", str(known["lines"] + 1))
    return _cell_case("source_rules", resource, row, column, altered)


@st.composite
def nul_byte(draw) -> Case:
    """A NUL byte in any cell of any file."""
    resource = draw(st.sampled_from([r["name"] for r in descriptor()["resources"]]))
    rows = rows_of(resource)
    row = _row(draw, resource)
    position = draw(st.integers(0, len(rows[0]) - 1))
    cell = rows[row][position]
    at = draw(st.integers(0, len(cell)))
    return _cell_case("nul_byte", resource, row, rows[0][position], cell[:at] + "\x00" + cell[at:])


@st.composite
def huge_cell(draw) -> Case:
    """A cell of 130,000 to 1,200,000 characters (beyond csv's own field limit) in any file."""
    resource = draw(st.sampled_from([r["name"] for r in descriptor()["resources"]]))
    rows = rows_of(resource)
    row = _row(draw, resource)
    field = rows[0][draw(st.integers(0, len(rows[0]) - 1))]
    value = draw(st.sampled_from(["字", "a", "1", " ", "字a,", '"'])) * draw(st.integers(130_000, 1_200_000))
    return _cell_case("huge_cell", resource, row, field, value)


@st.composite
def pattern_bypass(draw) -> Case:
    """A patterned cell (code, slug, pinyin, id, date) with a trailing line break or invisible character."""
    choices = [(r["name"], f["name"]) for r in descriptor()["resources"] for f in r["schema"]["fields"]
               if "pattern" in f.get("constraints", {})]
    resource, field = draw(st.sampled_from(choices))
    row = _row(draw, resource)
    value = rows_of(resource)[row][_column(resource, field)]
    if not value:  # an optional cell left empty: fill it with a valid-looking value first
        value = {"prefecture_code": "320500", "division_cutoff": "2021-07-31", "tier_boundaries": "1-2"}.get(
            field, "x")
    extra = draw(st.sampled_from(["\n", "\r\n", " ", *INVISIBLE]))
    return _cell_case("pattern_bypass", resource, row, field,
                      value + extra if draw(st.booleans()) else extra + value)


# --- round two (issue 18): what reads the files, edition identity, fixes, widths, params, figures --


@st.composite
def reading_changed(draw) -> Case:
    """A descriptor property that changes how files are read: dialect, encoding, number formats …"""
    resources = descriptor()["resources"]
    index = draw(st.integers(0, len(resources) - 1))
    resource = resources[index]
    field = draw(st.sampled_from(resource["schema"]["fields"]))
    how = draw(st.sampled_from(["dialect", "encoding", "compression", "format", "field-key",
                                "schema-missing", "profile"]))
    dialect = draw(st.sampled_from([{"commentChar": draw(st.sampled_from("c#江"))}, {"delimiter": ";"},
                                    {"header": False}, {"skipInitialSpace": True}, {"quoteChar": "'"}]))
    field_key, field_value = draw(st.sampled_from([("groupChar", ","), ("decimalChar", ","),
                                                   ("bareNumber", False), ("missingValues", ["-", "NA"]),
                                                   ("trueValues", ["是"]), ("falseValues", ["否"])]))

    def edit(package: Path, outside: Path) -> None:
        edited = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
        target = edited["resources"][index]
        if how == "dialect":
            target["dialect"] = {**target.get("dialect", {}), **dialect}
        elif how == "encoding":
            target["encoding"] = draw_encoding
        elif how == "compression":
            target["compression"] = "gz"
        elif how == "format":
            target["format"] = "tsv"
        elif how == "field-key":
            next(f for f in target["schema"]["fields"] if f["name"] == field["name"])[field_key] = field_value
        elif how == "schema-missing":
            target["schema"]["missingValues"] = ["", "-"]
        else:
            edited["$schema"] = "https://specs.frictionlessdata.io/schemas/data-package.json"
        (package / "datapackage.json").write_text(json.dumps(edited, ensure_ascii=False), encoding="utf-8")

    draw_encoding = draw(st.sampled_from(["latin-1", "gbk", "utf-16", "UTF8"]))
    named = {"field-key": f'field "{field["name"]}"', "profile": '"$schema"'}.get(
        how, f'resource "{resource["name"]}"')
    return Case("reading_changed", edit, "datapackage.json", None, (named,))


@st.composite
def edition_identity(draw) -> Case:
    """An edition whose id is not its list and year, or whose report appears in an impossible month."""
    editions = rows_of("editions")
    row = _row(draw, "editions")
    edition = dict(zip(editions[0], editions[row], strict=True))
    year = int(edition["year"])
    how = draw(st.sampled_from(["year", "early", "late", "before-cutoff"]))
    if how == "year":
        other = draw(st.integers(2000, 2040).filter(lambda y: y != year))
        return _cell_case("edition_identity", "editions", row, "year", str(other))._replace(
            fields=("edition", "year"))
    if how == "before-cutoff" and edition["division_cutoff"]:
        cutoff = edition["division_cutoff"]
        month = int(cutoff[5:7])
        if month > 1:
            value = f"{cutoff[:4]}-{draw(st.integers(1, month - 1)):02d}"
            return _cell_case("edition_identity", "editions", row, "published", value)
    shifted = year - draw(st.integers(1, 30)) if how != "late" else year + draw(st.integers(2, 30))
    return _cell_case("edition_identity", "editions", row, "published",
                      f"{shifted}-{draw(st.integers(1, 12)):02d}")


@st.composite
def correction_values(draw) -> Case:
    """A correction of a printed name, province, prefecture or ★ to a value the place cannot have."""
    rankings, regions = rows_of("rankings"), rows_of("regions")
    names = {r[0]: r[1] for r in regions[1:]}
    entry = dict(zip(rankings[0], rankings[draw(st.integers(1, len(rankings) - 1))], strict=True))
    printed = [f for f in ("printed_name", "printed_province", "printed_prefecture", "printed_province_first")
               if entry[f]]  # only a printed value can be corrected
    field = draw(st.sampled_from(printed))
    place = next(dict(zip(regions[0], r, strict=True)) for r in regions[1:] if r[0] == entry["region_code"])
    if field == "printed_province_first":
        value = draw(st.sampled_from(["yes", "是", "1", "TRUE", "★", ""]).filter(bool))
    elif field == "printed_name":
        value = draw(st.sampled_from([n for c, n in names.items() if c != place["code"]
                                      and n not in (place["name"], place["short_name"])]))
    elif field == "printed_province":
        value = draw(st.sampled_from([n for c, n in names.items() if c.endswith("0000")
                                      and c != place["province_code"]] + ["火星省"]))
    else:
        prefectures = [n for c, n in names.items() if c.endswith("00") and not c.endswith("0000")
                       and c != place["prefecture_code"]]
        value = draw(st.sampled_from([*prefectures, "不存在市"]))
    printed = entry[field]
    corrections = rows_of("corrections")
    source = dict(zip(corrections[0], corrections[1], strict=True))
    values = {"correction_id": f"C{800 + draw(st.integers(0, 99))}", "edition": entry["edition"],
              "region_code": entry["region_code"], "field": field, "printed_value": printed,
              "corrected_value": value, "reason": "Test.", "reason_zh": "测试。",
              "source_file": source["source_file"], "source_line": source["source_line"]}
    added = [values[name] for name in corrections[0]]
    return Case("correction_values", set_cells("corrections", {}, [added]), "data/corrections.csv",
                len(corrections) + 1, ("corrected_value",))


@st.composite
def wide_row(draw) -> Case:
    """A row with more cells than the header (up to 30,000 extra commas: a slow path of frictionless)."""
    resource = draw(st.sampled_from([r["name"] for r in descriptor()["resources"]]))
    rows = rows_of(resource)
    row = _row(draw, resource)
    extra = draw(st.one_of(st.integers(1, 5), st.integers(5_000, 30_000)))

    def edit(package: Path, outside: Path) -> None:
        widened = [list(r) for r in rows]
        widened[row] = widened[row] + [draw_cell] * extra
        (package / "data" / f"{resource}.csv").write_bytes(write_rows(widened))

    draw_cell = draw(st.sampled_from(["", "x", "1"]))
    return Case("wide_row", edit, f"data/{resource}.csv", row + 1, (f"#{len(rows[0]) + 1}",))


@st.composite
def claim_param_range(draw) -> Case:
    """A claim's number that JSON reads but no float or int64 holds (1e999, a 400-digit integer)."""
    row = _row(draw, "claims")
    params = json.loads(rows_of("claims")[row][_column("claims", "params")])
    key = draw(st.sampled_from(sorted(k for k in params if k in ("value", "tolerance", "low", "high", "total",
                                                                  "parts", "numerator", "denominator"))))
    huge = draw(st.sampled_from(["1e999", "-1e999", "9" * draw(st.integers(20, 500))]))
    text = json.dumps({**params, key: "@BAD@"}, ensure_ascii=False).replace('"@BAD@"', huge)
    return _cell_case("claim_param_range", "claims", row, "params", text)


@st.composite
def fact_figure(draw) -> Case:
    """A fact whose value is not printed in its quote, or whose passage ends before it starts."""
    facts = rows_of("facts")
    row = _row(draw, "facts")
    fact = dict(zip(facts[0], facts[row], strict=True))
    if draw(st.booleans()) or not fact["value"]:
        line = int(fact["source_line"])
        return _cell_case("fact_figure", "facts", row, "source_line_end", str(draw(st.integers(1, line - 1))))
    printed = find_printed_numbers(fact["quote"])
    value = draw(st.integers(1, 10**6).filter(lambda v: float(v) not in printed and
                                               fact["metric"] not in COUNTED_ITEMS))
    return _cell_case("fact_figure", "facts", row, "value", str(value))


@st.composite
def deep_descriptor(draw) -> Case:
    """A descriptor of thousands of nested brackets or braces."""
    depth = draw(st.integers(5_000, 200_000))
    opener = draw(st.sampled_from(["[", '{"a":']))
    closer = "]" if opener == "[" else "}"

    def edit(package: Path, outside: Path) -> None:
        (package / "datapackage.json").write_text(opener * depth + "1" + closer * depth, encoding="utf-8")

    return Case("deep_descriptor", edit, "datapackage.json", None, ("nested too deeply",))


# --- round three (issue 18): the package's own files, names, claim shapes, corrections, parents, dates ---


@st.composite
def package_file(draw) -> Case:
    """The descriptor or README a symbolic link (out of the package or into it), a folder or a pipe."""
    name = draw(st.sampled_from(["README.md", "datapackage.json"]))
    how = draw(st.sampled_from(["link-out", "link-in", "link-copy", "folder", "pipe"]))
    inside = draw(st.sampled_from(["data/regions.csv", "data/rankings.csv", "data"]))

    def edit(package: Path, outside: Path) -> None:
        target = package / name
        secret = outside / "secret.md"
        secret.write_text(SECRET + "\nroot:x:0:0\n", encoding="utf-8")
        if name == "datapackage.json":  # a copy outside: a valid descriptor, but not the package's own file
            (outside / name).write_bytes(target.read_bytes())
        target.unlink(missing_ok=True)
        if how == "folder":
            target.mkdir()
        elif how == "pipe":
            os.mkfifo(target)
        else:
            links = {"link-out": secret, "link-in": package / inside, "link-copy": outside / name}
            os.symlink(links[how], target)

    expected = "is not a regular file" if how in ("folder", "pipe") else "is a symbolic link"
    return Case("package_file", edit, name, None, (f"{name}: {expected}",))


@st.composite
def plain_names(draw) -> Case:
    """A package or resource name that is not plain: a path, upper case, spaces, "..", other scripts."""
    resources = descriptor()["resources"]
    index = draw(st.integers(-1, len(resources) - 1))  # -1: the package's own name
    name = descriptor()["name"] if index < 0 else resources[index]["name"]
    at = draw(st.integers(0, len(name)))
    how = draw(st.sampled_from(["climb", "slash", "upper", "insert", "start", "dots", "empty", "missing"]))
    if how == "climb":
        bad = "../" * draw(st.integers(1, 4)) + draw(st.sampled_from([name, "x", "etc/passwd"]))
    elif how == "slash":
        bad = name[:at] + draw(st.sampled_from(["/", "\\", "/./", ":"])) + name[at:]
    elif how == "upper":
        bad = name[:at] + name[at:].upper() if name[at:].upper() != name[at:] else name.upper()
    elif how == "insert":
        bad = name[:at] + draw(st.sampled_from([" ", "名", "é", "\t", "%", "*", "?", "[", "'"])) + name[at:]
    elif how == "start":
        bad = draw(st.sampled_from(".-_")) + name
    elif how == "dots":
        bad = name[:at] + ".." + name[at:]
    else:
        bad = ""

    def edit(package: Path, outside: Path) -> None:
        edited = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
        target = edited if index < 0 else edited["resources"][index]
        if how == "missing" and index < 0:
            del target["name"]
        else:
            target["name"] = bad
        (package / "datapackage.json").write_text(json.dumps(edited, ensure_ascii=False), encoding="utf-8")

    named = 'the package "name"' if index < 0 else f'resource {index + 1} "name"'
    return Case("plain_names", edit, "datapackage.json", None, (named,))


# Claims of each shape the evaluators read, and what breaks each (a check kind, its params).
_FACT_IDS = ["001-0508-01", "001-0516-01"]


@st.composite
def claim_shapes(draw) -> Case:
    """Params of a claim's kind with a divisor of 0, empty or malformed groups, too few facts,
    other readings of the wrong types or without labels, paired lists of unequal length, deep nesting."""
    row = _row(draw, "claims")
    figure = draw(st.integers(1, 10**5))
    how = draw(st.sampled_from(["divisor", "groups", "fact_ids", "reading", "paired", "deep"]))
    if how == "divisor":
        check, key = draw(st.sampled_from([("stated_share", "denominator"), ("stated_mean", "count"),
                                           ("share_of_stated_total", "denominator")]))
        bad = draw(st.sampled_from([0, 0.0, -figure, [figure, -figure], [0], [-1, 0.5]]
                                   + ([figure + 0.5] if check == "share_of_stated_total" else [])))
        params = {"numerator": figure, "total": figure, "value": 50, "op": "approx", key: bad}
    elif how == "groups":
        check = draw(st.sampled_from(["nested_counts", "bounded_total"]))
        good = {"count": figure, "over": draw(st.integers(1, 1000))}
        item = draw(st.sampled_from([{}, {"count": figure}, {"over": 10}, {**good, "count": "x"},
                                     {**good, "over": str(figure)}, {**good, "count": figure + 0.5},
                                     {**good, "extra": 1}, {**good, "label": 5}, [figure, 10], "group"]))
        groups = draw(st.sampled_from([[], [item], [good, item], [item, good]]))
        params = {"groups": groups, "total": figure * 1000, "unit": "%"}
    elif how == "fact_ids":
        check = "same_fact"
        params = draw(st.sampled_from([{"fact_ids": []}, {"fact_ids": _FACT_IDS[:1]},
                                       {"fact_ids": [], "value": figure}, {"fact_ids": [figure]}]))
    elif how == "paired":  # lists paired one by one, of unequal lengths
        check = draw(st.sampled_from(["ordered_list", "list_pairing"]))
        values = list(range(1, draw(st.integers(1, 6)) + 1))
        places = st.lists(st.sampled_from(["江阴市", "昆山市", "常熟市", "长沙县"]), min_size=1, max_size=8)
        names = draw(places.filter(lambda n: len(n) != len(values)) if check == "ordered_list" else places)
        params = {"names": names, "values": values}
        if check == "list_pairing":
            params["keys"] = draw(st.lists(st.sampled_from("abc"), min_size=1, max_size=9)
                                  .filter(lambda k: len(k) != len(names)))
    elif how == "reading":
        check = "count_of_kind"
        key = draw(st.sampled_from(["value", "tolerance", "rank", "kinds", "op", "denominator", "groups"]))
        wrong = draw(st.sampled_from(["x", None, True, [], {"a": 1}, [None]]))
        other = draw(st.sampled_from([{"reading": "b", key: wrong}, {key: figure}, {"reading": figure},
                                      {"reading": "b", "other_readings": [{"reading": "c"}]}, "b"]))
        params = {"kinds": ["县"], "value": figure, "other_readings": [other]}
        if draw(st.booleans()) or other == "b":
            params["reading"] = "a"
    else:
        check = draw(st.sampled_from(["count_of_kind", "stated_sum"]))
        depth = draw(st.integers(1_100, 2_400))
        opener = draw(st.sampled_from(["[", '{"a":']))
        text = '{"parts": ' + opener * depth + "1" + ("]" if opener == "[" else "}") * depth + "}"
        return Case("claim_shapes", set_cells("claims", {(row, "check"): check, (row, "params"): text}),
                    "data/claims.csv", row + 1, ("params",))
    text = json.dumps(params, ensure_ascii=False)
    return Case("claim_shapes", set_cells("claims", {(row, "check"): check, (row, "params"): text}),
                "data/claims.csv", row + 1, ("params",))


def _correction(draw, entry: dict, field: str, value: str, source: str | None = None) -> list[str]:
    """A corrections row for a rankings row, in the file's column order, citing the row's report."""
    header = rows_of("corrections")[0]
    sources = {r[0]: r[_column("editions", "source_file")] for r in rows_of("editions")[1:]}
    values = {"correction_id": f"C{draw(st.integers(100, 999))}", "edition": entry["edition"],
              "region_code": entry["region_code"], "field": field, "printed_value": entry[field],
              "corrected_value": value, "reason": "Test.", "reason_zh": "测试。",
              "source_file": source or sources[entry["edition"]], "source_line": entry["source_line"]}
    return [values[name] for name in header]


def _entry(draw, where: Callable[[dict], bool] = bool) -> dict:
    rankings = rows_of("rankings")
    entries = [dict(zip(rankings[0], r, strict=True)) for r in rankings[1:]]
    return draw(st.sampled_from([e for e in entries if where(e)]))


def _insert(draw, resource: str, added: list[list[str]]) -> tuple[Callable, int]:
    """Return an edit inserting rows together at a drawn place, and the CSV row of the first."""
    at = draw(st.integers(1, len(rows_of(resource))))

    def edit(package: Path, outside: Path) -> None:
        rows = rows_of(resource)
        (package / "data" / f"{resource}.csv").write_bytes(write_rows(rows[:at] + added + rows[at:]))

    return edit, at + 1


@st.composite
def correction_form(draw) -> Case:
    """A corrected printed_rank_change or printed_region_rank that is not a value of its column."""
    field = draw(st.sampled_from(["printed_rank_change", "printed_region_rank"]))
    entry = _entry(draw, lambda e: bool(e[field]))
    if field == "printed_rank_change":
        value = draw(st.one_of(st.sampled_from(['=HYPERLINK("http://x.invalid","↑")', "↑↑", "up", "+3", "新",
                                                "-2+3+cmd|' /C calc'!A0", " ↑", "↓ ", "@SUM(1)"]),
                               SAFE_TEXT.filter(lambda v: v not in ("↑", "↓", "—", "新增"))))
    else:
        position = str(draw(st.integers(1, 99)))
        value = draw(st.sampled_from([f"火星{position}", position, f"苏0{position}", f"{position}苏",
                                      f"苏  {position}", f"苏{position} ", f"苏-{position}", "苏",
                                      f"江苏{position}", f"苏{_foreign_digits(draw, int(position))}",
                                      f"=苏{position}"]))
    edit, row = _insert(draw, "corrections", [_correction(draw, entry, field, value)])
    return Case("correction_form", edit, "data/corrections.csv", row, ("corrected_value",))


def _registry_names(entry: dict) -> dict:
    """The names a rankings row's place may print: its province's and prefecture's, short and full."""
    regions = {r[0]: dict(zip(rows_of("regions")[0], r, strict=True)) for r in rows_of("regions")[1:]}
    place = regions[entry["region_code"]]
    return {"province": regions[place["province_code"]], "prefecture": regions.get(place["prefecture_code"]),
            "level": place["level"]}


@st.composite
def correction_duplicate(draw) -> Case:
    """A second corrections row for the same edition, region_code and field, with another id."""
    entry = _entry(draw)
    field = draw(st.sampled_from(["printed_name", "rank", "printed_province", "printed_province_first"]))
    parents = _registry_names(entry)
    regions = {r[0]: r for r in rows_of("regions")[1:]}
    fitting = {"printed_name": [regions[entry["region_code"]][1], regions[entry["region_code"]][2]],
               "rank": [entry["rank"]], "printed_province_first": [entry["printed_province_first"]],
               "printed_province": [parents["province"]["name"], parents["province"]["short_name"]]}[field]
    first, second = (_correction(draw, entry, field, draw(st.sampled_from(fitting))) for _ in range(2))
    if second[0] == first[0]:
        second[0] = f"C{(int(first[0][1:]) + 1) % 900 + 100}"
    edit, row = _insert(draw, "corrections", [first, second])
    return Case("correction_duplicate", edit, "data/corrections.csv", row + 1, ("field",))


@st.composite
def correction_source(draw) -> Case:
    """A correction citing a file that is not the source file of an edition (unknown, or another report)."""
    entry = _entry(draw)
    editions = {r[_column("editions", "source_file")] for r in rows_of("editions")[1:]}
    others = sorted(set(load_inventory()["files"]) - editions)
    cited = sorted(editions)[draw(st.integers(0, len(editions) - 1))]
    digits = f"{draw(st.integers(0, 999)):03d}_{draw(st.integers(0, 16**16 - 1)):016x}.txt"
    source = draw(st.sampled_from([*others, digits, cited.upper(), f"../{cited}", f"seeds/{cited}",
                                   cited.removesuffix(".txt"), f"{cited} ", "999_nonexistent.txt"]))
    edit, row = _insert(draw, "corrections", [_correction(draw, entry, "printed_name",
                                                          entry["printed_name"], source)])
    return Case("correction_source", edit, "data/corrections.csv", row, ("source_file",))


# Places the registry gains so that a one-character start names two parents (江 for 江苏 and 江西,
# 南 for 南通 and 南京): rows of regions.csv in its column order.
_NEIGHBOURS = (
    ("360000", "江西省", "江西", "province", "省", "360000", "", "jiangxi", "360000-jiangxi"),
    ("320100", "南京市", "南京", "prefecture", "地级市", "320000", "", "nanjing", "320100-nanjing"),
)


def _names_parent(value: str, name: str, short: str, others: list[str]) -> bool:
    """Whether a printed value names a parent: its name, or a start of its short name no other shares."""
    return value == name or (bool(value) and short.startswith(value) and not any(o.startswith(value)
                                                                                   for o in others))


@st.composite
def printed_parent(draw) -> Case:
    """A printed province or prefecture too short to name one parent (江, 南), or naming another."""
    entry = _entry(draw)
    parents = _registry_names(entry)
    header, *places = rows_of("regions")
    regions = [dict(zip(header, r, strict=True)) for r in [*places, *_NEIGHBOURS]]
    column = draw(st.sampled_from(["printed_province", "printed_prefecture"]))
    level = "province" if column == "printed_province" else "prefecture"
    parent = parents[level]
    names = [r["name"] for r in regions if r["level"] == level]
    shorts = [r["short_name" if level == "province" else "name"] for r in regions if r["level"] == level]
    candidates = ["市", "省", "", *names, *shorts, *(f"{n}{n[-1]}" for n in names),
                  *(n[:k] for n in shorts for k in range(1, len(n)))]
    if parent is None:  # a prefecture-level place prints none, a province-administered one 省直管
        valid = ("",) if parents["level"] in ("prefecture", "province") else ("省直管", "省直辖", "兵团直辖")
        value = draw(st.sampled_from([c for c in [*candidates, "省直", "直管"] if c not in valid]))
    else:
        others = [o for o, r in zip(shorts, (r for r in regions if r["level"] == level), strict=True)
                  if r["code"] != parent["code"]]
        short = parent["short_name"] if level == "province" else parent["name"]
        value = draw(st.sampled_from([c for c in candidates
                                      if not _names_parent(c, parent["name"], short, others)]))
    row = int(draw(st.sampled_from([i for i, r in enumerate(rows_of("rankings")) if r[0] == entry["edition"]
                                    and r[2] == entry["region_code"]])))

    def edit(package: Path, outside: Path) -> None:
        set_cells("rankings", {(row, column): value})(package, outside)
        set_cells("regions", {}, [list(r) for r in _NEIGHBOURS])(package, outside)

    return Case("printed_parent", edit, "data/rankings.csv", row + 1, (column,))


@st.composite
def change_before_codes(draw) -> Case:
    """A region change that takes effect before 1980, when GB 2260-80 gave the first codes."""
    row = _row(draw, "region_changes")
    year = draw(st.one_of(st.integers(1, 1979), st.just(1), st.integers(1900, 1979)))
    month, day = draw(st.integers(1, 12)), draw(st.integers(1, 28))
    value = draw(st.sampled_from([f"{year:04d}", f"{year:04d}-{month:02d}",
                                  f"{year:04d}-{month:02d}-{day:02d}"]))
    return _cell_case("change_before_codes", "region_changes", row, "effective", value)


@st.composite
def edition_source_line(draw) -> Case:
    """An edition's source_line past the end of its source file, up to the largest integer a table holds."""
    row = _row(draw, "editions")
    lines = load_inventory()["files"][rows_of("editions")[row][_column("editions", "source_file")]]["lines"]
    line = draw(st.one_of(st.integers(lines + 1, lines + 100), st.integers(lines + 1, 10**6),
                          st.sampled_from([99_999, 2**31, 2**63 - 1, 2**63, 10**30])))
    return _cell_case("edition_source_line", "editions", row, "source_line", str(line))


@st.composite
def flood(draw) -> Case:
    """Hundreds or thousands of bad rows or columns: blank rows, short rows, extra header columns, or
    rows each breaking one of several rules. The message names the first and stays short."""
    resource = draw(st.sampled_from([r["name"] for r in descriptor()["resources"]]))
    rows = rows_of(resource)
    header = rows[0]
    count = draw(st.integers(21, 3000))
    at = draw(st.integers(1, len(rows)))
    how = draw(st.sampled_from(["blank", "short", "header", "values"]))
    if how == "header":
        extra = draw(st.lists(st.text(alphabet="abcxyz_江阴", min_size=1, max_size=8), min_size=count // 10,
                              max_size=count // 10, unique=True).filter(lambda e: not set(e) & set(header)))
        flooded = [header + extra] + [r + [""] * len(extra) for r in rows[1:]]
        named, fields = 1, (extra[0],)
    elif how == "blank":
        added = [[""] * draw(st.sampled_from([0, len(header)])) for _ in range(count)]
        flooded, named, fields = rows[:at] + added + rows[at:], at + 1, ()
    elif how == "short":
        cut = draw(st.integers(1, len(header) - 1))
        added = [rows[1 + n % (len(rows) - 1)][:cut] for n in range(count)]
        flooded, named, fields = rows[:at] + added + rows[at:], at + 1, (header[cut],)
    else:
        typed = [f["name"] for f in fields_of(resource) if f.get("type") in ("integer", "number", "boolean")
                 or "pattern" in f.get("constraints", {})]
        columns = draw(st.lists(st.sampled_from(typed), min_size=1, max_size=4, unique=True))
        # A prefix every drawn value then breaks: "x0" is a valid snake_case identifier, say.
        patterns = [f["constraints"]["pattern"] for f in fields_of(resource)
                    if f["name"] in columns and "pattern" in f.get("constraints", {})]
        bad = draw(st.sampled_from([b for b in ["x", "１２", "1_0", "NaN", "--"]
                                    if not any(re.fullmatch(p, f"{b}{n}") for p in patterns
                                               for n in range(count))]))
        added = []
        for n in range(count):
            added.append(list(rows[1 + n % (len(rows) - 1)]))
            added[-1][header.index(columns[n % len(columns)])] = f"{bad}{n}"
        flooded, named, fields = rows[:at] + added + rows[at:], at + 1, (columns[0],)

    def edit(package: Path, outside: Path) -> None:
        (package / "data" / f"{resource}.csv").write_bytes(write_rows(flooded))

    # Each kind of problem lists 20 and counts the rest: a few kinds, a few dozen lines.
    return Case("flood", edit, f"data/{resource}.csv", named, fields, most_lines=8 * 21 + 2)


# Characters a descriptor text must not hold: NUL, other C0 and C1 controls, DEL, zero-width and
# direction-changing characters, line and paragraph separators, the byte-order mark, no-break spaces.
HIDDEN = st.one_of(st.integers(0, 0x1F).map(chr), st.integers(0x7F, 0x9F).map(chr),
                   st.sampled_from(["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\u2060",
                                    "\ufeff", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066",
                                    "\u2067", "\u2068", "\u2069", "\u2028", "\u2029", "\u00a0", "\u3000"]))


def _texts(value: object, path: tuple = ()) -> list[tuple[tuple, bool]]:
    """Every string of a descriptor as (path of keys and indices, whether it is a key)."""
    if isinstance(value, str):
        return [(path, False)]
    if isinstance(value, list):
        return [t for i, item in enumerate(value) for t in _texts(item, (*path, i))]
    if not isinstance(value, dict):
        return []
    return [t for key, item in value.items() for t in
            [*([((*path, key), True)] if isinstance(item, str) else []), *_texts(item, (*path, key))]]


def _written(path: tuple) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


@st.composite
def descriptor_text(draw) -> Case:
    """A NUL, control, zero-width or direction character in any text or key of the descriptor."""
    # The package's and resources' names and paths have their own rules (plain names, confined paths).
    places = [(path, is_key) for path, is_key in _texts(descriptor())
              if path[-1] not in ("name", "path") or path[-3:-1] == ("schema", "fields") and not is_key]
    path, is_key = draw(st.sampled_from(places))
    char = draw(HIDDEN)
    edited = descriptor()
    *parent_path, last = path
    parent = functools.reduce(lambda value, step: value[step], parent_path, edited)
    text = last if is_key else parent[last]
    at = draw(st.integers(0, len(text)))
    changed = text[:at] + char + text[at:]
    if is_key:
        parent[changed] = parent.pop(last)
    else:
        parent[last] = changed

    written = json.dumps(edited, ensure_ascii=draw(st.booleans()))  # "\u0000" escaped, or the character

    def edit(package: Path, outside: Path) -> None:
        (package / "datapackage.json").write_text(written, encoding="utf-8")

    place = _written(parent_path if is_key else path)
    named = ((f"{place} (", f"{place}: the key") if is_key and place else ("datapackage.json: the key",)
             if is_key else (f"{place}: ", f"{place} ("))
    return Case("descriptor_text", edit, "datapackage.json", None, named)


CLASSES = {
    "pattern_bypass": pattern_bypass,
    "path_escape": path_escape,
    "descriptor_loosened": descriptor_loosened,
    "hostile_numeral": hostile_numeral,
    "claim_params": claim_params,
    "identity": identity,
    "change_history": change_history,
    "edition_rules": edition_rules,
    "rank_bounds": rank_bounds,
    "correction_rules": correction_rules,
    "source_rules": source_rules,
    "nul_byte": nul_byte,
    "huge_cell": huge_cell,
    "reading_changed": reading_changed,
    "edition_identity": edition_identity,
    "correction_values": correction_values,
    "wide_row": wide_row,
    "claim_param_range": claim_param_range,
    "fact_figure": fact_figure,
    "deep_descriptor": deep_descriptor,
    "descriptor_text": descriptor_text,
    "package_file": package_file,
    "plain_names": plain_names,
    "claim_shapes": claim_shapes,
    "correction_form": correction_form,
    "correction_duplicate": correction_duplicate,
    "correction_source": correction_source,
    "printed_parent": printed_parent,
    "change_before_codes": change_before_codes,
    "edition_source_line": edition_source_line,
    "flood": flood,
}


def count_cases(draws: int = 40) -> dict[str, tuple[int, int]]:
    """Draw cases of every class; return per class (cases drawn, distinct packages they make).

    Two cases are the same when their edited package folders hold the same files and bytes, so the
    second number is how varied a class's cases are. `python tests/hostile_package.py [draws]`
    prints the table.
    """
    return {kind: _count_class(strategy, draws) for kind, strategy in CLASSES.items()}


def _count_class(strategy: Callable, draws: int) -> tuple[int, int]:
    digests: list[str] = []

    @settings(max_examples=draws, database=None, deadline=None, suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def draw_case(data) -> None:
        case = data.draw(strategy())
        with tempfile.TemporaryDirectory() as tmp:
            package, outside = Path(tmp) / "datapackage", Path(tmp) / "outside"
            shutil.copytree(plus_package(), package)
            outside.mkdir()
            case.edit(package, outside)
            digests.append(_digest(package))

    draw_case()
    return len(digests), len(set(digests))


def _digest(folder: Path) -> str:
    found = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        found.update(str(path.relative_to(folder)).encode())
        if path.is_symlink():
            found.update(str(path.readlink()).encode())
        elif path.is_file():
            found.update(path.read_bytes())
    return found.hexdigest()


if __name__ == "__main__":
    import sys

    print(f"{'class':24} {'drawn':>6} {'distinct':>9}")
    for name, (drawn, distinct) in count_cases(int(sys.argv[1]) if len(sys.argv) > 1 else 40).items():
        print(f"{name:24} {drawn:6} {distinct:9}")
