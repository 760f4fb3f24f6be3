"""Every error kind of the fault matrix on the MQTT credential endpoint, through Home Assistant.

The fault matrix (`tests/faults`) takes its endpoints from a run without a broker, so the
credential endpoint of live data (`get_user_mqtt_info`) is not one of its cells. Here each of
its error kinds is armed before setup: the entry loads with the cloud values, the connection
sensor says "off", the failure is logged once (not per attempt), the session asks again only
on its back-off (no storm), and once the endpoint answers again the session connects by itself.
"""

from __future__ import annotations

import logging

import pytest
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_OFF, STATE_ON
from homeassistant.core import HomeAssistant

from custom_components.anker_solix.const import OPT_TIMEOUT
from tests.faults.matrix import CLIENT_TIMEOUT, KINDS
from tests.integration.conftest import SimCloud, setup_entry
from tests.mqtt_ha.conftest import entity_id, link, wait_for

SB3 = "CM64DY5TZN8S3OS1Y"
"""The Solarbank 3 of the `sb3_shelly_dynamic` scenario."""
CREDENTIALS = "app/devicemanage/get_user_mqtt_info"
FAILED_ATTEMPTS = 2
"""Failed credential attempts to see before the endpoint recovers (the first retry is 3.5–5 s)."""
READS_PER_ATTEMPT = {"http_429": 2}
"""Requests of one attempt where the client retries by itself (HTTP 429: once, when the
endpoint's window frees); other kinds: 1. The episode's warning follows the attempt's last read."""
MQTT_LOGGER = "custom_components.anker_solix.solixapi.mqtt"


def credential_reads(cloud: SimCloud) -> int:
    """Credential requests the simulator answered (hung ones included once they close)."""
    return cloud.paths().count(CREDENTIALS)


def mqtt_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    """Warnings (and worse) of the MQTT session so far."""
    return [
        r.getMessage()
        for r in caplog.records
        if r.name.startswith(MQTT_LOGGER) and r.levelno >= logging.WARNING
    ]


@pytest.mark.parametrize("kind", sorted(KINDS))
async def test_credential_fault_keeps_cloud_values_and_recovers(
    hass: HomeAssistant, live_cloud: SimCloud, kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    """A failing credential endpoint: cloud values stay, one warning, back-off, then recovery."""
    caplog.set_level(logging.DEBUG, logger=MQTT_LOGGER)
    live_cloud.faults.add(CREDENTIALS, count=100_000, **KINDS[kind])
    # the matrix's client timeout: a hung request is given up on like in the matrix's cells
    entry = await setup_entry(hass, live_cloud, options={OPT_TIMEOUT: CLIENT_TIMEOUT})
    assert entry.state is ConfigEntryState.LOADED
    live = link(entry)
    connected = entity_id(hass, "binary_sensor", f"{entry.unique_id}_mqtt_connected")

    reads = FAILED_ATTEMPTS * READS_PER_ATTEMPT.get(kind, 1)
    await wait_for(
        hass,
        lambda: credential_reads(live_cloud) >= reads and bool(mqtt_warnings(caplog)),
        f"{FAILED_ATTEMPTS} failed credential attempts ({reads} reads) and their warning",
    )
    assert not live.connected
    assert hass.states.get(connected).state == STATE_OFF  # type: ignore[union-attr]
    # The cloud values are shown while live data fails.
    coordinator = entry.runtime_data.coordinator
    assert coordinator.last_update_success
    soc = hass.states.get(entity_id(hass, "sensor", f"{SB3}_battery_soc"))
    cloud_soc = entry.runtime_data.poller.devices[SB3]["battery_soc"]
    assert soc is not None
    assert float(soc.state) == pytest.approx(float(cloud_soc))
    # One warning for the episode, however many attempts failed; no secret in any line.
    warnings = mqtt_warnings(caplog)
    assert len(warnings) == 1, warnings
    assert "MQTT connection failed" in warnings[0]
    assert not any(SB3 in r.getMessage() for r in caplog.records)

    # The endpoint answers again: the session connects on its next back-off attempt.
    live_cloud.faults.clear()
    failed = credential_reads(live_cloud)
    await wait_for(hass, lambda: live.connected, "the session connects after the fault")
    # the status request sent on connect is answered (the test does not end mid-publish)
    await wait_for(hass, lambda: live.last_message(SB3) is not None, "the device answers")
    assert hass.states.get(connected).state == STATE_ON  # type: ignore[union-attr]
    # One more credential read did it: no burst of requests after the fault.
    assert credential_reads(live_cloud) - failed <= 1 + int(kind == "timeout")
