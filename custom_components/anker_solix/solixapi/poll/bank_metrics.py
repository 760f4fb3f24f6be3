"""Model metrics of one Solarbank: site ``solarbank_info`` or the unit's own list entry (§5.2).

A site with one Solarbank (or a cascaded SB2 + SB1, whose totals cover only the SB2, §8.3) keeps
the site fields as the unit's metrics. In a multisystem (several SB2+ units, e.g. behind a Power
Dock) those fields are the system sums (``solar_power_1`` = the sum of every unit's PV1), so a
metric that the unit's ``solarbank_list`` entry reports itself (4.1.2: ``pv_power``,
``heating_power``) is taken from there; without that entry value it is left out rather than
showing the system sum on every unit. Metrics without a per-unit counterpart keep the site value.
"""

from __future__ import annotations

from ..common.jsonutil import JsonDict, Reader, as_dict

# Metric -> path of the same value in the unit's own solarbank_list entry.
UNIT_SOURCES: dict[str, tuple[str, ...]] = {
    **{f"solar_power_{n}": ("pv_power", f"pv{n}") for n in range(1, 5)},
    "micro_inverter_power": ("pv_power", "micro_inverter"),
    "pei_heating_power": ("heating_power",),
}
SKIPPED = ("sub_package_num", "bat_charge_power")
"""Metrics the device entry takes from elsewhere (the unit's entry, §8.1)."""


def _unit_value(item: JsonDict, path: tuple[str, ...]) -> str | None:
    """The value at ``path`` of a solarbank_list entry as text, or None when missing."""
    node: object = item
    for part in path[:-1]:
        node = as_dict(node).get(part)
    value = as_dict(node).get(path[-1])
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    return str(value)


def bank_metrics(
    metrics: tuple[str, ...], info: Reader, item: JsonDict, multisystem: bool
) -> JsonDict:
    """The model metrics of one unit: the site values, per unit in a multisystem."""
    result: JsonDict = {}
    for key in metrics:
        if key in SKIPPED:
            continue
        source = UNIT_SOURCES.get(key) if multisystem else None
        if source is not None:
            value = _unit_value(item, source)
            if value is not None:
                result[key] = value
        elif info.has(key):
            result[key] = info.text(key)
    return result
