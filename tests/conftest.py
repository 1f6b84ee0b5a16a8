import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _examples_from_the_test_alone() -> None:
    """Hypothesis (from 6.131) now and then draws, instead of a random value in range, a
    literal found in the local modules imported so far: which project modules earlier tests
    happened to import (test order) or any edited constant would change every derandomized
    example, so a failure could show in the full suite and not in a single-file run.  With the
    pool of local literals kept empty, each property test's examples are a function of the
    test alone (its derandomized seed); tests/test_roundtrip_examples.py checks it."""
    try:
        from hypothesis.internal.conjecture import providers
    except ImportError:  # pragma: no cover - hypothesis missing: no property tests run
        return
    if not hasattr(providers, "_get_local_constants"):
        return  # a Hypothesis without the local-literal pool: nothing depends on test order
    empty = providers._local_constants
    assert len(empty) == 0, "local literals were gathered before the tests could pin the pool"
    providers._get_local_constants = lambda: empty


_examples_from_the_test_alone()
