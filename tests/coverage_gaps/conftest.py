"""Fixtures of the coverage-gap tests: the simulator listens on loopback sockets."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def loopback_sockets(socket_enabled: None) -> None:
    """Allow sockets (the simulator is served on 127.0.0.1 only)."""
