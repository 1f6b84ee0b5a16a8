"""Exit 130 after a Ctrl-C the command line has handled, and not be killed by SIGINT at exit.

CPython 3.11 runs the source string given to ``eval()``/``exec()`` through ``run_mod``
(Python/pythonrun.c), which sets the interpreter's ``_Py_UnhandledKeyboardInterrupt`` mark
when a KeyboardInterrupt leaves that string's code, even if a caller further up catches it.
Standard-library and third-party imports run such strings (``collections.namedtuple``,
``dataclasses``, Cython's enum helpers in pyarrow), so a Ctrl-C that lands in one while the
command line is still importing left the mark set; ``Py_RunMain`` then re-raised SIGINT on
the process after it had printed its one line and asked for 130, and the caller saw -2.
"""
from __future__ import annotations

EXIT_INTERRUPTED = 130


def handled() -> int:
    """Forget any stale "unhandled Ctrl-C" mark and return the exit code to use (130).

    ``run_mod`` clears the mark each time it starts running a source string, so running one
    that cannot fail clears it through public API, on every CPython that has the mark. A
    second Ctrl-C after this point still raises as usual.
    """
    exec("pass", {})  # noqa: S102 - a constant string: see the module docstring
    return EXIT_INTERRUPTED
