"""The registry's pinyin rule: a reading of the short name, ü as v, or pypinyin's phrase reading."""

from __future__ import annotations

import pandas as pd
import pytest

from scoring.errors import CheckError
from scoring.identity_checks import check_pinyin


class _Registry:
    """Just what `check_pinyin` reads of a package: the regions table and its shown path."""

    def __init__(self, rows: list[tuple[str, str, str]]) -> None:
        self._regions = pd.DataFrame(rows, columns=["code", "short_name", "pinyin"])

    def __getitem__(self, name: str) -> pd.DataFrame:
        assert name == "regions"
        return self._regions

    def display_path(self, name: str) -> str:
        return f"data/{name}.csv"


@pytest.mark.parametrize(("code", "short_name", "pinyin"), [
    ("141100", "吕梁", "lvliang"),  # ü as v (pypinyin's table has lǚ)
    ("210212", "旅顺口", "lvshunkou"),
    ("130225", "乐亭", "laoting"),  # the phrase reading: 乐 alone is le or yue
    ("320583", "昆山", "kunshan"),
    ("610000", "陕西", "shaanxi"),  # the official romanisation
])
def test_readings_the_registry_writes_are_accepted(code, short_name, pinyin):
    check_pinyin(_Registry([(code, short_name, pinyin)]))


@pytest.mark.parametrize(("short_name", "pinyin"), [
    ("吕梁", "luliang"),  # ü is written v
    ("吕梁", "lüliang"),
    ("昆山", "kunshang"),
    ("乐亭", "leting2"),
])
def test_other_spellings_are_refused_naming_the_cell(short_name, pinyin):
    with pytest.raises(CheckError) as caught:
        check_pinyin(_Registry([("141100", short_name, pinyin)]))
    assert str(caught.value).startswith('data/regions.csv row 2, column "pinyin": ')
