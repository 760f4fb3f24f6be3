"""Flow helpers on input the forms cannot send and on export folders the cloud client refuses."""

from __future__ import annotations

from pathlib import Path

from homeassistant.core import HomeAssistant

from custom_components.anker_solix.const import CONF_MODE, CONF_REPLAY_FOLDER, MODE_REPLAY
from custom_components.anker_solix.flow_schemas import async_replay_identifiers
from custom_components.anker_solix.options_flow import RANGES, range_errors


def test_a_missing_or_non_numeric_option_is_out_of_range() -> None:
    """A value that is absent, None or text counts as out of range (never as the default)."""
    everything = range_errors({})
    assert everything
    assert set(everything.values()) <= {f"{key}_range" for key in RANGES}
    valid = {key: (minimum + maximum) / 2 for key, (minimum, maximum, _) in RANGES.items()}
    assert range_errors(valid) == {}
    key = next(iter(RANGES))
    for bad in (None, "fast", float("nan")):
        assert list(range_errors({**valid, key: bad}).values()) == [f"{key}_range"]


async def test_an_export_folder_whose_lists_answer_errors_shows_no_systems(
    hass: HomeAssistant, tmp_path: Path
) -> None:
    """Recorded error answers for the site and device lists mean no identifiers (the flow then
    finds no clash with other entries) rather than a failing form."""
    refusal = '{"code": 10004, "msg": "not found", "data": {}}'
    (tmp_path / "site_list.json").write_text(refusal, encoding="utf-8")
    (tmp_path / "bind_devices.json").write_text(refusal, encoding="utf-8")
    data = {CONF_MODE: MODE_REPLAY, CONF_REPLAY_FOLDER: str(tmp_path)}
    assert await async_replay_identifiers(hass, data) == set()
