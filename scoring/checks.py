"""Check stage: domain rules a Table Schema cannot express, run after loading and on outputs.

Input: a loaded `Package` (and, for the code-list rules, a `CodeList`). Output: nothing; each
`check_*` function raises `CheckError` listing every violation, one line each, naming file, row
(CSV line, header = row 1), column, what is wrong and what to do. Printed values that disagree with
the registry are accepted when `corrections` records them (same edition, region_code and field).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from scoring.cells import show_text
from scoring.change_checks import CHANGE_CHECKS, CHANGE_CODELIST_CHECKS
from scoring.claim_params import CLAIM_PARAM_CHECKS
from scoring.edition_checks import EDITION_CHECKS, find_out_of_bounds_editions
from scoring.errors import CheckError
from scoring.fact_checks import FACT_CHECKS
from scoring.identity_checks import IDENTITY_CHECKS
from scoring.source_checks import SOURCE_CHECKS
from scoring.territory import select_identity_changes

if TYPE_CHECKING:
    from scoring.codelist import CodeList
    from scoring.package import Package

_FIRST_ROW = 2  # tables keep file order with a RangeIndex; the header is row 1
_PROVINCE_ADMINISTERED = "90"  # xx90xx: county-level units administered directly by a province


def check_package(package: Package, codelist: CodeList | None = None) -> None:
    """Run every domain check and raise one `CheckError` listing all problems.

    Args:
        package: The loaded package.
        codelist: The national code list; when None the code-list checks are skipped.
    """
    problems: list[str] = []
    checks = [lambda p, check=check: check(p) for check in DOMAIN_CHECKS]
    if codelist is not None:
        checks += [lambda p, check=check: check(p, codelist) for check in CODELIST_CHECKS]
    for check in checks:
        try:
            check(package)
        except CheckError as exc:
            problems.extend(exc.problems)
    if problems:
        raise CheckError(problems)


def check_edition_sizes(package: Package) -> None:
    """Check that each edition's `size` equals its number of ranking rows."""
    counts = package["rankings"]["edition"].value_counts()
    where = package.display_path("editions")
    problems = [
        f'{where} row {row}, column "size": {edition.edition} declares {edition.size} entries but '
        f"{package.display_path('rankings')} has {counts.get(edition.edition, 0)} rows for it; add "
        "the missing rows or fix the size."
        for row, edition in _numbered(package["editions"])
        if counts.get(edition.edition, 0) != edition.size
    ]
    _raise_if(problems)


def check_rank_coverage(package: Package) -> None:
    """Check that each edition's ranks (after rank corrections) are competition ranks from 1.

    A tie of k rows at rank r must be followed by rank r + k ("1, 2, 2, 4"); any other gap or repeat
    is reported at the row where the sequence breaks. Together with `check_edition_sizes` this
    makes the ranks cover 1..N. An edition with a rank above its size is left to
    `edition_checks.check_rank_bounds`, which names that cell (the gap it leaves is its consequence).
    """
    rankings = package["rankings"].assign(row=lambda df: df.index + _FIRST_ROW)
    rankings = rankings[~rankings["edition"].isin(find_out_of_bounds_editions(package))]
    rankings["rank"] = _corrected_ranks(rankings, package["corrections"])
    where = package.display_path("rankings")
    problems = []
    for edition, group in rankings.groupby("edition", sort=False):
        ordered = group.sort_values("rank", kind="stable")
        counts = ordered.groupby("rank", sort=True)["row"].agg(["size", "min"])
        expected = 1
        for rank, (size, row) in counts.iterrows():
            if rank != expected:
                problems.append(f'{where} row {row}, column "rank": {edition} '
                                f"{_describe_break(rank, expected)}; fix the rank or add a corrections row "
                                "(field rank).")
            expected = rank + size
    _raise_if(problems)


