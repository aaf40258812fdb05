"""python3 -m blocsim_viz: see cli.py, or run with --help."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
