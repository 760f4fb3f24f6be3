"""The export_systems action: a zip outside www with a signed download link, progress shown,
one at a time."""

from __future__ import annotations

import asyncio
import zipfile
from pathlib import Path

import pytest
from homeassistant.components import persistent_notification
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError

from custom_components.anker_solix.const import DOMAIN
from tests.integration.conftest import SimCloud, setup_entry
from tests.support.helpers import leaks, personal_values


async def export(hass: HomeAssistant, entry_id: str) -> dict[str, object]:
    """Call export_systems and return its response."""
    return await hass.services.async_call(
        DOMAIN,
        "export_systems",
        {"config_entry_id": entry_id},
        blocking=True,
        return_response=True,
    )


async def test_export_returns_the_url_of_an_existing_zip(
    hass: HomeAssistant, cloud: SimCloud, tmp_path: Path
) -> None:
    """The URL is a signed link of our download view naming a zip under
    <config>/anker_solix/exports/<entry_id> (nothing under www); no identifier of the scenario in
    it; the progress notification ends with the download link; the entry's data is unchanged."""
    hass.config.config_dir = str(tmp_path)
    entry = await setup_entry(hass, cloud, complete=True)
    before = entry.runtime_data.coordinator.data
    result = await export(hass, entry.entry_id)
    url = str(result["export_filename"])
    path, _, query = url.partition("?")
    assert path.startswith(f"/api/anker_solix/exports/{entry.entry_id}/")
    assert path.endswith(".zip")
    assert query.startswith("authSig=")
    zip_path = tmp_path / "anker_solix" / "exports" / entry.entry_id / path.rsplit("/", 1)[1]
    assert zip_path.is_file()
    assert not (tmp_path / "www").exists()
    with zipfile.ZipFile(zip_path) as archive:
        names = archive.namelist()
        folder = tmp_path / "unzipped"
        archive.extractall(folder)
    assert any(name.endswith("/site_list.json") for name in names)
    assert any(name.endswith("/api_devices.json") for name in names)
    [exported] = list(folder.iterdir())
    assert leaks(exported, personal_values(cloud.scenario)) == []
    notes = persistent_notification._async_get_or_create_notifications(hass)
    note = notes[f"{DOMAIN}_export_{entry.entry_id}"]
    assert url in note["message"]
    assert entry.runtime_data.coordinator.data == before


async def test_a_second_export_is_refused_while_one_runs(
    hass: HomeAssistant, cloud: SimCloud, tmp_path: Path
) -> None:
    """While an export runs, another one of the same entry is refused (translated)."""
    hass.config.config_dir = str(tmp_path)
    entry = await setup_entry(hass, cloud, complete=True)
    first = hass.async_create_task(export(hass, entry.entry_id))
    note_id = f"{DOMAIN}_export_{entry.entry_id}"
    for _ in range(500):
        await asyncio.sleep(0.01)
        if note_id in persistent_notification._async_get_or_create_notifications(hass):
            break
    assert not first.done()
    with pytest.raises(ServiceValidationError) as err:
        await export(hass, entry.entry_id)
    assert err.value.translation_key == "export_running"
    result = await first
    assert str(result["export_filename"]).partition("?")[0].endswith(".zip")
    assert entry.runtime_data.coordinator.last_update_success
