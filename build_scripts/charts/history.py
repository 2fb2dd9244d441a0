"""Rank-history chart of one place: its rank in every held edition of the lists it appears in.

Inputs: the place's `entries` rows and the `editions` table. Output: an Altair chart with the rank
axis inverted (1 at the top) and editions without the place left as gaps (null ranks), one line
per list.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd

from build_scripts.catalogue import load_catalogue
from build_scripts.charts.render import build_spec
from build_scripts.charts.theme import (
    BLOC_COLOURS,
    CHINESE,
    NUMBER_FONT,
    PRIMARY,
    WIDTH,
    finish,
    records,
)

HISTORY_COLUMNS = ("list", "list_name", "edition", "year", "rank")
HEIGHT = 150


def compute_rank_ticks(size: int, ticks: Mapping[str, Sequence[int]], lists: Sequence[str]) -> list[int]:
    """Return the rank-axis ticks of a chart of `lists` whose longest edition has `size` entries.

    Args:
        size: The largest edition size of the lists shown.
        ticks: Configured ticks by list code (config/lists.yml `rank_ticks`).
        lists: The list codes shown.

    Returns:
        The configured ticks of the first shown list whose ticks end at `size`, else [1, size].
    """
    return next((list(ticks[code]) for code in lists if code in ticks and ticks[code][-1] == size), [1, size])


# The rank axis ends a little below the place's worst rank, at a multiple of RANK_STEP, so that a
# place ranked 3-6 is not a flat line at the top of a 1-100 axis (issue 16); 1 stays on top.
RANK_STEP = 5
RANK_MARGIN = 0.25


def compute_rank_axis(ranks: list[int], size: int,
                      whole: Sequence[int] | None = None) -> tuple[list[int], list[int]]:
    """Return a place's rank axis (domain, tick values): 1 at the top, the end below its worst rank.

    The end is the worst rank plus a quarter of it (at least 2), rounded up to a multiple of
    `RANK_STEP` and at most `size`; ticks are 1 and about four evenly spaced round ranks. An axis
    that reaches `size` shows the whole list with the `whole` ticks (default: 1 and `size`).

    Example: ranks 3-6 of a 100 list give domain [1, 10] and ticks [1, 5, 10].
    """
    worst = max(ranks, default=size)
    end = _round_up(int(worst + max(2, worst * RANK_MARGIN)), RANK_STEP)
    step = _round_up(-(-end // 4), RANK_STEP)
    end = _round_up(end, step)
    if end >= size:
        return [1, size], list(whole or (1, size))
    ticks = [1] + [v for v in range(step, end + 1, step) if v > 1]
    if ticks[-1] != end:
        ticks.append(end)
    return [1, end], ticks


def compute_rank_history(rows: pd.DataFrame, editions: pd.DataFrame) -> pd.DataFrame:
    """Return one row per held edition of every list the place appears in, rank NA where absent.

    Args:
        rows: The place's `entries` rows (edition, list, rank); one region only.
        editions: The `editions` table (edition, list, list_name, year).

    Returns:
        Columns `HISTORY_COLUMNS` (year as a string such as "2019", rank Int64 with NA for an
        edition the place is absent from), sorted by list then year. This is the chart's data table.
    """
    held = editions[editions["list"].isin(rows["list"].unique())]
    frame = held[["list", "list_name", "edition", "year"]].merge(
        rows[["edition", "rank"]], on="edition", how="left", validate="one_to_one"
    )
    frame = frame.assign(year=frame["year"].astype("string"), rank=frame["rank"].astype("Int64"))
    return frame.sort_values(["list", "year"], kind="stable", ignore_index=True)[list(HISTORY_COLUMNS)]


def _round_up(value: int, step: int) -> int:
    return -(-value // step) * step


def build_rank_history_chart(rows: pd.DataFrame, editions: pd.DataFrame, place_name: str,
                             ticks: Mapping[str, Sequence[int]] | None = None,
                             lang: str = CHINESE) -> alt.LayerChart:
    """Build a place's rank-history chart.

    x is the edition year (ordinal; every held edition of the place's lists is shown), y the rank
    on an inverted axis (1 at the top, ending just below the place's worst rank: `compute_rank_axis`),
    every point labelled with its rank. An edition the place is absent from has a null rank: the
    line breaks there and no point is drawn, so absence never looks like a rank. With one list the
    title names it and each point carries its rank; with several, colour tells the lists apart.

    Args:
        rows: The place's `entries` rows (edition, list, rank). Pass the rows of one list for a
            one-list chart.
        editions: The `editions` table (edition, list, list_name, year, size).
        place_name: Display name used in the title and description, e.g. 江阴市.
        ticks: Rank-axis ticks by list code (config/lists.yml); None or a list without: [1, size].
        lang: The language of its title and description; `editions`' list_name is expected in it.

    Returns:
        A layered chart about 330 px wide (fits a 360 px phone screen).
    """
    frame = compute_rank_history(rows, editions)
    list_names = list(dict.fromkeys(frame["list_name"]))
    size = int(editions.loc[editions["list"].isin(frame["list"]), "size"].max())
    whole = compute_rank_ticks(size, ticks or {}, list(dict.fromkeys(frame["list"])))
    domain, ticks = compute_rank_axis([int(r) for r in frame["rank"].dropna()], size, whole)
    # No axis titles, and the title is not drawn (the page's caption shows it): the labels are years
    # and ranks, and measuring Chinese text costs vl-convert more than the rest of this small chart,
    # of which there is one per place.
    y = alt.Y(
        "rank:Q",
        title=None,
        scale=alt.Scale(domain=domain, reverse=True, nice=False, zero=False),
        axis=alt.Axis(values=ticks),
    )
    x = alt.X("year:O", title=None, sort="ascending", axis=alt.Axis(labelAngle=0))
    legend = alt.Legend(orient="bottom", columns=1)
    colours = alt.Scale(domain=list_names, range=list(BLOC_COLOURS[: len(list_names)]))
    colour = alt.Color("list_name:N", title=None, sort=list_names, legend=legend, scale=colours)
    shape = alt.Shape(
        "list_name:N", title=None, sort=list_names, legend=legend, scale=alt.Scale(domain=list_names)
    )
    base = alt.Chart().encode(x=x, y=y)
    ranked = base.transform_filter("isValid(datum.rank)")
    if len(list_names) == 1:
        layers = [
            base.mark_line(color=PRIMARY, invalid="break-paths-show-domains"),
            ranked.mark_point(filled=True, size=40, color=PRIMARY, opacity=1),
            ranked.mark_text(align="left", dx=6, dy=-7, font=NUMBER_FONT).encode(text=alt.Text("rank:Q")),
        ]
    else:
        layers = [
            base.mark_line(invalid="break-paths-show-domains").encode(color=colour),
            ranked.mark_point(filled=True, size=40, opacity=1).encode(color=colour, shape=shape),
        ]
        # One text layer per list, above the point for the first list and below it for the next, so
        # two lists with the same rank in one year do not print their labels over each other.
        layers += [
            ranked.transform_filter(alt.datum.list_name == name).mark_text(
                align="left", dx=6, dy=-7 if index % 2 == 0 else 9, font=NUMBER_FONT).encode(
                text=alt.Text("rank:Q"), color=alt.Color("list_name:N", legend=None, scale=colours))
            for index, name in enumerate(list_names)
        ]
    chart = alt.layer(*layers).properties(width=WIDTH, height=HEIGHT)
    description = describe_rank_history(frame, place_name, lang)
    # One font stack in both languages (the chart font covers Latin): a one-list chart draws no word,
    # so its Chinese and English SVGs are one drawing, rendered once (render.build_drawing).
    return finish(chart, _history_title(place_name, list_names, lang), description, frame, draw_title=False)


def _history_title(place_name: str, list_names: list[str], lang: str) -> str:
    """Return the chart title: the list is named when there is only one."""
    t = load_catalogue(lang)
    if len(list_names) == 1:
        return t.t("chart.rank_title_one", place=place_name, list=list_names[0])
    return t.t("chart.rank_title", place=place_name)


def build_rank_history_specs(
    entries: pd.DataFrame, editions: pd.DataFrame, place_names: Mapping[str, str], min_ranked: int = 1,
    ticks: Mapping[str, Sequence[int]] | None = None, absences: Mapping[tuple[str, str], str] | None = None,
    lang: str = CHINESE,
) -> dict[str, dict]:
    """Build the rank-history spec of every place at once (the fast path for the region pages).

    Altair takes tens of milliseconds to assemble one chart, while all rank-history charts share
    one of a few shapes (which lists). So one spec is built with `build_rank_history_chart` per
    shape and each place gets a copy with its own data, title and description: the result equals
    `build_spec(build_rank_history_chart(...))` for that place (a unit test checks this).

    Args:
        entries: The `entries` table (edition, list, rank, region_code), any number of places.
        editions: The `editions` table (edition, list, list_name, year, size).
        place_names: Display name by region_code; every region_code of `entries` must be present.
        min_ranked: Leave out places ranked in fewer than this many editions of every list (2 skips
            one-point charts, about 40% of the places on the real data; 1 keeps every place).
        ticks: Rank-axis ticks by list code, as for `build_rank_history_chart`.
        absences: What the description says of an edition without the place, by (region_code,
            edition), instead of "未上榜": "转入工业百强区" for a place that moved to another list.
        lang: The language of the titles and descriptions; `editions`' list_name is expected in it.

    Returns:
        Vega-Lite spec dicts by region_code, in region_code order.
    """
    rows_by_place: dict[str, list[dict]] = {}
    for row in records(compute_rank_histories(entries, editions)):
        rows_by_place.setdefault(row.pop("region_code"), []).append(row)
    absent_by_place: dict[str, dict[str, str]] = {}
    for (code, edition), note in (absences or {}).items():
        absent_by_place.setdefault(code, {})[edition] = note
    # By shape (the place's lists): the spec every place of the shape copies, and the largest list size.
    templates: dict[tuple, dict] = {}
    sizes: dict[tuple, int] = {}
    specs = {}
    for region_code, rows in rows_by_place.items():
        if _most_ranked_in_one_list(rows) < min_ranked:
            continue
        name = place_names[region_code]
        key = tuple(dict.fromkeys(row["list"] for row in rows))
        if key not in templates:
            place = entries[entries["region_code"] == region_code]
            templates[key] = build_spec(build_rank_history_chart(place, editions, name, ticks, lang))
            sizes[key] = int(editions.loc[editions["list"].isin(key), "size"].max())
        list_names = list(dict.fromkeys(row["list_name"] for row in rows))
        axis = compute_rank_axis([row["rank"] for row in rows if row["rank"] is not None], sizes[key])
        specs[region_code] = {
            **_with_rank_axis(templates[key], *axis),
            "data": {"values": rows},
            "usermeta": {"title": _history_title(name, list_names, lang)},
            "description": _describe_rows(rows, name, lang, absent_by_place.get(region_code, {})),
        }
    return specs


def _with_rank_axis(spec: dict, domain: list[int], ticks: list[int]) -> dict:
    """Return a copy of a rank-history spec whose rank scale and ticks are `domain` and `ticks`."""
    if isinstance(spec, list):
        return [_with_rank_axis(item, domain, ticks) for item in spec]
    if not isinstance(spec, dict):
        return spec
    out = {k: _with_rank_axis(v, domain, ticks) for k, v in spec.items()}
    if out.get("field") == "rank" and "scale" in out:
        out["scale"] = {**out["scale"], "domain": domain}
        out["axis"] = {**out.get("axis", {}), "values": ticks}
    return out


def _most_ranked_in_one_list(rows: list[dict]) -> int:
    """Return the largest number of ranked editions the place has in any one list."""
    ranked: dict[str, int] = {}
    for row in rows:
        ranked[row["list"]] = ranked.get(row["list"], 0) + (row["rank"] is not None)
    return max(ranked.values())


def compute_rank_histories(entries: pd.DataFrame, editions: pd.DataFrame) -> pd.DataFrame:
    """Return `compute_rank_history` for every place at once, with region_code as the first column.

    Returns:
        Columns region_code + `HISTORY_COLUMNS`, sorted by region_code, list and year.
    """
    pairs = entries[["region_code", "list"]].drop_duplicates()
    held = pairs.merge(
        editions[["list", "list_name", "edition", "year"]], on="list", how="left", validate="many_to_many"
    )
    frame = held.merge(
        entries[["region_code", "edition", "rank"]], on=["region_code", "edition"], how="left",
        validate="one_to_one",
    )
    frame = frame.assign(year=frame["year"].astype("string"), rank=frame["rank"].astype("Int64"))
    frame = frame.sort_values(["region_code", "list", "year"], kind="stable", ignore_index=True)
    return frame[["region_code", *HISTORY_COLUMNS]]


def describe_rank_history(frame: pd.DataFrame, place_name: str, lang: str = CHINESE) -> str:
    """Return the one-sentence summary of a rank history.

    Example: "江阴市在工业百强县（市）中：2019年第 1 位，2021年未上榜，2024年第 1 位。"

    Args:
        frame: Output of `compute_rank_history`.
        place_name: Display name of the place.
        lang: The language of the sentence.

    Returns:
        One clause per list, each edition as "2019年第 3 位" or "2021年未上榜".
    """
    return _describe_rows(records(frame), place_name, lang)


def _describe_rows(rows: list[dict], place_name: str, lang: str,
                   absences: Mapping[str, str] | None = None) -> str:
    """Describe history rows (dicts with list_name, edition, year, rank) in row order.

    `absences` words an edition without the place by edition ("转入工业百强区"); default "未上榜".
    """
    t = load_catalogue(lang)
    steps: dict[str, list[str]] = {}
    for row in rows:
        rank = row["rank"]
        if rank is None:
            absence = (absences or {}).get(row["edition"]) or t.t("chart.absent")
            step = t.t("chart.rank_absent", year=row["year"], absence=absence)
        else:
            step = t.t("chart.rank_step", year=row["year"], rank=rank)
        steps.setdefault(row["list_name"], []).append(step)
    separator = t.t("chart.separator")
    clauses = [t.t("chart.rank_clause", list=name, steps=separator.join(items))
               for name, items in steps.items()]
    return t.t("chart.rank_description", place=place_name,
               clauses=t.t("chart.clause_separator").join(clauses))
