"""The build's hold on its folder (issue 18): lock, site/ checks, leftovers, Ctrl-C."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator

import pytest

import build_scripts.__main__ as cli
from build_scripts import pipeline
from build_scripts.paths import BuildPaths
from build_scripts.runtime import BuildFolderError, sitedir


@pytest.fixture
def where(tmp_path) -> BuildPaths:
    root = tmp_path / "root"
    root.mkdir()
    return BuildPaths(root=root)


def _hold_lock_in_child(root: str, ready, release) -> None:
    with sitedir.hold_build_lock(BuildPaths(root=__import__("pathlib").Path(root))):
        ready.set()
        release.wait(30)


@contextlib.contextmanager
def _another_build(where: BuildPaths) -> Iterator[int]:
    """A process holding the build lock of `where` for the block; yields its pid."""
    context = multiprocessing.get_context("fork")
    ready, release = context.Event(), context.Event()
    child = context.Process(target=_hold_lock_in_child, args=(str(where.root), ready, release))
    child.start()
    try:
        assert ready.wait(30)
        yield child.pid
    finally:
        release.set()
        child.join(30)


def test_a_second_build_in_the_same_folder_stops_with_one_line(where):
    with _another_build(where) as pid, pytest.raises(BuildFolderError) as caught:
        with sitedir.hold_build_lock(where):
            pass

    message = str(caught.value)
    assert "\n" not in message
    assert "another build is running in this folder" in message and f"pid {pid}" in message
    with sitedir.hold_build_lock(where):  # released when the first build ends
        pass


def test_a_build_root_where_the_lock_cannot_be_made_is_refused_with_what_to_do(where, monkeypatch):
    def refuse(path, *args, **kwargs):
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(sitedir, "open", refuse, raising=False)

    with pytest.raises(BuildFolderError, match=r"\.build\.lock: cannot be opened .*Read-only file system.* "
                                               r"\(chmod u\+w "):
        with sitedir.hold_build_lock(where):
            pass


@pytest.mark.parametrize("folder", ["build", "docs"])
def test_a_read_only_build_or_docs_folder_is_refused_once_the_lock_is_taken(where, monkeypatch, folder):
    read_only = where.root / folder
    read_only.mkdir()
    # The tests may run as root, who can write anywhere: the permission check is what is tested.
    monkeypatch.setattr(sitedir.os, "access", lambda path, mode: path != read_only)

    with pytest.raises(BuildFolderError, match=rf"{folder}: is read-only; the build writes there\. .*chmod"):
        with sitedir.hold_build_lock(where):
            pass
    monkeypatch.undo()
    with sitedir.hold_build_lock(where):  # released
        pass


def test_site_as_a_symbolic_link_is_refused_before_the_build(where, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    where.site.symlink_to(tmp_path / "elsewhere", target_is_directory=True)

    with pytest.raises(BuildFolderError, match="is a symbolic link .* Remove the link"):
        sitedir.check_site_target(where)


def test_site_as_a_file_is_refused(where):
    where.site.write_text("not a folder", encoding="utf-8")

    with pytest.raises(BuildFolderError, match="is not a folder"):
        sitedir.check_site_target(where)


def test_a_read_only_site_is_refused_with_what_to_do(where, monkeypatch):
    where.site.mkdir()
    # The tests may run as root, who can write anywhere: the permission check is what is tested.
    monkeypatch.setattr(sitedir.os, "access", lambda path, mode: path != where.site)

    with pytest.raises(BuildFolderError, match=r"is read-only; .* \(chmod u\+w "):
        sitedir.check_site_target(where)


def test_a_leftover_site_old_is_removed(where):
    old = where.root / sitedir.OLD_SITE
    (old / "deep").mkdir(parents=True)
    (old / "deep" / "index.html").write_text("x", encoding="utf-8")

    sitedir.check_site_target(where)

    assert not old.exists()


def test_a_leftover_site_old_that_cannot_be_removed_is_refused_with_what_to_do(where, monkeypatch):
    (where.root / sitedir.OLD_SITE).mkdir()

    def refuse(path, *args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(sitedir.shutil, "rmtree", refuse)

    with pytest.raises(BuildFolderError, match=r"left by an earlier build and cannot be removed .* rm -rf"):
        sitedir.check_site_target(where)


def test_make_site_staging_removes_the_staging_folders_of_killed_builds(where, tmp_path):
    killed = where.root / f"{sitedir.STAGING_PREFIX}abc123"
    (killed / "deep").mkdir(parents=True)
    (killed / "deep" / "index.html").write_text("half written", encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    (where.root / f"{sitedir.STAGING_PREFIX}link").symlink_to(tmp_path / "elsewhere")

    staging = sitedir.make_site_staging(where)

    assert [p.name for p in where.root.iterdir()] == [staging.name]
    assert staging.name.startswith(sitedir.STAGING_PREFIX) and list(staging.iterdir()) == []
    assert (tmp_path / "elsewhere").is_dir()  # a link is removed, not what it points to


def test_a_stale_staging_folder_that_cannot_be_removed_is_refused_with_what_to_do(where, monkeypatch):
    (where.root / f"{sitedir.STAGING_PREFIX}abc123").mkdir()

    def refuse(path, *args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(sitedir.shutil, "rmtree", refuse)

    with pytest.raises(BuildFolderError, match=r"\.site-tmp-abc123: left by an earlier build .* rm -rf"):
        sitedir.make_site_staging(where)


def test_a_build_never_removes_the_staging_folder_of_a_running_build(where):
    """The lock stops the second build before it looks for stale staging folders."""
    running = where.root / f"{sitedir.STAGING_PREFIX}running"
    running.mkdir()
    with _another_build(where), pytest.raises(BuildFolderError, match="another build is running"):
        pipeline.run_site(where)

    assert running.is_dir()


def test_replace_site_puts_the_old_site_back_when_the_swap_fails(where, monkeypatch, tmp_path):
    where.site.mkdir()
    (where.site / "index.html").write_text("old", encoding="utf-8")
    new = where.root / ".site-tmp-x"
    new.mkdir()
    real_rename = type(new).rename

    def failing_rename(self, target):
        if self == new:
            raise OSError(30, "Read-only file system")
        return real_rename(self, target)

    monkeypatch.setattr(type(new), "rename", failing_rename)

    with pytest.raises(BuildFolderError, match="cannot be replaced .* left as it was"):
        sitedir.replace_site(new, where)
    assert (where.site / "index.html").read_text(encoding="utf-8") == "old"


def test_ctrl_c_between_the_two_renames_of_the_swap_waits_for_the_second(where, monkeypatch):
    where.site.mkdir()
    new = where.root / ".site-tmp-x"
    (new / "deep").mkdir(parents=True)
    real_rename = type(new).rename

    def rename_then_ctrl_c(self, target):
        moved = real_rename(self, target)
        if self == where.site:  # site/ is moved aside: the new site is not in place yet
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.2)
        return moved

    monkeypatch.setattr(type(new), "rename", rename_then_ctrl_c)

    with pytest.raises(KeyboardInterrupt):
        sitedir.replace_site(new, where)
    assert (where.site / "deep").is_dir()


def test_replace_site_swaps_and_leaves_no_old_folder(where):
    where.site.mkdir()
    (where.site / "index.html").write_text("old", encoding="utf-8")
    new = where.root / ".site-tmp-x"
    new.mkdir()
    (new / "index.html").write_text("new", encoding="utf-8")

    sitedir.replace_site(new, where)

    assert (where.site / "index.html").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in where.root.iterdir()) == ["site"]


def test_incomplete_mark_is_written_and_cleared(where):
    sitedir.mark_incomplete(where)
    assert (where.build / sitedir.INCOMPLETE_FILE).is_file()
    sitedir.clear_incomplete(where)
    assert not (where.build / sitedir.INCOMPLETE_FILE).exists()


def test_ctrl_c_prints_one_line_and_exits_130(monkeypatch, capsys, tmp_path):
    def interrupted(stage, where):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "run_stage", interrupted)

    assert cli.main(["generate", "--root", str(tmp_path), "--quiet"]) == 130
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("Interrupted: the build stopped")
    assert "Traceback" not in err


def test_ctrl_c_once_the_new_site_is_in_place_says_so(monkeypatch, capsys, tmp_path):
    (tmp_path / "site").mkdir()

    def replaced_then_interrupted(stage, where):
        where.site.rename(tmp_path / ".site-old")
        where.site.mkdir()
        raise KeyboardInterrupt  # while the helpers stop and the old site is deleted

    monkeypatch.setattr(cli, "run_stage", replaced_then_interrupted)

    assert cli.main(["site", "--root", str(tmp_path), "--quiet"]) == 130
    assert capsys.readouterr().err == cli.INTERRUPTED_AT_END + "\n"


def test_the_cli_exits_130_after_ctrl_c_raised_inside_a_string_exec(tmp_path):
    """`python -m` ends by SIGINT (status -2) after a KeyboardInterrupt raised in exec("…"), even one
    caught and handled. dataclasses and namedtuple run exec while modules load, so a Ctrl-C may hit
    one; the CLI's `_exit` leaves with 130 all the same."""
    (tmp_path / "stage").mkdir()
    (tmp_path / "stage" / "__main__.py").write_text(textwrap.dedent("""
        from build_scripts.__main__ import INTERRUPTED_STATUS, _exit
        try:
            exec("raise KeyboardInterrupt")
        except KeyboardInterrupt:
            pass
        _exit(INTERRUPTED_STATUS)
    """), encoding="utf-8")

    result = subprocess.run([sys.executable, "-m", "stage"], cwd=tmp_path, capture_output=True, text=True,
                            check=False)

    assert (result.returncode, result.stderr) == (130, "")


def test_the_cli_reports_a_busy_folder_in_one_line_and_exits_1(monkeypatch, capsys, tmp_path):
    def busy(stage, where):
        raise BuildFolderError(f"{where.root}: another build is running in this folder (pid 1); wait.")

    monkeypatch.setattr(cli, "run_stage", busy)

    assert cli.main(["site", "--root", str(tmp_path), "--quiet"]) == 1
    assert capsys.readouterr().err.count("\n") == 1
    shutil.rmtree(tmp_path, ignore_errors=True)
