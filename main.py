"""Entry point for `python main.py` and for the PyInstaller bundle."""

import sys

from studyapp.app import run

if __name__ == "__main__":
    sys.exit(run())