def check_unique_entries(package: Package) -> None:
    """Check that no region appears twice in one edition."""
    rankings = package["rankings"].assign(row=lambda df: df.index + _FIRST_ROW)
    where = package.display_path("rankings")
    repeated = rankings[rankings.duplicated(["edition", "region_code"], keep=False)]
    problems = []
    for (edition, code), group in repeated.groupby(["edition", "region_code"], sort=False):
        rows = ", ".join(str(r) for r in group["row"])
        problems += [f'{where} row {row}, column "region_code": {code} appears more than once in {edition} '
                     f"(rows {rows}); keep one row per region per edition." for row in group["row"].iloc[1:]]
    _raise_if(problems)


def check_province_marks(package: Package) -> None:
    """Check that ★ marks agree with being the province's top entry in the edition.

    Applies to editions that print the mark at all (the city list prints none). The province is the
    registry's province_code; ranks are taken after rank corrections.
    """
    regions = package["regions"].set_index("code")
    rankings = package["rankings"].assign(row=lambda df: df.index + _FIRST_ROW)
    rankings["rank"] = _corrected_ranks(rankings, package["corrections"])
    rankings["province_code"] = rankings["region_code"].map(regions["province_code"])
    marked_editions = rankings.loc[rankings["printed_province_first"], "edition"].unique()
    rankings = rankings[rankings["edition"].isin(marked_editions)]
    top_rank = rankings.groupby(["edition", "province_code"])["rank"].transform("min")
    wrong = rankings[(rankings["rank"] == top_rank) != rankings["printed_province_first"]]
    corrected = _corrected_keys(package["corrections"], "printed_province_first")
    where = package.display_path("rankings")
    problems = []
    for entry in wrong.itertuples():
        if (entry.edition, entry.region_code) in corrected:
            continue
        province = f"{regions.at[entry.province_code, 'name']} ({entry.province_code})"
        if entry.printed_province_first:
            same = (rankings["edition"] == entry.edition) & (rankings["province_code"] == entry.province_code)
            top = rankings[same]
            leader = top.sort_values("rank", kind="stable").iloc[0]
            what = (f"carries ★ but {regions.at[leader.region_code, 'name']} ({leader.region_code}, rank "
                    f"{leader['rank']}) ranks higher in {province}")
        else:
            what = f"is the top entry of {province} (rank {entry.rank}) but has no ★"
        problems.append(f'{where} row {entry.row}, column "printed_province_first": {entry.edition} '
                        f"{regions.at[entry.region_code, 'name']} ({entry.region_code}) {what}; add a "
                        "corrections row or fix the mark.")
    _raise_if(problems)


def check_region_hierarchy(package: Package) -> None:
    """Check each region code against its province_code (2 digits) and prefecture_code (4 digits).

    Provinces and prefectures leave prefecture_code empty; so do county-level units administered by
    a province (xx90xx, e.g. 仙桃市 429004) and units of a 直辖市.
    """
    regions = package["regions"].fillna("")
    levels = dict(zip(regions["code"], regions["level"], strict=True))
    municipalities = set(regions.loc[regions["kind"] == "直辖市", "code"])
    where = package.display_path("regions")
    problems = []
    for row, region in _numbered(regions):
        for column, what in _find_hierarchy_breaks(region, levels, municipalities):
            problems.append(f'{where} row {row}, column "{column}": {region.name} ({region.code}) {what}.')
    _raise_if(problems)


def check_printed_names(package: Package) -> None:
    """Check each printed_name against the registry name, short name, former names or a correction."""
    regions = package["regions"].set_index("code")
    changes = select_identity_changes(package["region_changes"])
    former = changes.groupby("new_code")["old_name"].agg(set).to_dict()
    corrected = _corrected_keys(package["corrections"], "printed_name")
    where = package.display_path("rankings")
    problems = []
    for row, entry in _numbered(package["rankings"]):
        code = entry.region_code
        accepted = {regions.at[code, "name"], regions.at[code, "short_name"]} | former.get(code, set())
        if entry.printed_name in accepted or (entry.edition, code) in corrected:
            continue
        registry = show_text(regions.at[code, "name"])
        problems.append(f'{where} row {row}, column "printed_name": {show_text(entry.printed_name)} '
                        f"matches neither the registry name {registry} of {code} nor a former name; add a "
                        "corrections row or fix the name.")
    _raise_if(problems)


