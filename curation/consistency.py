"""Find printed places that disagree with the registry, so every misprint gets a correction.

Inputs: rows of `rankings.csv`, `regions.csv` keyed by code, and the (edition, region_code, field)
keys already corrected. Output: one message per printed value that disagrees and has no correction.

Rules:

- printed_province must be a prefix of the registry province's name once a trailing 省 is dropped,
  and may end in 省 only when the province is a 省 (广西省 is wrong);
- printed_prefecture must be a prefix of the registry prefecture's name (without 市), or one of
  省直管 / 省直辖 / 兵团直辖 for a province-administered unit (xx90xx);
- printed_region_rank (city list) must be the province's running count of entries, by rank.
"""

from __future__ import annotations

from collections.abc import Mapping

DIRECT = ("省直管", "省直辖", "兵团直辖")


def check_printed_places(
    rankings: list[dict], regions: Mapping[str, dict], corrected: set[tuple]
) -> list[str]:
    """Return one message per uncorrected printed province, prefecture or region rank that disagrees.

    Args:
        rankings: Rows of `rankings.csv` (strings).
        regions: Rows of `regions.csv` keyed by code.
        corrected: (edition, region_code, field) keys that have a correction.
    """
    problems = []
    running: dict[tuple[str, str], int] = {}
    for row in sorted(rankings, key=lambda r: (r["edition"], int(r["rank"]), int(r["source_line"]))):
        region = regions[row["region_code"]]
        running_key = (row["edition"], region["province_code"])
        running[running_key] = running.get(running_key, 0) + 1
        for field, ok in (
            (
                "printed_province",
                _province_ok(row["printed_province"], regions[region["province_code"]]["name"]),
            ),
            ("printed_prefecture", _prefecture_ok(row, region, regions)),
            ("printed_region_rank", _region_rank_ok(row["printed_region_rank"], running[running_key])),
        ):
            if not ok and (row["edition"], row["region_code"], field) not in corrected:
                problems.append(
                    f"{row['edition']} (seed line {row['source_line']}): {field} {row[field]!r} "
                    f"disagrees with {region['name']} ({row['region_code']}); add a correction."
                )
    return problems


def _province_ok(printed: str, official: str) -> bool:
    stem = printed.removesuffix("省")
    return official.startswith(stem) and (printed == stem or official.endswith("省"))


def _prefecture_ok(row: dict, region: dict, regions: Mapping[str, dict]) -> bool:
    printed = row["printed_prefecture"]
    if not printed:
        return region["level"] == "prefecture"
    if not region["prefecture_code"]:
        return printed in DIRECT
    return regions[region["prefecture_code"]]["name"].startswith(printed.removesuffix("市"))


def _region_rank_ok(printed: str, count: int) -> bool:
    if not printed:
        return True
    digits = "".join(ch for ch in printed if ch.isdigit())
    return digits == str(count)
