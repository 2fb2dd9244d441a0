"""Parse the ranking tables of the source reports (seeds) into printed rows.

Input: the lines of one seed file. Output: one dict per ranked entry with the printed values and the
1-based line it was read from. A table starts at its title line (the one followed by a header row,
not the table of contents) and ends at its source line (来源：… / 数据来源：…). Inside, the report's
page breaks repeat the header row and interleave footnotes; only lines shaped like table rows count.

Two layouts occur:

- `county`: 排名 / 省（区、市） / 地级市 / 县（市）|区 — one entry per line, ★ after the name.
- `city`: 省份 / 地市 / 全国排名 / 地区排名 / 排名变化, printed twice per line (ranks k and k+25).
"""

from __future__ import annotations

import re

from scoring.errors import PipelineError

STAR = "★"
HEADER_STARTS = ("排名", "省份", "省\t", "\t")
END_STARTS = ("来源", "数据来源")
FOOTNOTE_MARKS = re.compile(r"<sup>\s*\d+\s*</sup>|[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
COUNTY_ROW = re.compile(r"^(\d+)\t([^\t]+)\t([^\t]*)\t([^\t]+)$")
CITY_FIELDS = 5


def find_table(lines: list[str], title: str) -> int:
    """Return the 0-based index of the table's title line.

    Args:
        lines: Lines of the seed file, without line endings.
        title: Start of the title as printed, e.g. "表 1 2021 年中国工业百强县（市）".

    Raises:
        PipelineError: No line starts with `title` and is followed by a header row.
    """
    for index, line in enumerate(lines):
        if line.startswith(title) and _next_text(lines, index).startswith(("排名", "省份")):
            return index
    raise PipelineError(
        f"seed: no table titled {title!r} followed by a header row. Check the edition's table."
    )


def clean_title(line: str) -> str:
    """Return a title line without footnote marks and surrounding whitespace."""
    return FOOTNOTE_MARKS.sub("", line).strip()


def parse_table(lines: list[str], title: str, layout: str) -> list[dict]:
    """Parse one ranking table.

    Args:
        lines: Lines of the seed file.
        title: Start of the table's title (see `find_table`).
        layout: "county" or "city".

    Returns:
        Printed rows in the order they appear, each with `rank` (int), `printed_name`,
        `printed_province`, `printed_prefecture`, `printed_province_first`, `printed_region_rank`,
        `printed_rank_change` and `source_line` (1-based).

    Raises:
        PipelineError: The table has no rows or no end line.
    """
    start = find_table(lines, title)
    parse_line = _parse_county_line if layout == "county" else _parse_city_line
    rows: list[dict] = []
    for index in range(start + 1, len(lines)):
        line = lines[index].strip(" \u3000")
        if rows and line.startswith(END_STARTS):
            return rows
        rows.extend(dict(row, source_line=index + 1) for row in parse_line(line))
    raise PipelineError(f"seed: table {title!r} has no end line (来源：…). Check the seed text.")


def _next_text(lines: list[str], index: int) -> str:
    for line in lines[index + 1 :]:
        if line.strip():
            return line.strip()
    return ""


def _parse_county_line(line: str) -> list[dict]:
    match = COUNTY_ROW.match(line)
    if not match:
        return []
    rank, province, prefecture, name = (part.strip() for part in match.groups())
    return [
        {
            "rank": int(rank),
            "printed_name": name.replace(STAR, "").strip(),
            "printed_province": province,
            "printed_prefecture": prefecture,
            "printed_province_first": STAR in name,
            "printed_region_rank": None,
            "printed_rank_change": None,
        }
    ]


def _parse_city_line(line: str) -> list[dict]:
    fields = [field.strip() for field in line.split("\t")]
    if len(fields) % CITY_FIELDS or not fields[2].isdigit():
        return []
    rows = []
    for offset in range(0, len(fields), CITY_FIELDS):
        province, name, rank, region_rank, change = fields[offset : offset + CITY_FIELDS]
        rows.append(
            {
                "rank": int(rank),
                "printed_name": name.replace(STAR, "").strip(),
                "printed_province": province,
                "printed_prefecture": None,
                "printed_province_first": STAR in name,
                "printed_region_rank": region_rank,
                "printed_rank_change": change,
            }
        )
    return rows
