"""Score stage (index engine): weights from the Analytic Hierarchy Process (AHP) and expert weights.

Inputs: reciprocal pairwise-comparison matrices (Saaty's 1–9 scale) or expert (Delphi) weights, one
group per level of the hierarchy: the dimensions under the goal, then the indicators of each
dimension. Outputs: local priority vectors with their consistency diagnostics (λmax, CI, RI, CR), and
global indicator weights (dimension weight × indicator weight within the dimension, summing to 1).

The priority vector is the principal right eigenvector of the matrix, normalised to sum 1 (Saaty
1977). A matrix whose consistency ratio reaches 0.10 is refused, as Saaty recommends: the judgments
should be revised, not used.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pandas as pd

from scoring.errors import CheckError

# Saaty's average random consistency index RI for matrices of order n = 1..15, as printed in
# T. L. Saaty, "The Analytic Hierarchy Process", McGraw-Hill, 1980 (the table most AHP texts reprint;
# the dip at n = 12 is in the printed table and kept as printed).
RANDOM_INDEX = MappingProxyType(
    {
        1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41,
        9: 1.45, 10: 1.49, 11: 1.51, 12: 1.48, 13: 1.56, 14: 1.57, 15: 1.59,
    }
)
MAX_CONSISTENCY_RATIO = 0.10
RECIPROCAL_TOLERANCE = 1e-6
WEIGHT_SUM_TOLERANCE = 1e-9
CONSISTENCY_COLUMNS = (
    "level", "dimension", "method", "item_count", "lambda_max", "consistency_index", "random_index",
    "consistency_ratio",
)
WEIGHT_COLUMNS = ("indicator", "dimension", "direction", "dimension_weight", "local_weight", "weight")


@dataclass(frozen=True)
class Priorities:
    """The priority vector of one comparison group and its consistency diagnostics.

    Attributes:
        weights: One weight per compared item, indexed by item code, summing to 1.
        lambda_max: The principal eigenvalue λmax (equals n for a consistent matrix).
        consistency_index: CI = (λmax − n) / (n − 1); 0 for n ≤ 2.
        random_index: Saaty's RI for order n (see `RANDOM_INDEX`).
        consistency_ratio: CR = CI / RI; 0 for n ≤ 2, where every reciprocal matrix is consistent.
    """

    weights: pd.Series
    lambda_max: float
    consistency_index: float
    random_index: float
    consistency_ratio: float


def check_pairwise_matrix(matrix: np.ndarray, labels: Sequence[str], *, where: str = "matrix") -> None:
    """Check that a pairwise-comparison matrix is square, positive, unit-diagonal and reciprocal.

    Args:
        matrix: The n×n judgments, a_ij = how many times item i outweighs item j.
        labels: The n item codes, in matrix order (used in messages).
        where: What the matrix is (e.g. "comparisons of dimension innovation"), for messages.

    Raises:
        CheckError: Listing every broken rule; a non-reciprocal pair names both items and values.
    """
    matrix = np.asarray(matrix, dtype=float)
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
        raise CheckError(f"{where}: the matrix is {matrix.shape}, not square. Give one row per column.")
    if matrix.shape[0] != len(labels):
        raise CheckError(f"{where}: {matrix.shape[0]} rows but {len(labels)} item labels.")
    if not np.all(np.isfinite(matrix)) or np.any(matrix <= 0):
        cells = [f"{labels[i]}/{labels[j]}" for i, j in zip(*np.nonzero(~(matrix > 0)), strict=True)]
        raise CheckError(f"{where}: non-positive or missing judgments at {', '.join(cells)}. Use values > 0.")
    problems = [
        f"{where}: diagonal entry {labels[i]}/{labels[i]} is {matrix[i, i]:g}, not 1."
        for i in range(len(labels))
        if abs(matrix[i, i] - 1.0) > RECIPROCAL_TOLERANCE
    ]
    for i, j in zip(*np.triu_indices(len(labels), k=1), strict=True):
        if abs(matrix[i, j] * matrix[j, i] - 1.0) > RECIPROCAL_TOLERANCE:
            problems.append(
                f"{where}: not reciprocal: {labels[i]}/{labels[j]} = {matrix[i, j]:g} but "
                f"{labels[j]}/{labels[i]} = {matrix[j, i]:g} (their product must be 1)."
            )
    if problems:
        raise CheckError(problems)


def compute_priorities(
    matrix: np.ndarray,
    labels: Sequence[str],
    *,
    where: str = "matrix",
    max_consistency_ratio: float = MAX_CONSISTENCY_RATIO,
) -> Priorities:
    """Derive the priority vector of a pairwise-comparison matrix by the principal eigenvector.

    Args:
        matrix: A positive reciprocal n×n matrix (1 ≤ n ≤ 15).
        labels: The n item codes in matrix order.
        where: Name of the group, for messages.
        max_consistency_ratio: Refuse a matrix whose CR reaches this value (Saaty's 0.10).

    Returns:
        The weights (normalised to sum 1) and λmax, CI, RI, CR.

    Raises:
        CheckError: The matrix breaks `check_pairwise_matrix`, is larger than the RI table, or
            CR ≥ `max_consistency_ratio` (the message states CR).
    """
    check_pairwise_matrix(matrix, labels, where=where)
    matrix = np.asarray(matrix, dtype=float)
    n = matrix.shape[0]
    if n not in RANDOM_INDEX:
        raise CheckError(f"{where}: {n} items; the random index table covers 1..15. Split the group.")
    eigenvalues, eigenvectors = np.linalg.eig(matrix)
    # A positive matrix has a real, simple, dominant (Perron) eigenvalue with a one-signed eigenvector.
    principal = int(np.argmax(eigenvalues.real))
    lambda_max = float(eigenvalues[principal].real)
    vector = np.abs(eigenvectors[:, principal].real)
    weights = pd.Series(vector / vector.sum(), index=pd.Index(list(labels), dtype="string"), name="weight")
    ci = max(lambda_max - n, 0.0) / (n - 1) if n > 2 else 0.0
    ri = RANDOM_INDEX[n]
    cr = ci / ri if ri > 0 else 0.0
    if cr >= max_consistency_ratio:
        raise CheckError(
            f"{where}: consistency ratio CR = {cr:.4f} (λmax = {lambda_max:.4f}, CI = {ci:.4f}, "
            f"RI = {ri:.2f}) is not below {max_consistency_ratio:.2f}. "
            "Revise the judgments so they contradict each other less."
        )
    return Priorities(weights, lambda_max, ci, ri, cr)


def build_matrix(comparisons: pd.DataFrame, labels: Sequence[str], *, where: str = "matrix") -> np.ndarray:
    """Assemble a full pairwise matrix from judgments given as rows (row_node, column_node, value).

    Only one triangle needs to be given: a missing a_ji is filled with 1/a_ij, and a missing diagonal
    with 1. When both a_ij and a_ji are given, `check_pairwise_matrix` later checks they are reciprocal.

    Args:
        comparisons: Columns `row_node`, `column_node`, `value` (one group only).
        labels: The item codes of the group, in output order.
        where: Name of the group, for messages.

    Returns:
        The n×n matrix in `labels` order.

    Raises:
        CheckError: A judgment names an item outside the group, or a pair is given twice, or a pair
            of items has no judgment either way.
    """
    position = {label: k for k, label in enumerate(labels)}
    unknown = sorted(set(comparisons["row_node"]).union(comparisons["column_node"]) - set(position))
    if unknown:
        raise CheckError(f"{where}: judgments name items outside the group: {', '.join(unknown)}.")
    pairs = comparisons[["row_node", "column_node"]].astype(str)
    duplicated = pairs[pairs.duplicated()].drop_duplicates()
    if not duplicated.empty:
        listed = ", ".join(f"{a}/{b}" for a, b in duplicated.itertuples(index=False))
        raise CheckError(f"{where}: pair given more than once: {listed}. Keep one judgment per pair.")
    matrix = np.full((len(labels), len(labels)), np.nan)
    np.fill_diagonal(matrix, 1.0)
    for row, column, value in comparisons[["row_node", "column_node", "value"]].itertuples(index=False):
        matrix[position[row], position[column]] = float(value)
    given = ~np.isnan(matrix)
    fill = ~given & given.T
    matrix[fill] = 1.0 / matrix.T[fill]
    gaps = zip(*np.nonzero(np.isnan(matrix)), strict=True)
    missing = [f"{labels[i]}/{labels[j]}" for i, j in gaps if i < j]
    if missing:
        raise CheckError(f"{where}: no judgment for {', '.join(missing)}. Compare every pair once.")
    return matrix


def compute_global_weights(
    dimension_weights: pd.Series,
    indicator_weights: Mapping[str, pd.Series],
    directions: Mapping[str, str],
) -> pd.DataFrame:
    """Compose the hierarchy: global weight = dimension weight × indicator weight within the dimension.

    Args:
        dimension_weights: Weight of each dimension (index: dimension code), summing to 1.
        indicator_weights: For each dimension, the local weights of its indicators, summing to 1.
        directions: `positive` or `negative` for each indicator.

    Returns:
        One row per indicator with columns `WEIGHT_COLUMNS`, sorted by dimension then indicator
        code; `weight` sums to 1.

    Raises:
        CheckError: A dimension has no indicator weights, or a weight group does not sum to 1.
    """
    _check_sums_to_one(dimension_weights, "dimension weights")
    rows = []
    for dimension, dimension_weight in dimension_weights.items():
        if dimension not in indicator_weights:
            raise CheckError(f"dimension {dimension}: has a weight but no indicators. Add its indicators.")
        local = indicator_weights[dimension]
        _check_sums_to_one(local, f"indicator weights of dimension {dimension}")
        for indicator, local_weight in local.items():
            rows.append(
                (indicator, dimension, directions[indicator], float(dimension_weight), float(local_weight),
                 float(dimension_weight) * float(local_weight))
            )
    table = pd.DataFrame(rows, columns=list(WEIGHT_COLUMNS))
    table = table.astype({"indicator": "string", "dimension": "string", "direction": "string"})
    return table.sort_values(["dimension", "indicator"], kind="stable", ignore_index=True)


def _check_sums_to_one(weights: pd.Series, what: str) -> None:
    total = float(weights.sum())
    if abs(total - 1.0) > 1e-6 or (weights < 0).any():
        raise CheckError(f"{what}: must be non-negative and sum to 1, found sum {total:.6f}.")


def compute_weights(
    weights: pd.DataFrame,
    comparisons: pd.DataFrame | None = None,
    *,
    max_consistency_ratio: float = MAX_CONSISTENCY_RATIO,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Resolve a weights table (and optional pairwise judgments) into global indicator weights.

    Each group — the dimensions under the goal, and the indicators of each dimension — takes its
    local weights either from the `weight` column (expert or Delphi weights, rescaled to sum 1, so
    30/20/50 and 0.3/0.2/0.5 mean the same) or, when that column is empty for the whole group, from
    the group's pairwise comparisons by `compute_priorities`. The table is assumed to have passed
    `scoring.indicators.check_weights_table`.

    Args:
        weights: The weights table (columns node, level, dimension, direction, weight).
        comparisons: Pairwise judgments (columns level, dimension, row_node, column_node, value), or
            None when every group has expert weights.
        max_consistency_ratio: Refuse a comparison matrix whose CR reaches this value.

    Returns:
        The global weights (see `compute_global_weights`) and one row per group describing how its
        weights were obtained: level, dimension (NA for the goal), method (`ahp` or `expert`),
        item_count, lambda_max, consistency_index, random_index, consistency_ratio (NA for expert).
    """
    dimensions = weights[weights["level"] == "dimension"]
    indicators = weights[weights["level"] == "indicator"]
    max_cr = max_consistency_ratio
    dimension_weights, goal_row = _resolve_group(dimensions, comparisons, "dimension", pd.NA, max_cr)
    local, rows = {}, [goal_row]
    for dimension in dimension_weights.index:
        members = indicators[indicators["dimension"] == dimension]
        local[dimension], row = _resolve_group(members, comparisons, "indicator", dimension, max_cr)
        rows.append(row)
    directions = dict(zip(indicators["node"], indicators["direction"], strict=True))
    consistency = pd.DataFrame(rows, columns=list(CONSISTENCY_COLUMNS)).astype(
        {"level": "string", "dimension": "string", "method": "string", "item_count": "Int64",
         "lambda_max": "Float64", "consistency_index": "Float64", "random_index": "Float64",
         "consistency_ratio": "Float64"}
    )
    return compute_global_weights(dimension_weights, local, directions), consistency



def _resolve_group(members, comparisons, level, dimension, max_cr) -> tuple[pd.Series, tuple]:
    labels = sorted(members["node"])
    where = "dimensions" if level == "dimension" else f"indicators of dimension {dimension}"
    if members["weight"].notna().all():
        given = members.set_index("node")["weight"].astype(float).loc[labels]
        index = pd.Index(labels, dtype="string")
        local = pd.Series(given.to_numpy() / given.sum(), index=index, name="weight")
        return local, (level, dimension, "expert", len(labels), pd.NA, pd.NA, pd.NA, pd.NA)
    judgments = _group_comparisons(comparisons, level, dimension)
    matrix = build_matrix(judgments, labels, where=f"comparisons of {where}")
    result = compute_priorities(matrix, labels, where=f"comparisons of {where}", max_consistency_ratio=max_cr)
    diagnostics = (result.lambda_max, result.consistency_index, result.random_index, result.consistency_ratio)
    return result.weights, (level, dimension, "ahp", len(labels), *diagnostics)


def _group_comparisons(comparisons: pd.DataFrame | None, level: str, dimension) -> pd.DataFrame:
    if comparisons is None:
        return pd.DataFrame(columns=["row_node", "column_node", "value"])
    in_level = comparisons["level"] == level
    if level == "dimension":
        return comparisons[in_level]
    return comparisons[in_level & (comparisons["dimension"] == dimension)]
