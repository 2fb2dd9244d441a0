"""The CLI refuses bad data with readable messages and never replaces site/ after a failure."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from minimal_package import VALID, copy_valid, replace_in

from build_scripts import __main__ as cli
from build_scripts import paths, pipeline
from build_scripts.charts import SvgOutput, SvgTask
from build_scripts.charts.render import write_svgs
from build_scripts.runtime import Background, sitedir
from scoring.errors import RenderError

ROOT = Path(__file__).resolve().parents[1]


def folder_names(root: Path) -> list[str]:
    """Name what the build left in its root, without the lock file (it stays, empty, between builds)."""
    return sorted(p.name for p in root.iterdir() if p.name != sitedir.LOCK_FILE)


@pytest.fixture()
def bad_package(tmp_path) -> Path:
    package = copy_valid(tmp_path)
    replace_in(package, "rankings", "county_industrial-2019,1,", "county_industrial-2019,–,")
    replace_in(package, "rankings", "county_industrial-2019,4,429004", "county_industrial-2019,4,429005")
    return package


@pytest.fixture()
def fake_root(tmp_path, monkeypatch) -> Path:
    """Point the pipeline's ROOT and SITE at a temporary folder, so no test touches the repo's site/."""
    root = tmp_path / "repo"
    root.mkdir()
    monkeypatch.setattr(paths, "ROOT", root)
    monkeypatch.setattr(paths, "SITE", root / "site")
    return root


def test_validate_command_prints_every_problem_without_traceback_and_exits_1(bad_package):
    result = subprocess.run(
        [sys.executable, "-m", "build_scripts", "validate", "--package", str(bad_package)],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )

    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    rankings = f"{bad_package}/data/rankings.csv"
    assert lines[0] == (f'DataPackageError: {rankings} row 2, column "rank": "–" is not an '
                        "integer. Write a whole number such as 12, or leave the cell empty if allowed.")
    assert lines[1] == (f'{rankings} row 5, column "region_code": "429005" has no match in '
                        'column "code" of regions.csv. Add that row to regions.csv or fix the value.')
    assert len(lines) == 2
    assert "Traceback" not in result.stderr


def test_validate_command_reports_domain_rules_as_check_error(tmp_path, capsys):
    package = copy_valid(tmp_path)
    replace_in(package, "rankings", "长沙县,湖南省", "长纱县,湖南省")

    assert cli.main(["validate", "--quiet", "--package", str(package)]) == 1

    err = capsys.readouterr().err
    assert err.startswith(f'CheckError: {package}/data/rankings.csv row 9, column "printed_name": "长纱县" '
                          "matches neither the registry name \"长沙县\" of 430121 nor a former name")


def test_validate_command_accepts_the_valid_package(capsys):
    assert cli.main(["validate", "--package", str(VALID)]) == 0
    assert capsys.readouterr().err == ""


def test_site_command_with_bad_data_leaves_an_existing_site_unchanged(bad_package, fake_root, capsys):
    site = fake_root / "site"
    site.mkdir()
    (site / "index.html").write_text("previous build", encoding="utf-8")

    assert cli.main(["site", "--quiet", "--package", str(bad_package)]) == 1

    assert capsys.readouterr().err.startswith("DataPackageError: ")
    assert folder_names(fake_root) == ["site"]
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "previous build"


def test_site_command_with_bad_data_creates_no_site(bad_package, fake_root):
    assert cli.main(["site", "--quiet", "--package", str(bad_package)]) == 1

    assert folder_names(fake_root) == []
    assert (fake_root / sitedir.LOCK_FILE).read_text(encoding="utf-8") == ""


def _skip_generate(monkeypatch):
    monkeypatch.setattr(pipeline, "_generate", lambda where, background, chinese_written=None: {})
    monkeypatch.setattr(pipeline, "Background", lambda: Background(workers=1))


def test_run_site_keeps_the_old_site_when_mkdocs_fails(fake_root, monkeypatch):
    site = fake_root / "site"
    site.mkdir()
    (site / "index.html").write_text("previous build", encoding="utf-8")

    def failing_build(target: Path, target_en=None, where=None, mkdocs=None, mkdocs_en=None) -> None:
        (target / "index.html").write_text("half-written", encoding="utf-8")
        raise RenderError("mkdocs build --strict failed; site/ left unchanged")

    _skip_generate(monkeypatch)
    monkeypatch.setattr(pipeline, "_mkdocs_build", failing_build)

    with pytest.raises(RenderError):
        pipeline.run_site()

    assert folder_names(fake_root) == ["site"]
    assert (site / "index.html").read_text(encoding="utf-8") == "previous build"


def test_run_site_keeps_the_old_site_when_a_background_render_fails(fake_root, monkeypatch):
    # MkDocs succeeds, but a chart drawn in a worker process meanwhile fails: nothing is published.
    site = fake_root / "site"
    site.mkdir()
    (site / "index.html").write_text("previous build", encoding="utf-8")
    target = fake_root / "build" / "rendered" / "charts" / "bad-chart.svg"
    bad = SvgTask(drawing_json='{"mark": "nonsense", "data": {"values": []}}', name="bad-chart",
                  outputs=(SvgOutput(target, "", ""),))

    def generate(where, background, chinese_written=None):
        background.submit(write_svgs, [[bad]])
        return {}

    monkeypatch.setattr(pipeline, "_generate", generate)
    monkeypatch.setattr(pipeline, "_mkdocs_build",
                        lambda target, *others: (target / "index.html").write_text("new"))
    with pytest.raises(RenderError, match="bad-chart"):
        pipeline.run_site()

    assert not list(fake_root.glob(".site-*"))
    assert (site / "index.html").read_text(encoding="utf-8") == "previous build"


def test_run_site_replaces_the_site_when_every_stage_succeeds(fake_root, monkeypatch):
    site = fake_root / "site"
    site.mkdir()
    (site / "stale.html").write_text("old page", encoding="utf-8")

    _skip_generate(monkeypatch)

    def build(target: Path, target_en=None, where=None, mkdocs=None, mkdocs_en=None) -> None:
        (target / "index.html").write_text("new build", encoding="utf-8")

    monkeypatch.setattr(pipeline, "_mkdocs_build", build)

    pipeline.run_site()

    assert folder_names(fake_root) == ["site"]
    assert [p.name for p in site.iterdir()] == ["index.html"]


def test_validate_command_keeps_a_flood_of_bad_rows_to_a_few_lines_issue_18(tmp_path):
    package = copy_valid(tmp_path)
    path = package / "data" / "rankings.csv"
    rows = [f"county_industrial-2019,x{n},{900000 + n},昆山市,江苏,苏州市,true,,,127" for n in range(5000)]
    path.write_text(path.read_text(encoding="utf-8") + "\n".join(rows) + "\n", encoding="utf-8")

    result = subprocess.run(
        [sys.executable, "-m", "build_scripts", "validate", "--package", str(package)],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )

    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0] == (f'DataPackageError: {path} row 15, column "rank": "x0" is not an integer. Write a '
                        "whole number such as 12, or leave the cell empty if allowed.")
    assert len(lines) <= 2 * 21 + 1
    assert f"{path}: 4,980 more problems like the line above, in rows 35 to 5014." in result.stderr
    assert "Traceback" not in result.stderr
