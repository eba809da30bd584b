"""Script runs take turns: at most SLOTS of this process's sessions run their script at the same time.

A rerun is Python work under one GIL. When twenty sessions rerun at once and all run side by side, the
interpreter shares its time among them and every one of them finishes near the end, twenty runs later
(bench/load.py: 20 sessions opening at once, each open 0.1 s alone, every open took 2.6–4.4 s). Taking turns in
arrival order, the k-th finishes after about k runs: the same work, half the wait on average, and the first
ones are served at once. Datasette bounds its SQL threads the same way (`num_sql_threads`, 3).

A slot is given back while a run waits for something that is not this process's CPU (`released()`: the
upload page's preview in a child process, a build), and a run waits at most WAIT_S for a slot, then runs
anyway: taking turns may slow a run down, never stop it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Iterator

DEFAULT_SLOTS = 2  # one run in Python, one whose query is inside DuckDB (2 cores)
WAIT_S = 10.0


def _slots_from_env() -> int:
    raw = os.environ.get("COOP_SCRIPT_SLOTS", str(DEFAULT_SLOTS))
    try:
        return max(0, int(raw))
    except ValueError:
        logging.getLogger(__name__).warning("COOP_SCRIPT_SLOTS=%r not understood; %d kept", raw, DEFAULT_SLOTS)
        return DEFAULT_SLOTS


class Turns:
    """A bounded number of slots, handed out in arrival order; re-entrant within a thread."""

    def __init__(self, slots: int, wait_s: float = WAIT_S) -> None:
        self.slots = slots  # 0: no limit
        self.wait_s = wait_s
        self._sem = threading.Semaphore(slots) if slots else None
        self._held = threading.local()  # how deep this thread is inside turn(); whether it holds a slot
        self.waited_out = 0  # runs that waited WAIT_S and ran without a slot

    def _holds(self) -> bool:
        return getattr(self._held, "slot", False)

    @contextlib.contextmanager
    def turn(self) -> Iterator[None]:
        depth = getattr(self._held, "depth", 0)
        self._held.depth = depth + 1
        try:
            if depth == 0 and self._sem is not None:
                self._held.slot = self._sem.acquire(timeout=self.wait_s)
                if not self._held.slot:
                    self.waited_out += 1
            yield
        finally:
            self._held.depth = depth
            if depth == 0 and self._holds():  # released() may have handed it on and not got one back
                self._held.slot = False
                assert self._sem is not None
                self._sem.release()

    @contextlib.contextmanager
    def released(self) -> Iterator[None]:
        """Give this thread's slot to the next run while the block waits; take a turn again after it."""
        if not self._holds():
            yield
            return
        assert self._sem is not None
        self._held.slot = False
        self._sem.release()
        try:
            yield
        finally:
            self._held.slot = self._sem.acquire(timeout=self.wait_s)


TURNS = Turns(_slots_from_env())
turn = TURNS.turn
released = TURNS.released
