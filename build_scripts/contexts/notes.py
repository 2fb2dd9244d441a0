"""Generate stage: the data notes as a fact-check, and the notes blocks of region and list pages.

Input: `SiteData` (the `claims` resource, the derived `claim_verdicts`, the editions, the facts and
the corrections) and the package descriptor (the Chinese titles of the corrected fields). Output:
`NotesContext` (the generated part of docs/notes/index.md: one entry per checked statement,
grouped by report and by kind of problem, with counts), `RegionNotes` (the statements that
concern one place, for its page) and `ClaimTally` (how many statements of a report hold, for a
list page). Every sentence is in Chinese; no claim id, edition id or field name is shown (claim
ids only name the entries' anchors).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from build_scripts.catalogue import load_catalogue
from build_scripts.contexts.sitedata import (
    EditionSource,
    Link,
    Record,
    SiteData,
    build_edition_source,
    build_link,
    build_region_link,
    compute_page_provinces,
    compute_page_regions,
    edition_path,
)
from build_scripts.formatting import format_date_zh

NOTES_PATH = "notes/index.md"
ZH = load_catalogue("zh")
VERDICTS = {  # verdict -> (word, mark), in the order the page counts them
    "agrees": (ZH.t("contexts.notes.verdict.agrees"), "✓"),
    "disagrees": (ZH.t("contexts.notes.verdict.disagrees"), "✗"),
    "depends_on_reading": (ZH.t("contexts.notes.verdict.depends_on_reading"), "◐"),
}
# Kind of statement, by check; the page groups each report's statements in this order. The name is
# the page's heading (build_scripts/english/notes.py maps it back to the kind).
KINDS = tuple((kind, ZH.t(f"contexts.notes.kind.{kind}"), checks) for kind, checks in (
    ("cell", ()),
    ("count", ("count_in_province", "count_in_bloc", "count_of_kind", "province_count", "tier_size")),
    ("share", ("share_pct", "share_of_stated_total", "printed_mark_share")),
    ("rank", ("province_leader", "bloc_leader", "rank_of", "rank_within", "province_rank", "bloc_of",
              "printed_change_mark", "not_ranked")),
    ("arithmetic", ("stated_sum", "stated_share", "stated_mean", "bounded_total", "nested_counts")),
    ("listing", ("listed_names", "list_pairing", "ordered_list")),
    ("figures", ("same_fact", "same_figure")),
))
KIND_OF_CHECK = {check: kind for kind, _, checks in KINDS for check in checks}
KIND_NAMES = {kind: name for kind, name, _ in KINDS}
# A table or figure quoted cell by cell: the section names it (图 20 …, 表 9 …) and the statement is
# its row, the row name then the cells. The patterns read the package's text (sections, explanations).
CELL_SECTION = re.compile(r"([图表]\s*\d+)")
FIGURE = "图"  # a section naming a figure ("图 20"), not a table ("表 9"), starts with it
CELL_ROW = re.compile(r"^(\S+) (.+)$")
CELL_COLUMNS = {check: ZH.t(f"contexts.notes.column.{check}")
                for check in ("rank_of", "province_rank", "bloc_of")}
READING = re.compile(r"读法[一二三四五六七八九]（(.*?)）：(.*?)(?=；读法[一二三四五六七八九]（|$)")
FIELD_VALUES = {True: ZH.t("contexts.notes.value_true"), False: ZH.t("contexts.notes.value_false"),
                "true": ZH.t("contexts.notes.value_true"), "false": ZH.t("contexts.notes.value_false")}


@dataclass(frozen=True)
class Reading:
    """One reading of a statement whose words allow more than one, and what the tables say on it."""

    label: str
    finding: str


@dataclass(frozen=True)
class _Verdicted:
    """What a check and a whole statement share: a verdict, a kind and where the words are printed.

    Attributes:
        verdict: agrees | disagrees | depends_on_reading (a CSS class); `verdict_word` and `mark`
            say it in words and as a sign.
        kind, kind_name: Kind of statement (`KINDS`).
        quote: The statement as printed ("…" joins two pieces of one passage).
        report: Short name of the report (2021 年报告); `section` and `line` where it is printed.
        links: The list editions and the places the statement names.
    """

    verdict: str
    verdict_word: str
    mark: str
    kind: str
    kind_name: str
    quote: str
    report: str
    section: str
    line: int
    links: tuple[Link, ...]


@dataclass(frozen=True)
class ClaimNote(_Verdicted):
    """One check of a printed statement (see `_Verdicted` for the shared attributes).

    Attributes:
        anchor: Fragment of the check on the notes page (from the claim id; never shown).
        cell: For a table or figure quoted cell by cell, "图 20，辽宁省，第 21–40 名：图中 1，榜单 2";
            empty otherwise.
        finding: What the tables (or the text's own figures) say, in a sentence with the arithmetic;
            empty when `readings` spell it out per reading.
        readings: The readings of a statement whose verdict depends on them (or that has several).
        assumption: How the check reads a statement it reads one way only (how a rounded figure
            or a phrase is taken, which line a figure comes from); empty when it needs none.
    """

    anchor: str
    cell: str
    finding: str
    readings: tuple[Reading, ...]
    assumption: str


@dataclass(frozen=True)
class StatementNote(_Verdicted):
    """One printed statement with every check of it, as the notes page shows it (one entry).

    A sentence that names several places or figures is checked once per place or figure; the page
    shows the sentence once, with each check (its own anchor, for region pages to link) below it.
    Its verdict: disagrees when a check disagrees, else depends on reading when one depends, else
    agrees; its kind: that of its first check with that verdict; its links: those of its checks.

    Attributes:
        checks: Its checks, in claim order.
    """

    checks: tuple[ClaimNote, ...]


@dataclass(frozen=True)
class Tally:
    """How many statements (or checks) were checked and how each verdict came out."""

    checked: int
    agrees: int
    disagrees: int
    depends: int


@dataclass(frozen=True)
class KindGroup:
    """The statements with a problem (disagrees, depends on reading) of one kind within a report.

    `tally` counts the report's statements of this kind.
    """

    kind_name: str
    tally: Tally
    problems: tuple[StatementNote, ...]


@dataclass(frozen=True)
class ReportNotes:
    """One report's statements: counts, problems by kind, then those that agree.

    `source` describes the report (issuer, date, address) as the page cites it; `tally` counts its
    statements, `checks` their checks.
    """

    anchor: str
    title: str
    short_name: str
    source: EditionSource
    tally: Tally
    checks: Tally
    groups: tuple[KindGroup, ...]
    agreeing: tuple[StatementNote, ...]


@dataclass(frozen=True)
class CorrectionNote:
    """A recorded misprint in words: where, which field (its Chinese title), as printed, as it should be."""

    edition: Link
    place: Link
    field: str
    printed_value: str
    corrected_value: str
    reason: str
    source: str


@dataclass(frozen=True)
class KindTally:
    """The counts of the checks of one kind over all reports."""

    kind_name: str
    tally: Tally


@dataclass(frozen=True)
class NotesContext:
    """The generated part of the data notes page.

    Attributes:
        has_verdicts: Whether the claims check ran (the `claim_verdicts` table exists).
        tally: Counts over every statement; `checks` over every check, `kinds` per kind of check.
        reports: One block per report, oldest report first.
        corrections: Every recorded misprint.
    """

    has_verdicts: bool
    tally: Tally
    checks: Tally
    kinds: tuple[KindTally, ...]
    reports: tuple[ReportNotes, ...]
    corrections: tuple[CorrectionNote, ...]


@dataclass(frozen=True)
class RegionNote:
    """A statement that concerns a place, as its page links it; `agrees` whether it holds.

    `verdict` is the check's verdict ("agrees" …) and `year` the report's year, for the English page.
    """

    link: Link
    verdict_word: str
    mark: str
    report: str
    agrees: bool = True
    verdict: str = "agrees"
    year: int = 0


@dataclass(frozen=True)
class ClaimTally:
    """How many statements of the report an edition comes from hold (for its list page).

    Attributes:
        report_title: The report's title; `report` links its block on the notes page.
        tally: Over every statement of the report; `edition_tally` over those about this edition.
    """

    report_title: str
    report: Link
    tally: Tally
    edition_tally: Tally


def build_notes_context(data: SiteData, descriptor: Mapping) -> NotesContext:
    """Build the generated part of the data notes page (checked statements and corrections).

    Args:
        data: The site data; without a `claim_verdicts` table the page says the check did not run.
        descriptor: The package descriptor; the corrections show the rankings fields by their title.
    """
    notes = _claim_notes(data, NOTES_PATH)
    reports = []
    for source_file, edition, year in _reports(data):
        mine = [n.note for n in notes.values() if n.source_file == source_file]
        reports.append(_report_notes(build_edition_source(edition), year, mine))
    every = [n.note for n in notes.values()]
    kinds = tuple(KindTally(name, _tally([n for n in every if n.kind == kind])) for kind, name, _ in KINDS
                  if any(n.kind == kind for n in every))
    titles = _field_titles(descriptor)
    return NotesContext(
        has_verdicts=data.table("claim_verdicts") is not None, tally=_tally(group_statements(every)),
        checks=_tally(every), kinds=kinds,
        reports=tuple(r for r in reports if r.tally.checked),
        corrections=tuple(_correction(data, c, titles) for c in data.corrections),
    )


@dataclass(frozen=True)
class _Located:
    note: ClaimNote
    source_file: str
    edition: str
    codes: frozenset[str]


def _claim_notes(data: SiteData, source: str) -> dict[str, _Located]:
    """Return every checked statement by claim id, with links relative to the page `source`."""
    verdicts = data.verdicts_by_claim
    editions = {str(e["edition"]): e for e in data.editions}
    years = {source_file: year for source_file, _, year in _reports(data)}
    fact_regions = {str(f.get("fact_id")): str(f.get("region_code")) for f in data.table("facts") or ()}
    pages = set(compute_page_regions(data)) | set(compute_page_provinces(data))
    notes = {}
    for claim in data.table("claims") or ():
        claim_id = str(claim["claim_id"])
        if claim_id not in verdicts:
            continue
        params = data.claim_params[claim_id]
        codes = _codes(params, fact_regions)
        edition = editions[str(claim["edition"])]
        links = (build_link(source, edition_path(str(edition["list"]), int(edition["year"])),
                            ZH.t("contexts.notes.edition", year=int(edition["year"]),
                                 list=edition["list_name"])),
                 *(build_region_link(data, source, code) for code in sorted(codes) if code in pages))
        where = (ZH.t("contexts.notes.report", year=years[str(claim["source_file"])]), int(edition["year"]))
        note = _claim_note(claim, verdicts[claim_id], params, where, links, data.regions)
        notes[claim_id] = _Located(note, str(claim["source_file"]), str(claim["edition"]), frozenset(codes))
    return notes


def build_region_notes(data: SiteData, path: str, code: str,
                       province: bool = False) -> tuple[RegionNote, ...]:
    """Return the checked statements that name the place `code`, problems first, linked from `path`.

    Each statement is listed once (by its check with the worst verdict, whose anchor it links).

    A statement names a place through its region code or a fact about it (`SiteData.claims_naming`),
    a province (`province` True) through its province code(s) (claims name provinces by their
    2-digit prefix, "32").
    """
    if not data.table("claim_verdicts") or not data.table("claims"):
        return ()
    if province:
        parsed = data.claim_params
        claims = tuple(c for c in data.table("claims") if _names_province(parsed[str(c["claim_id"])], code))
    else:
        claims = data.claims_naming.get(code, ())
    by_id = data.verdicts_by_claim
    years = {source_file: year for source_file, _, year in _reports(data)}
    edition_years = {str(e["edition"]): int(e["year"]) for e in data.editions}
    href = build_link(path, NOTES_PATH, "").href
    notes = []
    for claim in claims:
        params = data.claim_params[str(claim["claim_id"])]
        verdict = str(by_id[str(claim["claim_id"])]["verdict"])
        word, mark = VERDICTS[verdict]
        anchor = str(claim["claim_id"]).lower()
        # A quoted table cell is named by its table, row and column; a sentence by its words.
        cell = _cell_label(claim, params, edition_years[str(claim["edition"])], data.regions)
        link = Link(text=cell or ZH.t("contexts.notes.quote", statement=_shorten(str(claim["statement"]))),
                    href=f"{href}#{anchor}")
        statement = (str(claim["source_file"]), str(claim["source_line"]), str(claim["statement"]))
        notes.append((_STATEMENT_VERDICT.index(verdict), str(claim["claim_id"]), statement,
                      RegionNote(link=link, verdict_word=word, mark=mark, agrees=verdict == "agrees",
                                 report=ZH.t("contexts.notes.report", year=years[str(claim["source_file"])]),
                                 verdict=verdict,
                                 year=years[str(claim["source_file"])])))
    # A sentence checked several times about this place is listed once, by its worst check.
    shown: dict[tuple[str, str, str], RegionNote] = {}
    for _, _, statement, note in sorted(notes, key=lambda n: n[:2]):
        shown.setdefault(statement, note)
    return tuple(shown.values())


def _names_province(params: Mapping, code: str) -> bool:
    """Return True when a claim's params name the province `code` (or its 2-digit prefix)."""
    return params.get("province_code") in (code, code[:2]) or bool(
        {code, code[:2]} & set(params.get("province_codes", ())))


def build_claim_tally(data: SiteData, path: str, edition: str) -> ClaimTally | None:
    """Return how many statements of the report `edition` comes from hold; None without verdicts.

    The edition's own statements are those with a check about it.
    """
    if data.table("claim_verdicts") is None:
        return None
    row = next(e for e in data.editions if e["edition"] == edition)
    notes = _claim_notes(data, path)
    mine = [n for n in notes.values() if n.source_file == row["source_file"]]
    if not mine:
        return None
    year = dict((f, y) for f, _, y in _reports(data))[str(row["source_file"])]
    report = Link(text=ZH.t("contexts.notes.check_link"),
                  href=build_link(path, NOTES_PATH, "").href + f"#report-{year}")
    return ClaimTally(
        report_title=str(row["report_title"]), report=report,
        tally=_tally(group_statements([n.note for n in mine])),
        edition_tally=_tally(group_statements([n.note for n in mine if n.edition == edition])),
    )


def _reports(data: SiteData) -> list[tuple[str, Record, int]]:
    """Return (source file, first edition, year) per report, oldest first; year: its newest edition's."""
    reports: dict[str, tuple[Record, int]] = {}
    for e in data.editions:
        year = int(e["year"])
        known = reports.get(str(e["source_file"]))
        reports[str(e["source_file"])] = (known[0], max(year, known[1])) if known else (e, year)
    return sorted(((f, e, y) for f, (e, y) in reports.items()), key=lambda r: (r[2], r[0]))


def _codes(params: Mapping, fact_regions: Mapping[str, str]) -> set[str]:
    codes = {str(params["region_code"])} if "region_code" in params else set()
    provinces = params.get("province_codes") or [params[k] for k in ("province_code",) if k in params]
    codes |= {f"{p}0000" for p in provinces}
    codes |= {fact_regions[f] for f in params.get("fact_ids", ()) if f in fact_regions}
    return codes


def _claim_note(claim: Record, verdict: Record, params: Mapping, where: tuple[str, int],
                links: tuple[Link, ...], regions: Mapping[str, Record]) -> ClaimNote:
    """Build one entry; `where` is the report's short name and the edition's year."""
    check, section = str(claim["check"]), str(claim["source_section"])
    report, year = where
    cell = _cell(claim, verdict, params, year, regions)
    kind = "cell" if cell else KIND_OF_CHECK.get(check, "count")
    word, mark = VERDICTS[str(verdict["verdict"])]
    explanation = str(verdict["explanation"])
    readings = tuple(Reading(label, finding) for label, finding in READING.findall(explanation))
    return ClaimNote(
        anchor=str(claim["claim_id"]).lower(), verdict=str(verdict["verdict"]), verdict_word=word, mark=mark,
        kind=kind, kind_name=KIND_NAMES[kind], quote=str(claim["statement"]), report=report,
        section=section, line=int(claim["source_line"]), cell=cell,
        finding="" if readings else explanation, readings=readings,
        assumption="" if readings else str(params.get("reading") or ""), links=links,
    )


def _cell(claim: Record, verdict: Record, params: Mapping, year: int, regions: Mapping[str, Record]) -> str:
    """Name a quoted cell and compare: "图 20，辽宁省，第 21–40 名：报告图中印 1，按榜单计为 2"."""
    label = _cell_label(claim, params, year, regions)
    if not label:
        return ""
    # The label starts with the table or figure as the report names it (图 20, 表 9): a data value.
    key = "contexts.notes.cell_figure" if label.startswith(FIGURE) else "contexts.notes.cell_table"
    return ZH.t(key, label=label, printed=_spaced(claim["expected"]), found=_spaced(verdict["found"]))


@dataclass(frozen=True)
class CellRef:
    """The table or figure cell a claim quotes, as its check locates it (both languages word it).

    Attributes:
        table: The table or figure as the report names it ("图 20", "表 9").
        row: The row's name as printed ("中部", "江苏").
        code: The region or province (6 digits) the check names the row by; "" when none (a bloc).
        band: The (first, last) ranks of a rank-band column; None for the edition's year's column
            or a named one.
        column: The check that names the column (a `CELL_COLUMNS` key); "" when the column is a band
            or the year.
    """

    table: str
    row: str
    code: str
    band: tuple[int, int] | None
    column: str


def locate_cell(claim: Mapping, params: Mapping) -> CellRef | None:
    """Locate the table or figure cell a claim quotes; None for a statement in prose."""
    table, row = CELL_SECTION.search(str(claim["source_section"])), CELL_ROW.match(str(claim["statement"]))
    if not (table and row):
        return None
    check = str(claim["check"])
    if check.startswith("count_") or check == "province_count":
        # A row may print two places (a table with a column per year, each naming its own
        # province): the claim's province names its cell.
        province = params.get("province_code")
        band = (params["rank_from"], params["rank_to"]) if "rank_from" in params else None
        return CellRef(table[1], row[1], f"{province}0000" if province else "", band, "")
    if check in CELL_COLUMNS and "region_code" in params:
        return CellRef(table[1], row[1], str(params["region_code"]), None, check)
    return None


def _cell_label(claim: Record, params: Mapping, year: int, regions: Mapping[str, Record]) -> str:
    """Name the table or figure cell a claim quotes ("图 20，辽宁省，第 21–40 名"); "" for prose."""
    cell = locate_cell(claim, params)
    if cell is None:
        return ""
    row_name = _name(regions, cell.code, cell.row) if cell.code else cell.row
    if cell.column:
        column = CELL_COLUMNS[cell.column]
    elif cell.band:
        column = ZH.t("contexts.notes.band", first=cell.band[0], last=cell.band[1])
    else:
        column = ZH.t("edition.year", year=year)
    return ZH.t("contexts.notes.cell", table=cell.table, row=row_name, column=column)


def _name(regions: Mapping[str, Record], code: str, default: str) -> str:
    return str(regions[code]["name"]) if code in regions else default


def _spaced(value: object) -> str:
    """Put a space before a figure (印 11) but not before Chinese text or brackets (印（空）)."""
    text = str(value)
    return f" {text}" if text[:1].isascii() else text


def _tally(notes: Sequence[ClaimNote | StatementNote]) -> Tally:
    verdicts = [n.verdict for n in notes]
    return Tally(checked=len(verdicts), agrees=verdicts.count("agrees"),
                 disagrees=verdicts.count("disagrees"), depends=verdicts.count("depends_on_reading"))


# The verdict that speaks for a statement with several checks: the first found here.
_STATEMENT_VERDICT = ("disagrees", "depends_on_reading", "agrees")


def group_statements(notes: Sequence[ClaimNote]) -> tuple[StatementNote, ...]:
    """Gather the checks of each printed statement (same report, line and words) into one entry.

    Entries keep the order of their first check.
    """
    by_statement: dict[tuple[str, int, str], list[ClaimNote]] = {}
    for note in notes:
        by_statement.setdefault((note.report, note.line, note.quote), []).append(note)
    statements = []
    for checks in by_statement.values():
        verdict = next(v for v in _STATEMENT_VERDICT if any(c.verdict == v for c in checks))
        first = next(c for c in checks if c.verdict == verdict)
        word, mark = VERDICTS[verdict]
        links = tuple(dict.fromkeys(link for c in checks for link in c.links))
        statements.append(StatementNote(
            verdict=verdict, verdict_word=word, mark=mark, kind=first.kind, kind_name=first.kind_name,
            quote=first.quote, report=first.report, section=first.section, line=first.line,
            checks=tuple(checks), links=links,
        ))
    return tuple(statements)


def _report_notes(source: EditionSource, year: int, notes: list[ClaimNote]) -> ReportNotes:
    order = {kind: i for i, (kind, _, _) in enumerate(KINDS)}
    notes = sorted(notes, key=lambda n: (n.line, n.anchor))
    statements = sorted(group_statements(notes), key=lambda s: (order[s.kind], s.line))
    groups = []
    for kind, name, _ in KINDS:
        mine = [s for s in statements if s.kind == kind]
        problems = tuple(s for s in mine if s.verdict != "agrees")
        if problems:
            groups.append(KindGroup(kind_name=name, tally=_tally(mine), problems=problems))
    return ReportNotes(
        anchor=f"report-{year}", title=source.report_title,
        short_name=ZH.t("contexts.notes.report", year=year), source=source,
        tally=_tally(statements), checks=_tally(notes),
        groups=tuple(groups), agreeing=tuple(s for s in statements if s.verdict == "agrees"),
    )


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _field_titles(descriptor: Mapping) -> dict[str, str]:
    resource = next((r for r in descriptor.get("resources", ()) if r["name"] == "rankings"), {"schema": {}})
    return {f["name"]: f.get("title", f["name"]) for f in resource["schema"].get("fields", ())}


def _field_value(value: object) -> str:
    return FIELD_VALUES.get(value if isinstance(value, bool) else str(value).lower(), str(value))


def _correction(data: SiteData, r: Record, titles: Mapping[str, str]) -> CorrectionNote:
    list_code, _, year = str(r["edition"]).rpartition("-")
    edition = next(e for e in data.editions if e["edition"] == r["edition"])
    return CorrectionNote(
        edition=build_link(NOTES_PATH, edition_path(list_code, int(year)),
                           ZH.t("contexts.notes.edition", year=int(year), list=edition["list_name"])),
        place=build_region_link(data, NOTES_PATH, str(r["region_code"])),
        field=titles.get(str(r["field"]), ZH.t("contexts.notes.other_field")),
        printed_value=_field_value(r["printed_value"]),
        corrected_value=_field_value(r["corrected_value"]), reason=str(r["reason_zh"]),
        source=ZH.t("contexts.notes.correction_source", report=edition["report_title"],
                    published=format_date_zh(edition["published"]), section=edition["source_section"],
                    file=r["source_file"], line=int(r["source_line"])),
    )
