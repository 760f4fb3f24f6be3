"""Config flow: explore with example data (a bundled example or an export folder)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from homeassistant.config_entries import SOURCE_USER, ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.anker_solix.const import (
    CONF_EXAMPLE,
    CONF_MODE,
    CONF_REPLAY_FOLDER,
    DEFAULT_OPTIONS,
    DOMAIN,
    MODE_REPLAY,
)
from custom_components.anker_solix.session_factory import EXAMPLES_DIR, bundled_examples
from tests.conftest import REPO, SCENARIOS

TRANSLATIONS = REPO / "custom_components" / "anker_solix" / "translations"


async def start_example_flow(hass: HomeAssistant) -> dict[str, Any]:
    """Open the example step from the user menu."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    assert result["type"] is FlowResultType.MENU
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "example"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "example"
    return dict(result)


async def submit(hass: HomeAssistant, flow_id: str, values: dict[str, Any]) -> dict[str, Any]:
    """Submit the example step."""
    return dict(await hass.config_entries.flow.async_configure(flow_id, values))


def test_bundled_examples_are_scenarios() -> None:
    """Each bundled example is also a scenario (the scenario folder links to it: one copy)."""
    examples = bundled_examples()
    assert examples == ["sb2_ac_usetime_backup", "sb3_shelly_dynamic"]
    for name in examples:
        assert (SCENARIOS / name).resolve() == (EXAMPLES_DIR / name).resolve()


async def test_bundled_example_entry_loads_without_network(hass: HomeAssistant) -> None:
    """The default choice creates a replay entry that loads (sockets are disabled here)."""
    result = await start_example_flow(hass)
    result = await submit(hass, result["flow_id"], {CONF_EXAMPLE: "sb3_shelly_dynamic"})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == (
        "Example: Solarbank 3 Pro with Shelly meter, smart mode and dynamic prices"
    )
    assert result["data"] == {CONF_MODE: MODE_REPLAY, CONF_EXAMPLE: "sb3_shelly_dynamic"}
    await hass.async_block_till_done()
    [entry] = hass.config_entries.async_entries(DOMAIN)
    assert entry.unique_id == "example_sb3_shelly_dynamic"
    assert entry.state is ConfigEntryState.LOADED
    assert hass.states.async_all("sensor")

    # The same example a second time is refused.
    result = await start_example_flow(hass)
    result = await submit(hass, result["flow_id"], {CONF_EXAMPLE: "sb3_shelly_dynamic"})
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_export_folder_entry(hass: HomeAssistant, tmp_path: Path) -> None:
    """A folder path (absolute, or relative to the configuration folder) wins over the select."""
    shutil.copytree(SCENARIOS / "sb1_single", tmp_path / "my_export")
    result = await start_example_flow(hass)
    values = {
        CONF_EXAMPLE: "sb2_ac_usetime_backup",
        CONF_REPLAY_FOLDER: str(tmp_path / "my_export"),
    }
    result = await submit(hass, result["flow_id"], values)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "my_export"
    assert result["data"] == {
        CONF_MODE: MODE_REPLAY,
        CONF_REPLAY_FOLDER: str(tmp_path / "my_export"),
    }
    entry = hass.config_entries.async_get_entry(result["result"].entry_id)
    assert entry is not None
    assert entry.unique_id is not None
    assert entry.unique_id.startswith("replay_")

    hass.config.config_dir = str(tmp_path)
    result = await start_example_flow(hass)
    result = await submit(
        hass,
        result["flow_id"],
        {CONF_EXAMPLE: "sb2_ac_usetime_backup", CONF_REPLAY_FOLDER: "my_export"},
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


@pytest.mark.parametrize(
    ("folder", "error"),
    [("missing", "folder_not_found"), ("empty", "folder_not_export")],
)
async def test_bad_folders_are_refused(
    hass: HomeAssistant, tmp_path: Path, folder: str, error: str
) -> None:
    """A missing folder or one without an export gets its translated error on the field."""
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.json").write_text("{}")
    result = await start_example_flow(hass)
    values = {CONF_EXAMPLE: "sb3_shelly_dynamic", CONF_REPLAY_FOLDER: str(tmp_path / folder)}
    result = await submit(hass, result["flow_id"], values)
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_REPLAY_FOLDER: error}
    assert hass.config_entries.async_entries(DOMAIN) == []
    for language in sorted(path.stem for path in TRANSLATIONS.glob("*.json")):
        strings = json.loads((TRANSLATIONS / f"{language}.json").read_text(encoding="utf-8"))
        assert strings["config"]["error"][error]


async def test_replay_entry_cannot_be_reconfigured(hass: HomeAssistant) -> None:
    """A replay entry has no account: reconfigure aborts with its reason."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        data={CONF_MODE: MODE_REPLAY, CONF_EXAMPLE: "sb2_ac_usetime_backup"},
        options=dict(DEFAULT_OPTIONS),
        unique_id="example_sb2_ac_usetime_backup",
    )
    entry.add_to_hass(hass)
    result = await entry.start_reconfigure_flow(hass)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "replay_not_reconfigurable"


async def test_vanished_folder_fails_setup(hass: HomeAssistant, tmp_path: Path) -> None:
    """The folder of a replay entry is gone: the setup stops with a translated error."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        data={CONF_MODE: MODE_REPLAY, CONF_REPLAY_FOLDER: str(tmp_path / "gone")},
        options=dict(DEFAULT_OPTIONS),
    )
    entry.add_to_hass(hass)
    assert not await hass.config_entries.async_setup(entry.entry_id)
    assert entry.state is ConfigEntryState.SETUP_ERROR
    assert entry.reason is not None
    assert entry.reason.startswith("The folder of this example entry no longer exists.")