def check_codes_in_codelist(package: Package, codelist: CodeList) -> None:
    """Check every registry code and name against the current national code list."""
    from scoring.codelist import CURRENT_LABEL

    where = package.display_path("regions")
    problems = []
    for row, region in _numbered(package["regions"]):
        official = codelist.current.get(region.code)
        if official is None:
            problems.append(f'{where} row {row}, column "code": {region.code} ({show_text(region.name)}) is '
                            f"not in {CURRENT_LABEL}; use the current code and record the former one in "
                            "region_changes.csv.")
        elif official != region.name:
            problems.append(f'{where} row {row}, column "name": {show_text(region.name)} differs from '
                            f"{official}, the name of {region.code} in {CURRENT_LABEL}; fix the name.")
    _raise_if(problems)


def check_changes_in_codelist(package: Package, codelist: CodeList) -> None:
    """Check region_changes against the GB/T 2260 history and the current code list.

    old_code must be in the history when the change took effect by the history's last year, and
    old_name must be a name it carried; new_name must be a name new_code carried or carries.
    """
    from scoring.codelist import HISTORY_LABEL

    where = package.display_path("region_changes")
    problems = []
    for row, change in _numbered(package["region_changes"]):
        old_names = codelist.history.get(change.old_code)
        if old_names is None and int(change.effective[:4]) <= codelist.history_last_year:
            problems.append(f'{where} row {row}, column "old_code": {change.old_code} is not in '
                            f"{HISTORY_LABEL} though the change took effect in {change.effective}; fix the "
                            "code.")
        elif old_names is not None and change.old_name not in old_names:
            problems.append(f'{where} row {row}, column "old_name": {show_text(change.old_name)} is not a '
                            f"name {change.old_code} carried in {HISTORY_LABEL} "
                            f"({'、'.join(sorted(old_names))}); fix the name.")
        new_names = codelist.names_of(change.new_code)
        if new_names and change.new_name not in new_names:
            problems.append(f'{where} row {row}, column "new_name": {show_text(change.new_name)} is not a '
                            f"name {change.new_code} carries or carried ({'、'.join(sorted(new_names))}); "
                            "fix the name.")
    _raise_if(problems)


def check_new_codes_have_origin(package: Package, codelist: CodeList) -> None:
    """Check that every ranked or registered code new since the first edition's cut-off has an origin.

    A code that no bundled GB/T 2260 revision lists entered the national code list after the newest
    revision (2019-04), which predates the first edition's division cut-off (2019-07-31); the
    installed code lists cannot date it more closely. Such a code, ranked or in the registry (红谷滩区
    360113 is there as the place 新建区 gave territory to), must be the new_code of some
    region_changes row, of any kind: a rename, a merge or a 区域调整 (临平区 330113, split off 余杭区
    in 2021).
    """
    from scoring.codelist import HISTORY_LABEL

    origins = set(package["region_changes"]["new_code"])
    cutoffs = package["editions"]["division_cutoff"].dropna()
    cutoff = f" ({min(cutoffs)})" if len(cutoffs) else ""
    regions = package["regions"].set_index("code")["name"]
    where = package.display_path("rankings")
    problems, seen = [], set()
    for row, entry in _numbered(package["rankings"]):
        code = entry.region_code
        if code in seen or code in origins or code in codelist.history:
            continue
        seen.add(code)
        name = regions.get(code, "?")
        problems.append(f'{where} row {row}, column "region_code": {code} ({name}) is ranked but in no '
                        f"revision of {HISTORY_LABEL}, so it is new since the first edition's division "
                        f"cut-off{cutoff} or shortly before, and region_changes.csv records no origin for "
                        f"it; add a row with new_code {code} (a rename, a merge, or a 区域调整 from the "
                        "place it was split off).")
    where = package.display_path("regions")
    for row, region in _numbered(package["regions"]):
        code = region.code
        if code in seen or code in origins or code in codelist.history:
            continue
        problems.append(f'{where} row {row}, column "code": {code} ({region.name}) is in no revision of '
                        f"{HISTORY_LABEL}, so it is new since the first edition's division "
                        f"cut-off{cutoff} or shortly before, and region_changes.csv records no origin for "
                        f"it; add a row with new_code {code}, or remove the region if nothing refers to it.")
    _raise_if(problems)


