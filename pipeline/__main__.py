"""``python -m pipeline extract …`` (same as the ``zfxxgk`` console script)."""
import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
