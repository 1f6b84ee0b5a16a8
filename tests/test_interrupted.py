"""Which Ctrl-C :func:`pipeline.interrupted.check` raises again: only one CPython swallowed.

The whole-run cases (a Ctrl-C swallowed by a finalizer while results arrive or the output is
written ends the run with 130) are in tests/test_batch_hostile.py; these read the mark itself,
in this process, with Ctrl-C raising KeyboardInterrupt as it does in a command.
"""
from __future__ import annotations

import gc
import signal
import sys

import pytest

from pipeline import interrupted


@pytest.fixture
def ctrl_c_raises():
    """SIGINT as a command sees it (a test runner may have its own handler)."""
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, before)


class _RaisesInDel:
    def __init__(self, make) -> None:
        self.make = make

    def __del__(self) -> None:
        self.make()


def _ctrl_c() -> None:
    signal.raise_signal(signal.SIGINT)  # the terminal's Ctrl-C, delivered here


def _not_raised() -> None:
    try:
        interrupted.check()
    except KeyboardInterrupt:  # a failure, not an interrupted test run
        pytest.fail("check() raised a KeyboardInterrupt")


def test_a_ctrl_c_the_code_caught_and_handled_is_not_raised_again(ctrl_c_raises):
    with interrupted.listening():
        try:
            _ctrl_c()
        except KeyboardInterrupt:
            handled = True  # the code meant to go on
        assert handled
        _not_raised()  # before, check() raised the handled Ctrl-C again here


def test_a_ctrl_c_swallowed_by_a_finalizer_is_raised_by_check(ctrl_c_raises, capsys):
    with interrupted.listening():
        _RaisesInDel(_ctrl_c)  # dropped at once: its KeyboardInterrupt cannot propagate
        gc.collect()
        went_on = True
        assert went_on
        with pytest.raises(KeyboardInterrupt):
            interrupted.check()
        _not_raised()  # raised once: the mark is cleared
    assert "Exception ignored" not in capsys.readouterr().err  # the run's own line says it


def test_other_unraisable_errors_still_reach_the_hook_before(ctrl_c_raises):
    seen = []
    before, sys.unraisablehook = sys.unraisablehook, lambda u: seen.append(type(u.exc_value))
    try:
        with interrupted.listening():
            _RaisesInDel(lambda: 1 / 0)
            gc.collect()
            _not_raised()  # not a Ctrl-C: nothing to raise
    finally:
        sys.unraisablehook = before
    assert seen == [ZeroDivisionError]


def test_nothing_is_remembered_after_listening_ends(ctrl_c_raises):
    with interrupted.listening():
        _RaisesInDel(_ctrl_c)
        gc.collect()
    _not_raised()  # the command is over: its mark went with it
