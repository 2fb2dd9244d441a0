"""Generate stage: social preview images (Open Graph / Twitter cards), 1200×630 PNG.

Input: `SiteData`. Output: docs/assets/generated/social/<level>/<slug>.png for every region page (the
place's name, where it lies and its latest rank in each list) and social/site.png for every other
page. Pages reference them from `site_overrides/main.html` by the page URL, so the image of
/county/320583-kunshan/ is /assets/generated/social/county/320583-kunshan.png. The English twin's
cards are the same cards in English, under docs/en/assets/generated/social/; every word of a card
comes from the message catalogue of its language (`card` group).

Text is drawn with the cuts of Noto Sans CJK SC that the repository ships (`build_scripts/fonts/`),
never with a system font, so cards look the same on every machine; a missing font file is a
`RenderError`, not a silent fallback to boxes. PNG bytes depend only on the text and the fonts:
the PNG is written here (`render_palette_png`), with no timestamp.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import PIL
from PIL import Image, ImageDraw, ImageFont
from zlib_ng import zlib_ng

from build_scripts.catalogue import Catalogue, load_catalogue
from build_scripts.contexts.sitedata import (
    Record,
    SiteData,
    compute_page_provinces,
    compute_page_regions,
    list_editions,
    list_name,
)
from build_scripts.english.names import build_edition_title, build_list_name, build_place_name, compute_kind
from build_scripts.fonts import CARD_BOLD_FONT, CHART_FONT
from build_scripts.formatting import join_zh
from build_scripts.paths import join_inside
from build_scripts.png_file import PALETTE, render_png_file, unfiltered_rows
from build_scripts.runtime import Background, split
from scoring.errors import RenderError

log = logging.getLogger(__name__)

WIDTH, HEIGHT = 1200, 630
SOCIAL_DIR = "assets/generated/social"
SITE_CARD = f"{SOCIAL_DIR}/site.png"
BAND = (63, 81, 181)  # Material indigo, the site's primary colour
INK = (33, 33, 33)
WHITE = (255, 255, 255)
MARGIN = 72
MAX_LINES = 5
# The lines' band (pixels from the top): it ends above the footer, whose text is centred 44 px above
# the bottom; 4 lines fit at LINE_STEP, more are drawn closer and smaller.
LINES_TOP, LINES_BOTTOM, LINE_STEP = 322, 562, 60
# Cards per worker task (a card takes ~10 ms to draw).
CARD_CHUNK = 16


@dataclass(frozen=True)
class SocialCard:
    """The text of one preview image.

    Attributes:
        title: The big line (the place's name, or the site name).
        subtitle: One line under it (province · prefecture · kind · code · pinyin).
        lines: Up to `MAX_LINES` lines of ranks or description.
        footer: Provenance line at the bottom.
        band: The site's name in the band at the top.
    """

    title: str
    subtitle: str
    lines: tuple[str, ...]
    footer: str
    band: str


@dataclass(frozen=True)
class CardFonts:
    """The fonts a card is drawn with (the shipped cuts of Noto Sans CJK SC, in several sizes)."""

    title: ImageFont.FreeTypeFont
    subtitle: ImageFont.FreeTypeFont
    line: ImageFont.FreeTypeFont
    small: ImageFont.FreeTypeFont


def load_card_fonts(bold: Path = CARD_BOLD_FONT, regular: Path = CHART_FONT) -> CardFonts:
    """Load the card fonts the repository ships (no system font is read).

    Args:
        bold: The bold face (titles and rank lines).
        regular: The regular face (the location line and the footer).

    Raises:
        RenderError: A font file is missing or unreadable.
    """
    return CardFonts(
        title=_load_font(bold, 112), subtitle=_load_font(regular, 34),
        line=_load_font(bold, 44), small=_load_font(regular, 26),
    )


def _load_font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    if not path.is_file():
        raise RenderError(f"social cards: font {path} not found; it is part of the repository (restore it "
                          "with git checkout, or rewrite it with python -m curation.fonts).")
    try:
        # Basic layout: Chinese, digits and pinyin need no shaping, and Raqm's costs a fifth of a card.
        return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.BASIC)
    except OSError as exc:
        raise RenderError(f"social cards: font {path} cannot be read ({exc}); restore it with "
                          "git checkout.") from exc


def _name(data: SiteData, t: Catalogue, code: str) -> str:
    """Return a region's or province's name in the catalogue's language (Chinese: the registry name)."""
    return str(data.region(code)["name"]) if t.lang == "zh" else build_place_name(data, t, code).en


def _list_name(data: SiteData, t: Catalogue, list_code: str) -> str:
    return list_name(data, list_code) if t.lang == "zh" else build_list_name(data, list_code).en


def _card(t: Catalogue, data: SiteData, title: str, subtitle: str, lines: Sequence[str]) -> SocialCard:
    return SocialCard(title=title, subtitle=subtitle, lines=tuple(lines[:MAX_LINES]),
                      footer=t.t("card.footer", release=data.release), band=t.t("site.name"))


def build_region_card(data: SiteData, code: str, lang: str = "zh") -> SocialCard:
    """Build the card of a region page: name, location line and latest rank in each list it is in.

    In English the place is named in pinyin and the location line ends with its Chinese name.
    """
    t = load_catalogue(lang)
    row = data.region(code)
    where = [_name(data, t, str(row["province_code"]))]
    if row["prefecture_code"]:
        where.append(_name(data, t, str(row["prefecture_code"])))
    kind = str(row["kind"]) if lang == "zh" else compute_kind(t, str(row["kind"]))
    where += [kind, code, str(row["pinyin"]) if lang == "zh" else str(row["name"])]
    latest = {}
    for entry in data.entries_by_region.get(code, ()):
        latest[entry["list"]] = entry
    lines = [t.t("card.rank", list=_list_name(data, t, lc), year=int(latest[lc]["year"]),
                 rank=int(latest[lc]["rank"])) for lc in data.list_order if lc in latest]
    return _card(t, data, _name(data, t, code), " · ".join(where), lines or [t.t("card.children_ranked")])


def build_edition_card(data: SiteData, edition: Record, lang: str = "zh") -> SocialCard:
    """Build the card of an edition page: its title, report and first three places (issue 16)."""
    t = load_catalogue(lang)
    entries = data.entries_by_edition.get(str(edition["edition"]), ())[:3]
    lines = [t.t("card.edition_rank", rank=int(e["rank"]), place=_name(data, t, str(e["region_code"])),
                 province=_name(data, t, str(e["province_code"]))) for e in entries]
    if lang == "zh":
        title, report, publisher = str(edition["title"]), edition["report_title"], edition["publisher"]
    else:
        title = build_edition_title(data, t, str(edition["list"]), int(edition["year"]))
        report = edition.get("report_title_en") or edition["report_title"]
        publisher = edition.get("issuer_en") or edition["publisher"]
    subtitle = t.t("card.edition_subtitle", report=report, publisher=publisher)
    return _card(t, data, title, subtitle, lines or [t.t("card.edition_empty")])


def build_list_card(data: SiteData, list_code: str, lang: str = "zh") -> SocialCard:
    """Build the card of a list's overview page: its name and the editions held."""
    t = load_catalogue(lang)
    years = t.t("card.separator").join(str(int(e["year"])) for e in list_editions(data, list_code))
    return _card(t, data, _list_name(data, t, list_code), t.t("card.list_subtitle", years=years),
                 [t.t("card.list_line")])


def build_province_card(data: SiteData, code: str, lang: str = "zh") -> SocialCard:
    """Build the card of a province page: its count of entries in the newest edition of each list."""
    t = load_catalogue(lang)
    counts = {(c["edition"], c["province_code"]): int(c["count"]) for c in data.tables["province_counts"]}
    lines = []
    for list_code in data.list_order:
        held = list_editions(data, list_code)
        if held:
            newest = held[-1]
            lines.append(t.t("card.province_line", list=_list_name(data, t, list_code),
                             year=int(newest["year"]), count=counts.get((newest["edition"], code), 0)))
    return _card(t, data, _name(data, t, code), t.t("card.province_subtitle"), lines)


def build_site_card(site_name: str, description: str, release: str, list_names: Sequence[str],
                    lang: str = "zh") -> SocialCard:
    """Build the card shown by every page without its own image.

    The subtitle names the lists; `{lists}` in the description (mkdocs.yml's `site_description`)
    stands for their names in prose, as the pages print it.
    """
    t = load_catalogue(lang)
    if lang == "zh":
        lines = _wrap(description.replace("{lists}", join_zh(list_names)), 26)
    else:
        lines = tuple(textwrap.wrap(description.replace("{lists}", ", ".join(list_names)), 52))
    return SocialCard(title=site_name, subtitle=" · ".join(list_names), lines=lines[:MAX_LINES],
                      footer=t.t("card.site_footer", release=release), band=t.t("site.name"))


def render_social_card(card: SocialCard, fonts: CardFonts) -> bytes:
    """Draw a card as a 1200×630 PNG and return its bytes (identical for identical text and fonts).

    The card is drawn on a greyscale canvas whose values index a two-ramp palette (indigo -> white
    for the bands, ink -> white for the text), so anti-aliased text needs no colour quantisation,
    which would cost a third of a second per image.
    """
    image = _draw_base(fonts, card.footer, card.band).copy()
    draw = ImageDraw.Draw(image)
    width = WIDTH - 2 * MARGIN
    draw.text((MARGIN, 110), card.title, font=_fit(fonts.title, card.title, width), fill=_INK_INDEX)
    subtitle = _fit(fonts.subtitle, card.subtitle, width)
    draw.text((MARGIN, 262), card.subtitle, font=subtitle, fill=_MUTED_INDEX)
    # The lines share the band between the subtitle and the footer: more lines, smaller type.
    step = min(LINE_STEP, (LINES_BOTTOM - LINES_TOP) // max(len(card.lines), 1))
    line_font = fonts.line if step == LINE_STEP else fonts.line.font_variant(size=step * 3 // 4)
    for i, line in enumerate(card.lines):
        draw.text((MARGIN, LINES_TOP + i * step), line, font=_fit(line_font, line, width), fill=_INK_INDEX)
    return render_palette_png(image, _PALETTE)


def render_palette_png(image: Image.Image, palette: Sequence[int]) -> bytes:
    """Return an 8-bit greyscale image as a palette PNG whose colour `i` is `palette[3i:3i+3]`.

    The greyscale values are the palette indices. Deflating the 756 KB of a card's pixels was half
    of a card's time with Pillow's zlib; this writes the four chunks itself and deflates run-length
    (a card is runs of a few indices) with zlib-ng, a third of the time, in as many bytes as zlib.
    Rows are stored unfiltered, as Pillow stores palette images (`png_file`); the file has no date.

    Raises:
        ValueError: The image is not greyscale, the palette is not 1 to 256 RGB colours, or a value
            of the image is not an index of the palette.
    """
    if image.mode != "L" or len(palette) % 3 or not 0 < len(palette) <= 768:
        raise ValueError(f"a palette PNG needs an L image and up to 256 RGB colours, not {image.mode}, "
                         f"{len(palette)} values")
    if image.getextrema()[1] >= len(palette) // 3:
        raise ValueError(f"the image has the value {image.getextrema()[1]}; the palette has "
                         f"{len(palette) // 3} colours")
    deflate = zlib_ng.compressobj(3, zlib_ng.DEFLATED, 15, 8, zlib_ng.Z_RLE)
    pixels = deflate.compress(unfiltered_rows(np.asarray(image))) + deflate.flush()
    return render_png_file(*image.size, PALETTE, pixels, [(b"PLTE", bytes(palette))])


@functools.cache
def _draw_base(fonts: CardFonts, footer: str, band: str) -> Image.Image:
    """Return what cards share (the bands, the site's name, the footer), drawn once per process.

    Every region card has the same footer, so there is one base per footer and language.
    """
    image = Image.new("L", (WIDTH, HEIGHT), _WHITE_INDEX)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 84), fill=_BAND_INDEX)
    draw.text((MARGIN, 42), band, font=fonts.subtitle, fill=_BAND_TEXT_INDEX, anchor="lm")
    draw.rectangle((0, HEIGHT - 8, WIDTH, HEIGHT), fill=_BAND_INDEX)
    draw.text((MARGIN, HEIGHT - 44), footer, font=fonts.small, fill=_MUTED_INDEX, anchor="lm")
    return image


def _ramp(start: tuple[int, int, int], end: tuple[int, int, int], steps: int) -> list[int]:
    pairs = tuple(zip(start, end, strict=True))
    return [round(a + (b - a) * i / (steps - 1)) for i in range(steps) for a, b in pairs]


# Palette indices 0..127 run from the band colour to white, 128..255 from ink to white.
_BAND_INDEX, _BAND_TEXT_INDEX, _INK_INDEX, _WHITE_INDEX = 0, 127, 128, 255
_MUTED_INDEX = 128 + 44
_PALETTE = _ramp(BAND, WHITE, 128) + _ramp(INK, WHITE, 128)


def social_image_path(data: SiteData, code: str) -> str:
    """Return the docs-relative path of a region's card.

    E.g. assets/generated/social/county/320583-kunshan.png for the page /county/320583-kunshan/.
    """
    row = data.region(code)
    return f"{SOCIAL_DIR}/{row['level']}/{row['slug']}.png"


def plan_social_cards(data: SiteData, site_name: str, description: str,
                      lang: str = "zh") -> dict[str, SocialCard]:
    """Return every card of the site of `lang` to draw, by its path relative to that site's docs.

    One per region, province, list and edition page (`site_overrides/main.html` finds them by the
    page URL), and the site card for every other page.
    """
    codes = compute_page_regions(data)
    cards = {social_image_path(data, code): build_region_card(data, code, lang) for code in codes}
    cards.update({f"{SOCIAL_DIR}/province/{data.region(code)['slug']}.png":
                  build_province_card(data, code, lang) for code in compute_page_provinces(data)})
    for list_code in data.list_order:
        held = list_editions(data, list_code)
        if held:
            cards[f"{SOCIAL_DIR}/lists/{list_code}.png"] = build_list_card(data, list_code, lang)
        cards.update({f"{SOCIAL_DIR}/lists/{list_code}/{int(e['year'])}.png":
                      build_edition_card(data, e, lang) for e in held})
    t = load_catalogue(lang)
    names = [_list_name(data, t, c) for c in data.list_order if list_editions(data, c)]
    cards[SITE_CARD] = build_site_card(site_name, description, data.release, names, lang)
    return dict(sorted(cards.items()))


@dataclass(frozen=True)
class CardTask:
    """One card to draw and write (picklable, for the worker processes).

    Attributes:
        card: The card's text.
        target: The PNG file to write.
        cache_dir: Folder of cards already drawn, keyed by a hash of their text and fonts; a card
            found there is copied instead of drawn again.
    """

    card: SocialCard
    target: Path
    cache_dir: Path | None = None


def write_social_cards(data: SiteData, docs: Path, site_name: str, description: str,
                       fonts: CardFonts | None = None, cache_dir: Path | None = None,
                       background: Background | None = None, staging: Path | None = None,
                       lang: str = "zh") -> int:
    """Write the card of every region page and the site card; return the number of cards.

    Args:
        data: The site data.
        docs: The docs folder of the site of `lang` (docs/, docs/en/); each card's path under it
            is `social_image_path`.
        site_name: Title of the site card.
        description: Text of the site card.
        fonts: Fonts to draw with in this process (default: `load_card_fonts()`).
        cache_dir: See `CardTask` (drawing ~400 cards takes several seconds).
        background: Draw the cards there (each worker loads the fonts once); None: here, now.
        staging: Write the cards under this folder instead of `docs` (same relative paths).
        lang: The cards' language ("zh", "en").

    Raises:
        RenderError: The CJK font is missing (checked here before any card is handed on).
    """
    fonts = fonts or load_card_fonts()
    root = staging or docs
    tasks = [CardTask(card, join_inside(root, path), cache_dir)
             for path, card in plan_social_cards(data, site_name, description, lang).items()]
    if background is None:
        for task in tasks:
            _write_card(task, fonts)
    else:
        background.submit(write_cards, split(tasks, CARD_CHUNK))
    log.info("social (%s): %d preview images", lang, len(tasks))
    return len(tasks)


def write_cards(tasks: list[CardTask]) -> int:
    """Draw and write several cards with this process's fonts (a task of the workers)."""
    fonts = _process_fonts()
    for task in tasks:
        _write_card(task, fonts)
    return len(tasks)


@functools.cache
def _process_fonts() -> CardFonts:
    return load_card_fonts()


def warm_up() -> None:
    """Load this process's card fonts ahead of its first card (a missing font fails that card)."""
    with contextlib.suppress(RenderError):
        _process_fonts()


def _write_card(task: CardTask, fonts: CardFonts) -> None:
    task.target.parent.mkdir(parents=True, exist_ok=True)
    task.target.write_bytes(_cached_render(task.card, fonts, task.cache_dir))


def _cached_render(card: SocialCard, fonts: CardFonts, cache_dir: Path | None) -> bytes:
    if cache_dir is None:
        return render_social_card(card, fonts)
    key = hashlib.sha256(repr((_code_key(), card, _font_key(fonts))).encode("utf-8")).hexdigest()
    cached = cache_dir / f"{key}.png"
    if cached.is_file():
        return cached.read_bytes()
    png = render_social_card(card, fonts)
    cache_dir.mkdir(parents=True, exist_ok=True)
    cached.write_bytes(png)
    return png


@functools.cache
def _code_key() -> str:
    """Return a digest of what draws a card besides its text and fonts: this module, Pillow, zlib-ng.

    A cached card is drawn again whenever the drawing code changes, without a version to bump.
    """
    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update(f"{PIL.__version__}|{zlib_ng.ZLIBNG_VERSION}".encode())
    return digest.hexdigest()


def _font_key(fonts: CardFonts) -> tuple:
    return tuple((f.path, f.size, _file_digest(f.path)) for f in
                 (fonts.title, fonts.subtitle, fonts.line, fonts.small))


@functools.cache
def _file_digest(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _fit(font: ImageFont.FreeTypeFont, text: str, width: int) -> ImageFont.FreeTypeFont:
    """Return `font`, made smaller until `text` fits in `width` pixels."""
    size = font.size
    while font.getlength(text) > width and size > 12:
        size = int(size * 0.9)
        font = font.font_variant(size=size)
    return font


def _wrap(text: str, chars: int) -> tuple[str, ...]:
    return tuple(text[i:i + chars] for i in range(0, len(text), chars))
