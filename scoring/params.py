"""Parameters of the analytics: a frozen dataclass loaded once by the entry point.

Input: `config/params.yml` (blocs by province code, rank band width, streak thresholds).
Output: a `Params` value passed explicitly to the `compute_*` functions. Nothing else reads the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import yaml

from scoring.errors import PipelineError


@dataclass(frozen=True)
class Params:
    """Parameters of the derived analytics.

    Attributes:
        blocs: Bloc name -> the two-digit province prefixes it holds (the NBS four economic regions:
            东部, 中部, 西部, 东北). Every province belongs to at most one bloc.
        rank_band_width: Width of the rank bands of the province x rank-band matrix (10 gives
            1-10, 11-20, …).
        streak_thresholds: Ascending "top N" thresholds for `persistence.streak_top_n`.
    """

    blocs: Mapping[str, tuple[str, ...]]
    rank_band_width: int
    streak_thresholds: tuple[int, ...]

    def bloc_of(self, province_code: str) -> str | None:
        """Return the bloc holding a province code (6 digits or its 2-digit prefix), or None."""
        prefix = str(province_code)[:2]
        return next((bloc for bloc, prefixes in self.blocs.items() if prefix in prefixes), None)


def _check_blocs(blocs: dict[str, tuple[str, ...]]) -> list[str]:
    problems = []
    seen: dict[str, str] = {}
    for name, codes in blocs.items():
        for code in codes:
            if len(code) != 2 or not code.isdigit():
                problems.append(f'params: blocs.{name}: "{code}" is not a 2-digit province prefix.')
            if code in seen:
                problems.append(f'params: province "{code}" is in both {seen[code]} and {name}.')
            seen[code] = name
    return problems


def _is_positive_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def build_params(raw: Mapping) -> Params:
    """Build and check `Params` from a parsed mapping (the YAML document).

    Raises:
        PipelineError: A key is missing, a value has the wrong type, a province is in two blocs or
            the thresholds are not ascending positive integers.
    """
    missing = [key for key in ("blocs", "rank_band_width", "streak_thresholds") if key not in raw]
    if missing:
        raise PipelineError(f"params: missing key(s) {', '.join(missing)}. Add them to params.yml.")
    blocs = {str(name): tuple(str(code) for code in codes) for name, codes in dict(raw["blocs"]).items()}
    problems = _check_blocs(blocs)
    width = raw["rank_band_width"]
    if not _is_positive_int(width):
        problems.append(f"params: rank_band_width {width!r} is not a positive integer.")
    thresholds = tuple(raw["streak_thresholds"] or ())
    ascending = list(thresholds) == sorted(set(thresholds))
    if not thresholds or not all(_is_positive_int(t) for t in thresholds) or not ascending:
        problems.append(f"params: streak_thresholds {list(thresholds)} must be ascending positive integers.")
    if problems:
        raise PipelineError(problems)
    return Params(blocs=MappingProxyType(blocs), rank_band_width=width, streak_thresholds=thresholds)


def load_params(path: Path | str) -> Params:
    """Read the parameters file and return `Params`.

    Raises:
        PipelineError: The file is missing, is not YAML, or its values are invalid.
    """
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise PipelineError(f"{path}: file not found. Restore config/params.yml.") from exc
    except yaml.YAMLError as exc:
        raise PipelineError(f"{path}: not valid YAML ({exc}). Fix the file.") from exc
    if not isinstance(raw, Mapping):
        raise PipelineError(f"{path}: expected a mapping of parameters at the top level.")
    return build_params(raw)
