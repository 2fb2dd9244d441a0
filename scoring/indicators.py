"""Score stage (index engine): the indicator input format, its validation, missing values, normalisation.

Inputs: an indicator table in long format (region_code, year, indicator, value) and a weights table
(with optional pairwise comparisons), each a CSV file or a resource of a `datapackage.json`. Their
Table Schemas live in `scoring/index_schema.json`; every file is checked byte-for-byte (UTF-8, no BOM,
header) and then validated with frictionless before it is read. Outputs: typed DataFrames, checks
of the weights hierarchy, and indicator values normalised within each year (min-max or z-score,
negative indicators reversed). Missing values are handled in `scoring.composite`.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
from frictionless import Resource, system

from scoring.errors import CheckError, DataPackageError
from scoring.messages import format_error_place
from scoring.package import check_files

SCHEMA_PATH = Path(__file__).with_name("index_schema.json")
RESOURCE_PROFILE = "https://datapackage.org/profiles/2.0/dataresource.json"
NORMALISATIONS = ("minmax", "zscore")
_PANDAS_TYPES = {"integer": "Int64", "number": "float64"}
# Value a non-discriminating indicator (one value for every place in a year) normalises to: the middle
# of each scale, so it adds the same amount to every place and leaves the ranks unchanged.
_CONSTANT_NORMALISED = {"minmax": 0.5, "zscore": 0.0}


def load_index_schemas() -> dict[str, dict]:
    """Read the Table Schemas of the index engine's inputs and outputs, keyed by resource name."""
    descriptor = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return {resource["name"]: resource["schema"] for resource in descriptor["resources"]}


def load_table(path: Path | str, name: str, *, required: bool = True) -> pd.DataFrame | None:
    """Validate and read one input table of the index engine.

    Args:
        path: A CSV file holding the table itself, or a `datapackage.json` with a resource `name`.
        name: `indicators`, `weights` or `comparisons` (a resource of `index_schema.json`).
        required: When False, a data package without the resource yields None instead of an error.

    Returns:
        The table with columns in schema order: strings as `string`, integers as `Int64`, numbers as
        float64 (NaN where empty).

    Raises:
        DataPackageError: Every problem found, one line each with file, row and column: a missing
            file, bad encoding, a byte-order mark, a wrong header, a wrong type, a broken constraint.
    """
    path = Path(path)
    schema = load_index_schemas()[name]
    if path.suffix == ".json":
        root, resource_path = _resolve_resource(path, name, schema)
        if resource_path is None:
            if required:
                raise DataPackageError(f'{path}: no resource named "{name}". Add it to the descriptor.')
            return None
    else:
        root, resource_path = path.parent, path.name
    descriptor = {"resources": [{"name": name, "path": resource_path, "schema": schema}]}
    problems = check_files(root, descriptor)
    if not problems:
        problems = _validate(root / resource_path, schema)
    if problems:
        raise DataPackageError(problems)
    return _read_typed(root / resource_path, schema)


