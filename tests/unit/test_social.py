"""Tests for build_scripts.social: preview cards show the place's name in CJK glyphs, not boxes."""

from __future__ import annotations

import io
import os
import re
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from minimal_package import VALID, build_minimal_site_data
from PIL import Image, ImageChops
from png_chunks import read_png_chunks

import build_scripts.social as social
from build_scripts import paths
from build_scripts.fonts import CARD_BOLD_FONT, CHART_FONT
from build_scripts.social import (
    HEIGHT,
    WIDTH,
    SocialCard,
    build_region_card,
    load_card_fonts,
    render_palette_png,
    render_social_card,
    social_image_path,
    write_social_cards,
)
from scoring.errors import RenderError
from scoring.package import load_package

# A private-use code point no font maps: every font draws its .notdef glyph (a box) for it.
NOTDEF = "\U000f0000"


@pytest.fixture(scope="module")
def fonts():
    return load_card_fonts()


@pytest.fixture(scope="module")
def data():
    return build_minimal_site_data(load_package(VALID), "https://x.org/")


def _card(title: str) -> SocialCard:
    return SocialCard(title=title, subtitle="江苏省 · 苏州市", lines=("工业百强县（市） 2024 年 第 1 名",),
                      footer="脚注", band="百强榜开放数据")


def _title_box(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png)).convert("L")
    return image.crop((0, 100, WIDTH, 260))


def test_font_has_real_glyphs_for_the_place_names_not_the_notdef_box(fonts):
    box = fonts.title.getmask(NOTDEF)
    masks = {char: fonts.title.getmask(char) for char in "昆山市江阴准格尔旗"}
    for char, mask in masks.items():
        assert bytes(mask) != bytes(box), f"{char} renders as the .notdef box"
    # Tofu would draw every character alike; real glyphs differ from one another.
    assert len({bytes(m) for m in masks.values()}) == len(masks)


def test_card_title_pixels_differ_from_a_title_of_boxes(fonts):
    name = render_social_card(_card("昆山市"), fonts)
    boxes = render_social_card(_card(NOTDEF * 3), fonts)
    diff = ImageChops.difference(_title_box(name), _title_box(boxes))
    assert diff.getbbox() is not None
    inked = _title_box(name).point(lambda v: 255 if v < 128 else 0).histogram()[255]
    assert inked > 2000  # three 112-pixel glyphs leave thousands of dark pixels


def test_card_is_a_1200_by_630_png_and_identical_for_identical_text(fonts):
    one = render_social_card(_card("江阴市"), fonts)
    two = render_social_card(_card("江阴市"), fonts)
    assert one == two
    image = Image.open(io.BytesIO(one))
    assert image.format == "PNG" and image.size == (WIDTH, HEIGHT)
    assert render_social_card(_card("昆山市"), fonts) != one


def test_render_palette_png_keeps_every_pixel_and_colour():
    """Decoded by Pillow, the PNG has the image's values as indices into the given palette."""
    image = Image.effect_noise((37, 11), 80).point(lambda v: v % 3)  # values 0..2
    palette = [10, 20, 30, 200, 100, 0, 255, 255, 255]
    png = render_palette_png(image, palette)
    chunks = read_png_chunks(png)
    assert [kind for kind, _ in chunks] == [b"IHDR", b"PLTE", b"IDAT", b"IEND"] and chunks[-1][1] == b""
    assert chunks[0][1] == struct.pack(">IIBBBBB", 37, 11, 8, 3, 0, 0, 0)
    rows = zlib.decompress(chunks[2][1])
    assert len(rows) == 11 * 38 and all(rows[y * 38] == 0 for y in range(11))  # unfiltered rows
    decoded = Image.open(io.BytesIO(png))
    assert decoded.format == "PNG" and decoded.mode == "P" and decoded.size == (37, 11)
    assert decoded.tobytes() == image.tobytes()
    assert decoded.getpalette()[:9] == palette
    assert decoded.convert("RGB").getpixel((0, 0)) == tuple(palette[3 * image.getpixel((0, 0)):][:3])


def test_render_palette_png_refuses_what_it_cannot_store():
    with pytest.raises(ValueError, match="needs an L image"):
        render_palette_png(Image.new("RGB", (2, 2)), [0, 0, 0])
    with pytest.raises(ValueError, match="771 values"):
        render_palette_png(Image.new("L", (2, 2)), [0] * 771)
    with pytest.raises(ValueError, match="the value 2; the palette has 2 colours"):
        render_palette_png(Image.new("L", (2, 2), 2), [0] * 6)


