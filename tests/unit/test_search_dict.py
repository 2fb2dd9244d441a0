"""Tests for build_scripts.search_dict: the jieba user dictionary keeps every place name whole."""

from __future__ import annotations

import io
from pathlib import Path

import jieba
import pandas as pd

from build_scripts.search_dict import compute_search_words, render_user_dict, write_search_dict

REGIONS = pd.read_csv(io.StringIO("""code,name,short_name
150622,准格尔旗,准格尔
130209,曹妃甸区,曹妃甸
320413,金坛区,金坛
320582,张家港市,张家港
320583,昆山市,昆山
320281,江阴市,江阴
330282,慈溪市,
"""), dtype="string")
CHANGES = pd.read_csv(io.StringIO("""old_code,old_name,new_code,new_name
320482,金坛市,320413,金坛区
"""), dtype="string")


def _tokenizer(path: Path) -> jieba.Tokenizer:
    tokenizer = jieba.Tokenizer()
    tokenizer.load_userdict(str(path))
    return tokenizer


def test_compute_search_words_collects_names_short_names_and_former_names_sorted():
    words = compute_search_words(REGIONS, CHANGES)
    assert words == tuple(sorted(words))
    assert {"准格尔旗", "准格尔", "金坛市", "金坛区", "慈溪市"} <= set(words)
    assert len(words) == len(set(words))


def test_compute_search_words_drops_single_characters_and_blanks():
    regions = pd.DataFrame({"name": ["县", " ", "海安市"], "short_name": [pd.NA, "海 安", "海安"]},
                           dtype="string")
    empty = pd.DataFrame({"old_name": [], "new_name": []}, dtype="string")
    assert compute_search_words(regions, empty) == ("海安", "海安市")


def test_render_user_dict_writes_one_word_and_frequency_per_line():
    assert render_user_dict(["昆山", "昆山市"], 5) == "昆山 5\n昆山市 5\n"


def test_user_dict_keeps_names_whole_that_plain_jieba_splits(tmp_path):
    path = tmp_path / "dict.txt"
    count = write_search_dict(REGIONS, CHANGES, path)
    assert count == len(path.read_text(encoding="utf-8").splitlines())
    plain = jieba.Tokenizer()
    split_by_plain = [n for n in REGIONS["name"] if list(plain.cut(n)) != [n]]
    assert split_by_plain, "fixture should hold a name that plain jieba splits"
    tokenizer = _tokenizer(path)
    for name in REGIONS["name"]:
        assert list(tokenizer.cut(name)) == [name]


def test_user_dict_keeps_names_whole_inside_sentences(tmp_path):
    path = tmp_path / "dict.txt"
    write_search_dict(REGIONS, CHANGES, path)
    words = list(_tokenizer(path).cut("2024年曹妃甸区和准格尔旗上榜，金坛区与张家港市进步明显"))
    assert {"曹妃甸区", "准格尔旗", "金坛区", "张家港市"} <= set(words)
