"""The lists the site publishes: `config/lists.yml`, loaded once by the entry point into `Lists`.

Input: the YAML file (one entry per list: code, Chinese and English names, level, size, tiers rule,
rank-axis ticks, in site order). Output: a frozen `Lists` passed explicitly to whatever needs the set
of lists (the score stage's derived schema, the page contexts, the charts, the importer), and the
`check_*` functions that hold the data package to it: the list enums of the package's schema and of
the derived schema equal the configured codes (`python -m build_scripts lists-schema` writes them),
and every edition names a configured list by its configured name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from scoring.errors import CheckError, DataPackageError, PipelineError

LEVELS = ("county", "district", "city")
TIER_RULES = ("stated", "none")
# Registry levels (regions.level) of the places each list level ranks. A county that became a
# district after an edition keeps one registry row, now a district, so county lists hold districts.
REGISTRY_LEVELS = {"county": ("county", "district"), "district": ("district",), "city": ("prefecture",)}
FIELDS = ("code", "name_zh", "name_en", "level", "size", "tiers", "rank_ticks")
CODE_PATTERN = re.compile(r"^[a-z][a-z_]*$")
LIST_FIELD = "list"


@dataclass(frozen=True)
class ListSpec:
    """One list as configured.

    Attributes:
        code: The editions' `list` value, e.g. county_industrial.
        name_zh: Chinese name as printed, e.g. 工业百强县（市）.
        name_en: English name.
        level: county | district | city.
        size: Entries per edition.
        tiers: stated | none (whether editions may state tier boundaries).
        rank_ticks: Rank-axis ticks of the rank-history charts, 1 first, `size` last.
        measure: What the list ranks places by (industrial, innovation …); a place that leaves a
            list because its kind changed moves to a list of another level only when both share a
            measure. Defaults to the code: a list of its own.
    """

    code: str
    name_zh: str
    name_en: str
    level: str
    size: int
    tiers: str
    rank_ticks: tuple[int, ...]
    measure: str = ""

    @property
    def registry_levels(self) -> tuple[str, ...]:
        """Return the registry levels of the places this list ranks."""
        return REGISTRY_LEVELS[self.level]


@dataclass(frozen=True)
class Lists:
    """Every configured list, in site order (the order of the file)."""

    specs: tuple[ListSpec, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        """Return the list codes in site order."""
        return tuple(spec.code for spec in self.specs)

    def get(self, code: str) -> ListSpec:
        """Return the list `code`.

        Raises:
            PipelineError: No list has that code.
        """
        for spec in self.specs:
            if spec.code == code:
                return spec
        raise PipelineError(f'list "{code}" is not in config/lists.yml (lists: {", ".join(self.codes)}).')

    def order(self, code: str) -> int:
        """Return the position of a list in site order (lists not configured sort last)."""
        return self.codes.index(code) if code in self.codes else len(self.specs)


def _check_entry(index: int, raw: object) -> list[str]:
    where = f"config/lists.yml: lists[{index}]"
    if not isinstance(raw, Mapping):
        return [f"{where}: expected a mapping with {', '.join(FIELDS)}."]
    problems = [f"{where}: missing {key}." for key in FIELDS if key not in raw]
    if problems:
        return problems
    if not CODE_PATTERN.match(str(raw["code"])):
        problems.append(f'{where}: code "{raw["code"]}" must be lower-case letters and _.')
    if raw["level"] not in LEVELS:
        problems.append(f'{where}: level "{raw["level"]}" is not one of {", ".join(LEVELS)}.')
    if "measure" in raw and not CODE_PATTERN.match(str(raw["measure"])):
        problems.append(f'{where}: measure "{raw["measure"]}" must be lower-case letters and _.')
    if raw["tiers"] not in TIER_RULES:
        problems.append(f'{where}: tiers "{raw["tiers"]}" is not one of {", ".join(TIER_RULES)}.')
    size, ticks = raw["size"], raw["rank_ticks"]
    if not isinstance(size, int) or isinstance(size, bool) or size < 1:
        problems.append(f"{where}: size {size!r} is not a positive integer.")
    elif (not isinstance(ticks, list) or not ticks or ticks[0] != 1 or ticks[-1] != size
          or ticks != sorted(set(ticks)) or not all(isinstance(t, int) for t in ticks)):
        problems.append(f"{where}: rank_ticks {ticks!r} must be ascending integers from 1 to size ({size}).")
    return problems


def build_lists(raw: object) -> Lists:
    """Build and check `Lists` from the parsed YAML document.

    Raises:
        PipelineError: An entry lacks a field, has a bad value, or two entries share a code.
    """
    entries = raw.get("lists") if isinstance(raw, Mapping) else None
    if not isinstance(entries, list) or not entries:
        raise PipelineError("config/lists.yml: expected a top-level `lists:` with one entry per list.")
    problems = [p for index, entry in enumerate(entries) for p in _check_entry(index, entry)]
    codes = [str(entry.get("code")) for entry in entries if isinstance(entry, Mapping)]
    problems += [f'config/lists.yml: code "{c}" appears more than once.' for c in sorted(set(codes))
                 if codes.count(c) > 1]
    if problems:
        raise PipelineError(problems)
    return Lists(specs=tuple(
        ListSpec(code=str(e["code"]), name_zh=str(e["name_zh"]), name_en=str(e["name_en"]),
                 level=str(e["level"]), size=int(e["size"]), tiers=str(e["tiers"]),
                 rank_ticks=tuple(int(t) for t in e["rank_ticks"]),
                 measure=str(e.get("measure") or e["code"]))
        for e in entries))


def load_lists(path: Path | str) -> Lists:
    """Read the lists file and return `Lists`.

    Raises:
        PipelineError: The file is missing, is not YAML, or its entries are invalid.
    """
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise PipelineError(f"{path}: file not found. Restore config/lists.yml.") from exc
    except yaml.YAMLError as exc:
        raise PipelineError(f"{path}: not valid YAML ({exc}). Fix the file.") from exc
    return build_lists(raw)


def compute_list_enum_fields(descriptor: Mapping) -> list[tuple[str, dict]]:
    """Return (resource name, field) for every field named `list` that carries an enum in a descriptor."""
    found = []
    for resource in descriptor.get("resources", ()):
        for field in resource.get("schema", {}).get("fields", ()):
            if field.get("name") == LIST_FIELD and "enum" in field.get("constraints", {}):
                found.append((str(resource["name"]), field))
    return found


def apply_list_enums(descriptor: dict, lists: Lists) -> dict:
    """Return a copy of `descriptor` whose `list` fields' enum and categories are the configured codes."""
    copy = _deep_copy(descriptor)
    for _, field in compute_list_enum_fields(copy):
        field["constraints"]["enum"] = list(lists.codes)
        if "categories" in field:
            field["categories"] = list(lists.codes)
    return copy


