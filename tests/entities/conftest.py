"""Fixtures of the entity tests: a loaded entry limited to one platform at the base time."""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from unittest.mock import PropertyMock, patch

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import MAJOR_VERSION, Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.syrupy import HomeAssistantSnapshotExtension
from syrupy.assertion import SnapshotAssertion
from syrupy.location import PyTestLocation

from custom_components.anker_solix.const import DOMAIN
from tests.integration.conftest import SimCloud, cloud, scenario, setup_entry

__all__ = ["cloud", "scenario"]

type LoadPlatform = Callable[..., Coroutine[Any, Any, MockConfigEntry]]


@pytest.fixture
def load_platform(
    hass: HomeAssistant, cloud: SimCloud, freezer: FrozenDateTimeFactory
) -> LoadPlatform:
    """Set the entry up with only the given platform, Home Assistant's clock at the base time.

    The poll after setup's first (the deferred energy tier) runs at once, at the same time.
    """

    async def load(platform: Platform, **kwargs: Any) -> MockConfigEntry:
        freezer.move_to(datetime.fromtimestamp(cloud.clock.now(), UTC))
        with patch("custom_components.anker_solix.PLATFORMS", [platform]):
            return await setup_entry(hass, cloud, **{"complete": True, **kwargs})

    return load


@pytest.fixture
def entity_registry_enabled_by_default() -> Iterator[None]:
    """Create every entity enabled, also those disabled by default."""
    with patch(
        "homeassistant.helpers.entity.Entity.entity_registry_enabled_default",
        new_callable=PropertyMock,
        return_value=True,
    ):
        yield


class ReleaseSnapshotExtension(HomeAssistantSnapshotExtension):
    """Snapshots per Home Assistant major release (registry entries differ between releases)."""

    @classmethod
    def dirname(cls, *, test_location: PyTestLocation) -> str:
        """``snapshots/ha<major>`` next to the test file."""
        return str(Path(test_location.filepath).parent / "snapshots" / f"ha{MAJOR_VERSION}")


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """The Home Assistant snapshot assertion, stored per major release."""
    return snapshot.use_extension(ReleaseSnapshotExtension)


def entry_device(
    registry: dr.DeviceRegistry, entry: MockConfigEntry, key: str
) -> dr.DeviceEntry | None:
    """The entry's device with identifier ``(DOMAIN, key)`` (works on every release)."""
    for device in dr.async_entries_for_config_entry(registry, entry.entry_id):
        if (DOMAIN, key) in device.identifiers:
            return device
    return None
