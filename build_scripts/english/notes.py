"""The English data notes (en/notes/): the reports' statements against their tables, and misprints.

Input: `SiteData`, the package descriptor and the English catalogue. Output: `NotesContext` for
templates/en/notes.md.j2. The checks are the Chinese page's (`contexts.notes.build_notes_context`):
each statement is shown with its verdict and kind in English and its words as printed (Chinese),
and each check with what it counts or compares, what the text states and what was found with the
figures it is worked out from, per reading (`english.checks`); the check's one-line explanation is
written in Chinese on the Chinese page, which each entry links at the same anchor. Misprints give
their reason in English (corrections.csv `reason`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from build_scripts.catalogue import Catalogue
from build_scripts.charts.theme import BLOC_KEYS
from build_scripts.contexts.notes import (
    FIGURE,
    KINDS,
    NOTES_PATH,
    StatementNote,
    Tally,
    locate_cell,
)
from build_scripts.contexts.notes import build_notes_context as build_chinese_notes
from build_scripts.contexts.sitedata import SiteData, edition_row
from build_scripts.english.checks import MARKS, build_check_subject, build_readings, build_stated
from build_scripts.english.names import (
    Name,
    NamedLink,
    build_edition_link,
    build_edition_title,
    build_place_link,
    build_place_name,
    build_twin_href,
)


@dataclass(frozen=True)
class Check:
    """One check of a statement: its verdict mark, what the text states and what the check found.

    `stated` is as printed (claims `expected`): figures, or the text's own words in Chinese
    ("三成以上"), but in English where `expected` holds words of ours (`english.checks.build_stated`).
    `found` is said in English from the verdict's readings (`english.checks.build_readings`): figures
    with what they are worked out from, names. `cell` names the table or figure cell a check of a
    quoted cell is about ("Figure 20, Liaoning, ranks 21–40"); "" for a check of prose. `subject` is
    what the check counts or compares (`english.checks`). `assumption` is how a check read one
    way takes the words (its reading's English label), "" when it says nothing.
    """

    mark: str
    stated: str
    found: str
    cell: str = ""
    subject: str = ""
    assumption: str = ""


@dataclass(frozen=True)
class Statement:
    """One printed statement: its verdict and kind in English, its words, where, its checks.

    `anchors` are its checks' anchors (the Chinese page's), `checks` what each stated and found.
    `readings` are the English labels of the readings its checks found on, numbered as the checks'
    found values number them.
    """

    verdict: str
    verdict_word: str
    mark: str
    kind_name: str
    quote: str
    section: str
    line: int
    anchors: tuple[str, ...]
    chinese: str
    checks: tuple[Check, ...]
    readings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Report:
    """One report's statements: problems first, then those that agree."""

    anchor: str
    title: Name
    year: int
    tally: Tally
    checks: Tally
    problems: tuple[Statement, ...]
    agreeing: tuple[Statement, ...]


@dataclass(frozen=True)
class Correction:
    """A recorded misprint: the place, the edition, the field, as printed, as it should be, why."""

    place: NamedLink
    edition: NamedLink
    field: str
    printed_value: str
    corrected_value: str
    reason: str


@dataclass(frozen=True)
class NotesContext:
    """Everything templates/en/notes.md.j2 shows."""

    has_verdicts: bool
    tally: Tally
    checks: Tally
    kinds: tuple[tuple[str, Tally], ...]
    reports: tuple[Report, ...]
    corrections: tuple[Correction, ...]


