"""The shipped fonts (build_scripts/fonts/): the chart font named first in every chart, both cuts
covering every text the real data's charts and cards draw and every name of the national code list,
and the tool that writes them. Nothing here reads a system font."""

from __future__ import annotations

import html
import re

import pytest
from fontTools.ttLib import TTFont
from minimal_package import build_minimal_site_data

from build_scripts import fonts
from build_scripts.charts import theme
from build_scripts.social import plan_social_cards
from curation import fonts as font_tool
from scoring.errors import PipelineError
from scoring.package import load_package

SVG_TEXT = re.compile(r"<text\b[^>]*>([^<]*)</text>")
# Ideographs, full-width punctuation and Latin the charts and cards draw.
SAMPLE = "江苏省工业百强县（市）第名、·0123456789AZaz"
# Debian's copyright file of fonts-noto-cjk, as far as the tool reads it.
COPYRIGHT = """Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/

License: SIL-1.1
 -----------------------------------------------------------
 SIL OPEN FONT LICENSE Version 1.1 - 26 February 2007
 .
 Reserved Font Name: none here.
"""


@pytest.fixture(scope="module")
def shipped() -> dict[str, TTFont]:
    return {"chart": TTFont(fonts.CHART_FONT), "card": TTFont(fonts.CARD_BOLD_FONT)}


def _missing(font: TTFont, texts) -> str:
    cmap = font.getBestCmap()
    drawn = set("".join(texts))
    return "".join(sorted(c for c in drawn if ord(c) not in cmap and not c.isspace()))


def test_chart_font_is_the_first_family_of_every_chart(shipped):
    assert shipped["chart"]["name"].getDebugName(1) == theme.CHART_FONT_FAMILY
    assert theme.FONT.split(",")[0] == theme.CHART_FONT_FAMILY
    assert theme.CONFIG["font"] == theme.FONT


def test_shipped_fonts_are_renamed_cuts_of_noto_sans_cjk_sc_with_their_license(shipped):
    assert shipped["card"]["name"].getDebugName(1) == font_tool.CARD_BOLD.family
    assert shipped["card"]["OS/2"].usWeightClass == 700 and shipped["chart"]["OS/2"].usWeightClass == 400
    for font in shipped.values():
        names = {record.nameID: record.toUnicode() for record in font["name"].names}
        assert "Noto" not in " ".join(names[number] for number in (1, 3, 4, 6))
        assert "Adobe" in names[0] and "SIL Open Font License" in names[13]
        assert font["head"].unitsPerEm == 1000
    assert "SIL OPEN FONT LICENSE Version 1.1" in fonts.LICENSE.read_text(encoding="utf-8")


def test_shipped_fonts_have_no_layout_features(shipped):
    # Shaping tables are what made vl-convert's text measurement slow; none may come back.
    for font in shipped.values():
        for table in ("GSUB", "GPOS"):
            if table in font:
                assert not getattr(font[table].table, "FeatureList", None) or \
                    font[table].table.FeatureList.FeatureCount == 0


def test_chart_font_covers_every_text_the_real_charts_draw(built_site, shipped):
    drawn = []
    svgs = sorted((built_site / "charts").rglob("*.svg"))
    assert len(svgs) > 300
    for path in svgs:
        drawn += [html.unescape(text) for text in SVG_TEXT.findall(path.read_text(encoding="utf-8"))]
    assert any("\u4e00" <= character <= "\u9fff" for character in "".join(drawn))
    missing = _missing(shipped["chart"], drawn)
    assert missing == "", f"the chart font lacks {missing}: run python -m curation.fonts"


def test_card_fonts_cover_every_text_of_the_real_cards(shipped):
    data = build_minimal_site_data(load_package(font_tool.DATAPACKAGE), "https://x.org/")
    cards = plan_social_cards(data, "百强榜开放数据", "中国信通院工业百强县（市）榜单的开放数据")
    assert len(cards) > 400
    bold = [card.title for card in cards.values()] + [line for card in cards.values() for line in card.lines]
    regular = [card.subtitle for card in cards.values()] + [card.footer for card in cards.values()]
    assert _missing(shipped["card"], bold) == ""
    assert _missing(shipped["chart"], regular) == ""


def test_shipped_fonts_cover_every_name_of_the_national_code_list(shipped):
    # A place a new edition adds comes from the code list: its name draws without running the tool.
    names = font_tool._load_code_list_names()
    assert len(names) > 3000
    for font in shipped.values():
        assert _missing(font, names) == ""


def test_write_font_cuts_renames_keeps_widths_and_is_deterministic(tmp_path):
    (tmp_path / "copyright").write_text(COPYRIGHT, encoding="utf-8")
    source = fonts.CARD_BOLD_FONT  # a cut is a valid source: one face, same tables as the original
    cut = font_tool.FontCut(tmp_path / "x" / "Test.otf", "BQ Test Sans", "BQTestSans-Bold", source)
    first = font_tool.write_font(SAMPLE, cut, source_license=tmp_path / "copyright")
    second = font_tool.write_font(SAMPLE, cut, target=tmp_path / "y" / "Test.otf",
                                  source_license=tmp_path / "copyright")
    assert first.read_bytes() == second.read_bytes()
    written, original = TTFont(first), TTFont(source)
    assert set(written.getBestCmap()) == {ord(character) for character in SAMPLE}
    cmap, source_cmap = written.getBestCmap(), original.getBestCmap()
    for character in SAMPLE:
        code = ord(character)
        assert written["hmtx"][cmap[code]][0] == original["hmtx"][source_cmap[code]][0], character
    names = {record.nameID: record.toUnicode() for record in written["name"].names}
    assert names[1] == names[4] == "BQ Test Sans" and names[6] == "BQTestSans-Bold"
    assert 7 not in names  # the source's trademark line names the source
    license_text = (tmp_path / "x" / fonts.LICENSE.name).read_text(encoding="utf-8")
    assert license_text.startswith("-----") and "SIL OPEN FONT LICENSE Version 1.1" in license_text
    assert "\n\n" in license_text  # Debian's " ." lines are blank lines


def test_write_font_names_a_missing_source(tmp_path):
    with pytest.raises(PipelineError, match=r"nowhere\.ttc: missing; install Debian's fonts-noto-cjk"):
        font_tool.write_font("江", font_tool.CHART, source=tmp_path / "nowhere.ttc",
                             target=tmp_path / "a.otf")


def test_load_font_characters_reads_every_source_file_and_the_names(tmp_path):
    (tmp_path / "a.csv").write_text("name\n江阴市\n", encoding="utf-8")
    (tmp_path / "b.py").write_text('TITLE = "名次（位）"\n', encoding="utf-8")
    characters = font_tool.load_font_characters([(tmp_path, "*.csv"), (tmp_path, "*.py"),
                                                 (tmp_path / "absent", "*.yml")], names=["濉溪县"])
    assert set("江阴市名次（位）濉溪县") <= set(characters)
    assert "\n" not in characters and " " in characters and "~" in characters
    assert list(characters) == sorted(characters)
