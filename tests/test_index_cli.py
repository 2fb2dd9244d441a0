import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from frictionless import Package, system

from scoring.__main__ import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "tests" / "data" / "index-example"
PACKAGE = EXAMPLE / "datapackage.json"


def run(tmp_path, *extra, indicators=PACKAGE, weights=PACKAGE):
    out = tmp_path / "out"
    argv = ["index", "--indicators", str(indicators), "--weights", str(weights), "--out", str(out), *extra]
    return main(argv), out


def test_index_cli_writes_a_valid_package_with_scores_ranks_and_tiers(tmp_path, capsys):
    status, out = run(tmp_path)
    assert status == 0
    with system.use_context(trusted=True):
        report = Package(str(out / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    scores = pd.read_csv(out / "index_scores.csv", dtype={"region_code": "string"})
    columns = ["region_code", "year", "score", "rank", "tier", "tier_count", "place_count"]
    assert scores.columns.tolist() == columns
    assert scores["rank"].tolist() == list(range(1, 9))
    assert scores["tier"].tolist() == [1, 1, 1, 2, 2, 2, 3, 3]
    assert scores["region_code"].tolist()[:3] == ["EX01", "EX02", "EX03"]
    weights = pd.read_csv(out / "index_weights.csv")
    assert weights["weight"].sum() == pytest.approx(1.0, abs=1e-5)
    consistency = pd.read_csv(out / "index_consistency.csv")
    assert consistency.loc[consistency["method"] == "ahp", "consistency_ratio"].lt(0.10).all()
    printed = capsys.readouterr().out
    assert "tier 1: ranks 1-3 (3 places)" in printed
    assert "dimensions: ahp (λmax 6.0138, CR 0.0022)" in printed


def test_index_cli_output_is_byte_identical_across_runs(tmp_path):
    first, out_a = run(tmp_path / "a")
    second, out_b = run(tmp_path / "b")
    assert first == second == 0
    for path in sorted(out_a.iterdir()):
        assert path.read_bytes() == (out_b / path.name).read_bytes(), path.name


def test_index_cli_accepts_csv_inputs_and_options(tmp_path):
    status, out = run(
        tmp_path, "--tiers", "4", "--normalise", "zscore",
        indicators=EXAMPLE / "indicators.csv", weights=EXAMPLE / "weights-expert.csv",
    )
    assert status == 0
    scores = pd.read_csv(out / "index_scores.csv")
    assert set(scores["tier_count"]) == {4}
    consistency = pd.read_csv(out / "index_consistency.csv")
    assert set(consistency["method"]) == {"expert"}


def test_index_cli_reports_bad_cell_with_file_row_and_column(tmp_path, capsys):
    bad = tmp_path / "indicators.csv"
    text = (EXAMPLE / "indicators.csv").read_text(encoding="utf-8").replace("EX01,2023,energy_intensity,0.42",
                                                                           "EX01,2023,energy_intensity,n/a")
    bad.write_text(text, encoding="utf-8")
    status, out = run(tmp_path, indicators=bad)
    assert status == 1
    err = capsys.readouterr().err
    assert err.startswith("DataPackageError: ")
    # The strict cell parser (scoring.cells, issue 18) reads the cell before frictionless does.
    assert 'indicators.csv row 3, column "value": "n/a" is not a number. Write a decimal number' in err
    assert "Traceback" not in err
    assert not (out / "index_scores.csv").exists()


def test_index_cli_refuses_inconsistent_judgments(tmp_path, capsys):
    folder = tmp_path / "package"
    shutil.copytree(EXAMPLE, folder)
    comparisons = folder / "comparisons.csv"
    text = comparisons.read_text(encoding="utf-8").replace("innovation,invention_patents,high_tech_share,2",
                                                           "innovation,invention_patents,high_tech_share,0.125")
    comparisons.write_text(text, encoding="utf-8")
    status, _ = run(tmp_path, weights=folder / "datapackage.json")
    assert status == 1
    err = capsys.readouterr().err
    prefix = "CheckError: comparisons of indicators of dimension innovation: consistency ratio CR = "
    assert err.startswith(prefix)
    assert "is not below 0.10" in err


def test_index_cli_missing_values_fail_by_default_and_are_reported_when_imputed(tmp_path, capsys):
    gappy = tmp_path / "indicators.csv"
    lines = (EXAMPLE / "indicators.csv").read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if line != "EX05,2023,foreign_investment,7.4"]
    kept = [line.replace("EX06,2023,export_share,19", "EX06,2023,export_share,") for line in kept]
    gappy.write_text("\n".join(kept) + "\n", encoding="utf-8")
    status, _ = run(tmp_path, indicators=gappy)
    assert status == 1
    err = capsys.readouterr().err
    assert "region_code EX05, year 2023, indicator foreign_investment: missing (no_row)" in err
    assert "region_code EX06, year 2023, indicator export_share: missing (empty_value)" in err
    status, out = run(tmp_path, "--missing", "worst", indicators=gappy)
    assert status == 0
    report = pd.read_csv(out / "index_missing.csv", dtype={"region_code": "string"})
    assert report[["region_code", "indicator", "cause", "action"]].values.tolist() == [
        ["EX05", "foreign_investment", "no_row", "imputed_worst"],
        ["EX06", "export_share", "empty_value", "imputed_worst"],
    ]
    assert report["imputed_value"].tolist() == [1.2, 9.0]
    assert "2 missing values handled" in capsys.readouterr().out


def test_index_cli_runs_as_a_module_without_traceback(tmp_path):
    ok = subprocess.run(
        [sys.executable, "-m", "scoring", "index", "--indicators", str(PACKAGE), "--weights", str(PACKAGE),
         "--out", str(tmp_path / "out")],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )
    assert ok.returncode == 0, ok.stderr
    assert "wrote" in ok.stdout
    missing = subprocess.run(
        [sys.executable, "-m", "scoring", "index", "--indicators", str(tmp_path / "nope.csv"), "--weights",
         str(PACKAGE), "--out", str(tmp_path / "out2")],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )
    assert missing.returncode == 1
    assert "nope.csv: file not found" in missing.stderr
    assert "Traceback" not in missing.stderr


# The Chinese page and its English twin show the same example and describe the same columns.
DOCS = [
    ROOT / "docs" / "methodology" / "index-engine.md",
    ROOT / "docs" / "en" / "methodology" / "index-engine.md",
]


@pytest.mark.parametrize("doc", DOCS, ids=["zh", "en"])
def test_index_engine_page_shows_the_scores_the_engine_computes(tmp_path, doc):
    status, out = run(tmp_path)
    assert status == 0
    text = doc.read_text(encoding="utf-8")
    table = text.split("<!-- index-example-scores")[1].split("\n\n")[1]
    rows = [line.strip("|").split("|") for line in table.splitlines()[2:]]
    documented = [[cell.strip() for cell in row] for row in rows]
    scores = pd.read_csv(out / "index_scores.csv", dtype=str)
    computed = scores[["region_code", "score", "rank", "tier"]].values.tolist()
    assert documented == computed


@pytest.mark.parametrize("doc", DOCS, ids=["zh", "en"])
def test_index_engine_page_describes_every_input_column(doc):
    from scoring.indicators import load_index_schemas

    text = doc.read_text(encoding="utf-8")
    schemas = load_index_schemas()
    for name in ("indicators", "weights", "comparisons"):
        for field in schemas[name]["fields"]:
            assert f"| `{field['name']}` |" in text, (name, field["name"])