def load_weights(path: Path | str) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Read the weights table and, from a data package, its optional `comparisons` resource.

    A plain CSV holds expert weights only; pairwise comparisons need a `datapackage.json` with a
    `weights` and a `comparisons` resource.
    """
    path = Path(path)
    comparisons = load_table(path, "comparisons", required=False) if path.suffix == ".json" else None
    return load_table(path, "weights"), comparisons


def _resolve_resource(path: Path, name: str, schema: dict) -> tuple[Path, str | None]:
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise DataPackageError(f"{path}: file not found.") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataPackageError(f"{path}: not valid UTF-8 JSON ({exc}). Fix the descriptor.") from exc
    resource = next((r for r in descriptor.get("resources", []) if r.get("name") == name), None)
    if resource is None:
        return path.parent, None
    declared = [f.get("name") for f in resource.get("schema", {}).get("fields", [])] if isinstance(
        resource.get("schema"), dict) else None
    expected = [f["name"] for f in schema["fields"]]
    if declared is not None and declared != expected:
        raise DataPackageError(
            f'{path}: resource "{name}" declares fields {", ".join(declared)}; the index engine reads '
            f"{', '.join(expected)} (see scoring/index_schema.json)."
        )
    return path.parent, str(resource["path"])


def _validate(path: Path, schema: dict) -> list[str]:
    with system.use_context(trusted=True):
        resource = Resource.from_descriptor(
            {"$schema": RESOURCE_PROFILE, "name": "table", "path": str(path), "schema": schema}
        )
        report = resource.validate()
    problems = []
    for task in report.tasks:
        problems += [f"{format_error_place(str(path), error)}: {_describe(error)} "
                     f"({error.note or error.message}). Fix the file." for error in task.errors]
    problems.extend(f"{path}: {error.message}" for error in report.errors)
    return problems


def _describe(error) -> str:
    cell = getattr(error, "cell", None)
    return {
        "type-error": f'"{cell}" does not have the declared type',
        "constraint-error": f'"{cell}" breaks a constraint' if cell else "empty cell breaks a constraint",
        "primary-key": "duplicate key",
        "unique-error": f'"{cell}" is not unique',
        "missing-cell": "row is shorter than the header",
        "extra-cell": "row is longer than the header",
        "blank-row": "blank row",
    }.get(error.type, error.type)


def _read_typed(path: Path, schema: dict) -> pd.DataFrame:
    names = [f["name"] for f in schema["fields"]]
    dtypes = {f["name"]: _PANDAS_TYPES.get(f["type"], "string") for f in schema["fields"]}
    frame = pd.read_csv(path, dtype=dtypes, keep_default_na=False, na_values=[""], encoding="utf-8")
    return frame[names]


def check_weights_table(weights: pd.DataFrame, comparisons: pd.DataFrame | None = None) -> None:
    """Check the hierarchy a weights table describes and that each group is weighted exactly one way.

    Rules: at least one dimension; a dimension row has no `dimension` and no `direction`; an indicator
    row names an existing dimension and has a direction; every dimension has an indicator; in each
    group either every row has a weight or none has; a group of two or more without weights needs
    comparisons, and a group with weights may not have any; every comparison names an existing group.

    Raises:
        CheckError: Listing every broken rule with the node it concerns.
    """
    dimensions = weights[weights["level"] == "dimension"]
    indicators = weights[weights["level"] == "indicator"]
    problems = _check_hierarchy(dimensions, indicators)
    known = set(dimensions["node"])
    groups = [("dimension", None, dimensions)] + [
        ("indicator", d, indicators[indicators["dimension"] == d]) for d in sorted(known)
    ]
    problems += [p for level, d, members in groups for p in _check_group(level, d, members, comparisons)]
    problems += _check_comparison_rows(comparisons, known)
    if problems:
        raise CheckError(problems)


def _check_hierarchy(dimensions: pd.DataFrame, indicators: pd.DataFrame) -> list[str]:
    problems = [] if len(dimensions) else ["weights: no dimension rows. Add a row with level dimension."]
    bad_dimensions = dimensions["dimension"].notna() | dimensions["direction"].notna()
    problems += [f"weights node {n}: a dimension row must leave dimension and direction empty."
                 for n in dimensions.loc[bad_dimensions, "node"]]
    known = set(dimensions["node"])
    orphans = indicators.loc[~indicators["dimension"].isin(known), ["node", "dimension"]]
    problems += [f"weights node {n}: dimension {d!s} is not a dimension row of the table."
                 for n, d in orphans.itertuples(index=False)]
    problems += [f"weights node {n}: an indicator needs a direction (positive or negative)."
                 for n in indicators.loc[indicators["direction"].isna(), "node"]]
    empty = sorted(known - set(indicators["dimension"].dropna()))
    return problems + [f"weights dimension {d}: has no indicator rows." for d in empty]


def _check_group(level: str, dimension, members: pd.DataFrame, comparisons: pd.DataFrame | None) -> list[str]:
    where = "the dimensions" if level == "dimension" else f"the indicators of dimension {dimension}"
    given = members["weight"].notna()
    if given.any() and not given.all():
        return [f"weights: {where} give a weight on some rows but not all. Weight all of them, or none "
                "and compare them pairwise."]
    judged = comparisons is not None and bool(_in_group(comparisons, level, dimension).any())
    if given.all() and judged:
        return [f"weights: {where} have both expert weights and pairwise comparisons. Keep one of them."]
    if not given.any() and not judged and len(members) > 1:
        return [f"weights: {where} have neither weights nor pairwise comparisons. Weight every row, or "
                "give their comparisons in the comparisons resource of a datapackage.json."]
    return []


def _in_group(comparisons: pd.DataFrame, level: str, dimension) -> pd.Series:
    column = comparisons["dimension"]
    same_dimension = column.isna() if dimension is None else (column == dimension).fillna(False)
    return (comparisons["level"] == level) & same_dimension


def _check_comparison_rows(comparisons: pd.DataFrame | None, known: set) -> list[str]:
    if comparisons is None:
        return []
    rows = comparisons[["level", "dimension", "row_node", "column_node"]].itertuples(index=False)
    return [
        f"comparisons {row}/{column}: " + (
            "a comparison of dimensions must leave dimension empty." if level == "dimension"
            else f"dimension {dimension!s} is not a dimension of the weights table."
        )
        for level, dimension, row, column in rows
        if (level == "dimension" and not pd.isna(dimension))
        or (level == "indicator" and (pd.isna(dimension) or dimension not in known))
    ]


def check_indicator_codes(indicators: pd.DataFrame, weights: pd.DataFrame) -> None:
    """Check that the data and the weights name the same indicators.

    Raises:
        CheckError: The data hold an indicator the weights table does not weight, or the weights
            table weights an indicator with no row in the data.
    """
    weighted = set(weights.loc[weights["level"] == "indicator", "node"])
    observed = set(indicators["indicator"])
    problems = [f"indicators: indicator {code} has no row in the weights table. Weight it or remove its rows."
                for code in sorted(observed - weighted)]
    problems += [f"weights: indicator {code} has no row in the indicator data. Add its values or remove it."
                 for code in sorted(weighted - observed)]
    if problems:
        raise CheckError(problems)


def compute_normalised(
    values: pd.DataFrame, directions: pd.Series, *, method: str = "minmax"
) -> pd.DataFrame:
    """Normalise each indicator within each year so that higher is always better.

    `minmax`: (x − min)/(max − min) for a positive indicator, (max − x)/(max − min) for a negative
    one, so values lie in [0, 1]. `zscore`: (x − mean)/sd with the population standard deviation
    (ddof = 0), negated for a negative indicator. An indicator with one value for every place that
    year normalises to 0.5 (min-max) or 0 (z-score).

    Args:
        values: Complete values (index: year, region_code; columns: indicator codes).
        directions: `positive`/`negative` per indicator code.
        method: One of `NORMALISATIONS`.

    Returns:
        A frame shaped like `values`.
    """
    if method not in NORMALISATIONS:
        raise CheckError(f"normalisation {method!r} is unknown. Use one of: {', '.join(NORMALISATIONS)}.")
    by_year = values.groupby(level="year")
    negative = (directions.reindex(values.columns) == "negative").to_numpy()[np.newaxis, :]
    if method == "minmax":
        low, high = by_year.transform("min").to_numpy(), by_year.transform("max").to_numpy()
        spread = high - low
        with np.errstate(divide="ignore", invalid="ignore"):
            scaled = np.where(negative, high - values.to_numpy(), values.to_numpy() - low) / spread
    else:
        spread = by_year.transform("std", ddof=0).to_numpy()
        with np.errstate(divide="ignore", invalid="ignore"):
            z = (values.to_numpy() - by_year.transform("mean").to_numpy()) / spread
        scaled = np.where(negative, -z, z)
    scaled = np.where(spread > 0, scaled, _CONSTANT_NORMALISED[method])
    return pd.DataFrame(scaled, index=values.index, columns=values.columns)
