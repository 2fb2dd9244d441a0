"""Ctrl-C and kills during a build: only the main process sees Ctrl-C; its helpers end with it.

Ctrl-C in a terminal sends SIGINT to every process of the build: the main process, the fork server
and the worker processes of `workers.Background`, the MkDocs child. The main process handles it
(the CLI prints one line and exits 130) and stops the others. A helper must not: Python turns SIGINT
into KeyboardInterrupt, whose traceback a helper prints to the same terminal, and a fork server
interrupted while it imports the rendering modules takes the pool down with more tracebacks.

Ignoring SIGINT in a helper's own code is too late (its interpreter and imports come first), so a
helper is started with SIGINT blocked (`ctrl_c_blocked`): the signal mask is inherited through
fork and exec and Python leaves it as it is, so the helper, and every process it forks, never
receives the signal. CPython starts its multiprocessing resource tracker the same way.

Two steps of the main process must not stop half-way: the swap that moves site/ aside and the new
site into its place, and the shutdown of the worker pool (a pool left half shut down leaks the
semaphores of its queues, which multiprocessing reports at exit). Ctrl-C is held back for them
(`ctrl_c_deferred`) and takes effect after.

A main process killed outright (SIGKILL, the out-of-memory killer) stops nothing: its workers would
wait for tasks for ever, and the MkDocs child would go on writing into the staging folder that the
next build removes. So each helper watches a pipe whose write end only the main process holds
(`watch_main_process`): when the main process ends, however it ends, the system closes that end,
and the helper ends too.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterator
from multiprocessing.connection import Connection


@contextlib.contextmanager
def ctrl_c_blocked() -> Iterator[None]:
    """Block SIGINT in this thread for the block: start the build's helper processes inside it.

    A Ctrl-C meanwhile is not lost: another thread takes it, or it waits until the block ends, and
    the main process then raises KeyboardInterrupt as usual.
    """
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextlib.contextmanager
def ctrl_c_deferred() -> Iterator[None]:
    """Hold Ctrl-C back for the block, in the main thread; one pressed meanwhile takes effect after it.

    Elsewhere than in the main thread (which alone runs Python's signal handlers), a no-op.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pressed = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: pressed.append(frame))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if pressed and callable(previous):
            previous(signal.SIGINT, pressed[0])


def watch_main_process(end: Connection) -> None:
    """In a helper process: end this process as soon as the main process has ended.

    Args:
        end: The read end of a pipe whose write end only the main process holds, and never writes to.
    """
    threading.Thread(target=_exit_when_closed, args=(end,), daemon=True).start()


def _exit_when_closed(end: Connection) -> None:
    with contextlib.suppress(EOFError, OSError):
        end.recv_bytes()
    os._exit(1)
