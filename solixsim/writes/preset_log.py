"""The log of output preset writes per site, which the scene dynamics follow (protocol §6, §6.8).

A schedule write (SB1 type 4 on SB1-only sites, SB2+ type 6 on sites with a Solarbank 2 or
newer) is logged with its clock time and the stored schedules right after it; the scene shows the
new presets from the next data tick on. The log lives beside the store (in memory, dropped with
it) and is never served.
"""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from custom_components.anker_solix.solixapi import compact_json
from solixsim.dynamics_presets import PresetContext, PresetWrite
from solixsim.scenario import ScenarioStore
from solixsim.writes.common import SB1_MODEL, is_int, read_param, scene_devices

__all__ = [
    "PresetWrite",
    "log_preset_write",
    "preset_context",
    "preset_writes",
    "station_reserve",
]


_LOG: WeakKeyDictionary[ScenarioStore, dict[str, tuple[PresetWrite, ...]]] = WeakKeyDictionary()


def preset_writes(store: ScenarioStore, site_id: str) -> tuple[PresetWrite, ...]:
    """The preset writes of a site in the order they arrived."""
    return _LOG.get(store, {}).get(site_id, ())


def _schedule_text(store: ScenarioStore, param_type: str, site_id: str) -> str:
    """The stored schedule of a type as compact JSON ("" when there is none)."""
    stored = read_param(store, param_type, site_id)
    return compact_json(stored) if stored else ""


def log_preset_write(
    store: ScenarioStore, site_id: str, param_type: str, now: float, sb1_zero_output: bool
) -> None:
    """Log a stored type-4 or type-6 write if it drives the site's Solarbank output.

    Type 4 counts on SB1-only sites, type 6 on sites with a Solarbank 2 or newer;
    ``sb1_zero_output`` is only read for type 4 (a type-6 write keeps the last SB1 write's state).
    """
    models = {str(device.get("device_pn")) for device in scene_devices(store, site_id)}
    if not models or (param_type == "4") != (models == {SB1_MODEL}):
        return
    earlier = preset_writes(store, site_id)
    zero = sb1_zero_output if param_type == "4" else bool(earlier and earlier[-1].sb1_zero_output)
    entry = PresetWrite(
        ts=now,
        sb1_schedule=_schedule_text(store, "4", site_id),
        sb2_schedule=_schedule_text(store, "6", site_id),
        sb1_zero_output=zero,
    )
    _LOG.setdefault(store, {})[site_id] = (*earlier, entry)


def station_reserve(store: ScenarioStore, site_id: str) -> int | None:
    """The selected SOC reserve of the site's station settings (type 18), if any."""
    settings: dict[str, Any] | None = read_param(store, "18", site_id)
    for option in (settings or {}).get("soc_list") or []:
        if isinstance(option, dict) and option.get("is_selected") and is_int(option.get("soc")):
            return int(option["soc"])
    return None


def preset_context(store: ScenarioStore, site_id: str, base_ts: float) -> PresetContext | None:
    """What the scene of a site needs to follow its preset writes (None without writes)."""
    writes = preset_writes(store, site_id)
    if not writes:
        return None
    return PresetContext(
        writes=writes,
        base_ts=base_ts,
        utc_offset_minutes=store.meta.utc_offset_minutes,
        station_reserve=station_reserve(store, site_id),
    )
