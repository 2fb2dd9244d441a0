"""Generate stage: page contexts, one frozen dataclass per page type.

Each `build_<page>_context(data, …)` takes the `SiteData` bundle and returns the only object its
template receives. See `sitedata` for the bundle, the page paths and the link helpers.
"""

from build_scripts.contexts.lists import build_edition_context, build_edition_rows, build_list_context
from build_scripts.contexts.notes import build_notes_context
from build_scripts.contexts.pages import (
    build_columns_context,
    build_home_context,
    build_methodology_context,
    build_methodology_index_context,
    build_redirect_contexts,
)
from build_scripts.contexts.province import (
    build_province_context,
    build_province_index_context,
    build_province_rows,
    compute_province_editions,
)
from build_scripts.contexts.region import build_region_context, build_region_rows
from build_scripts.contexts.sitedata import (
    ChartFiles,
    SiteData,
    build_site_data,
    compute_page_provinces,
    compute_page_regions,
)

__all__ = [
    "ChartFiles", "SiteData", "build_columns_context", "build_edition_context", "build_edition_rows",
    "build_home_context", "build_list_context", "build_methodology_context",
    "build_methodology_index_context", "build_notes_context",
    "build_province_context", "build_province_index_context", "build_province_rows",
    "build_redirect_contexts",
    "build_region_context", "build_region_rows", "build_site_data", "compute_page_provinces",
    "compute_page_regions", "compute_province_editions",
]
