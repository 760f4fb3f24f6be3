"""Which live MQTT value stands for which cloud cache value, and which of the two to show.

The pairs follow the reference overlay (MQTT protocol §7.4) for quantities both sources give
the same meaning; the rule is ours (issue 10): show the fresher of the two, and never let an MQTT
value older than its device's allowance hide a cloud value (the reference's flaw, §7.9 ha #453).
A device in standby keeps its last live values; they are shown (marked) only where the cloud has
no value.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

from .store import LiveValue, LiveValueStore, Value


def _number(value: Value) -> float | None:
    """`value` if it is a number (not a bool)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value


@dataclass(frozen=True)
class Rule:
    """How a cloud key's live counterpart is read from live values.

    `first`: the first of `names` that has a value (the doc's preferred position first);
    `difference`: names[0] − names[1], both needed (charge − discharge = signed battery power);
    `sum`: the sum of `names`, all needed; `positive` / `negative`: the part of names[0] above
    / below 0 (as a positive number). `scale` multiplies the result (W → kW for cloud keys in
    kW).
    """

    names: tuple[str, ...]
    kind: Literal["first", "difference", "sum", "positive", "negative"] = "first"
    scale: float = 1.0

    def __call__(self, values: Mapping[str, LiveValue]) -> LiveValue | None:
        """The live value of this rule from one device's values, or None."""
        if self.kind == "first" and self.scale == 1.0:
            return next((values[name] for name in self.names if name in values), None)
        if self.kind != "difference":
            return self._combined(values)
        high, low = values.get(self.names[0]), values.get(self.names[1])
        if high is None or low is None:
            return None
        high_value, low_value = _number(high.value), _number(low.value)
        if high_value is None or low_value is None:
            return None
        arrived = min(high.arrived_at, low.arrived_at)
        return LiveValue(round(high_value - low_value, 3), arrived)

    def _combined(self, values: Mapping[str, LiveValue]) -> LiveValue | None:
        """`first` scaled, `sum`, `positive`, `negative` (numbers only)."""
        names = self.names if self.kind == "sum" else self.names[:1]
        if self.kind == "first":
            names = tuple(name for name in self.names if name in values)[:1]
        found = [values.get(name) for name in names]
        numbers = [None if live is None else _number(live.value) for live in found]
        if not numbers or any(number is None for number in numbers):
            return None
        total = sum(number or 0.0 for number in numbers)
        if self.kind == "positive":
            total = max(0.0, total)
        elif self.kind == "negative":
            total = max(0.0, -total)
        arrived = min(live.arrived_at for live in found if live is not None)
        return LiveValue(round(total * self.scale, 3), arrived)


def first_of(*names: str) -> Rule:
    """The first of `names` that has a live value."""
    return Rule(names)


def difference(plus: str, minus: str) -> Rule:
    """`plus − minus`, both needed."""
    return Rule((plus, minus), "difference")


KW = 0.001
"""W → kW: the 5-minute averages of Power Panels and X1 are kept in kW (§7.6)."""
AVERAGES = "average_power."
"""Cache keys under the main device's ``average_power`` (dotted: nested)."""

HOME_COMMON: dict[str, Rule] = {
    f"{AVERAGES}solar_power_avg": Rule(("pv_w",), scale=KW),
    f"{AVERAGES}home_usage_avg": Rule(("ac_out_w",), scale=KW),
    f"{AVERAGES}grid_import_avg": Rule(("grid_w",), "positive", KW),
    f"{AVERAGES}grid_export_avg": Rule(("grid_w",), "negative", KW),
    f"{AVERAGES}state_of_charge": first_of("soc_pct"),
}
"""Live values of a Power Panel / X1 standing for its 5-minute averages (issue 13): while live
data arrives the averages are not read (``PollPlan.live``) and these show instead."""

SOLARBANK_COMMON: dict[str, Rule] = {
    "battery_soc": first_of("soc_pct"),
    "input_power": first_of("pv_w", "pv_alt_w"),
    "output_power": first_of("out_w"),
    "set_output_power": first_of("output_preset_w"),
    "sub_package_num": first_of("expansion_count"),
    **{f"solar_power_{n}": first_of(f"pv{n}_w") for n in range(1, 5)},
}

