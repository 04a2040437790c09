"""Make any attempt to open a network connection fail loudly, and remember it.

Python code can only reach the network through `socket` (urllib, http.client, requests and
asyncio all end there), so replacing its constructors catches every path, including one that
would swallow the error: the attempts are recorded and the tests assert there were none.
"""

from __future__ import annotations

import socket
from typing import Any

import pytest


class NetworkAttempt(OSError):
    pass


def block_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    attempts: list[str] = []

    def refuse(name: str) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            attempts.append(f"{name}{args!r}")
            raise NetworkAttempt(f"network access attempted: {name}{args!r}")

        return call

    class NoSocket(socket.socket):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            refuse("socket.socket")(*args, **kwargs)

    monkeypatch.setattr(socket, "socket", NoSocket)
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "socketpair", "fromfd"):
        monkeypatch.setattr(socket, name, refuse(f"socket.{name}"))
    return attempts
