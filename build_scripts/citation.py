"""Generate stage: "how to cite" strings in GB/T 7714-2015 style and in English.

Input: the reports a page draws on (title, publisher, publication month), the page's title, its
absolute URL and the data release month. Output: one citation string per style. A static site
cannot know when it is read, so the access date is a placeholder the reader fills in
(`ACCESS_PLACEHOLDER_ZH` / `_EN`); the data release month stands for the version.

The rankings are CAICT's; the page is cited as the transcription ("转引自" / "Transcribed in").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

SITE_NAME_ZH = "百强榜开放数据"
SITE_NAME_EN = "Baiqiang Open Data"
PUBLISHER_EN = {"中国信息通信研究院": "China Academy of Information and Communications Technology (CAICT)"}
ACCESS_PLACEHOLDER_ZH = "引用日期"
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


def render_gbt_citation(reports: Sequence[ReportRef], page_title: str, url: str, release: str) -> str:
    """Render a GB/T 7714-2015 citation: the report(s) [R], then the page as electronic resource [EB/OL].

    Example:
        中国信息通信研究院．中国工业百强县（市）、百强区发展报告（2019年）［R］．2019-11．转引自：
        百强榜开放数据．昆山市［EB/OL］．（2024-12）［引用日期］．https://…/county/320583-kunshan/．
    """
    sources = "；".join(f"{r.publisher}．{r.title}［R］．{r.published}" for r in _unique(reports))
    page = f"{SITE_NAME_ZH}．{page_title}［EB/OL］．（{release}）［{ACCESS_PLACEHOLDER_ZH}］．{url}．"
    return f"{sources}．转引自：{page}" if sources else page


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


CITATION_FILTERS: Mapping[str, Callable] = MappingProxyType({"cite_en": format_en_citation})


def _unique(reports: Sequence[ReportRef]) -> tuple[ReportRef, ...]:
    """Return the reports once each, in first-seen order (a report may hold several lists)."""
    return tuple(dict.fromkeys(reports))
