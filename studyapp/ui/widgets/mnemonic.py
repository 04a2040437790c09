"""Labels shown as written: Qt reads `&` in button and menu text as a mnemonic mark."""

from __future__ import annotations


def plain_label(text: str) -> str:
    """`text` as a menu or button label shows it: an `&` stays an ampersand ("Losses &
    Outputs"), where Qt would underline the next letter and drop the `&`."""
    return text.replace("&", "&&")


def shown_label(text: str) -> str:
    """What a label set with `plain_label` reads on screen (for tests and accessible names)."""
    return text.replace("&&", "&")
