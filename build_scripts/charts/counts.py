"""Count charts of the list pages, province pages and home page.

Inputs: the derived `province_counts`, `bloc_counts` and `rank_bands` tables (and `editions` for
years and list names). Outputs: Altair charts; no I/O.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from build_scripts.charts.theme import (
    BAR_STEP,
    BLOC_COLOURS,
    BLOC_ORDER,
    COUNT_AXIS_TITLE,
    FONT,
    NUMBER_FONT,
    PRIMARY,
    PROVINCE_AXIS_TITLE,
    WIDTH,
    YEAR_AXIS_TITLE,
    add_province_short_names,
    describe_counts,
    finish,
    order_provinces,
)

BAND_AXIS_TITLE = "名次段（位）"


def build_province_counts_chart(province_counts: pd.DataFrame, title: str) -> alt.LayerChart:
    """Build horizontal bars of one edition's entries per province, largest first.

    Args:
        province_counts: `province_counts` rows of one edition (province_code, province_name, count).
        title: Chart title, e.g. "2024年工业百强县（市）各省上榜数".

    Returns:
        Bars with the count printed at each bar's end; ties are ordered by province code.
    """
    frame = add_province_short_names(province_counts[["province_code", "province_name", "count"]])
    order = order_provinces(frame)
    y = alt.Y("province_short:N", title=PROVINCE_AXIS_TITLE, sort=order, axis=alt.Axis(labelFont=FONT))
    base = alt.Chart().encode(y=y, x=alt.X("count:Q", title=COUNT_AXIS_TITLE, axis=alt.Axis(tickMinStep=1)))
    bars = base.mark_bar(color=PRIMARY)
    labels = base.mark_text(align="left", dx=3, font=NUMBER_FONT, fontSize=10).encode(
        text=alt.Text("count:Q"))
    chart = alt.layer(bars, labels).properties(
        width=WIDTH - 40, height=alt.Step(BAR_STEP)
    )
    totals = frame.set_index("province_short")["count"].groupby(level=0).sum()
    description = f"{title}：共 {len(order)} 个省份有上榜地区。" + describe_counts(
        [(name, int(totals[name])) for name in order]
    ) + "。"
    return finish(chart, title, description, frame)


def build_bloc_counts_chart(
    bloc_counts: pd.DataFrame, editions: pd.DataFrame, title: str
) -> alt.LayerChart:
    """Build grouped bars of entries per bloc (东部/中部/西部/东北) in each edition of one list.

    Args:
        bloc_counts: `bloc_counts` rows of one list's editions (edition, bloc, count).
        editions: The `editions` table (edition, year).
        title: Chart title, e.g. "工业百强县（市）四大区域上榜数".

    Returns:
        One group of four bars per edition year, each bar labelled with its count. A bloc with no
        row in an edition is drawn as 0.
    """
    frame = compute_bloc_frame(bloc_counts, editions)
    base = alt.Chart().encode(
        x=alt.X("year:O", title=YEAR_AXIS_TITLE, axis=alt.Axis(labelAngle=0)),
        xOffset=alt.XOffset("bloc:N", sort=list(BLOC_ORDER)),
        y=alt.Y("count:Q", title=COUNT_AXIS_TITLE, axis=alt.Axis(tickMinStep=1)),
    )
    colour = alt.Color(
        "bloc:N", title=None, sort=list(BLOC_ORDER),
        scale=alt.Scale(domain=list(BLOC_ORDER), range=list(BLOC_COLOURS)),
    )
    bars = base.mark_bar().encode(color=colour)
    labels = base.mark_text(dy=-6, font=NUMBER_FONT, fontSize=10).encode(text=alt.Text("count:Q"))
    chart = alt.layer(bars, labels).properties(width=WIDTH, height=180)
    years = [
        f"{year}年" + describe_counts(list(zip(group["bloc"], group["count"], strict=True)))
        for year, group in frame.groupby("year", sort=True)
    ]
    return finish(chart, title, f"{title}：" + "；".join(years) + "。", frame)


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


def build_rank_band_heatmap(rank_bands: pd.DataFrame, title: str) -> alt.LayerChart:
    """Build the province × rank-band heat map of one edition, counts printed in the cells.

    Args:
        rank_bands: `rank_bands` rows of one edition (province_code, band, band_start, count).
        title: Chart title, e.g. "2024年工业百强县（市）各省名次分布".

    Returns:
        Rows = provinces (most entries first), columns = bands (1-10 … 91-100); empty cells mean no
        entry in that band.
    """
    frame = add_province_short_names(rank_bands[["province_code", "band", "band_start", "count"]])
    # Every band of the table stays on the axis, even one no province reaches.
    bands = list(dict.fromkeys(frame.sort_values("band_start", kind="stable")["band"]))
    frame = frame[frame["count"] > 0].sort_values(["band_start", "province_code"], kind="stable")
    order = order_provinces(frame)
    base = alt.Chart().encode(
        x=alt.X("band:O", title=BAND_AXIS_TITLE, sort=bands, scale=alt.Scale(domain=bands),
                axis=alt.Axis(labelAngle=-45, orient="top")),
        y=alt.Y("province_short:N", title=PROVINCE_AXIS_TITLE, sort=order, axis=alt.Axis(labelFont=FONT)),
    )
    cells = base.mark_rect().encode(
        color=alt.Color("count:Q", title=COUNT_AXIS_TITLE, scale=alt.Scale(scheme="blues", domainMin=0))
    )
    high = int(frame["count"].max()) / 2 if len(frame) else 0
    text = base.mark_text(font=NUMBER_FONT, fontSize=10).encode(
        text=alt.Text("count:Q"),
        color=alt.condition(f"datum.count > {high}", alt.value("white"), alt.value("#222222")),
    )
    chart = alt.layer(cells, text).properties(
        width=alt.Step(26), height=alt.Step(BAR_STEP)
    )
    rows = [
        f"{name}：" + "，".join(f"{band}位 {count} 个" for band, count in zip(group["band"], group["count"],
                                                                            strict=True))
        for name, group in frame.groupby("province_short", sort=False)
    ]
    rows = sorted(rows, key=_order_key(order))
    description = f"{title}（热力图，空格为 0）。" + "；".join(rows)
    return finish(chart, title, description, frame.reset_index(drop=True))


def _order_key(order: list[str]):
    """Return a sort key placing "江苏：…" sentences in the province order of the chart."""
    position = {name: i for i, name in enumerate(order)}
    return lambda sentence: position[sentence.split("：", 1)[0]]


def build_home_province_chart(
    province_counts: pd.DataFrame, editions: pd.DataFrame, title: str
) -> alt.LayerChart:
    """Build the home page's stacked bars: entries per province across several editions.

    Args:
        province_counts: `province_counts` rows of the editions to show (e.g. the newest of each list).
        editions: The `editions` table (edition, list_name, year).
        title: Chart title, e.g. "最新各榜单各省上榜数".

    Returns:
        One bar per province (largest total first), stacked by edition, with the total at the end.
    """
    columns = ["edition", "province_code", "province_name", "count"]
    frame = add_province_short_names(province_counts[columns]).merge(
        editions[["edition", "list_name", "year"]], on="edition", how="left", validate="many_to_one"
    )
    frame = frame.assign(edition_name=frame["year"].astype("string") + "年" + frame["list_name"])
    frame = frame.sort_values(["edition", "province_code"], kind="stable", ignore_index=True)
    order = order_provinces(frame)
    names = list(dict.fromkeys(frame["edition_name"]))
    y = alt.Y("province_short:N", title=PROVINCE_AXIS_TITLE, sort=order, axis=alt.Axis(labelFont=FONT))
    bars = alt.Chart().mark_bar().encode(
        y=y,
        x=alt.X("sum(count):Q", title=COUNT_AXIS_TITLE, axis=alt.Axis(tickMinStep=1)),
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
    listed = describe_counts([(name, int(sums[name])) for name in order])
    description = f"{title}（{'、'.join(names)}合计）：{listed}。"
    return finish(chart, title, description, frame)


def build_province_history_chart(
    province_counts: pd.DataFrame, editions: pd.DataFrame, province_name: str
) -> alt.LayerChart:
    """Build a province page's chart: its number of entries in each edition, one line per list.

    Args:
        province_counts: `province_counts` rows of one province (edition, count), any editions.
        editions: The `editions` table (edition, list, list_name, year).
        province_name: Display name for the title, e.g. 江苏省.

    Returns:
        Lines with points and count labels over the held editions of every list the province
        appears in; an edition without a row counts 0 (the list was published and had no entry
        from the province), unlike a place's rank history where absence is a gap.
    """
    frame = compute_province_history(province_counts, editions)
    list_names = list(dict.fromkeys(frame["list_name"]))
    colour = alt.Color(
        "list_name:N", title=None, sort=list_names, legend=alt.Legend(columns=1),
        scale=alt.Scale(domain=list_names, range=list(BLOC_COLOURS[: len(list_names)])),
    )
    base = alt.Chart().encode(
        x=alt.X("year:O", title=YEAR_AXIS_TITLE, sort="ascending", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("count:Q", title=COUNT_AXIS_TITLE, axis=alt.Axis(tickMinStep=1)),
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
        f"{list_name}：" + describe_counts([(f"{year}年", count) for year, count in zip(g["year"], g["count"],
                                                                                    strict=True)])
        for list_name, g in frame.groupby("list_name", sort=False)
    ]
    title = f"{province_name}历年上榜数"
    return finish(chart, title, f"{title}：" + "；".join(clauses) + "。", frame)


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
