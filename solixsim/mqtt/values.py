"""Where each MQTT value of a simulated device comes from: data tables per model family.

The device publishers read the same moving scene the cloud API serves at the same clock time
(:func:`solixsim.routes.sites.scene_now`), so MQTT and HTTP agree. A :class:`DeviceView` is one
device's part of it; each table maps our MQTT value names (protocol §5) to a source. Names a
layout has but a table lacks are simply not sent.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from solixsim.dynamics_values import parse_number

__all__ = ["DeviceView", "Source", "values_for"]

Value = int | float | str | bool | None


@dataclass(frozen=True)
class DeviceView:
    """One device at one moment: its scene entry, its site's scene, its bind entry, clocks."""

    sn: str
    pn: str
    now: float
    utc_offset_s: int
    entry: Mapping[str, Any] = field(default_factory=dict)
    site: Mapping[str, Any] = field(default_factory=dict)
    bind: Mapping[str, Any] = field(default_factory=dict)
    extra: Mapping[str, Any] = field(default_factory=dict)
    """Values the scenario gives for devices no scene describes (``scenario.json`` ``mqtt``)."""


Source = Callable[[DeviceView], Value]


def _path(data: Mapping[str, Any], dotted: str) -> Any:
    """The value at a dotted path of nested mappings (None when missing)."""
    node: Any = data
    for part in dotted.split("."):
        if not isinstance(node, Mapping):
            return None
        node = node.get(part)
    return node


def _number(value: Any) -> int | float | None:
    """A cloud text number as int (whole) or float."""
    number = parse_number(value)
    if number is None:
        return None
    return int(number) if float(number).is_integer() else number


def dev(dotted: str) -> Source:
    """A number from the device's scene entry (``pv_power.pv1``)."""
    return lambda view: _number(_path(view.entry, dotted))


def site(dotted: str) -> Source:
    """A number from the site's scene (``grid_info.grid_to_home_power``)."""
    return lambda view: _number(_path(view.site, dotted))


def extra(name: str) -> Source:
    """A value the scenario gives for the device itself (``scenario.json`` ``mqtt.devices``)."""
    return lambda view: view.extra.get(name)


def const(value: Value) -> Source:
    """A fixed value."""
    return lambda _view: value


def _version(view: DeviceView) -> Value:
    """The firmware version of the bind entry without its ``v`` (``1.0.8.2``)."""
    text = view.bind.get("device_sw_version")
    return text.lstrip("vV") if isinstance(text, str) and text else None


def _serial(view: DeviceView) -> Value:
    return view.sn


def _utc(view: DeviceView) -> Value:
    return int(view.now)


def _local(view: DeviceView) -> Value:
    """Local wall-clock time written as Unix seconds (Solarbank clocks, §4.8)."""
    return int(view.now) + view.utc_offset_s


def _difference(first: Source, second: Source) -> Source:
    """``first − second`` when both are known."""

    def source(view: DeviceView) -> Value:
        a, b = first(view), second(view)
        if isinstance(a, (int, float)) and isinstance(b, (int, float)):
            return a - b
        return None

    return source


_COMMON: dict[str, Source] = {
    "serial": _serial,
    "sent_at": _utc,
    "utc_time": _utc,
    "local_time": _local,
    "fw_main": _version,
}

_SOLARBANK_1: dict[str, Source] = {
    "soc_pct": dev("battery_power"),
    "pv_w": dev("photovoltaic_power"),
    "out_w": dev("output_power"),
    "battery_charge_w": dev("charging_power"),
    "temp_c": extra("temp_c"),
}

_SOLARBANK_2: dict[str, Source] = {
    "soc_pct": dev("battery_power"),
    "main_soc_pct": dev("battery_power"),
    "pv_w": dev("photovoltaic_power"),
    "out_w": dev("output_power"),
    "ac_out_w": dev("output_power"),
    "battery_charge_w": dev("bat_charge_power"),
    "battery_discharge_w": dev("bat_discharge_power"),
    "battery_w": _difference(dev("bat_charge_power"), dev("bat_discharge_power")),
    "pv1_w": dev("pv_power.pv1"),
    "pv2_w": dev("pv_power.pv2"),
    "pv3_w": dev("pv_power.pv3"),
    "pv4_w": dev("pv_power.pv4"),
    "expansion_count": dev("sub_package_num"),
    "home_load_w": site("home_load_power"),
    "temp_c": extra("temp_c"),
}


