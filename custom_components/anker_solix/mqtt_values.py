"""How a live value of a model map becomes a sensor: unit, classes, category, translation key.

Everything here is a table keyed by the map's unit text or by a pattern of the value name
(MQTT protocol §5.1): no entity is built from a value the map marks unverified or as a
placeholder (those stay in diagnostics), nor from personal values (serials, MAC and IP
addresses, Wi-Fi names) or message bookkeeping (time stamps, raw frames, records).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Protocol

from homeassistant.components.sensor import SensorDeviceClass, SensorStateClass
from homeassistant.const import (
    PERCENTAGE,
    EntityCategory,
    UnitOfElectricCurrent,
    UnitOfElectricPotential,
    UnitOfEnergy,
    UnitOfFrequency,
    UnitOfMass,
    UnitOfPower,
    UnitOfTemperature,
    UnitOfTime,
)


class ValueSpec(Protocol):
    """What this module reads of the library's ``FieldSpec``."""

    @property
    def name(self) -> str: ...
    @property
    def unit(self) -> str | None: ...
    @property
    def verified(self) -> bool: ...
    @property
    def placeholder(self) -> bool: ...


@dataclass(frozen=True)
class UnitRule:
    """Home Assistant's unit, device class and decimals of one unit text of the maps."""

    unit: str | None
    device_class: SensorDeviceClass | None
    precision: int


UNITS: Final[Mapping[str, UnitRule]] = {
    "W": UnitRule(UnitOfPower.WATT, SensorDeviceClass.POWER, 0),
    "V": UnitRule(UnitOfElectricPotential.VOLT, SensorDeviceClass.VOLTAGE, 2),
    "A": UnitRule(UnitOfElectricCurrent.AMPERE, SensorDeviceClass.CURRENT, 2),
    "Hz": UnitRule(UnitOfFrequency.HERTZ, SensorDeviceClass.FREQUENCY, 1),
    "%": UnitRule(PERCENTAGE, None, 0),
    "°C": UnitRule(UnitOfTemperature.CELSIUS, SensorDeviceClass.TEMPERATURE, 1),
    "kWh": UnitRule(UnitOfEnergy.KILO_WATT_HOUR, SensorDeviceClass.ENERGY, 2),
    "h": UnitRule(UnitOfTime.HOURS, SensorDeviceClass.DURATION, 1),
    "min": UnitRule(UnitOfTime.MINUTES, SensorDeviceClass.DURATION, 0),
    "s": UnitRule(UnitOfTime.SECONDS, SensorDeviceClass.DURATION, 0),
    "Ah": UnitRule("Ah", None, 2),
    "lb": UnitRule(UnitOfMass.POUNDS, SensorDeviceClass.WEIGHT, 1),
}
"""Units the maps give (§5.1); any other text (unscaled, HH:MM, minute of day) gets none."""

HIDDEN: Final = re.compile(
    r"(^|_)(serial|sn|mac|ssid|ip_address|sent_at|local_time|utc_time|local_datetime|"
    r"frame|record|plan|url|model|meter)(_|$)|^(embedded|undecoded)|\{"
)
"""Values that never become entities: personal, bookkeeping or structured values."""
PERSONAL: Final = re.compile(r"(^|_)(serial|sn|mac|ssid|ip_address|meter|url)(_|$)")
"""Live values that identify a person or a device: redacted in diagnostics."""
ENABLED: Final = re.compile(
    r"^(exp\d+_|dev\d+_|battery\d+_)?(soc_pct|main_soc_pct|system_soc_pct|temp_c|soh_pct)$|"
    r"^(pv\d*|out|ac_out|ac_in|dc_in|dc_out|battery|battery_charge|battery_discharge|grid|"
    r"home_load|feed_in|grid_import|system_pv|system_home_load|system_battery|in_total|"
    r"out_total|ac_out_total|ac_in_total|dc_out_total|dc_in_total|load|ev|l\d+|usbc\d+|usba\d+|"
    r"car_port\d+)_w$|"
    r"_energy_total$|^time_left_h$|^session_energy$"
)
"""The values shown by default; every other value is created disabled (niche)."""
DIAGNOSTIC: Final = re.compile(
    r"^(fw_|hw_)|_fw$|error_code|wifi|country|_code$|_raw$|_copy$|_alt(_|$)|_flags$|"
    r"_state_code$|_count_alt$"
)
"""Values shown as diagnostics of the device."""
SETTING: Final = re.compile(r"limit|cutoff|_min_|_max_|preset|default|backup_|_floor|target")
"""Percentages and powers that are settings, not measurements (no state class)."""
BATTERY_LEVEL: Final = re.compile(r"(^|_)soc_(precise_)?pct$")
"""Percentages that are a battery level (device class battery)."""
INDEX: Final = re.compile(r"\d+")


def is_entity_value(spec: ValueSpec) -> bool:
    """Whether a map value becomes an entity (meaningful, verified, not personal)."""
    return not spec.placeholder and spec.verified and not HIDDEN.search(spec.name)


def translation_key(name: str) -> tuple[str, dict[str, str]]:
    """The translation key of a value name and its index placeholders.

    Numbers in the name (expansion 1, channel 2, phase L3) become ``x`` in the key and the
    placeholders ``index`` and ``index2``: ``exp2_temp_c`` → ``live_expx_temp_c``, ``{index}`` 2.
    """
    numbers = INDEX.findall(name)
    placeholders = {
        ("index" if position == 0 else f"index{position + 1}"): number
        for position, number in enumerate(numbers)
    }
    return "live_" + INDEX.sub("x", name), placeholders


@dataclass(frozen=True)
class SensorShape:
    """Unit, classes, category, decimals and default state of one live value's sensor."""

    unit: str | None
    device_class: SensorDeviceClass | None
    state_class: SensorStateClass | None
    precision: int | None
    category: EntityCategory | None
    enabled: bool


def sensor_shape(spec: ValueSpec) -> SensorShape:
    """How the sensor of a map value looks (from its unit and its name)."""
    rule = UNITS.get(spec.unit or "")
    name = spec.name
    category = EntityCategory.DIAGNOSTIC if DIAGNOSTIC.search(name) else None
    enabled = bool(ENABLED.search(name)) and rule is not None
    if rule is None:
        return SensorShape(None, None, None, None, category, False)
    device_class = rule.device_class
    state_class: SensorStateClass | None = SensorStateClass.MEASUREMENT
    if rule.unit == UnitOfEnergy.KILO_WATT_HOUR:
        state_class = SensorStateClass.TOTAL_INCREASING
    elif SETTING.search(name):
        state_class = None
    if rule.unit == PERCENTAGE and BATTERY_LEVEL.search(name):
        device_class = SensorDeviceClass.BATTERY
    if device_class is SensorDeviceClass.DURATION and state_class is None:
        category = category or EntityCategory.DIAGNOSTIC
    return SensorShape(rule.unit, device_class, state_class, rule.precision, category, enabled)
