"""Entry point for `python main.py` and for the PyInstaller bundle."""

import gc
import sys

# Start-up makes a few hundred thousand objects that live as long as the app (the classes of
# SQLAlchemy, PySide and ours, the content library), and Python's cycle collector would walk
# them over and over while they are made, for nothing: about 35 ms of the start-up. It is
# switched back on once the window has painted (ui/application.py), or at once on any path
# that shows no main window (app.run).
gc.disable()

from studyapp.app import run  # noqa: E402

if __name__ == "__main__":
    sys.exit(run())
