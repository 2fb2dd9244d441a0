"""Generate stage: "how to cite" strings in GB/T 7714-2015 style and in English.

Input: the reports a page draws on (title, publisher, publication month), the page's title, its
absolute URL and the data release month. Output: one citation string per style, built by the Jinja
filters `cite_gbt` and `cite_en`. A static site cannot know when it is read: the data release month
stands for the version, and the English form leaves the access date as a placeholder
(`ACCESS_PLACEHOLDER_EN`).

The rankings are CAICT's; the page is cited as the transcription ("转引自" / "Transcribed in").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from build_scripts.formatting import escape_markdown, format_date_zh

SITE_NAME_ZH = "百强榜开放数据"
SITE_NAME_EN = "Baiqiang Open Data"
PUBLISHER_EN = {"中国信息通信研究院": "China Academy of Information and Communications Technology (CAICT)"}
ACCESS_PLACEHOLDER_EN = "access date"


@dataclass(frozen=True)
class ReportRef:
    """A report a page draws on.

    Attributes:
        title: Report title as printed on its cover.
        publisher: Publishing body (Chinese).
        published: Publication month "YYYY-MM".
    """

    title: str
    publisher: str
    published: str


def render_en_citation(reports: Sequence[ReportRef], page_title: str, url: str, release: str) -> str:
    """Render an English citation: the report(s), then the page that transcribes them.

    Example:
        China Academy of Information and Communications Technology (CAICT). 中国工业百强县（市）、
        百强区发展报告（2019年） [Report], 2019-11. Transcribed in: Baiqiang Open Data (百强榜开放数据),
        "昆山市", data release 2024-12. https://…/county/320583-kunshan/ (accessed [access date]).
    """
    by_publisher: dict[str, list[str]] = {}
    for r in _unique(reports):
        dated = f", {r.published}" if r.published else ""
        by_publisher.setdefault(r.publisher, []).append(f"{r.title} [Report]{dated}")
    sources = " ".join(f"{PUBLISHER_EN.get(publisher, publisher)}. {'; '.join(items)}."
                       for publisher, items in by_publisher.items())
    page = (f"{SITE_NAME_EN} ({SITE_NAME_ZH}), \u201c{page_title}\u201d, data release {release}. "
            f"{url} (accessed [{ACCESS_PLACEHOLDER_EN}]).")
    return f"{sources} Transcribed in: {page}" if sources else page


def format_en_citation(report_titles: Sequence[str], publisher: str, page_title: str, url: str, release: str,
                       published: str | None = None) -> str:
    """Jinja filter `cite_en`: the English citation of a page from the fields its context holds.

    Args:
        report_titles: Titles of the reports the page draws on (one publisher for all).
        publisher: Their publisher (Chinese; CAICT is named in English).
        page_title: The page's title.
        url: The page's absolute URL.
        release: Data release month.
        published: Publication month, when the page draws on one report whose month is known.
    """
    reports = [ReportRef(str(title), publisher, published or "") for title in report_titles]
    return render_en_citation(reports, page_title, url, release)


def format_gbt_citation(report_titles: Sequence[str], publisher: str, page_title: str, url: str, release: str,
                        published: str | None = None) -> str:
    """Jinja filter `cite_gbt`: the GB/T 7714-2015 style citation of a page, as Markdown.

    The report(s) [R], then the page as electronic resource [EB/OL] with its URL as a link and the
    data release standing for the version. Data fields are escaped for Markdown here (the URL is
    not: it is the link), so templates insert the result as it is.

    Example:
        中国信息通信研究院．中国工业百强县（市）、百强区发展报告（2019年）［R］．2019 年 11 月．转引自：
        百强榜开放数据．昆山市［EB/OL］．<https://…/county/320583-kunshan/>．数据版本 2024 年 12 月。

    Args:
        report_titles: Titles of the reports the page draws on (one publisher for all).
        publisher: Their publisher.
        page_title: The page's title.
        url: The page's absolute URL.
        release: Data release month.
        published: Publication month, when the page draws on one report whose month is known.
    """
    reports = "；".join(str(title) for title in report_titles)
    dated = f"{format_date_zh(published)}．" if published is not None else ""
    return (f"{escape_markdown(publisher)}．{escape_markdown(reports)}［R］．{dated}转引自：{SITE_NAME_ZH}．"
            f"{escape_markdown(page_title)}［EB/OL］．<{url}>．数据版本 {format_date_zh(release)}。")


CITATION_FILTERS: Mapping[str, Callable] = MappingProxyType({"cite_en": format_en_citation,
                                                            "cite_gbt": format_gbt_citation})


def _unique(reports: Sequence[ReportRef]) -> tuple[ReportRef, ...]:
    """Return the reports once each, in first-seen order (a report may hold several lists)."""
    return tuple(dict.fromkeys(reports))
