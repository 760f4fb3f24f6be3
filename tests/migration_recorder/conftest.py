"""Fixtures of the take-over tests that need the recorder (its own folder: the recorder must
start before Home Assistant's test instance, so the shared autouse fixture is replaced here)."""

from __future__ import annotations

import pytest
from homeassistant.components.recorder import Recorder

from tests.integration.conftest import cloud, scenario

__all__ = ["cloud", "scenario"]


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(
    recorder_mock: Recorder, enable_custom_integrations: None
) -> None:
    """The recorder first, then our custom integration (as the shared conftest does)."""
