"""Station settings (param type 18) and the power cut-off (minimum SOC) of single devices."""

from __future__ import annotations

from typing import Any

from solixsim.reply import SimReply
from solixsim.scenario import ScenarioStore
from solixsim.writes.common import (
    SB1_MODEL,
    WriteRejectedError,
    is_int,
    reject,
    require,
    scene_devices,
    site_of_device,
    stored_data,
    success,
    update_data,
)

CUTOFF_ENDPOINT = "power_service/v1/app/compatible/set_power_cutoff"


def _select(options: list[Any], chosen: dict[str, Any]) -> None:
    """Mark ``chosen`` as the only selected option."""
    for option in options:
        if isinstance(option, dict):
            option["is_selected"] = 1 if option is chosen else 0


def _select_cutoff(store: ScenarioStore, device_sn: str, soc: int, option_id: int) -> None:
    """Select the cut-off option of a device matching ``soc`` (else the same id)."""

    def change(data: dict[str, Any]) -> None:
        options = [o for o in data.get("power_cutoff_data") or [] if isinstance(o, dict)]
        chosen = next((o for o in options if o.get("output_cutoff_data") == soc), None)
        chosen = chosen or next((o for o in options if o.get("id") == option_id), None)
        if chosen is not None:
            _select(data["power_cutoff_data"], chosen)

    update_data(store, f"power_cutoff_{device_sn}", change)


def set_switch_0w(store: ScenarioStore, site_id: str, value: int) -> None:
    """Show the 0 W export switch in scene info and the device attributes of the station."""

    def scene_change(scene: dict[str, Any]) -> None:
        scene["switch_0w"] = value

    update_data(store, f"scene_{site_id}", scene_change)

    def attrs_change(data: dict[str, Any]) -> None:
        attributes = data.get("attributes")
        if isinstance(attributes, dict) and "switch_0w" in attributes:
            attributes["switch_0w"] = value

    for device in scene_devices(store, site_id):
        if device.get("device_pn") != SB1_MODEL:
            update_data(store, f"device_attrs_{device.get('device_sn')}", attrs_change)


def merge_station_settings(stored: dict[str, Any], payload: Any) -> dict[str, Any]:
    """Apply ``{"id": n}`` and/or ``{"switch_0w": 0|1}`` to the stored station settings."""
    if not isinstance(payload, dict) or not ({"id", "switch_0w"} & payload.keys()):
        raise reject()
    merged = dict(stored)
    if "switch_0w" in payload:
        if payload["switch_0w"] not in (0, 1) or not is_int(payload["switch_0w"]):
            raise reject()
        merged["switch_0w"] = payload["switch_0w"]
    if "id" in payload:
        options = [o for o in merged.get("soc_list") or [] if isinstance(o, dict)]
        wanted = payload["id"]
        chosen = next((o for o in options if is_int(wanted) and o.get("id") == wanted), None)
        if chosen is None:
            raise reject()
        _select(options, chosen)
        merged["soc_list"] = options
    return merged


def apply_station_settings(store: ScenarioStore, site_id: str, settings: dict[str, Any]) -> None:
    """Show station settings in the cut-off of every station device and in scene info."""
    selected = next(
        (o for o in settings.get("soc_list") or [] if isinstance(o, dict) and o.get("is_selected")),
        None,
    )
    if selected is not None and is_int(selected.get("soc")):
        for device in scene_devices(store, site_id):
            if device.get("device_pn") != SB1_MODEL:
                _select_cutoff(
                    store, str(device.get("device_sn")), selected["soc"], selected.get("id", -1)
                )
    if is_int(settings.get("switch_0w")):
        set_switch_0w(store, site_id, settings["switch_0w"])


def set_power_cutoff(store: ScenarioStore, body: dict[str, Any], now: float) -> SimReply:
    """``set_power_cutoff``: select a cut-off option of one device."""
    try:
        require(body, "device_sn", "cutoff_data_id")
        device_sn = str(body["device_sn"])
        data = stored_data(store, f"power_cutoff_{device_sn}")
    except WriteRejectedError as err:
        return err.reply
    options = [o for o in data.get("power_cutoff_data") or [] if isinstance(o, dict)]
    wanted = body["cutoff_data_id"]
    chosen = next((o for o in options if is_int(wanted) and o.get("id") == wanted), None)
    if chosen is None or not is_int(wanted):
        return reject().reply
    cutoff = chosen.get("output_cutoff_data")
    _select_cutoff(store, device_sn, cutoff if is_int(cutoff) else -1, wanted)
    site_id = site_of_device(store, device_sn)
    if site_id is not None and is_int(cutoff):
        _show_cutoff_in_scene(store, site_id, device_sn, cutoff)
    return success()


def _show_cutoff_in_scene(store: ScenarioStore, site_id: str, device_sn: str, cutoff: int) -> None:
    """SB1 entries report their active cut-off as ``output_cutoff_data`` (SB2+ report 0)."""

    def change(scene: dict[str, Any]) -> None:
        info = scene.get("solarbank_info")
        for device in (info.get("solarbank_list") if isinstance(info, dict) else None) or []:
            if (
                isinstance(device, dict)
                and device.get("device_sn") == device_sn
                and device.get("device_pn") == SB1_MODEL
            ):
                device["output_cutoff_data"] = cutoff

    update_data(store, f"scene_{site_id}", change)
