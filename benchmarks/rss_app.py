"""Print the app's peak RSS in MB after its window has shown every answer once.

`rss_app.py [FOLDER] [--font-px N]`: without FOLDER, a new data folder (the first start: the
answers come from the shipped seed); with one, that folder as it is (an everyday start).
`--font-px` sets another answer size first, a look the seed does not cover: every formula is
typeset, so ziamath and its fonts are loaded.
"""

import gc
import os
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

gc.disable()  # as main.py does; the window turns it back on once it has painted
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# The same import order as main.py: the app's own modules (and SQLAlchemy) before PySide6,
# whose import hook reads the source of every module imported after it.
from studyapp.app import build_services  # noqa: E402, I001
from studyapp.ui.application import create_window  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

arguments = sys.argv[1:]
font_px = None
if "--font-px" in arguments:
    at = arguments.index("--font-px")
    font_px = int(arguments[at + 1])
    del arguments[at : at + 2]
folder = Path(arguments[0]) if arguments else Path(tempfile.mkdtemp(prefix="bench-rss-"))
services = build_services(folder)
if font_px is not None:
    services.settings.save(replace(services.settings.load(), answer_font_px=font_px))
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