def _station_device(index: int, dotted: str) -> Source:
    """A value of the ``index``-th (1-based) Solarbank of the site (station summaries)."""

    def source(view: DeviceView) -> Value:
        banks = _path(view.site, "solarbank_info.solarbank_list")
        if (
            not isinstance(banks, list)
            or len(banks) < index
            or not isinstance(banks[index - 1], dict)
        ):
            return None
        value = _path(banks[index - 1], dotted)
        return value if dotted == "device_sn" else _number(value)

    return source


def _system_soc(view: DeviceView) -> Value:
    """Station SOC in % from the scene's ``total_battery_power`` fraction (``0.69`` → 69)."""
    fraction = _number(_path(view.site, "solarbank_info.total_battery_power"))
    return round(fraction * 100) if fraction is not None else None


_STATION: dict[str, Source] = {
    "system_soc_pct": _system_soc,
    "system_pv_w": site("solarbank_info.total_photovoltaic_power"),
    "system_home_load_w": site("home_load_power"),
    "system_device_out_w": site("solarbank_info.total_output_power"),
    **{
        f"dev{index}_{name}": _station_device(index, dotted)
        for index in range(1, 5)
        for name, dotted in (
            ("serial", "device_sn"),
            ("soc_pct", "battery_power"),
            ("pv_w", "photovoltaic_power"),
            ("pv1_w", "pv_power.pv1"),
            ("pv2_w", "pv_power.pv2"),
            ("pv3_w", "pv_power.pv3"),
            ("pv4_w", "pv_power.pv4"),
            ("expansion_count", "sub_package_num"),
        )
    },
}
_SOLARBANK_2.update(_STATION)

_SMART_METER: dict[str, Source] = {
    "grid_import_w": site("grid_info.grid_to_home_power"),
    "feed_in_w": site("grid_info.photovoltaic_to_grid_power"),
}

_SMART_PLUG: dict[str, Source] = {
    "load_w": dev("current_power"),
    "ac_out_on": const(1),
}

_PORTABLE: dict[str, Source] = {
    name: extra(name)
    for name in (
        "main_soc_pct",
        "exp1_soc_pct",
        "expansion_count",
        "ac_in_w",
        "ac_out_w",
        "dc_in_w",
        "pv_w",
        "out_total_w",
        "usbc1_w",
        "usba1_w",
        "temp_c",
        "soh_pct",
        "ac_out_on",
        "dc_out_on",
        "charge_state",
    )
}
_PORTABLE["soc_pct"] = extra("main_soc_pct")

FAMILY_OF_MODEL: dict[str, str] = {
    "A17C0": "solarbank_1",
    "A17C1": "solarbank_2",
    "A17C2": "solarbank_2",
    "A17C3": "solarbank_2",
    "A17C5": "solarbank_2",
    "AE103": "solarbank_2",
    "A17X7": "smart_meter",
    "SHEMP3": "smart_meter",
    "AE1R0": "smart_meter",
    "A17X8": "smart_plug",
    "A1761": "portable",
    "A1763": "portable",
    "A1753": "portable",
    "A1780": "portable",
    "A1790": "portable",
    "A2345": "usb_charger",
}
FAMILY_VALUES: dict[str, dict[str, Source]] = {
    "solarbank_1": _SOLARBANK_1,
    "solarbank_2": _SOLARBANK_2,
    "smart_meter": _SMART_METER,
    "smart_plug": _SMART_PLUG,
    "portable": _PORTABLE,
}
SCENE_LISTS: dict[str, str] = {
    "solarbank_1": "solarbank_info.solarbank_list",
    "solarbank_2": "solarbank_info.solarbank_list",
    "smart_meter": "grid_info.grid_list",
    "smart_plug": "smart_plug_info.smartplug_list",
    "portable": "pps_info.pps_list",
}
"""Where a family's devices sit in a scene (their entry of :class:`DeviceView`)."""


def scene_entry(scene: Mapping[str, Any], pn: str, sn: str) -> dict[str, Any]:
    """The device's entry in its site's scene (``{}`` when the scene does not list it)."""
    items = _path(scene, SCENE_LISTS.get(FAMILY_OF_MODEL.get(pn, ""), "")) or []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and item.get("device_sn") == sn:
            return item
    return {}


def values_for(view: DeviceView, names: Mapping[str, object]) -> dict[str, Value]:
    """The values of the given names the device's family knows (unknown or missing left out)."""
    table = {**_COMMON, **FAMILY_VALUES.get(FAMILY_OF_MODEL.get(view.pn, ""), {})}
    values: dict[str, Value] = {}
    for name in names:
        source = table.get(name)
        value = source(view) if source is not None else view.extra.get(name)
        if value is not None:
            values[name] = value
    return values
