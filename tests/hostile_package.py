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
import io
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

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
        fields: Field names one of which the same message must name.
    """

    kind: str
    edit: Callable[[Path, Path], None]
    file: str
    row: int | None
    fields: tuple[str, ...]


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
}
