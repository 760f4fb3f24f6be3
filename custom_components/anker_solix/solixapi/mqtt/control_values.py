"""Where a command's values show up in a model's status messages (MQTT protocol §6.5, §7.3).

A command names the status value it sets (§6.7 "Sets / means"); where a model's status map
calls the same setting differently (the cut-off is ``soc_min_pct`` on Solarbank 2+ and the Gen 2
power stations, §7.3 "one common cut-off key") `ALIASES` gives the other names. Where command and
status code a mode differently (§6.5: PPS AC and 12 V output modes) `STATUS_CODING` translates:
command value → status value.
"""

from __future__ import annotations

from types import MappingProxyType

from .maps import value_specs

Number = int | float | str

ALIASES: MappingProxyType[str, tuple[str, ...]] = MappingProxyType(
    {"discharge_cutoff_pct": ("soc_min_pct",)}
)
_NORMAL_IS_0 = MappingProxyType({0: 1, 1: 2})
"""Command 0 = normal, 1 = smart; status 1 = normal, 2 = smart."""
_SMART_IS_0 = MappingProxyType({0: 2, 1: 1})
"""Command 0 = smart, 1 = normal; status 1 = normal, 2 = smart."""
_MODE_NAMES = ("ac_out_mode", "car_port_mode")
STATUS_CODING: MappingProxyType[tuple[str, str], MappingProxyType[int, int]] = MappingProxyType(
    {
        **{(pn, name): _NORMAL_IS_0 for pn in ("A1753", "A1754", "A1755") for name in _MODE_NAMES},
        **{(pn, name): _SMART_IS_0 for pn in ("A1761", "A1790", "A1790P") for name in _MODE_NAMES},
    }
)


def status_name(pn: str, name: str) -> str | None:
    """The name under which model `pn` reports setting `name` (None: not reported over MQTT)."""
    specs = value_specs(pn)
    for candidate in (name, *ALIASES.get(name, ())):
        if candidate in specs:
            return candidate
    return None


def status_value(pn: str, name: str, value: Number) -> Number:
    """The status value a device reports after command value `value` of `name`."""
    coding = STATUS_CODING.get((pn, name))
    if coding is None or not isinstance(value, int):
        return value
    return coding.get(value, value)


def command_value(pn: str, name: str, value: Number) -> Number:
    """The command value of a reported status value (the inverse of `status_value`)."""
    coding = STATUS_CODING.get((pn, name))
    if coding is None or isinstance(value, str):
        return value
    for command, status in coding.items():
        if status == value:
            return command
    return value