FAMILY_RULES: dict[str, dict[str, Rule]] = {
    # Solarbank 1 reports only the charge side of the battery: no signed battery power.
    "solarbank1": {
        "battery_soc": first_of("soc_pct"),
        "input_power": first_of("pv_w"),
        "output_power": first_of("out_w"),
    },
    "solarbank2": {
        **SOLARBANK_COMMON,
        "charging_power": difference("battery_charge_w", "battery_discharge_w"),
        "ac_power": first_of("ac_socket_w"),
    },
    # Solarbank 2 AC, 3 and 4: signed battery power, positive = charging like `charging_power`.
    "solarbank3": {
        **SOLARBANK_COMMON,
        "charging_power": first_of("battery_w"),
        "pei_heating_power": first_of("heater_w"),
        "grid_to_battery_power": first_of("grid_to_battery_w"),
    },
    "smartmeter": {
        "grid_to_home_power": first_of("grid_import_w"),
        "photovoltaic_to_grid_power": first_of("feed_in_w"),
    },
    "smartplug": {"current_power": first_of("load_w")},
    # Power Panel: charge and discharge as the map gives them (both positive).
    "powerpanel": {
        **HOME_COMMON,
        f"{AVERAGES}charge_power_avg": Rule(("battery_charge_w",), scale=KW),
        f"{AVERAGES}discharge_power_avg": Rule(("battery_discharge_w",), scale=KW),
    },
    # X1: the sign of its battery power is not documented; its flows are.
    "hes": {
        **HOME_COMMON,
        f"{AVERAGES}charge_power_avg": Rule(("pv_to_battery_w", "grid_to_battery_w"), "sum", KW),
        f"{AVERAGES}discharge_power_avg": Rule(
            ("battery_to_home_w", "battery_to_grid_w"), "sum", KW
        ),
    },
}

MODEL_FAMILY: dict[str, str] = {
    "A17C0": "solarbank1",
    "A17C1": "solarbank2",
    "A17C3": "solarbank2",
    "A17C2": "solarbank3",
    "A17C5": "solarbank3",
    "AE103": "solarbank3",
    "A17X7": "smartmeter",
    "AE1R0": "smartmeter",
    "SHEMP3": "smartmeter",
    "A17X8": "smartplug",
    "A17B1": "powerpanel",
    "A5101": "hes",
    "A5102": "hes",
    "A5103": "hes",
}


def rules_for(pn: str) -> dict[str, Rule]:
    """Cloud cache key → rule for model `pn` (empty for models without cloud counterparts)."""
    return FAMILY_RULES.get(MODEL_FAMILY.get(pn, ""), {})


def overlay_keys(pn: str) -> tuple[str, ...]:
    """The cloud cache keys of model `pn` that a live value can stand in for."""
    return tuple(rules_for(pn))


def mqtt_overlay_pairs(pn: str) -> tuple[tuple[str, str], ...]:
    """(MQTT value name, cloud cache key) for every live value that stands for a cloud value."""
    return tuple((name, key) for key, rule in rules_for(pn).items() for name in rule.names)


def overlay_value(
    live: tuple[Value, float] | None, cloud_value: Value, now: float, max_age: float
) -> Value:
    """The value to show from a live `(value, arrived_at)` and the cloud value.

    The live value when it is at most `max_age` old or the cloud has none; else the cloud value.
    (`LiveOverlay.freshest` also weighs the cloud value's own time and standby.)
    """
    if live is None:
        return cloud_value
    value, arrived_at = live
    if cloud_value is None or now - arrived_at <= max_age:
        return value
    return cloud_value


@dataclass(frozen=True)
class Freshest:
    """The value to show: where it came from, when it was current, whether the device sleeps."""

    value: Value
    source: Literal["mqtt", "cloud"]
    time: float | None
    standby: bool = False


class LiveOverlay:
    """Chooses between the live store and the cloud value for one cache key of one device."""

    def __init__(
        self,
        store: LiveValueStore,
        model_of: Callable[[str], str | None],
        allowance: Callable[[str], float],
    ) -> None:
        """`model_of(sn)` names the product code, `allowance(pn)` the freshness in seconds."""
        self._store = store
        self._model_of = model_of
        self._allowance = allowance

    def live_value(self, sn: str, key: str) -> LiveValue | None:
        """The live value standing for cloud key `key` of `sn`, or None."""
        rule = rules_for(self._model_of(sn) or "").get(key)
        return None if rule is None else rule(self._store.values(sn))

    def freshest(
        self, sn: str, key: str, cloud_value: Value, cloud_time: float | None, now: float
    ) -> Freshest:
        """The fresher of the live value and `cloud_value` (current at `cloud_time`).

        A live value older than the device's allowance, or from a device in standby, gives way
        to any cloud value; without a cloud value it is still shown (marked standby if so).
        """
        live = self.live_value(sn, key)
        cloud = Freshest(cloud_value, "cloud", cloud_time)
        if live is None:
            return cloud
        standby = self._store.is_standby(sn)
        mqtt = Freshest(live.value, "mqtt", live.arrived_at, standby)
        if cloud_value is None:
            return mqtt
        pn = self._model_of(sn) or ""
        if standby or now - live.arrived_at > self._allowance(pn):
            return cloud
        if cloud_time is not None and cloud_time > live.arrived_at:
            return cloud
        return mqtt
