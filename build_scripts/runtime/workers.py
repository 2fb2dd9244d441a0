"""Run the build's slow, independent work in worker processes while the main process goes on.

Rendering the chart SVGs (vl-convert) and the social cards (Pillow) and building the download files
take most of the build's CPU time, and none of them is needed by the pages' Markdown: pages link the
files by name. So the generate stage hands them to a `Background` and goes on writing pages, and
MkDocs builds the site while the images are still being drawn; the pipeline waits for them
(`finish`) before it publishes anything.

Tasks are module-level functions with picklable arguments. With one worker (or few tasks) everything
runs at once in this process, so a task's output never depends on where it ran.
"""

from __future__ import annotations

import importlib
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import forkserver, get_context, resource_tracker
from multiprocessing.connection import Connection
from typing import Any

from build_scripts.runtime.interrupts import ctrl_c_blocked, ctrl_c_deferred, watch_main_process

# Modules the worker processes import once, in the fork server, before the first task.
PRELOAD = ["build_scripts.charts", "build_scripts.social", "build_scripts.downloads"]
# Run in each worker as it starts, while the main process is still validating: vl-convert's first
# chart and the CJK fonts cost about a second.
WARM_UP = ("build_scripts.charts.render:warm_up", "build_scripts.social:warm_up")
WORKERS = 2
# The main process (pages, then MkDocs) is the build's critical path; the workers' images are needed
# only after MkDocs. Lower priority lets them use what the main process leaves instead of slowing it.
WORKER_NICENESS = 10


class Batch:
    """The results of tasks handed to a `Background`, available once they have run."""

    def __init__(self, futures: Sequence[Future] = (), results: Sequence[Any] = ()) -> None:
        self._futures = list(futures)
        self._results = list(results)

    def results(self) -> list[Any]:
        """Wait for the batch's tasks and return their results in submission order.

        Raises:
            Exception: What the first failed task raised.
        """
        return self._results + [future.result() for future in self._futures]


class Background:
    """A pool of worker processes for the build's rendering; a context manager.

    Leaving the `with` block waits for every task; when the block is left by an exception, tasks
    not yet started are cancelled instead, so a failed build stops quickly.

    Args:
        workers: Worker processes; 1 runs every task in this process when it is submitted.
    """

    def __init__(self, workers: int = WORKERS) -> None:
        self._pool: ProcessPoolExecutor | None = None
        if workers > 1:
            # forkserver, not fork: vl-convert's runtime threads must not be copied from a parent
            # that has rendered; the server imports the rendering modules once for all workers.
            context = get_context("forkserver")
            context.set_forkserver_preload(PRELOAD)
            # Started here, in this thread, with Ctrl-C blocked: the server and the workers it forks
            # leave Ctrl-C to the main process (see `interrupts`). Multiprocessing's resource tracker
            # comes first: starting it unblocks Ctrl-C in the thread that starts it.
            resource_tracker.ensure_running()
            with ctrl_c_blocked():
                forkserver.ensure_running()
            # The workers end with this process, even one killed (see `interrupts`).
            self._watched, self._alive = context.Pipe(duplex=False)
            self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_warm_up,
                                             initargs=(self._watched,))
            # Starting a worker waits for the fork server's imports (seconds); a thread starts them
            # so the caller goes on validating meanwhile. The pool serialises submissions.
            self._starting = threading.Thread(target=self._start_workers, args=(workers,), daemon=True)
            self._starting.start()
        self._batches: list[Batch] = []

    def _start_workers(self, workers: int) -> None:
        for _ in range(workers):
            self._pool.submit(_ready)

    def __enter__(self) -> Background:
        return self

    def __exit__(self, kind, value, traceback) -> None:
        self.close(cancel=kind is not None)

    @property
    def parallel(self) -> bool:
        """True when tasks run in worker processes."""
        return self._pool is not None

    def submit(self, task: Callable[[Any], Any], items: Sequence[Any]) -> Batch:
        """Run `task(item)` for every item, in the workers when there are any; return the batch.

        Each item is one task, so give items of a useful size (e.g. a list of charts).
        """
        if self._pool is None:
            batch = Batch(results=[task(item) for item in items])
        else:
            batch = Batch(futures=[self._pool.submit(task, item) for item in items])
        self._batches.append(batch)
        return batch

    def finish(self) -> None:
        """Wait for every task submitted so far.

        Raises:
            Exception: What the first failed task raised (the rest are still waited for).
        """
        failure = None
        for batch in self._batches:
            try:
                batch.results()
            except Exception as exc:  # noqa: BLE001 - re-raised below, after the other tasks ended
                failure = failure or exc
        self._batches = []
        if failure is not None:
            raise failure

    def close(self, cancel: bool = False) -> None:
        """Stop the workers: after waiting for their tasks, or cancelling those not started.

        A Ctrl-C meanwhile takes effect once they have stopped: a pool left half shut down leaks
        the semaphores of its queues, which multiprocessing reports at exit.
        """
        if self._pool is not None:
            with ctrl_c_deferred():
                self._starting.join()
                self._pool.shutdown(wait=True, cancel_futures=cancel)
                self._pool = None
                self._watched.close()
                self._alive.close()


def _warm_up(main_process: Connection) -> None:
    watch_main_process(main_process)
    os.nice(WORKER_NICENESS)
    for target in WARM_UP:
        module, name = target.split(":")
        getattr(importlib.import_module(module), name)()


def _ready() -> None:
    """A task that does nothing: submitting it starts a worker."""


def split(items: Sequence[Any], size: int) -> list[list[Any]]:
    """Return `items` in consecutive lists of at most `size` (one task each)."""
    return [list(items[i:i + size]) for i in range(0, len(items), size)]
