"""The one write path of controls and actions: errors translated, result shown, one confirm."""

from __future__ import annotations

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError

from custom_components.anker_solix.helpers import async_run_write
from custom_components.anker_solix.solixapi import (
    Endpoint,
    SolixNotAllowedError,
    SolixValidationError,
)
from tests.integration.conftest import SimCloud, setup_entry

# the written group's read: the confirming details poll reads it (the bind list follows its own
# cadence since it became a detail group)
CONFIRM_READ = Endpoint.GET_AUTO_UPGRADE
AUTO_UPGRADE_SET = "power_service/v1/app/set_auto_upgrade"


async def _fail(error: Exception) -> None:
    raise error


async def test_writes_publish_at_once_and_confirm_once(
    hass: HomeAssistant, cloud: SimCloud
) -> None:
    """Three writes in a row: the snapshot is published each time, one confirming details poll."""
    entry = await setup_entry(hass, cloud, complete=True)
    coordinator = entry.runtime_data.coordinator
    poller = entry.runtime_data.poller
    serial = next(sn for sn, d in poller.devices.items() if d.get("type") == "solarbank")
    details_before = cloud.paths().count(CONFIRM_READ)

    for enabled in (False, True, False):
        await async_run_write(coordinator, poller.api.set_auto_upgrade(enabled, {serial: enabled}))
        poller.devices[serial]["auto_upgrade"] = enabled
    assert cloud.paths().count(AUTO_UPGRADE_SET) == 3
    assert coordinator.scheduler.stats["writes"] == 3
    assert coordinator.update_interval is not None
    wait = coordinator.update_interval.total_seconds()
    assert 0 < wait <= 60

    # The confirming poll runs details once; the next regular polls do not repeat them.
    cloud.clock.advance(wait)
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    assert cloud.paths().count(CONFIRM_READ) == details_before + 1
    assert coordinator.data["devices"][serial]["auto_upgrade"] is False
    next_wait = coordinator.update_interval.total_seconds()
    cloud.clock.advance(next_wait)
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    assert cloud.paths().count(CONFIRM_READ) == details_before + 1


@pytest.mark.parametrize(
    "error",
    [
        SolixValidationError("value_out_of_range", field="power", placeholders={"min": "0"}),
        SolixNotAllowedError("increase_blocked", placeholders={"seconds": "30"}),
    ],
)
async def test_refused_input_is_a_translated_validation_error(
    hass: HomeAssistant, cloud: SimCloud, error: Exception
) -> None:
    """Refusals of the library become `ServiceValidationError` with the reason as key."""
    entry = await setup_entry(hass, cloud)
    coordinator = entry.runtime_data.coordinator
    requests = len(cloud.paths())
    with pytest.raises(ServiceValidationError) as caught:
        await async_run_write(coordinator, _fail(error))
    assert caught.value.translation_key == error.reason  # type: ignore[attr-defined]
    assert caught.value.translation_domain == "anker_solix"
    assert len(cloud.paths()) == requests
    assert coordinator.scheduler.stats["writes"] == 0


async def test_cloud_rejection_is_a_translated_error(hass: HomeAssistant, cloud: SimCloud) -> None:
    """A write the cloud rejects raises `write_failed` and plans no confirming poll."""
    entry = await setup_entry(hass, cloud)
    coordinator = entry.runtime_data.coordinator
    poller = entry.runtime_data.poller
    cloud.faults.add(AUTO_UPGRADE_SET, code=10000, count=1)
    with pytest.raises(HomeAssistantError) as caught:
        await async_run_write(coordinator, poller.api.set_auto_upgrade(True, {}))
    assert caught.value.translation_key == "write_failed"
    assert "10000" in str(caught.value)
    assert coordinator.scheduler.stats["writes"] == 0


async def test_rejected_token_starts_reauth(hass: HomeAssistant, cloud: SimCloud) -> None:
    """A write that fails authentication (also after a relogin) starts the reauth flow."""
    entry = await setup_entry(hass, cloud)
    coordinator = entry.runtime_data.coordinator
    poller = entry.runtime_data.poller
    cloud.faults.add(AUTO_UPGRADE_SET, code=26070, count=5)
    with pytest.raises(HomeAssistantError) as caught:
        await async_run_write(coordinator, poller.api.set_auto_upgrade(True, {}))
    assert caught.value.translation_key == "auth_failed"
    await hass.async_block_till_done()
    flows = hass.config_entries.flow.async_progress_by_handler("anker_solix")
    assert [flow["context"]["source"] for flow in flows] == ["reauth"]
