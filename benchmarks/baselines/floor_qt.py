"""Baseline: the least any Qt app here can do, a main window with a text browser, to first paint."""

import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTextBrowser

if "--stack" in sys.argv:  # the floor of this stack: the same plus our two heavy libraries
    import markdown  # noqa: F401
    import sqlalchemy  # noqa: F401


def painted() -> None:
    # The same stamp, taken at the same moment, as `main.py --quit-after-paint` prints.
    print(f"first-paint-at {time.monotonic():.6f}", flush=True)
    QApplication.quit()


class Quit(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, painted)
        return False


app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QTextBrowser())
window.resize(1240, 800)
quitter = Quit()
window.installEventFilter(quitter)
window.show()
app.exec()
if "--print-rss" in sys.argv:
    # The kernel's peak RSS of this process image (VmHWM, reset at exec). Not ru_maxrss: on
    # Linux a child inherits its parent's, so under the benchmark it reported the harness.
    with open("/proc/self/status") as status:
        peak = next(line for line in status if line.startswith("VmHWM:"))
    print(int(peak.split()[1]) / 1024)  # MB
