"""One control write through the cloud: service call, state, stored value, request budget."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from tests.integration.conftest import SimCloud

SCENE = "power_service/v1/site/get_scen_info"
BIND = "power_service/v1/app/get_relate_and_bind_devices"
WINDOW = 62.0
"""The rate limiter's window (s): never more than the endpoint limit per endpoint in it."""
ENDPOINT_LIMIT = 10


@dataclass(frozen=True)
class Case:
    """A control, the service that changes it and the state it shows afterwards."""

    scenario: str
    platform: Platform
    entity_id: str
    service: str
    data: dict[str, Any] = field(default_factory=dict)
    state: str = ""
    """The state right after the call and after a re-read of the cloud."""
    requests: int = 4
    """Most requests the write may send (reads of the op included)."""
    cloud: bool = True
    """False: a local customization (no request at all)."""

    @property
    def id(self) -> str:
        """A readable test id."""
        return f"{self.scenario}-{self.entity_id}"


async def call(hass: HomeAssistant, case: Case, **extra: Any) -> None:
    """Call the case's service on its entity and wait for the result."""
    domain, _, service = case.service.partition(".")
    data = {"entity_id": case.entity_id, **case.data, **extra}
    await hass.services.async_call(domain, service, data, blocking=True)
    await hass.async_block_till_done()


def within_rate_limit(cloud: SimCloud) -> bool:
    """No endpoint got more than the limit within any window of the rate limiter."""
    records = cloud.recorder.records
    for index, record in enumerate(records):
        window = Counter(other.path for other in records[index:] if other.ts - record.ts < WINDOW)
        if window and max(window.values()) > ENDPOINT_LIMIT:
            return False
    return True


async def reread(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Read sites and details again from the cloud (what the confirming poll does)."""
    coordinator = entry.runtime_data.coordinator
    await coordinator.poller.update_sites()
    await coordinator.poller.update_device_details()
    await coordinator.poller.update_site_details()
    coordinator.async_set_updated_data(coordinator.poller.snapshot())
    await hass.async_block_till_done()
