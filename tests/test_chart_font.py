"""The chart font (build_scripts/charts/fonts/): named first in every chart, same widths as Noto Sans CJK
SC, covering every text the real data's charts draw; and the tool that writes it."""

from __future__ import annotations

import html
import re

import pytest
from fontTools.ttLib import TTFont

from build_scripts.charts import theme
from build_scripts.charts.render import CHART_FONT_DIR
from build_scripts.curation import chart_font
from scoring.errors import PipelineError

FONT = CHART_FONT_DIR / chart_font.FONT_FILE
SVG_TEXT = re.compile(r"<text\b[^>]*>([^<]*)</text>")
# Ideographs, full-width punctuation and Latin the charts draw.
SAMPLE = "江苏省工业百强县（市）第名、·0123456789AZaz"


@pytest.fixture(scope="module")
def font() -> TTFont:
    return TTFont(FONT)


@pytest.fixture(scope="module")
def source() -> TTFont:
    face = chart_font._find_face(chart_font.SOURCE, chart_font.SOURCE_FAMILY)
    return TTFont(chart_font.SOURCE, fontNumber=face)


def test_chart_font_is_the_first_family_of_every_chart(font):
    assert font["name"].getDebugName(1) == theme.CHART_FONT_FAMILY
    assert theme.FONT.split(",")[0] == theme.CHART_FONT_FAMILY
    assert theme.CONFIG["font"] == theme.FONT


def test_chart_font_keeps_the_advance_widths_of_noto_sans_cjk_sc(font, source):
    cmap, source_cmap = font.getBestCmap(), source.getBestCmap()
    for character in SAMPLE:
        code = ord(character)
        assert font["hmtx"][cmap[code]][0] == source["hmtx"][source_cmap[code]][0], character
    assert font["head"].unitsPerEm == source["head"].unitsPerEm


def test_chart_font_has_no_layout_features(font):
    # Shaping tables are what made vl-convert's text measurement slow; none may come back.
    for table in ("GSUB", "GPOS"):
        if table in font:
            assert not getattr(font[table].table, "FeatureList", None) or \
                font[table].table.FeatureList.FeatureCount == 0


def test_chart_font_covers_every_text_the_real_charts_draw(built_site, font):
    cmap = font.getBestCmap()
    drawn = set()
    svgs = sorted((built_site / "charts").rglob("*.svg"))
    assert len(svgs) > 300
    for path in svgs:
        for text in SVG_TEXT.findall(path.read_text(encoding="utf-8")):
            drawn |= set(html.unescape(text))
    assert any("\u4e00" <= character <= "\u9fff" for character in drawn)
    missing = "".join(sorted(character for character in drawn
                             if ord(character) not in cmap and not character.isspace()))
    assert missing == "", f"the chart font lacks {missing}: run python -m build_scripts.curation.chart_font"


def test_write_chart_font_cuts_renames_and_is_deterministic(tmp_path):
    first = chart_font.write_chart_font("江阴市 A1", tmp_path / "a")
    second = chart_font.write_chart_font("江阴市 A1", tmp_path / "b")
    assert first.read_bytes() == second.read_bytes()
    written = TTFont(first)
    assert set(written.getBestCmap()) == {ord(character) for character in "江阴市 A1"}
    names = {record.nameID: record.toUnicode() for record in written["name"].names}
    assert names[1] == names[4] == chart_font.FAMILY
    assert names[6] == chart_font.POSTSCRIPT_NAME
    assert "Noto" not in " ".join(names[number] for number in (1, 3, 4, 6))
    assert 7 not in names  # the source's trademark line names the source
    assert "SIL Open Font License" in names[13]
    license_text = (tmp_path / "a" / chart_font.LICENSE_FILE).read_text(encoding="utf-8")
    assert license_text.startswith("-----") and "SIL OPEN FONT LICENSE Version 1.1" in license_text
    assert "Reserved Font Name" in license_text


def test_write_chart_font_names_a_missing_source(tmp_path):
    with pytest.raises(PipelineError, match=r"nowhere\.ttc: missing; install Debian's fonts-noto-cjk"):
        chart_font.write_chart_font("江", tmp_path, source=tmp_path / "nowhere.ttc")


def test_load_font_characters_reads_every_source_file(tmp_path):
    (tmp_path / "a.csv").write_text("name\n江阴市\n", encoding="utf-8")
    (tmp_path / "b.py").write_text('TITLE = "名次（位）"\n', encoding="utf-8")
    characters = chart_font.load_font_characters([(tmp_path, "*.csv"), (tmp_path, "*.py")])
    assert set("江阴市名次（位）") <= set(characters)
    assert "\n" not in characters and " " in characters and "~" in characters
    assert list(characters) == sorted(characters)
