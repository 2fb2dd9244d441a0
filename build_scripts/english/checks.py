"""What each check of a report's statement checks and what it found, said in English.

Input: a `claims` record (its `check` and JSON `params`), its `claim_verdicts` record, `SiteData`
and the English catalogue. Output: the phrases the English data notes show for one check: what it
counts or compares, the message `notes.subject.<check>` ("places of Jiangsu, Zhejiang ranked
1–30"), and what it found, from the verdict's `readings` ("66.7% (16 of 24)"), per reading with
the reading's English label (params `reading_en`). Both are put together from structured data
only (province and place codes, blocs, kinds, ranks, tiers, counts), never translated from the
statement's or the explanation's words; the explanation's sentences are on the Chinese page.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

from build_scripts.catalogue import Catalogue
from build_scripts.charts.theme import BLOC_KEYS
from build_scripts.contexts.sitedata import SiteData, edition_row
from build_scripts.english.names import build_place_name
from scoring.claim_arithmetic import format_number, format_pairing
from scoring.claim_evaluators import BLANK_CELL, NO_ENTRY, NOT_RANKED

MARKS: Mapping[str, str] = MappingProxyType({"agrees": "✓", "disagrees": "✗", "depends_on_reading": "◐"})


class Reading(NamedTuple):
    """One reading of a check: its label, its verdict mark and its found value in English.

    The label is the params' `reading_en` (the Chinese `reading` when a claim lacks it; "" when it
    has none).
    """

    label: str
    mark: str
    found: str


def build_check_subject(data: SiteData, t: Catalogue, claim: Mapping, params: Mapping) -> str:
    """Return what a claim's check counts or compares, in English (`params`: its parsed params)."""
    size = int(edition_row(data, str(claim["edition"]))["size"])
    return t.t(f"notes.subject.{claim['check']}", **build_subject_fields(data, t, params, size))


def build_subject_fields(data: SiteData, t: Catalogue, params: Mapping, size: int) -> dict[str, str]:
    """Return the fields a subject message may name, from whichever params the claim has.

    `size` is the size of the claim's edition, where a rank range without an end stops.
    """
    first, last = int(params.get("rank_from", 1)), int(params.get("rank_to", size))
    scope = t.t("notes.scope.whole") if (first, last) == (1, size) else t.t(
        "notes.scope.ranks", first=first, last=last)
    fields = {"scope": scope, "first": str(first), "last": str(last), "tier": str(params.get("tier", "")),
              "mark": str(params.get("mark", ""))}
    provinces = params.get("province_codes") or [params[k] for k in ("province_code",) if k in params]
    blocs = params.get("blocs") or [params[k] for k in ("bloc",) if k in params]
    fields["provinces"] = ", ".join(_word(t, f"province_name.{str(code).ljust(6, '0')}", code)
                                    for code in provinces)
    fields["blocs"] = ", ".join(t.t(f"chart.bloc.{BLOC_KEYS[name]}") for name in blocs)
    fields["who"] = fields["provinces"] or fields["blocs"]
    fields["kinds"] = t.t("notes.or").join(_word(t, f"kind.{kind}", kind) for kind in params.get("kinds", ()))
    # The text's own figures a sum or a share is worked from ("78 + 18 + 4", "16 / 24").
    fields["parts"] = _sum(params.get("parts", ()))
    if "numerator" in params and "denominator" in params:
        fields["ratio"] = f"{_operand(params['numerator'])} / {_operand(params['denominator'])}"
    if "denominator" in params:
        fields["denominator"] = _operand(params["denominator"])
    fields["groups"] = "; ".join(_group(t, group, params.get("unit")) for group in params.get("groups", ()))
    if "total" in params:
        fields["total"] = _amount(t, _operand(params["total"]), params.get("unit"))
    if "region_code" in params:  # a place the registry does not hold (never ranked) by its code
        code = str(params["region_code"])
        fields["place"] = (build_place_name(data, t, code).en if code in data.regions
                           else t.t("notes.place_code", code=code))
    return fields


