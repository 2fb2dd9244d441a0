"""The worker pool of the build (build_scripts.runtime.workers): order, inline mode, errors."""

import operator
import os
import signal
import time

import pytest

from build_scripts.runtime import Background, split


def test_split_keeps_order_in_chunks_of_at_most_size():
    assert split([1, 2, 3, 4, 5], 2) == [[1, 2], [3, 4], [5]]
    assert split([], 3) == []


def test_one_worker_runs_each_task_when_it_is_submitted():
    with Background(workers=1) as background:
        assert not background.parallel
        batch = background.submit(operator.neg, [1, 2, 3])
        assert batch.results() == [-1, -2, -3]
        background.finish()


def test_workers_return_results_in_submission_order():
    with Background(workers=2) as background:
        assert background.parallel
        batch = background.submit(operator.neg, list(range(20)))
        background.finish()
        assert batch.results() == [-i for i in range(20)]


def test_finish_raises_what_a_worker_raised_after_the_other_tasks_ran():
    with Background(workers=2) as background:
        good = background.submit(operator.neg, [1, 2])
        background.submit(int, ["not a number"])
        with pytest.raises(ValueError, match="not a number"):
            background.finish()
        assert good.results() == [-1, -2]


def test_ctrl_c_while_the_workers_stop_takes_effect_once_they_have_issue_18(monkeypatch):
    background = Background(workers=2)
    background.submit(operator.neg, [1]).results()
    shutdown = background._pool.shutdown

    def interrupted_shutdown(**options):
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.2)  # Python runs its signal handlers meanwhile
        shutdown(**options)

    monkeypatch.setattr(background._pool, "shutdown", interrupted_shutdown)

    with pytest.raises(KeyboardInterrupt):
        background.close()
    assert not background.parallel  # closed all the same
