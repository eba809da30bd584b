"""Script runs take turns (ui.turns): a bounded number at a time, in arrival order, never stuck."""

from __future__ import annotations

import threading
import time

import pytest
from streamlit.testing.v1 import AppTest

import ui.turns
from tests.conftest import ROOT
from ui.turns import Turns, _slots_from_env


def _run_many(turns: Turns, n: int, hold_s: float = 0.05) -> tuple[int, list[int]]:
    """n threads each take a turn and hold it; (most inside at once, the order they got in)."""
    inside = 0
    most = 0
    order: list[int] = []
    lock = threading.Lock()

    def work(i: int) -> None:
        nonlocal inside, most
        with turns.turn():
            with lock:
                inside += 1
                most = max(most, inside)
                order.append(i)
            time.sleep(hold_s)
            with lock:
                inside -= 1

    threads = []
    for i in range(n):
        threads.append(threading.Thread(target=work, args=(i,)))
        threads[-1].start()
        time.sleep(0.005)  # arrival order
    for th in threads:
        th.join(10)
    return most, order


def test_at_most_the_slots_run_at_once_in_arrival_order():
    most, order = _run_many(Turns(2), 8)
    assert most == 2
    assert order == list(range(8))


def test_no_limit_with_zero_slots():
    most, _ = _run_many(Turns(0), 6, hold_s=0.1)
    assert most == 6


def test_a_turn_inside_a_turn_does_not_wait_for_itself():
    turns = Turns(1, wait_s=5)
    t0 = time.monotonic()
    with turns.turn(), turns.turn():
        pass
    assert time.monotonic() - t0 < 1 and turns.waited_out == 0
    with turns.turn():  # the slot was given back once, at the outer end
        pass
    assert turns.waited_out == 0


def test_released_lets_the_next_run_in_and_takes_a_turn_again():
    turns = Turns(1, wait_s=5)
    other_ran = threading.Event()

    def other() -> None:
        with turns.turn():
            other_ran.set()

    with turns.turn():
        th = threading.Thread(target=other)
        th.start()
        assert not other_ran.wait(0.2)  # the slot is taken
        with turns.released():
            assert other_ran.wait(2)  # given to the other run while this one waits elsewhere
        th.join(2)
    assert turns.waited_out == 0
    most, _ = _run_many(turns, 3)  # every slot is back: one at a time
    assert most == 1


def test_a_run_that_waits_too_long_runs_anyway():
    turns = Turns(1, wait_s=0.2)
    started = threading.Event()
    stop = threading.Event()

    def holder() -> None:
        with turns.turn():
            started.set()
            stop.wait(5)

    th = threading.Thread(target=holder)
    th.start()
    started.wait(2)
    t0 = time.monotonic()
    with turns.turn():
        waited = time.monotonic() - t0
    stop.set()
    th.join(2)
    assert 0.15 < waited < 2 and turns.waited_out == 1
    most, _ = _run_many(turns, 3)  # the run without a slot gave none back: still one slot
    assert most == 1


@pytest.mark.parametrize(("raw", "slots"), [("3", 3), ("0", 0), ("many", 2), ("-1", 0)])
def test_slots_from_the_environment(monkeypatch, raw, slots):
    monkeypatch.setenv("COOP_SCRIPT_SLOTS", raw)
    assert _slots_from_env() == slots


def test_every_script_run_of_the_dashboard_takes_a_turn(sample_db, monkeypatch):
    taken: list[int] = []
    real = ui.turns.turn

    def counting():  # noqa: ANN202 - a context manager like ui.turns.turn
        taken.append(1)
        return real()

    monkeypatch.setenv("COOP_DB", str(sample_db))
    monkeypatch.setattr(ui.turns, "turn", counting)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    assert not at.exception and len(taken) == 1
    at.switch_page("pages/regions.py").run()
    assert not at.exception and len(taken) == 2
