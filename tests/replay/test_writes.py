"""Writes of a replay change what the entry shows, in memory only."""

from __future__ import annotations

import hashlib
from pathlib import Path

from homeassistant.core import HomeAssistant

from custom_components.anker_solix.session_factory import EXAMPLES_DIR
from custom_components.anker_solix.solixapi import SolixApi
from custom_components.anker_solix.solixapi.replay import ReplaySession
from tests.replay.conftest import SetupReplay, entity_states

EXAMPLE = EXAMPLES_DIR / "sb3_shelly_dynamic"
SITE_ID = "85b17b79-49e1-6e8a-aee1-51c7baea4f5d"


def folder_digest(folder: Path) -> str:
    """One hash over every file name and content of a folder."""
    digest = hashlib.sha256()
    for path in sorted(folder.iterdir()):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


async def test_price_write_shows_in_the_entry_but_not_on_disk(
    hass: HomeAssistant, setup_replay: SetupReplay
) -> None:
    """A price write shows in the entry after the next details poll; the files stay."""
    before_files = folder_digest(EXAMPLE)
    entry = await setup_replay(EXAMPLE)
    before = entity_states(hass)
    runtime = entry.runtime_data
    stored_price = (await runtime.api.get_site_price(SITE_ID))["price"]
    assert stored_price != 0.42

    await runtime.api.update_site_price(SITE_ID, price=0.42, price_type="fixed")
    assert (await runtime.api.get_site_price(SITE_ID))["price"] == 0.42
    await runtime.coordinator.async_manual_refresh()
    await hass.async_block_till_done()

    details = runtime.coordinator.data["sites"][SITE_ID]["site_details"]
    assert (details["price"], details["price_type"]) == (0.42, "fixed")
    assert set(entity_states(hass)) == set(before)
    assert folder_digest(EXAMPLE) == before_files
    # A new replay of the same folder starts from the files again.
    fresh = SolixApi(ReplaySession(EXAMPLE))
    assert (await fresh.get_site_price(SITE_ID))["price"] == stored_price


async def test_parameter_write_is_read_back(hass: HomeAssistant) -> None:
    """``set_site_device_param`` merges into ``device_parm_<type>_<site>`` for the next read."""
    session = ReplaySession(EXAMPLE, clock=lambda: 1742296845.0)
    api = SolixApi(session)
    before = await api.get_device_param(SITE_ID, "6")
    assert before
    await session.request(
        "POST",
        "power_service/v1/site/set_site_device_param",
        {"site_id": SITE_ID, "param_type": "6", "cmd": 17, "param_data": '{"mode_type":3}'},
    )
    after = await api.get_device_param(SITE_ID, "6")
    assert after["mode_type"] == 3
    assert {key: value for key, value in after.items() if key != "mode_type"} == {
        key: value for key, value in before.items() if key != "mode_type"
    }
    assert session.writes[-1][0] == "power_service/v1/site/set_site_device_param"
    assert session.stats.requests_last_hour() == 4
