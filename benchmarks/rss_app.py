"""Print the app's peak RSS in MB after its window has shown every answer once."""

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication

from studyapp.app import build_services
from studyapp.ui.application import create_window

services = build_services(Path(tempfile.mkdtemp(prefix="bench-rss-")))
window = create_window(services)
window.resize(1240, 800)
window.show()
app = QApplication.instance()
assert app is not None
for question in services.library.questions:
    window.browser.show_question(question.id)
    app.processEvents()
    window.repaint()
services.close()
# VmHWM, not ru_maxrss: a child inherits its parent's ru_maxrss (see baselines/floor_qt.py).
with open("/proc/self/status") as status:
    peak = next(line for line in status if line.startswith("VmHWM:"))
print(int(peak.split()[1]) / 1024)  # MB
