"""The coordinator against the simulator: relogin, reauth, back-off, outages, bad payloads."""

from __future__ import annotations

from datetime import timedelta

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.anker_solix.const import DOMAIN
from custom_components.anker_solix.coordinator import RATE_LIMIT_BACKOFF
from custom_components.anker_solix.repairs import issue_id
from custom_components.anker_solix.solixapi import Endpoint
from tests.integration.conftest import SimCloud, setup_entry

LOGIN = "passport/login"
SCENE = Endpoint.GET_SCEN_INFO
SITE_LIST = Endpoint.GET_SITE_LIST


def watched_entity(hass: HomeAssistant, entry: MockConfigEntry) -> str:
    """An available entity of a Solarbank (to watch availability; account entities such as
    the last error stay available on purpose)."""
    devices = entry.runtime_data.coordinator.data["devices"]
    serial = next(sn for sn, device in devices.items() if device["type"] == "solarbank")
    registry = er.async_get(hass)
    for entity in er.async_entries_for_config_entry(registry, entry.entry_id):
        state = hass.states.get(entity.entity_id)
        if (
            entity.unique_id.startswith(f"{serial}_")
            and state is not None
            and state.state != STATE_UNAVAILABLE
        ):
            return entity.entity_id
    raise AssertionError("no available Solarbank entity")


async def refresh(hass: HomeAssistant, entry: MockConfigEntry, cloud: SimCloud) -> None:
    """Move the simulator to the next planned poll and run it."""
    coordinator = entry.runtime_data.coordinator
    assert coordinator.update_interval is not None
    cloud.clock.advance(coordinator.update_interval.total_seconds())
    await coordinator.async_refresh()
    await hass.async_block_till_done()


async def test_polls_follow_the_scheduler(
    hass: HomeAssistant, cloud: SimCloud, freezer: FrozenDateTimeFactory
) -> None:
    """The next poll runs when the scheduler says; details are not fetched every time."""
    entry = await setup_entry(hass, cloud)
    coordinator = entry.runtime_data.coordinator
    assert coordinator.update_interval is not None
    seconds = coordinator.update_interval.total_seconds()
    assert 0 < seconds <= 300
    polls = cloud.paths().count(Endpoint.GET_SCEN_INFO)  # one per poll (one system)
    cloud.clock.advance(seconds)
    freezer.tick(timedelta(seconds=seconds + 1))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert cloud.paths().count(Endpoint.GET_SCEN_INFO) == polls + 1
    assert cloud.paths().count(Endpoint.GET_RELATE_AND_BIND_DEVICES) == 1
    assert coordinator.scheduler.stats["polls"] == 2


async def test_expired_or_kicked_token_relogs_in_without_a_gap(
    hass: HomeAssistant, cloud: SimCloud
) -> None:
    """A kicked-out token (26084) and an expired one both lead to a silent new login."""
    entry = await setup_entry(hass, cloud)
    coordinator = entry.runtime_data.coordinator
    watched = watched_entity(hass, entry)
    cloud.invalidate_tokens()
    await refresh(hass, entry, cloud)
    assert coordinator.last_update_success
    assert cloud.paths().count(LOGIN) == 2
    cloud.clock.advance(8 * 24 * 3600)  # past the 7-day token lifetime
    await refresh(hass, entry, cloud)
    assert coordinator.last_update_success
    assert cloud.paths().count(LOGIN) == 3
    assert hass.states.get(watched).state != STATE_UNAVAILABLE
    assert not hass.config_entries.flow.async_progress_by_handler(DOMAIN)


async def test_refused_credentials_start_reauth(hass: HomeAssistant, cloud: SimCloud) -> None:
    """When the new login after a 401 is refused (26108) the reauth flow starts."""
    entry = await setup_entry(hass, cloud)
    cloud.invalidate_tokens(code=None)
    cloud.faults.add(LOGIN, code=26108)
    await refresh(hass, entry, cloud)
    assert not entry.runtime_data.coordinator.last_update_success
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == ["reauth"]


async def test_login_locked_during_polling(
    hass: HomeAssistant, cloud: SimCloud, issue_registry: ir.IssueRegistry
) -> None:
    """A locked login while polling: unavailable plus an issue; both clear on recovery."""
    entry = await setup_entry(hass, cloud)
    cloud.invalidate_tokens(code=None)
    cloud.faults.add(LOGIN, code=100053)
    await refresh(hass, entry, cloud)
    lock_issue = issue_id("login_locked", entry.entry_id)
    assert issue_registry.async_get_issue(DOMAIN, lock_issue) is not None
    assert not hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    await refresh(hass, entry, cloud)
    assert entry.runtime_data.coordinator.last_update_success
    assert issue_registry.async_get_issue(DOMAIN, lock_issue) is None


async def test_rate_limit_backs_off(hass: HomeAssistant, cloud: SimCloud) -> None:
    """HTTP 429 on every endpoint (the retries too): the poll fails, the next waits longer."""
    entry = await setup_entry(hass, cloud)
    coordinator = entry.runtime_data.coordinator
    cloud.faults.add("*", status=429, count=1000)
    await refresh(hass, entry, cloud)
    cloud.faults.clear()
    assert not coordinator.last_update_success
    assert coordinator.update_interval is not None
    assert coordinator.update_interval.total_seconds() >= RATE_LIMIT_BACKOFF
    assert coordinator.last_error is not None
    assert "429" in coordinator.last_error
    assert coordinator.last_error_time is not None
    await refresh(hass, entry, cloud)
    assert coordinator.last_update_success


@pytest.mark.parametrize(
    "fault",
    [
        {"status": 500},
        {"status": 503},
        {"status": 504},  # gateway time-out, also after the one retry
        {"body": '{"code": 0, "msg": "ok", "data": {"site_list": ['},  # cut-off JSON
        {"body": "<html>maintenance</html>"},
    ],
)
async def test_outage_makes_entities_unavailable_then_recovers(
    hass: HomeAssistant, cloud: SimCloud, fault: dict[str, object]
) -> None:
    """A total outage (site list and every other endpoint fail): unavailable, then back on the
    next poll. The site list failing alone is reused (tests/faults)."""
    entry = await setup_entry(hass, cloud)
    watched = watched_entity(hass, entry)
    cloud.faults.add("*", count=1000, **fault)  # type: ignore[arg-type]
    await refresh(hass, entry, cloud)
    cloud.faults.clear()
    assert hass.states.get(watched).state == STATE_UNAVAILABLE
    assert entry.runtime_data.coordinator.last_error is not None
    await refresh(hass, entry, cloud)
    assert hass.states.get(watched).state != STATE_UNAVAILABLE


@pytest.mark.parametrize(
    "fault",
    [
        {"retype": {"solarbank_info": "garbage"}},
        {"retype": {"smart_plug_info": [1, "x"]}},
        {"drop": ["solarbank_info.solarbank_list.0.battery_power", "home_info"]},
        {"retype": {"solarbank_info.solarbank_list": None}},
    ],
)
async def test_malformed_payloads_do_not_crash(
    hass: HomeAssistant, cloud: SimCloud, fault: dict[str, object]
) -> None:
    """Odd scene payloads never crash the integration; the next normal poll works."""
    entry = await setup_entry(hass, cloud)
    cloud.faults.add(SCENE, **fault)  # type: ignore[arg-type]
    await refresh(hass, entry, cloud)
    await refresh(hass, entry, cloud)
    assert entry.runtime_data.coordinator.last_update_success
    assert entry.runtime_data.coordinator.data["devices"]
