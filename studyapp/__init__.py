"""DeepStudy: study deep-learning interview questions offline.

This module is the single source of the app's name, identifier and version; `build.spec`,
`pyproject.toml` and the UI all read them from here so they can never disagree.
"""

APP_NAME = "DeepStudy"
APP_ID = "org.deepstudy.DeepStudy"
ORG_NAME = "DeepStudy"
__version__ = "0.1.0"
