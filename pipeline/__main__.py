"""``python -m pipeline extract …`` (same as the ``zfxxgk`` console script)."""
import sys

try:
    from .cli import main
except KeyboardInterrupt:  # Ctrl-C while Python is still importing: one line, no traceback
    print("zfxxgk: interrupted before it started; nothing was changed", file=sys.stderr)
    from .interrupted import handled

    sys.exit(handled())

if __name__ == "__main__":
    sys.exit(main())
