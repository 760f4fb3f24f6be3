"""Fixtures of the take-over tests that need the recorder (its own folder: the recorder must
start before Home Assistant's test instance, so the shared autouse fixture is replaced here)."""

from __future__ import annotations

from collections.abc import Iterator
from unittest.mock import patch

import pytest
from homeassistant.components.recorder import Recorder

from tests.integration.conftest import cloud, scenario

__all__ = ["cloud", "scenario"]


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(
    recorder_mock: Recorder, enable_custom_integrations: None
) -> None:
    """The recorder first, then our custom integration (as the shared conftest does)."""


@pytest.fixture(autouse=True)
def no_history_import() -> Iterator[None]:
    """Without the energy-history import of the statistics package (its own tests cover it):
    these tests look at the sensor statistics of taken-over entities only. (On the 2026 test
    harness its background job with a running recorder raises at teardown; reported.)"""

    async def skip(*_args: object, **_kwargs: object) -> None:
        return None

    with patch("custom_components.anker_solix.async_setup_history", skip):
        yield
