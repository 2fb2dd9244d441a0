"""The build's folders (build_scripts.runtime.folders): generated docs/ subtrees emptied before a run."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from build_scripts.paths import BuildPaths
from build_scripts.runtime import BuildFolderError, empty_generated_docs


@pytest.fixture
def where(tmp_path) -> BuildPaths:
    where = BuildPaths(root=tmp_path / "root")
    for subtree in (*where.generated_docs, where.rendered):
        (subtree / "old").mkdir(parents=True)
        (subtree / "old" / "page.md").write_text("stale", encoding="utf-8")
    (where.docs / "index.md").write_text("hand-written", encoding="utf-8")
    return where


def _files(folder: Path) -> list[str]:
    return [p.relative_to(folder).as_posix() for p in sorted(folder.rglob("*")) if p.is_file()]


def _refuse_rename(monkeypatch, code: int) -> None:
    def refuse(self, target):
        raise OSError(code, "refused")

    monkeypatch.setattr(Path, "rename", refuse)


def test_empty_generated_docs_leaves_only_the_hand_written_pages(where):
    empty_generated_docs(where).join()

    assert _files(where.docs) == ["index.md"]
    assert not where.rendered.exists()
    assert list(where.build.iterdir()) == []  # the trash is deleted too


def test_subtrees_on_another_file_system_than_build_are_deleted_in_place_issue_18(where, monkeypatch):
    _refuse_rename(monkeypatch, errno.EXDEV)

    empty_generated_docs(where).join()

    assert _files(where.docs) == ["index.md"]


def test_a_subtree_that_cannot_be_moved_is_refused_with_what_to_do_issue_18(where, monkeypatch):
    _refuse_rename(monkeypatch, errno.EACCES)

    with pytest.raises(BuildFolderError, match=r"county: cannot be emptied .* \(refused\); .*chmod -R"):
        empty_generated_docs(where)