DOMAIN_CHECKS = (
    check_edition_sizes,
    check_rank_coverage,
    check_unique_entries,
    check_province_marks,
    check_region_hierarchy,
    check_printed_names,
    *IDENTITY_CHECKS,
    *CHANGE_CHECKS,
    *EDITION_CHECKS,
    *SOURCE_CHECKS,
    *CLAIM_PARAM_CHECKS,
    *FACT_CHECKS,
)
CODELIST_CHECKS = (check_codes_in_codelist, check_changes_in_codelist, check_new_codes_have_origin,
                   *CHANGE_CODELIST_CHECKS)


def _raise_if(problems: list[str]) -> None:
    if problems:
        raise CheckError(problems)


def _numbered(frame: pd.DataFrame):
    """Yield (CSV row number, row as a named tuple) in file order."""
    yield from enumerate(frame.itertuples(index=False), start=_FIRST_ROW)


def _corrected_keys(corrections: pd.DataFrame, field: str) -> set[tuple[str, str]]:
    chosen = corrections[corrections["field"] == field]
    return set(zip(chosen["edition"], chosen["region_code"], strict=True))


def _corrected_ranks(rankings: pd.DataFrame, corrections: pd.DataFrame) -> pd.Series:
    """Return the ranks with `rank` corrections applied (a non-integer correction keeps the print)."""
    chosen = corrections[corrections["field"] == "rank"]
    chosen = chosen.drop_duplicates(["edition", "region_code"], keep="last")
    fixes = chosen.set_index(["edition", "region_code"])["corrected_value"]
    keys = pd.MultiIndex.from_frame(rankings[["edition", "region_code"]])
    fixed = pd.to_numeric(fixes.reindex(keys), errors="coerce").astype("Int64")
    return fixed.set_axis(rankings.index).fillna(rankings["rank"])


def _describe_break(rank: int, expected: int) -> str:
    if rank > expected:
        missing = str(expected) if rank == expected + 1 else f"{expected}-{rank - 1}"
        return f"has rank {rank} where {expected} comes next; rank {missing} missing"
    return (f"has rank {rank} but the ranks before it already fill positions up to {expected - 1}; after a "
            f"tie the next rank must be {expected} (competition ranking)")


def _find_hierarchy_breaks(region, levels: dict, municipalities: set) -> list[tuple[str, str]]:
    code, province, prefecture = region.code, region.province_code, region.prefecture_code
    breaks = []
    if code[:2] != province[:2] or levels.get(province) != "province":
        breaks.append(("province_code", f"has province_code {province}, which must be the province whose "
                                        "code shares its first two digits; fix the code or "
                                        "the province_code"))
    if region.level in ("province", "prefecture") or code[2:4] == _PROVINCE_ADMINISTERED:
        if prefecture:
            breaks.append(("prefecture_code", f"is a {region.level} or province-administered unit; leave "
                                              "prefecture_code empty"))
    elif not prefecture and province not in municipalities:
        breaks.append(("prefecture_code", "has no prefecture_code but is not province-administered (xx90xx); "
                                          "add its prefecture"))
    elif prefecture and (code[:4] != prefecture[:4] or levels.get(prefecture) != "prefecture"):
        breaks.append(("prefecture_code", f"has prefecture_code {prefecture}, which must be the prefecture "
                                          "whose code shares its first four digits; fix the code or the "
                                          "prefecture_code"))
    if region.level == "province" and code != province:
        breaks.append(("province_code", "is a province; its province_code must equal its code"))
    return breaks
