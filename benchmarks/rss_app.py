"""Print the app's peak RSS in MB after its window has shown every answer once.

`rss_app.py [FOLDER]`: without FOLDER, a new data folder (the first start: the answers come
from the shipped seed); with one, that folder as it is (an everyday start, or a folder whose
answer size an earlier session changed: see benchmarks/__main__.py).
"""

import gc
import os
import sys
import tempfile
from pathlib import Path

gc.disable()  # as main.py does; the window turns it back on once it has painted
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# The same import order as main.py: the app's own modules (and SQLAlchemy) before PySide6,
# whose import hook reads the source of every module imported after it; then the UI, before
# the services are built, as run() does.
from studyapp.app import build_services  # noqa: E402, I001
import studyapp.ui.application  # noqa: E402, F401
from benchmarks.harness import shown_window  # noqa: E402

folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="bench-rss-"))
services = build_services(folder)
window, app = shown_window(services)
for question in services.library.questions:
    window.browser.show_question(question.id)
    app.processEvents()
    window.repaint()
services.close()
# VmHWM, not ru_maxrss: a child inherits its parent's ru_maxrss (see baselines/floor_qt.py).
with open("/proc/self/status") as status:
    peak = next(line for line in status if line.startswith("VmHWM:"))
print(int(peak.split()[1]) / 1024)  # MB
