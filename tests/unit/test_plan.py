"""The generate stage's task list (build_scripts.plan): dependencies and the orderings speed rests on."""

from __future__ import annotations

from build_scripts.plan import GENERATE_TASKS

GIVEN_AT_START = {"where", "background"}
# Tasks that write under docs/ (its generated subtrees must be emptied first).
WRITES_DOCS = ("write region charts", "write region pages", "write built charts", "write section pages",
               "write share files")


def _position(name: str) -> int:
    return [task.name for task in GENERATE_TASKS].index(name)


def test_every_need_is_given_by_an_earlier_task():
    given = set(GIVEN_AT_START)
    for task in GENERATE_TASKS:
        assert set(task.needs) <= given, (task.name, set(task.needs) - given)
        given |= set(task.gives)
    assert "counts" in given


def test_task_names_are_unique_and_the_list_is_a_tuple():
    names = [task.name for task in GENERATE_TASKS]
    assert len(names) == len(set(names)) and isinstance(GENERATE_TASKS, tuple)


def test_chart_builders_start_before_the_derived_package_is_written():
    # The workers assemble the Altair charts while the main process writes and validates the tables.
    assert _position("start chart builders") < _position("write derived package")


def test_region_pages_are_written_before_the_altair_charts_are_waited_for():
    order = [_position(name) for name in ("write region charts", "write region pages", "write built charts")]
    assert order == sorted(order)


def test_nothing_is_written_under_docs_before_its_subtrees_are_emptied_and_marked():
    for name in WRITES_DOCS:
        assert _position("mark docs incomplete") < _position("empty generated docs") < _position(name), name


def test_the_sweeper_is_joined_last():
    assert GENERATE_TASKS[-1].name == "join sweeper"


def test_the_english_pages_come_after_every_chinese_page_and_before_the_sweeper_is_joined():
    # The Chinese MkDocs build starts when the tasks before the English one are done (pipeline._generate).
    from build_scripts.plan import ENGLISH_TASK

    assert _position(ENGLISH_TASK) == len(GENERATE_TASKS) - 2
    chinese = (*WRITES_DOCS, "write release and navigation")
    assert all(_position(name) < _position(ENGLISH_TASK) for name in chinese)
