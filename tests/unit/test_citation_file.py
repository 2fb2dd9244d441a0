"""curation.citation_file: an imported edition's report joins CITATION.cff's references (issue 13)."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from curation.citation_file import write_report_reference

ROOT = Path(__file__).resolve().parents[2]


def test_a_new_report_is_appended_once_and_the_file_keeps_its_comments(tmp_path):
    path = tmp_path / "CITATION.cff"
    shutil.copy(ROOT / "CITATION.cff", path)
    before = path.read_text(encoding="utf-8")

    report = ("测试报告（2099年）", "中国信息通信研究院", "CAICT", "2099-12")  # cited by no edition
    assert write_report_reference(path, *report)
    assert not write_report_reference(path, *report)

    text = path.read_text(encoding="utf-8")
    assert text.startswith(before.rstrip("\n")) and text.startswith("# Citation metadata")
    references = yaml.safe_load(text)["references"]
    assert references[-1] == {"type": "report", "title": "测试报告（2099年）",
                              "authors": [{"name": "中国信息通信研究院 (CAICT)"}], "year": 2099, "month": 12}
    assert len(references) == len(yaml.safe_load(before)["references"]) + 1


def test_a_report_cited_already_changes_nothing(tmp_path):
    path = tmp_path / "CITATION.cff"
    shutil.copy(ROOT / "CITATION.cff", path)
    assert not write_report_reference(path, "县域工业经济发展报告（2024年）", "x", None, "2024-12")
    assert path.read_bytes() == (ROOT / "CITATION.cff").read_bytes()