def build_notes_context(data: SiteData, t: Catalogue, descriptor: Mapping) -> NotesContext:
    """Build the English data notes from the Chinese page's checks."""
    chinese = build_chinese_notes(data, descriptor)
    kind_keys = {name: kind for kind, name, _ in KINDS}
    verdicts = {str(v["claim_id"]).lower(): v for v in data.table("claim_verdicts") or ()}
    claims = {str(c["claim_id"]).lower(): c for c in data.table("claims") or ()}
    params = {anchor: data.claim_params[str(claim["claim_id"])] for anchor, claim in claims.items()}
    cells = {anchor: _cell(data, t, claim, params[anchor]) for anchor, claim in claims.items()}
    subjects = {anchor: build_check_subject(data, t, claim, params[anchor])
                for anchor, claim in claims.items()}
    readings = {anchor: build_readings(data, t, verdicts[anchor], params[anchor])
                for anchor in claims if anchor in verdicts}
    stated = {anchor: build_stated(t, claim, params[anchor]) for anchor, claim in claims.items()}
    reports = []
    for r in chinese.reports:
        statements = [s for g in r.groups for s in g.problems] + list(r.agreeing)
        converted = [_statement(t, s, kind_keys, verdicts, (cells, subjects, stated, readings))
                     for s in statements]
        reports.append(Report(
            anchor=r.anchor, title=Name(r.source.report.title_en or r.title, r.title),
            year=int(r.anchor.removeprefix("report-")), tally=r.tally, checks=r.checks,
            problems=tuple(s for s in converted if s.verdict != "agrees"),
            agreeing=tuple(s for s in converted if s.verdict == "agrees")))
    return NotesContext(
        has_verdicts=chinese.has_verdicts, tally=chinese.tally, checks=chinese.checks,
        kinds=tuple((t.t(f"notes.kind.{kind_keys[k.kind_name]}"), k.tally) for k in chinese.kinds),
        reports=tuple(reports), corrections=tuple(_correction(data, t, c) for c in data.corrections))


def _statement(t: Catalogue, s: StatementNote, kind_keys: Mapping[str, str],
               verdicts: Mapping[str, Mapping], words: tuple[Mapping, ...]) -> Statement:
    cells, subjects, stated, readings = words
    anchors = tuple(c.anchor for c in s.checks)
    # The labels of the readings, numbered once for the statement: its checks often share them.
    labels: dict[str, int] = {}
    checks = []
    for a in anchors:
        assumption = ""
        if len(readings[a]) > 1:
            found = " / ".join(t.t("notes.found.reading", mark=r.mark, found=r.found,
                                   number=labels.setdefault(r.label, len(labels) + 1))
                               for r in readings[a])
        else:
            found, assumption = readings[a][0].found, readings[a][0].label
        checks.append(Check(mark=MARKS[str(verdicts[a]["verdict"])], stated=stated[a], found=found,
                            cell=cells.get(a, ""), subject=subjects[a], assumption=assumption))
    return Statement(
        verdict=s.verdict, verdict_word=t.t(f"notes.verdict.{s.verdict}"), mark=MARKS[s.verdict],
        kind_name=t.t(f"notes.kind.{kind_keys[s.kind_name]}"), quote=s.quote, section=s.section,
        line=s.line, anchors=anchors, chinese=build_twin_href(NOTES_PATH, f"notes/#{anchors[0]}"),
        checks=tuple(checks), readings=tuple(labels))


def _cell(data: SiteData, t: Catalogue, claim: Mapping, params: Mapping) -> str:
    """Name in English the table or figure cell a check quotes ("Figure 20, Liaoning, ranks 21–40").

    The cells `contexts.notes.locate_cell` finds, as the Chinese page names them; "" for prose. A row
    the check names by a province or place code, or a bloc's row, is named in English, any other
    as printed.
    """
    cell = locate_cell(claim, params)
    if cell is None:
        return ""
    number = "".join(ch for ch in cell.table if ch.isdigit())
    label = t.t("notes.figure" if cell.table.startswith(FIGURE) else "notes.table", number=number)
    if cell.code:
        name = build_place_name(data, t, cell.code).en
    else:  # a bloc's row (东部 …) in the charts' English words, any other row as printed
        name = t.t(f"chart.bloc.{BLOC_KEYS[cell.row]}") if cell.row in BLOC_KEYS else cell.row
    if cell.column:
        column = t.t(f"notes.column.{cell.column}")
    elif cell.band:
        column = t.t("notes.band", first=cell.band[0], last=cell.band[1])
    else:
        column = str(int(edition_row(data, str(claim["edition"]))["year"]))
    return t.t("notes.cell", table=label, row=name, column=column)


def _correction(data: SiteData, t: Catalogue, c: Mapping) -> Correction:
    edition = edition_row(data, str(c["edition"]))
    label = build_edition_title(data, t, str(edition["list"]), int(edition["year"]))
    link = build_edition_link(t, NOTES_PATH, str(edition["list"]), int(edition["year"]))
    return Correction(
        place=build_place_link(data, t, NOTES_PATH, str(c["region_code"])),
        edition=NamedLink(Name(label, ""), link.href), field=str(c["field"]),
        printed_value=str(c["printed_value"]), corrected_value=str(c["corrected_value"]),
        reason=str(c["reason"]))
