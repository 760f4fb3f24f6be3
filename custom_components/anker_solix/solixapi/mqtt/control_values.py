"""Where a command's values show up in a model's status messages (MQTT protocol §6.5, §7.3).

A command names the status value it sets (§6.7 "Sets / means"); where a model's status map
calls the same setting differently (the cut-off is ``soc_min_pct`` on Solarbank 2+ and the Gen 2
power stations, §7.3 "one common cut-off key") `ALIASES` gives the other names. Where command and
status code a mode differently (§6.5: PPS AC and 12 V output modes) `STATUS_CODING` translates:
command value → status value. Action commands that set no status value of their own (EV
charger charge start/stop/boost `0105`) show their effect in another status value:
`ACTION_EFFECTS` names it (our reading of §5.9: a started charge reports ``ev_state`` 2
"charging", a stopped one 3 "charger paused", a boost ``boost_on`` 1; skipping the start delay has
no value of its own and is not confirmed).
"""

from __future__ import annotations

from collections.abc import Callable
from types import MappingProxyType

from .maps import value_specs
from .values import hhmm, hhmmss

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


TIME_TEXT: MappingProxyType[str, Callable[[int], str]] = MappingProxyType(
    {
        "hhmmss": lambda raw: hhmmss((raw % (1 << 24)).to_bytes(3, "little")),
        "hhmm": lambda raw: hhmm(raw % (1 << 16)),
    }
)
"""Status kinds shown as time text: the command's little-endian number → the text."""


def status_name(pn: str, name: str) -> str | None:
    """The name under which model `pn` reports setting `name` (None: not reported over MQTT)."""
    specs = value_specs(pn)
    for candidate in (name, *ALIASES.get(name, ())):
        if candidate in specs:
            return candidate
    return None


def status_value(pn: str, name: str, value: Number) -> Number:
    """The status value a device reports after command value `value` of `name`.

    Times the status shows as text (§4.7: 3 bytes second, minute, hour → ``"HH:MM:SS"``;
    2 bytes minute, hour → ``"HH:MM"``) are given as text.
    """
    live_name = status_name(pn, name)
    kind = value_specs(pn)[live_name].kind if live_name is not None else ""
    if kind in TIME_TEXT and isinstance(value, int):
        return TIME_TEXT[kind](value)
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


ACTION_EFFECTS: MappingProxyType[tuple[str, str], MappingProxyType[int, tuple[str, int]]] = (
    MappingProxyType(
        {
            ("A5191", "charge_action"): MappingProxyType(
                {1: ("ev_state", 2), 2: ("ev_state", 3), 4: ("boost_on", 1)}
            ),
        }
    )
)


def action_effect(pn: str, name: str, value: Number) -> tuple[str, int] | None:
    """The status value (name, value) an action command's `value` shows up in (None: none)."""
    effects = ACTION_EFFECTS.get((pn, name))
    if effects is None or not isinstance(value, int | float) or isinstance(value, bool):
        return None
    return effects.get(int(value)) if float(value).is_integer() else None
