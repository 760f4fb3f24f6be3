"""`export_systems` with `include_mqtt`: live-data captures in the export, anonymized.

The export runs on the simulator with its TLS broker; the capture files are read back with our
own decoder: the serial in the topic, the envelope and inside the binary frame is the export's
replacement (the one of the JSON files), every frame checksum is valid, and no real serial,
site or user id of the scenario appears in any file.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from homeassistant.core import HomeAssistant

from custom_components.anker_solix import services_support_export
from custom_components.anker_solix.const import DOMAIN
from custom_components.anker_solix.solixapi import (
    decode_frame_for,
    mqtt_read_capture_text,
    parse_frame,
    parse_message,
)
from tests.integration.conftest import SimCloud, setup_entry
from tests.mqtt_ha.conftest import link, wait_for
from tests.support.helpers import leaks, personal_values


async def exported_folder(
    hass: HomeAssistant, entry_id: str, tmp_path: Path, **fields: Any
) -> Path:
    """Run export_systems and unzip its zip; the export folder."""
    result = await hass.services.async_call(
        DOMAIN,
        "export_systems",
        {"config_entry_id": entry_id, **fields},
        blocking=True,
        return_response=True,
    )
    assert result is not None
    name = str(result["export_filename"]).partition("?")[0].rsplit("/", 1)[1]
    zip_path = tmp_path / "anker_solix" / "exports" / entry_id / name
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(tmp_path / "unzipped")
    [folder] = list((tmp_path / "unzipped").iterdir())
    return folder


@pytest.mark.parametrize("scenario", ["sb3_shelly_dynamic", "pps_c1000_standalone"])
async def test_export_holds_anonymized_captures(
    hass: HomeAssistant,
    live_cloud: SimCloud,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    scenario: str,
) -> None:
    """Every owned live device gets capture files in the export format, anonymized with the
    export's mapping inside envelope and frame, with valid checksums and no real identifier."""
    monkeypatch.setattr(services_support_export, "CAPTURE_SETTLE", 0.0)
    hass.config.config_dir = str(tmp_path)
    entry = await setup_entry(hass, live_cloud, complete=True)
    live = link(entry)
    await wait_for(hass, lambda: live.connected, "the session connects")
    real_serials = set(live.devices)
    assert real_serials
    folder = await exported_folder(hass, entry.entry_id, tmp_path, include_mqtt=True)

    captures = sorted(folder.glob("mqtt_msg_*.ndjson"))
    assert captures
    devices = json.loads((folder / "api_devices.json").read_text(encoding="utf-8"))
    exported_serials = {sn for sn in devices if sn not in real_serials}
    captured = set()
    frames_with_serial = 0
    for path in captures:
        sn, msg_type = path.stem.removeprefix("mqtt_msg_").rsplit("_", 1)
        assert sn in exported_serials, path.name  # the JSON files' replacement
        captured.add(sn)
        lines = mqtt_read_capture_text(path.read_text(encoding="utf-8"), 0)
        assert lines
        for line in lines:
            assert line.topic.split("/")[3] == sn
            assert line.head["client_id"] == sn
            inbound = parse_message(line.topic, line.envelope())
            assert inbound is not None
            assert inbound.sn == sn
            assert inbound.frame is not None
            frame = parse_frame(inbound.frame)
            assert frame.checksum_ok, path.name
            assert frame.length_ok, path.name
            assert frame.msg_type == msg_type
            values = decode_frame_for(inbound.pn, sn, frame).values
            if "serial" in values:
                assert values["serial"] == sn
                frames_with_serial += 1
    assert len(captured) == len(real_serials)
    assert frames_with_serial > 0
    assert leaks(folder, personal_values(scenario) | real_serials) == []


async def test_export_without_include_mqtt_has_no_captures(
    hass: HomeAssistant, live_cloud: SimCloud, tmp_path: Path
) -> None:
    """Without the flag (or with it false) the export holds only the cloud files."""
    hass.config.config_dir = str(tmp_path)
    entry = await setup_entry(hass, live_cloud, complete=True)
    live = link(entry)
    await wait_for(hass, lambda: live.connected, "the session connects")
    folder = await exported_folder(hass, entry.entry_id, tmp_path, include_mqtt=False)
    assert not list(folder.glob("mqtt_msg_*"))
    assert (folder / "api_devices.json").is_file()
