"""Exit 130 after a Ctrl-C the command line has handled, and not be killed by SIGINT at exit.

CPython 3.11 runs the source string given to ``eval()``/``exec()`` through ``run_mod``
(Python/pythonrun.c), which sets the interpreter's ``_Py_UnhandledKeyboardInterrupt`` mark
when a KeyboardInterrupt leaves that string's code, even if a caller further up catches it.
Standard-library and third-party imports run such strings (``collections.namedtuple``,
``dataclasses``, Cython's enum helpers in pyarrow), so a Ctrl-C that lands in one while the
command line is still importing left the mark set; ``Py_RunMain`` then re-raised SIGINT on
the process after it had printed its one line and asked for 130, and the caller saw -2.

A Ctrl-C can also be swallowed: a KeyboardInterrupt raised while CPython runs a ``__del__``
(regex's ``SetBase.__del__``, any finalizer) or a weakref callback cannot propagate, so
CPython hands it to ``sys.unraisablehook`` (which prints "Exception ignored in …" with a
traceback) and goes on, and the run went on as if nobody had pressed Ctrl-C.  While a command
runs (:func:`listening`), Ctrl-C raises KeyboardInterrupt as usual; one that reaches the
unraisable hook is remembered (and its report not printed: the run's one line says it), and
the batch loop and the output's swap ask :func:`check`, which raises it again where it can end
the run.  Only that one is remembered: a KeyboardInterrupt that code caught and handled, meaning
to go on, is that code's decision and is not raised again.
"""
from __future__ import annotations

import signal
import sys
import threading
from contextlib import contextmanager
from typing import Any, Iterator

EXIT_INTERRUPTED = 130

_pressed = False  # a swallowed Ctrl-C came while listening() and no check() has raised it since


def handled() -> int:
    """Forget any stale "unhandled Ctrl-C" mark and return the exit code to use (130).

    ``run_mod`` clears the mark each time it starts running a source string, so running one
    that cannot fail clears it through public API, on every CPython that has the mark. A
    second Ctrl-C after this point still raises as usual.
    """
    exec("pass", {})  # noqa: S102 - a constant string: see the module docstring
    return EXIT_INTERRUPTED


@contextmanager
def listening() -> Iterator[None]:
    """A KeyboardInterrupt CPython could not raise (from a ``__del__`` or a weakref callback) is
    remembered for :func:`check` (main thread only, with Ctrl-C raising KeyboardInterrupt:
    otherwise no Ctrl-C reaches the code as one, and nothing is changed)."""
    global _pressed
    if (threading.current_thread() is not threading.main_thread()
            or signal.getsignal(signal.SIGINT) is not signal.default_int_handler):
        yield  # SIGINT ignored (a run started in the background) or handled by an embedder: theirs
        return
    _pressed = False
    hook = sys.unraisablehook

    def remember(unraisable: Any) -> None:  # the swallowed Ctrl-C: check() raises it again
        global _pressed
        if isinstance(unraisable.exc_value, KeyboardInterrupt):
            _pressed = True
        else:
            hook(unraisable)

    sys.unraisablehook = remember
    try:
        yield
    finally:
        sys.unraisablehook = hook
        _pressed = False


def check() -> None:
    """Raise KeyboardInterrupt if a Ctrl-C was swallowed since (see module doc)."""
    global _pressed
    if _pressed:
        _pressed = False
        raise KeyboardInterrupt
