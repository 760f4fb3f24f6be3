"""Actions never hang behind the per-endpoint limit: they refuse at once with the wait (§3.6).

A burst of backup charge changes fills the window of the site parameter endpoints (each change
reads, writes and reads back). The next change would wait most of a minute: it answers at once
with the translated "next change in N s" and the simulator receives nothing. Once the window has
passed the change goes through; a poll in the full window still waits and succeeds.
"""

from __future__ import annotations

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError

from custom_components.anker_solix.const import OPT_ENDPOINT_LIMIT
from tests.actions.conftest import Loaded
from tests.integration.conftest import SimCloud, setup_entry

SB2_AC = "5XFBDC1JWED7U4AX"
GET_PARAM = "power_service/v1/site/get_site_device_param"
WINDOW = 62.0
LIMIT = 6
"""Small endpoint limit: two changes (read, write, read back) fill the read endpoint's window."""

pytestmark = pytest.mark.parametrize("scenario", ["sb2_ac_usetime_backup"])


async def _load(hass: HomeAssistant, cloud: SimCloud) -> Loaded:
    entry = await setup_entry(hass, cloud, options={OPT_ENDPOINT_LIMIT: LIMIT}, complete=True)
    return Loaded(hass, cloud, entry)


async def _fill_window(loaded: Loaded) -> tuple[int, HomeAssistantError]:
    """Toggle the backup window until a change is refused; return the successes and the error."""
    for done in range(LIMIT + 1):
        try:
            await loaded.call("modify_solix_backup_charge", SB2_AC, enable_backup=bool(done % 2))
        except HomeAssistantError as err:
            return done, err
    raise AssertionError("no change was refused although the endpoint's window was full")


async def test_full_window_refuses_at_once_and_sends_nothing(
    hass: HomeAssistant, cloud: SimCloud
) -> None:
    """The refused change sends nothing and lets no time pass; the written state stays."""
    loaded = await _load(hass, cloud)
    start = cloud.clock.now()
    changes = len(cloud.recorder.records)
    done, _ = await _fill_window(loaded)
    assert done >= 1
    requests, now = len(cloud.recorder.records), cloud.clock.now()
    switch = loaded.stored("6", SB2_AC)["manual_backup"]["switch"]

    with pytest.raises(HomeAssistantError) as caught:
        await loaded.call("modify_solix_backup_charge", SB2_AC, enable_backup=not switch)

    err = caught.value
    assert err.translation_key == "cloud_busy_retry_in"
    seconds = int(err.translation_placeholders["seconds"])
    assert 5 < seconds <= WINDOW
    assert str(err).startswith(f"The Anker cloud allows the next change in {seconds} s;")
    assert len(cloud.recorder.records) == requests
    assert cloud.clock.now() == now
    assert loaded.stored("6", SB2_AC)["manual_backup"]["switch"] is switch
    # The burst itself never waited for the limit either (it was refused instead).
    assert now - start < WINDOW
    assert requests > changes


async def test_change_works_after_the_window_passed(hass: HomeAssistant, cloud: SimCloud) -> None:
    """After the wait the refusal named, the same change is written and read back."""
    loaded = await _load(hass, cloud)
    _, err = await _fill_window(loaded)
    switch = loaded.stored("6", SB2_AC)["manual_backup"]["switch"]
    cloud.clock.advance(int(err.translation_placeholders["seconds"]))
    before = len(cloud.recorder.records)

    await loaded.call("modify_solix_backup_charge", SB2_AC, enable_backup=not switch)

    assert loaded.stored("6", SB2_AC)["manual_backup"]["switch"] is (not switch)
    assert len(cloud.recorder.records) > before


async def test_read_action_refused_too(hass: HomeAssistant, cloud: SimCloud) -> None:
    """A fresh read (schedule action) behind the full window is refused the same way."""
    loaded = await _load(hass, cloud)
    await _fill_window(loaded)
    requests = len(cloud.recorder.records)

    with pytest.raises(HomeAssistantError) as caught:
        await loaded.call("get_solarbank_schedule", SB2_AC, response=True)

    assert caught.value.translation_key == "cloud_busy_retry_in"
    assert len(cloud.recorder.records) == requests


async def test_poll_in_full_window_waits_and_succeeds(hass: HomeAssistant, cloud: SimCloud) -> None:
    """Polls are background work: they wait for the window as before instead of failing."""
    loaded = await _load(hass, cloud)
    await _fill_window(loaded)
    requests, now = len(cloud.recorder.records), cloud.clock.now()

    # The details poll the scheduler runs (device parameters included), outside any action.
    await loaded.entry.runtime_data.poller.update_device_details()

    polled = [record.path for record in cloud.recorder.records[requests:]]
    assert GET_PARAM in polled
    assert all(record.status == 200 for record in cloud.recorder.records[requests:])
    assert cloud.clock.now() - now > 5