@pytest.mark.parametrize("count", [4, 5])
def test_card_lines_end_above_the_footer(fonts, count):
    """The longest lines a card draws (a province's count per list) leave the footer's band blank."""
    line = "制造业高质量发展50强城市 2023 年 上榜 10 个"
    card = SocialCard(title="江苏省", subtitle="各榜单最新一年的上榜地区", lines=(line,) * count, footer="",
                      band="百强榜开放数据")
    image = Image.open(io.BytesIO(render_social_card(card, fonts))).convert("L")
    footer_band = image.crop((0, HEIGHT - 70, WIDTH, HEIGHT - 10))
    assert footer_band.point(lambda v: 255 if v < 128 else 0).getbbox() is None
    lines_band = image.crop((0, social.LINES_TOP, WIDTH, social.LINES_BOTTOM))
    assert lines_band.point(lambda v: 255 if v < 128 else 0).histogram()[255] > 1000 * count


def test_load_card_fonts_names_the_missing_file_and_how_to_restore_it(tmp_path):
    with pytest.raises(RenderError, match=r"nowhere\.otf not found; it is part of the repository"):
        load_card_fonts(bold=tmp_path / "nowhere.otf")


def test_card_fonts_are_the_repositorys_own_files(fonts):
    shipped = {CARD_BOLD_FONT, CHART_FONT}
    assert {Path(f.path) for f in (fonts.title, fonts.subtitle, fonts.line, fonts.small)} == shipped
    assert all(path.is_relative_to(paths.ROOT / "build_scripts" / "fonts") for path in shipped)


# Drawn in a child process whose font search path is an empty folder, so a system font cannot be used.
_CARD_WITHOUT_SYSTEM_FONTS = """
import sys
from PIL import Image
import io
from build_scripts.social import SocialCard, load_card_fonts, render_social_card
fonts = load_card_fonts()
card = SocialCard(title=sys.argv[1], subtitle="江苏省 · 苏州市", lines=("工业百强县（市） 2024 年 第 1 名",),
                  footer="脚注", band="百强榜开放数据")
sys.stdout.buffer.write(render_social_card(card, fonts))
"""


def test_a_card_draws_real_glyphs_with_the_system_font_folders_empty(tmp_path, fonts):
    empty = tmp_path / "no-fonts"
    empty.mkdir()
    env = {**os.environ, "XDG_DATA_DIRS": str(empty), "XDG_DATA_HOME": str(empty), "HOME": str(empty),
           "FONTCONFIG_PATH": str(empty), "FONTCONFIG_FILE": str(empty / "fonts.conf")}

    def draw(title: str) -> bytes:
        return subprocess.run([sys.executable, "-c", _CARD_WITHOUT_SYSTEM_FONTS, title], env=env,
                              cwd=paths.ROOT, check=True, capture_output=True).stdout

    name, boxes = draw("昆山市"), draw(NOTDEF * 3)
    assert name == render_social_card(_card("昆山市"), fonts)  # the same card as in this process
    assert ImageChops.difference(_title_box(name), _title_box(boxes)).getbbox() is not None


def test_region_card_shows_name_location_and_latest_rank_in_each_list(data):
    card = build_region_card(data, "320583")
    assert card.title == "昆山市"
    assert "江苏省" in card.subtitle and "320583" in card.subtitle and "kunshan" in card.subtitle
    entries = data.entries_by_region["320583"]
    latest = {}
    for e in entries:
        latest[e["list"]] = e
    assert len(card.lines) == len(latest)
    for entry in latest.values():
        assert any(f"{entry['year']} 年 第 {entry['rank']} 名" in line for line in card.lines)


def test_the_english_region_card_names_the_place_in_pinyin_and_its_ranks_in_english(data):
    card = build_region_card(data, "320583", "en")

    assert card.title == "Kunshan" and card.band == "China Industrial Rankings Open Data"
    assert card.subtitle == "Jiangsu · Suzhou · county-level city · 320583 · 昆山市"
    assert card.lines == ("Top 100 industrial counties 2021: No. 1",)  # the test package's newest
    assert not re.search(r"[\u3400-\u9fff]", " ".join((*card.lines, card.footer)))


def test_write_social_cards_writes_one_png_per_region_page_and_reuses_the_cache(
        data, fonts, tmp_path, monkeypatch):
    count = write_social_cards(data, tmp_path / "docs", "站名", "说明", fonts, cache_dir=tmp_path / "cache")
    path = tmp_path / "docs" / social_image_path(data, "320583")
    assert path.is_file() and path.name == "320583-kunshan.png" and path.parent.name == "county"
    assert (tmp_path / "docs" / social.SITE_CARD).is_file()
    assert len(list((tmp_path / "docs").rglob("*.png"))) == count
    first = path.read_bytes()

    def fail(*args):
        raise AssertionError("drew a card that was cached")

    monkeypatch.setattr(social, "render_social_card", fail)
    write_social_cards(data, tmp_path / "again", "站名", "说明", fonts, cache_dir=tmp_path / "cache")
    assert (tmp_path / "again" / social_image_path(data, "320583")).read_bytes() == first