def build_stated(t: Catalogue, claim: Mapping, params: Mapping) -> str:
    """Return what the text states, as printed (`claims.expected`), but in English where that is ours.

    A table cell printed empty and the count of names and figures of a list (which `expected` gives
    in Chinese words for list_pairing, when it counts what params list) are said in English;
    anything else is the text's own words.
    """
    expected = str(claim["expected"])
    if expected == BLANK_CELL:
        return t.t("notes.blank_cell")
    if claim["check"] == "list_pairing":
        names, figures = len(params.get("names", ())), len(params.get("values", ()))
        if expected == format_pairing(names, figures):
            return t.t("notes.found.pairing", names=names, figures=figures)
    return expected


def build_readings(data: SiteData, t: Catalogue, verdict: Mapping, params: Mapping) -> tuple[Reading, ...]:
    """Return each reading of a check, in English, from its `claim_verdicts` record and its params.

    Its label is the params' English one (`reading_en`, else the Chinese `reading`; "" for a
    claim read one way without a label), its found value said with the figures it is worked out
    from.
    """
    readings = json.loads(str(verdict["readings"]))
    labels = [params, *params.get("other_readings", ())]
    return tuple(Reading(label=str(label.get("reading_en") or label.get("reading") or ""),
                         mark=MARKS[str(r["verdict"])], found=_reading_found(data, t, r))
                 for label, r in zip(labels, readings, strict=True))


def _reading_found(data: SiteData, t: Catalogue, r: Mapping) -> str:
    """Return one reading's found value in English, with its figures."""
    found = str(r["found"])
    if "count" in r:
        key = f"notes.found.share_{r['total_bound']}" if "total_bound" in r else "notes.found.share"
        return t.t(key, share=r.get("share", found), count=r["count"], total=r["total"])
    if "names" in r:
        and_ = t.t("notes.and")
        repeated = [t.t("notes.found.repeated", names=and_.join(group), times=len(group))
                    for group in r["repeated"]]
        return "; ".join([t.t("notes.found.pairing", names=r["names"], figures=r["figures"]), *repeated])
    if "out_of_order" in r:
        pairs = [t.t("notes.found.out_of_order", first=f"{a[0]} ({a[1]})", second=f"{b[0]} ({b[1]})")
                 for a, b in r["out_of_order"]]
        return "; ".join([", ".join(r["values"]), *pairs])
    if "region_code" in r:
        name = build_place_name(data, t, str(r["region_code"]))
        return t.t("notes.found.leader", name=f"{name.en} {name.zh}", rank=r["rank"])
    if found in (NOT_RANKED, NO_ENTRY):
        return t.t("notes.found.not_ranked" if found == NOT_RANKED else "notes.found.none")
    if found in BLOC_KEYS:
        return t.t(f"chart.bloc.{BLOC_KEYS[found]}")
    return found


def _sum(parts: list) -> str:
    """Return figures as a sum: "78 + 18 + 4", "46.7 − 27.8"."""
    text = "".join((" − " if float(p) < 0 else " + ") + format_number(abs(float(p))) for p in parts)
    return text.removeprefix(" + ")


def _operand(value: object) -> str:
    """Return a figure, or a sum of figures (a list) in parentheses."""
    return f"({_sum(value)})" if isinstance(value, list) else format_number(float(value))


def _group(t: Catalogue, group: Mapping, unit: str | None) -> str:
    """Return one threshold of nested or bounded counts: "over 60%: 71", or its label as printed."""
    amount = _amount(t, format_number(float(group["over"])), unit)
    threshold = group.get("label") or t.t("notes.over", amount=amount)
    return f"{threshold}: {int(group['count'])}"


def _amount(t: Catalogue, figure: str, unit: str | None) -> str:
    """Return a figure with its unit in English: "60%", "500 (× 100 million yuan)", "12" (a count)."""
    words = t.t(f"unit.{unit.strip()}") if unit and unit.strip() else ""
    if not words or words == "%":
        return f"{figure}{words}"
    return f"{figure} ({words})"


def _word(t: Catalogue, key: str, printed: object) -> str:
    """Return the English word of a code or kind the params name, else the params' own text.

    The claim evaluators check the params but do not require a province or kind the catalogue knows.
    """
    return t.t(key) if t.has(key) else str(printed)
