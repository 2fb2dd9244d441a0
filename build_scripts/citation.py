"""Generate stage: citations of the reports and of the site's pages (GB/T 7714-2015, APA, BibTeX, RIS).

Input: the reports a page draws on (`ReportRef`, from the editions resource: issuer, title,
publisher, place, month, and the report's own web address where one is known), the page's title, its
absolute URL and the data release. Output: one GB/T 7714-2015 entry per report ([R]) plus the page
as an electronic resource ([EB/OL]), the same in English (APA-like), and BibTeX and RIS files.

A static site cannot know when it is read and the build never calls `now()` (it must be
reproducible): the 引用日期 / access date is the data release date (`release_date`, the first day of
the newest edition's publication month, the date the sitemap carries too). The pages say so beside
the entries, outside the text a reader copies.

No report prints a web address of its own; an entry gets a URL ([R/OL]) only where the editions
resource holds a `report_url`, which is never guessed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from build_scripts.catalogue import load_catalogue

# The site's name in each language (the catalogues' `site.name`), as citations give it.
SITE_NAME_ZH = load_catalogue("zh").t("site.name")
SITE_NAME_EN = load_catalogue("en").t("site.name")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December")
BIBTEX_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


@dataclass(frozen=True)
class ReportRef:
    """A report a page draws on, as the editions resource describes it.

    Attributes:
        title: Report title as printed on its cover.
        issuer: Issuing body on the cover (主要责任者).
        publisher: Publishing body.
        published: Publication month "YYYY-MM".
        place: City of the publisher's address (出版地), "" when not printed.
        report_url: The report's own official address, "" when none is known.
        publisher_url: The publisher's web address printed on the report, "" when none.
        issuer_en, publisher_en: Their English names for English citations, "" when none is
            recorded (the Chinese name is used then).
        title_en: An English translation of the title, given after it in English citations; "" when
            none is recorded.
    """

    title: str
    issuer: str
    publisher: str
    published: str
    place: str = ""
    report_url: str = ""
    publisher_url: str = ""
    issuer_en: str = ""
    publisher_en: str = ""
    title_en: str = ""

    @property
    def year(self) -> str:
        """The publication year, "YYYY"."""
        return self.published[:4]

    @property
    def key(self) -> str:
        """A BibTeX key, e.g. "caict2024" (one report per year in the package)."""
        return f"caict{self.year}"


def unique_reports(reports: Sequence[ReportRef]) -> tuple[ReportRef, ...]:
    """Return the reports once each, newest first (a report may hold several lists)."""
    return tuple(sorted(dict.fromkeys(reports), key=lambda r: (r.published, r.title), reverse=True))


def render_gbt_report(report: ReportRef, cited: str) -> str:
    """Render the GB/T 7714-2015 entry of a report.

    Example:
        中国信息通信研究院. 中国工业百强县（市）、百强区发展报告（2019年）[R]. 北京: 中国信息通信研究院, 2019.

    Args:
        report: The report.
        cited: The 引用日期 "YYYY-MM-DD", used only when the report has its own URL ([R/OL]).
    """
    place = f"{report.place}: " if report.place else ""
    head = f"{report.issuer}. {report.title}"
    if report.report_url:
        return f"{head}[R/OL]. {place}{report.publisher}, {report.year}[{cited}]. {report.report_url}."
    return f"{head}[R]. {place}{report.publisher}, {report.year}."


def render_gbt_page(page_title: str, url: str, release_date: str) -> str:
    """Render the GB/T 7714-2015 entry of a page as an electronic resource [EB/OL].

    The update date (更新日期) and the 引用日期 are both the data release date (see the module
    docstring).

    Example:
        百强榜开放数据. 昆山市[EB/OL]. (2024-12-01)[2024-12-01]. https://…/county/320583-kunshan/.
    """
    return f"{SITE_NAME_ZH}. {page_title}[EB/OL]. ({release_date})[{release_date}]. {url}."


def render_apa_report(report: ReportRef) -> str:
    """Render an English (APA-like) reference of a report; Chinese titles stay as printed.

    Example:
        China Academy of Information and Communications Technology (CAICT). (2019, November).
        中国工业百强县（市）、百强区发展报告（2019年） [Report]. 中国信息通信研究院.
    """
    month = MONTHS_EN[int(report.published[5:7]) - 1]
    issuer = report.issuer_en or report.issuer
    publisher = report.publisher_en or report.publisher
    tail = f" {report.report_url}" if report.report_url else ""
    title = f"{report.title} [{report.title_en}]" if report.title_en else report.title
    return f"{issuer}. ({report.year}, {month}). {title} [Report]. {publisher}.{tail}"


def render_apa_page(page_title: str, url: str, release_date: str) -> str:
    """Render an English (APA-like) reference of a page, retrieved on the data release date."""
    return (f"{SITE_NAME_EN} ({SITE_NAME_ZH}). ({_date_en(release_date, with_year_first=True)}). "
            f"{page_title} [Data set]. Retrieved {_date_en(release_date)}, from {url}")


def render_bibtex(reports: Sequence[ReportRef], page_title: str, url: str, release_date: str,
                  page_key: str) -> str:
    """Render a BibTeX file: one @techreport per report, then the page as @misc.

    Args:
        reports: The reports the page draws on.
        page_title: The page's title.
        url: The page's absolute URL.
        release_date: Data release date "YYYY-MM-DD" (the `urldate`).
        page_key: BibTeX key of the page entry (e.g. "baiqiang-320583").
    """
    entries = []
    for r in unique_reports(reports):
        fields = [("author", f"{{{r.issuer}}}"), ("title", r.title), ("institution", r.publisher),
                  ("address", r.place), ("year", r.year)]
        body = [f"  {name} = {{{_bib(value)}}}" for name, value in fields if value]
        body.append(f"  month = {BIBTEX_MONTHS[int(r.published[5:7]) - 1]}")
        if r.report_url:
            body.append(f"  url = {{{r.report_url}}}")
        entries.append(f"@techreport{{{r.key},\n" + ",\n".join(body) + "\n}\n")
    page = [("author", f"{{{SITE_NAME_ZH}}}"), ("title", page_title), ("year", release_date[:4]),
            ("url", url), ("urldate", release_date),
            ("note", load_catalogue("zh").t("format.release", release=release_date))]
    entries.append(f"@misc{{{page_key},\n" + ",\n".join(f"  {n} = {{{_bib(v)}}}" for n, v in page) + "\n}\n")
    return "\n".join(entries)


def render_ris(reports: Sequence[ReportRef], page_title: str, url: str, release_date: str) -> str:
    """Render an RIS file: one RPRT record per report, then the page as an ELEC record."""
    records = []
    for r in unique_reports(reports):
        lines = [("TY", "RPRT"), ("AU", r.issuer), ("TI", r.title), ("PY", r.year),
                 ("DA", r.published.replace("-", "/")), ("PB", r.publisher), ("CY", r.place),
                 ("UR", r.report_url)]
        records.append(_ris(lines))
    page = [("TY", "ELEC"), ("AU", SITE_NAME_ZH), ("TI", page_title), ("PY", release_date[:4]),
            ("UR", url), ("Y2", release_date.replace("-", "/"))]
    records.append(_ris(page))
    return "".join(records)


def _ris(lines: Sequence[tuple[str, str]]) -> str:
    body = "".join(f"{tag}  - {_flat(value)}\n" for tag, value in lines if value)
    return body + "ER  - \n\n"


def _flat(text: str) -> str:
    return " ".join(str(text).split())


def _bib(text: str) -> str:
    # Braces stay balanced (author names are wrapped in one pair); a stray brace or backslash in
    # data would break the file, so they are dropped.
    return _flat(text).replace("\\", "").replace("{", "(").replace("}", ")") if text[:1] != "{" else text


def _date_en(date: str, with_year_first: bool = False) -> str:
    year, month, day = date.split("-")
    name = MONTHS_EN[int(month) - 1]
    return f"{year}, {name} {int(day)}" if with_year_first else f"{name} {int(day)}, {year}"
