"""scripts/develop's config dir: Home Assistant's own loaders accept what it writes.

The files are written to a temporary folder, then fed to Home Assistant's auth manager,
onboarding and config entry store (through the harness's storage mock), so a format drift on
a newer release fails here instead of in front of a developer. Home Assistant is not started.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from homeassistant import config_entries
from homeassistant.auth import auth_manager_from_config
from homeassistant.components import onboarding
from homeassistant.const import CONF_EMAIL, CONF_PASSWORD
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component

from custom_components.anker_solix.const import (
    CONF_ACCEPT_TERMS,
    CONF_COUNTRY,
    CONF_SERVER_PUBLIC_KEY,
    CONF_SERVER_URL,
    DOMAIN,
    OPT_UPDATE_INTERVAL,
)
from scripts._develop.haconfig import (
    sim_private_key,
    switch_scenario,
    time_zone_for_offset,
)
from scripts._develop.hastorage import DevUser
from scripts._develop.prepare import Prepared, SimulatorAccess, prepare_config_dir
from solixsim.crypto import ServerKeyPair
from solixsim.scenario import load_meta
from tests.conftest import REPO, SCENARIOS

USER = DevUser(username="dev", password="dev-password", name="Developer")
SCENARIO = SCENARIOS / "sb3_shelly_dynamic"
SIM_URL = "http://127.0.0.1:8765"


def _prepare(config_dir: Path, url: str = SIM_URL, scenario: Path = SCENARIO) -> Prepared:
    """Prepare ``config_dir`` for ``scenario`` with a fresh simulator key."""
    sim = SimulatorAccess(
        url=url, public_key=ServerKeyPair().public_key_hex, account=load_meta(scenario)
    )
    return prepare_config_dir(
        config_dir,
        custom_components=REPO / "custom_components",
        sim=sim,
        user=USER,
        http_port=8123,
        versions=(1, 1),
    )


def _stores(config_dir: Path) -> dict[str, Any]:
    """Every file of ``.storage`` as the harness's storage mock holds it."""
    return {
        path.name: json.loads(path.read_text(encoding="utf-8"))
        for path in (config_dir / ".storage").iterdir()
    }


def test_configuration_yaml_and_custom_components_link(tmp_path: Path) -> None:
    """Our component list on loopback, the site's fixed-offset zone, the repository's code."""
    _prepare(tmp_path)
    lines = set((tmp_path / "configuration.yaml").read_text(encoding="utf-8").splitlines())
    assert {"frontend:", "energy:", "history:", "logbook:", "http:"} <= lines
    assert "default_config:" not in lines
    assert {"  server_host: 127.0.0.1", "  server_port: 8123"} <= lines
    assert '  time_zone: "Etc/GMT-1"' in lines  # scenario.json: utc_offset_minutes 60
    assert '  country: "DE"' in lines
    assert (tmp_path / "packages").is_dir()
    link = tmp_path / "custom_components"
    assert link.is_symlink()
    assert (link / DOMAIN / "manifest.json").is_file()
    assert link.resolve() == (REPO / "custom_components").resolve()


async def test_home_assistant_loads_user_onboarding_and_entry(
    hass: HomeAssistant, hass_storage: dict[str, Any], tmp_path: Path
) -> None:
    """The user logs in, onboarding is done and the entry points at the simulator."""
    prepared = _prepare(tmp_path)
    assert prepared.user_created
    hass_storage.update(_stores(tmp_path))

    auth = await auth_manager_from_config(hass, [{"type": "homeassistant"}], [])
    provider = auth.auth_providers[0]
    await provider.async_validate_login(USER.username, USER.password)  # raises when wrong
    users = [user for user in await auth.async_get_users() if not user.system_generated]
    assert [(user.name, user.is_owner, user.is_admin) for user in users] == [
        ("Developer", True, True)
    ]
    credentials = await provider.async_get_or_create_credentials({"username": USER.username})
    assert not credentials.is_new
    assert credentials.data == {"username": USER.username}

    assert await async_setup_component(hass, onboarding.DOMAIN, {})
    assert onboarding.async_is_onboarded(hass)

    entries = config_entries.ConfigEntries(hass, {})
    await entries.async_initialize()
    [entry] = entries.async_entries(DOMAIN)
    meta = load_meta(SCENARIO)
    assert entry.entry_id == prepared.entry_id
    assert entry.unique_id == meta.user_id == "02442488c453c9ebf2b6fdbabb37e4d1a531d6da"
    assert entry.data[CONF_EMAIL] == "demo@example.com"
    assert entry.data[CONF_PASSWORD] == "demo-password"
    assert entry.data[CONF_COUNTRY] == "DE"
    assert entry.data[CONF_ACCEPT_TERMS] is True
    assert entry.data[CONF_SERVER_URL] == SIM_URL
    assert len(entry.data[CONF_SERVER_PUBLIC_KEY]) == 130
    assert entry.options[OPT_UPDATE_INTERVAL] == 300
    assert entry.disabled_by is None


def test_second_run_keeps_user_and_entry_and_updates_the_url(tmp_path: Path) -> None:
    """Restarts reuse the login and the entry (same id, new simulator URL)."""
    first = _prepare(tmp_path)
    second = _prepare(tmp_path, url="http://127.0.0.1:40123")
    assert not second.user_created
    assert second.entry_id == first.entry_id
    stores = _stores(tmp_path)
    assert len(stores["auth_provider.homeassistant"]["data"]["users"]) == 1
    assert len(stores["person"]["data"]["items"]) == 1
    [entry] = stores["core.config_entries"]["data"]["entries"]
    assert entry["data"][CONF_SERVER_URL] == "http://127.0.0.1:40123"


def test_switching_scenario_resets_state_but_keeps_the_simulator_key(tmp_path: Path) -> None:
    """A new scenario drops Home Assistant's state; the simulator key survives."""
    assert not switch_scenario(tmp_path, SCENARIO)
    key = sim_private_key(tmp_path)
    assert len(key) == 64
    _prepare(tmp_path)
    (tmp_path / "home-assistant_v2.db").write_bytes(b"db")
    assert not switch_scenario(tmp_path, SCENARIO)
    assert (tmp_path / ".storage" / "auth").is_file()

    other = SCENARIOS / "sb1_single"
    assert switch_scenario(tmp_path, other)
    assert not (tmp_path / ".storage").exists()
    assert not (tmp_path / "home-assistant_v2.db").exists()
    assert sim_private_key(tmp_path) == key
    assert _prepare(tmp_path, scenario=other).user_created


@pytest.mark.parametrize(
    ("minutes", "zone"),
    [(60, "Etc/GMT-1"), (0, "UTC"), (-300, "Etc/GMT+5"), (330, None), (840, "Etc/GMT-14")],
)
def test_time_zone_for_offset(minutes: int, zone: str | None) -> None:
    """Whole-hour site offsets map to the fixed-offset zone of the same offset."""
    assert time_zone_for_offset(minutes) == zone
