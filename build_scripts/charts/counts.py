"""Count charts of the list pages, province pages and home page.

Inputs: the derived `province_counts`, `bloc_counts` and `rank_bands` tables (and `editions` for
years and list names). Outputs: Altair charts; no I/O.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from build_scripts.catalogue import load_catalogue
from build_scripts.charts.theme import (
    BAR_STEP,
    BLOC_COLOURS,
    BLOC_ORDER,
    CHINESE,
    NUMBER_FONT,
    PRIMARY,
    WIDTH,
    add_province_short_names,
    describe,
    describe_counts,
    finish,
    order_provinces,
    text_font,
    translate_blocs,
)


def build_province_counts_chart(province_counts: pd.DataFrame, title: str,
                                lang: str = CHINESE) -> alt.LayerChart:
    """Build horizontal bars of one edition's entries per province, largest first.

    Args:
        province_counts: `province_counts` rows of one edition (province_code, province_name, count).
        title: Chart title, e.g. "2024年工业百强县（市）各省上榜数".
        lang: The language of its words (axes, province labels, description).

    Returns:
        Bars with the count printed at each bar's end; ties are ordered by province code.
    """
    t = load_catalogue(lang)
    frame = add_province_short_names(province_counts[["province_code", "province_name", "count"]], lang)
    order = order_provinces(frame)
    y = alt.Y("province_short:N", title=t.t("chart.province_axis"), sort=order,
              axis=alt.Axis(labelFont=text_font(lang)))
    base = alt.Chart().encode(y=y, x=alt.X("count:Q", title=t.t("chart.count_axis"),
                                           axis=alt.Axis(tickMinStep=1)))
    bars = base.mark_bar(color=PRIMARY)
    labels = base.mark_text(align="left", dx=3, font=NUMBER_FONT, fontSize=10).encode(
        text=alt.Text("count:Q"))
    chart = alt.layer(bars, labels).properties(
        width=WIDTH - 40, height=alt.Step(BAR_STEP)
    )
    totals = frame.set_index("province_short")["count"].groupby(level=0).sum()
    counts = describe_counts([(name, int(totals[name])) for name in order], lang)
    text = t.t("chart.province_counts_text", provinces=len(order), counts=counts)
    return finish(chart, title, describe(lang, title, text), frame, lang=lang)


def build_bloc_counts_chart(
    bloc_counts: pd.DataFrame, editions: pd.DataFrame, title: str, lang: str = CHINESE
) -> alt.LayerChart:
    """Build grouped bars of entries per bloc (东部/中部/西部/东北) in each edition of one list.

    Args:
        bloc_counts: `bloc_counts` rows of one list's editions (edition, bloc, count).
        editions: The `editions` table (edition, year).
        title: Chart title, e.g. "工业百强县（市）四大区域上榜数".
        lang: The language of its words (axes, bloc names, description).

    Returns:
        One group of four bars per edition year, each bar labelled with its count. A bloc with no
        row in an edition is drawn as 0.
    """
    t = load_catalogue(lang)
    frame, blocs = translate_blocs(compute_bloc_frame(bloc_counts, editions), lang)
    base = alt.Chart().encode(
        x=alt.X("year:O", title=t.t("chart.year_axis"), axis=alt.Axis(labelAngle=0)),
        xOffset=alt.XOffset("bloc:N", sort=blocs),
        y=alt.Y("count:Q", title=t.t("chart.count_axis"), axis=alt.Axis(tickMinStep=1)),
    )
    colour = alt.Color(
        "bloc:N", title=None, sort=blocs,
        scale=alt.Scale(domain=blocs, range=list(BLOC_COLOURS)),
    )
    bars = base.mark_bar().encode(color=colour)
    labels = base.mark_text(dy=-6, font=NUMBER_FONT, fontSize=10).encode(text=alt.Text("count:Q"))
    chart = alt.layer(bars, labels).properties(width=WIDTH, height=180)
    years = [
        t.t("chart.year_counts", year=year,
            counts=describe_counts(list(zip(group["bloc"], group["count"], strict=True)), lang))
        for year, group in frame.groupby("year", sort=True)
    ]
    return finish(chart, title, describe(lang, title, t.t("chart.clause_separator").join(years)), frame,
                  lang=lang)


def compute_bloc_frame(bloc_counts: pd.DataFrame, editions: pd.DataFrame) -> pd.DataFrame:
    """Return the bloc chart's table: one row per edition and bloc, in `BLOC_ORDER`, zeros filled.

    Args:
        bloc_counts: `bloc_counts` rows (edition, bloc, count).
        editions: The `editions` table (edition, year).

    Returns:
        Columns edition, year (string), bloc, count; sorted by year then bloc order.
    """
    grid = pd.MultiIndex.from_product(
        [sorted(bloc_counts["edition"].unique()), list(BLOC_ORDER)], names=["edition", "bloc"]
    ).to_frame(index=False)
    frame = grid.merge(bloc_counts[["edition", "bloc", "count"]], on=["edition", "bloc"], how="left",
                       validate="one_to_one")
    frame = frame.merge(editions[["edition", "year"]], on="edition", how="left", validate="many_to_one")
    frame = frame.assign(
        year=frame["year"].astype("string"), count=frame["count"].fillna(0).astype("int64")
    )
    frame["bloc_order"] = frame["bloc"].map({bloc: i for i, bloc in enumerate(BLOC_ORDER)})
    frame = frame.sort_values(["year", "bloc_order"], kind="stable", ignore_index=True)
    return frame[["edition", "year", "bloc", "count"]]


def build_rank_band_heatmap(rank_bands: pd.DataFrame, title: str, lang: str = CHINESE) -> alt.LayerChart:
    """Build the province × rank-band heat map of one edition, counts printed in the cells.

    Args:
        rank_bands: `rank_bands` rows of one edition (province_code, band, band_start, count).
        title: Chart title, e.g. "2024年工业百强县（市）各省名次分布".
        lang: The language of its words (axes, province labels, description).

    Returns:
        Rows = provinces (most entries first), columns = bands (1-10 … 91-100); empty cells mean no
        entry in that band.
    """
    t = load_catalogue(lang)
    frame = add_province_short_names(rank_bands[["province_code", "band", "band_start", "count"]], lang)
    # Every band of the table stays on the axis, even one no province reaches.
    bands = list(dict.fromkeys(frame.sort_values("band_start", kind="stable")["band"]))
    frame = frame[frame["count"] > 0].sort_values(["band_start", "province_code"], kind="stable")
    order = order_provinces(frame)
    base = alt.Chart().encode(
        x=alt.X("band:O", title=t.t("chart.band_axis"), sort=bands, scale=alt.Scale(domain=bands),
                axis=alt.Axis(labelAngle=-45, orient="top")),
        y=alt.Y("province_short:N", title=t.t("chart.province_axis"), sort=order,
                axis=alt.Axis(labelFont=text_font(lang))),
    )
    cells = base.mark_rect().encode(
        color=alt.Color("count:Q", title=t.t("chart.count_axis"),
                        scale=alt.Scale(scheme="blues", domainMin=0))
    )
    high = int(frame["count"].max()) / 2 if len(frame) else 0
    text = base.mark_text(font=NUMBER_FONT, fontSize=10).encode(
        text=alt.Text("count:Q"),
        color=alt.condition(f"datum.count > {high}", alt.value("white"), alt.value("#222222")),
    )
    chart = alt.layer(cells, text).properties(
        width=alt.Step(26), height=alt.Step(BAR_STEP)
    )
    groups = dict(list(frame.groupby("province_short", sort=False)))
    rows = [
        t.t("chart.band_row", province=name, cells=t.t("chart.separator").join(
            t.t("chart.band_cell", band=band, count=count)
            for band, count in zip(groups[name]["band"], groups[name]["count"], strict=True)))
        for name in order
    ]
    description = t.t("chart.bands_description", title=title, rows=t.t("chart.clause_separator").join(rows))
    return finish(chart, title, description, frame.reset_index(drop=True), lang=lang)


def build_home_province_chart(
    province_counts: pd.DataFrame, editions: pd.DataFrame, title: str, lang: str = CHINESE
) -> alt.LayerChart:
    """Build the home page's stacked bars: entries per province across several editions.

    Args:
        province_counts: `province_counts` rows of the editions to show (e.g. the newest of each list).
        editions: The `editions` table (edition, list_name, year).
        title: Chart title, e.g. "最新各榜单各省上榜数".
        lang: The language of its words (axes, province labels, description); `editions`' list_name
            is expected in it.

    Returns:
        One bar per province (largest total first), stacked by edition, with the total at the end.
    """
    t = load_catalogue(lang)
    columns = ["edition", "province_code", "province_name", "count"]
    frame = add_province_short_names(province_counts[columns], lang).merge(
        editions[["edition", "list_name", "year"]], on="edition", how="left", validate="many_to_one"
    )
    frame = frame.assign(edition_name=[t.t("chart.edition_name", year=year, list=name)
                                       for year, name in zip(frame["year"], frame["list_name"], strict=True)])
    frame = frame.sort_values(["edition", "province_code"], kind="stable", ignore_index=True)
    order = order_provinces(frame)
    names = list(dict.fromkeys(frame["edition_name"]))
    y = alt.Y("province_short:N", title=t.t("chart.province_axis"), sort=order,
              axis=alt.Axis(labelFont=text_font(lang)))
    bars = alt.Chart().mark_bar().encode(
        y=y,
        x=alt.X("sum(count):Q", title=t.t("chart.count_axis"), axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("edition_name:N", title=None, sort=names, legend=alt.Legend(columns=1),
                        scale=alt.Scale(domain=names, range=list(BLOC_COLOURS[: len(names)]))),
        order=alt.Order("edition_name:N", sort="ascending"),
    )
    totals = alt.Chart().mark_text(align="left", dx=3, font=NUMBER_FONT, fontSize=10).encode(
        y=y, x=alt.X("sum(count):Q"), text=alt.Text("sum(count):Q")
    )
    chart = alt.layer(bars, totals).properties(
        width=WIDTH - 40, height=alt.Step(BAR_STEP)
    )
    sums = frame.groupby("province_short")["count"].sum()
    listed = describe_counts([(name, int(sums[name])) for name in order], lang)
    description = t.t("chart.home_description", title=title, editions=t.t("chart.list_separator").join(names),
                      counts=listed)
    return finish(chart, title, description, frame, lang=lang)


def build_province_history_chart(
    province_counts: pd.DataFrame, editions: pd.DataFrame, province_name: str, lang: str = CHINESE
) -> alt.LayerChart:
    """Build a province page's chart: its number of entries in each edition, one line per list.

    Args:
        province_counts: `province_counts` rows of one province (edition, count), any editions.
        editions: The `editions` table (edition, list, list_name, year).
        province_name: Display name for the title, e.g. 江苏省.
        lang: The language of its words; `editions`' list_name is expected in it.

    Returns:
        Lines with points and count labels over the held editions of every list the province
        appears in; an edition without a row counts 0 (the list was published and had no entry
        from the province), unlike a place's rank history where absence is a gap.
    """
    t = load_catalogue(lang)
    frame = compute_province_history(province_counts, editions)
    list_names = list(dict.fromkeys(frame["list_name"]))
    colour = alt.Color(
        "list_name:N", title=None, sort=list_names, legend=alt.Legend(columns=1),
        scale=alt.Scale(domain=list_names, range=list(BLOC_COLOURS[: len(list_names)])),
    )
    base = alt.Chart().encode(
        x=alt.X("year:O", title=t.t("chart.year_axis"), sort="ascending", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("count:Q", title=t.t("chart.count_axis"), axis=alt.Axis(tickMinStep=1)),
        color=colour,
    )
    layers = [
        base.mark_line(),
        base.mark_point(filled=True, size=40, opacity=1),
        base.mark_text(align="left", dx=5, dy=-6, font=NUMBER_FONT, fontSize=10).encode(
            text=alt.Text("count:Q")),
    ]
    chart = alt.layer(*layers).properties(width=WIDTH, height=160)
    clauses = [
        t.t("chart.list_counts", list=list_name, counts=describe_counts(
            [(t.t("chart.year", year=y), n) for y, n in zip(g["year"], g["count"], strict=True)], lang))
        for list_name, g in frame.groupby("list_name", sort=False)
    ]
    title = t.t("chart.province_history_title", province=province_name)
    return finish(chart, title, describe(lang, title, t.t("chart.clause_separator").join(clauses)), frame,
                  lang=lang)


def compute_province_history(province_counts: pd.DataFrame, editions: pd.DataFrame) -> pd.DataFrame:
    """Return one province's count in every held edition of the lists it appears in (0 where no row).

    Returns:
        Columns list, list_name, edition, year (string), count; sorted by list then year.
    """
    listed = editions.loc[editions["edition"].isin(province_counts["edition"]), "list"].unique()
    held = editions[editions["list"].isin(listed)][["list", "list_name", "edition", "year"]]
    frame = held.merge(province_counts[["edition", "count"]], on="edition", how="left", validate="one_to_one")
    frame = frame.assign(year=frame["year"].astype("string"), count=frame["count"].fillna(0).astype("int64"))
    return frame.sort_values(["list", "year"], kind="stable", ignore_index=True)