def check_list_enums(descriptor: Mapping, lists: Lists, where: str) -> None:
    """Check that every `list` enum (and its categories) of a descriptor equals the configured codes.

    Raises:
        DataPackageError: A list field disagrees with config/lists.yml; names file, resource and the
            codes, and the command that rewrites them.
    """
    problems = []
    for resource, field in compute_list_enum_fields(descriptor):
        for key, values in (("enum", field["constraints"]["enum"]), ("categories", field.get("categories"))):
            if values is not None and list(values) != list(lists.codes):
                problems.append(
                    f'{where}, resource "{resource}", field "list": {key} {list(values)} differs from '
                    f"config/lists.yml {list(lists.codes)}. Run `python -m build_scripts lists-schema`.")
    if problems:
        raise DataPackageError(problems)


def check_editions_lists(editions: pd.DataFrame, lists: Lists,
                         shown: str = "datapackage/data/editions.csv") -> None:
    """Check every edition against its configured list: known code, same name, tiers only where stated.

    Args:
        editions: The editions table.
        lists: The configured lists.
        shown: The editions file as messages name it (`Package.display_path("editions")`).

    Raises:
        CheckError: One line per bad editions.csv row (row numbers count the header as row 1).
    """
    problems = []
    for row, (edition, code, name, tiers) in enumerate(
            editions[["edition", "list", "list_name", "tier_boundaries"]].itertuples(index=False), start=2):
        where = f'{shown} row {row} ("{edition}")'
        if code not in lists.codes:
            problems.append(f'{where}, column "list": "{code}" is not in config/lists.yml. Add it there.')
            continue
        spec = lists.get(code)
        if name != spec.name_zh:
            problems.append(f'{where}, column "list_name": "{name}" differs from config/lists.yml '
                            f'"{spec.name_zh}".')
        if spec.tiers == "none" and isinstance(tiers, str) and tiers:
            problems.append(f'{where}, column "tier_boundaries": the list states no tiers (tiers: none in '
                            "config/lists.yml); leave the cell empty or set tiers: stated.")
    if problems:
        raise CheckError(problems)


def _deep_copy(value):
    if isinstance(value, dict):
        return {k: _deep_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_deep_copy(v) for v in value]
    return value
