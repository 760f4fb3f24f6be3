"""Signed battery power per Solarbank (§8.1) and cascaded SB1+SB2 totals (§8.3)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class BankReading:
    """Power values (W) of one Solarbank; ``None`` where the cloud gave nothing usable."""

    serial: str
    model: str
    pv: int | None
    out: int | None
    charge: int | None = None
    discharge: int | None = None
    soc: int | None = None
    sub_packages: int = 0
    grid: int = 0
    battery: int | None = None


def battery_power(reading: BankReading) -> int | None:
    """Signed battery power: charge > 0 → +charge; discharge > 0 → −discharge; else pv+grid−out."""
    if reading.charge is not None and reading.charge > 0:
        return reading.charge
    if reading.discharge is not None and reading.discharge > 0:
        return -reading.discharge
    if reading.pv is None or reading.out is None:
        return None
    return reading.pv + reading.grid - reading.out


def correct_multisystem(reading: BankReading, site_grid: int) -> None:
    """Apply the multisystem corrections of output and per-device AC charge power in place."""
    pv, out = reading.pv, reading.out
    charge, discharge = reading.charge or 0, reading.discharge or 0
    if pv is not None and out is not None:
        if discharge + pv > out:
            reading.out = discharge + pv
        elif 0 < pv - charge + discharge < out:
            reading.out = pv - charge + discharge
    if site_grid > 0:
        if reading.out is not None and reading.out > 0:
            reading.grid = 0
        else:
            reading.grid = max(0, charge - (pv or 0))
    else:
        reading.grid = 0


def is_multisystem(readings: list[BankReading]) -> bool:
    """More than one Solarbank and none of them an SB1 (A17C0)."""
    return len(readings) > 1 and all(r.model != "A17C0" for r in readings)


def is_cascaded(readings: list[BankReading]) -> bool:
    """More than one Solarbank model with one of them an SB1 (A17C0)."""
    models = {r.model for r in readings}
    return len(models) > 1 and "A17C0" in models


def compute_battery_powers(readings: list[BankReading], site_grid: int) -> None:
    """Fill ``battery`` of every reading (multisystem corrections first)."""
    multisystem = is_multisystem(readings)
    for reading in readings:
        if multisystem:
            correct_multisystem(reading, site_grid)
        else:
            reading.grid = max(site_grid, 0)
        reading.battery = battery_power(reading)


def rescale_to_site_total(
    readings: list[BankReading], site_total: int, site_pv: int | None, site_out: int | None
) -> int:
    """Rescale device battery powers to the site total of a single-type system.

    When the device sum is negative the site total becomes ``site_pv − site_out`` (if known).
    Returns the site total used.
    """
    values = [r.battery for r in readings if r.battery is not None]
    total = sum(values)
    if total < 0 and site_pv is not None and site_out is not None:
        site_total = site_pv - site_out
    for reading in readings:
        if reading.battery is None:
            continue
        reading.battery = 0 if total == 0 else round(site_total * reading.battery / total)
    return site_total


def multisystem_ac_input_share(reading: BankReading, readings: list[BankReading]) -> float:
    """Share of the site AC input assigned to one device: min(1, grid / Σ positive batteries)."""
    positive = sum(r.battery for r in readings if r.battery is not None and r.battery > 0)
    if positive <= 0:
        return 0.0
    return min(1.0, reading.grid / positive)


def weighted_soc(readings: list[BankReading]) -> float | None:
    """Average SOC (%) with each device counted ``sub_packages + 1`` times."""
    weighted = [(r.soc, r.sub_packages + 1) for r in readings if r.soc is not None]
    count = sum(weight for _, weight in weighted)
    if count == 0:
        return None
    return sum(soc * weight for soc, weight in weighted) / count


@dataclass
class CascadedTotals:
    """Rebuilt ``solarbank_info`` totals of a mixed SB1 + SB2 site."""

    photovoltaic: int | None
    charging: int | None
    output: int | None
    battery_soc_fraction: str | None
    discharge: int | None


def cascaded_totals(readings: list[BankReading]) -> CascadedTotals:
    """Totals of §8.3: PV net of SB1 output, net battery power, SB2 output, weighted SOC."""
    sb1 = [r for r in readings if r.model == "A17C0"]
    others = [r for r in readings if r.model != "A17C0"]
    pv_values = [r.pv for r in readings]
    sb1_out = [r.out for r in sb1]
    photovoltaic = (
        max(
            0, sum(v for v in pv_values if v is not None) - sum(v for v in sb1_out if v is not None)
        )
        if None not in pv_values and None not in sb1_out
        else None
    )
    batteries = [r.battery for r in readings]
    charging = sum(b for b in batteries if b is not None) if None not in batteries else None
    other_out = [r.out for r in others]
    output = sum(v for v in other_out if v is not None) if None not in other_out else None
    soc = weighted_soc(readings)
    discharge = (
        sum(-b for b in batteries if b is not None and b < 0) if None not in batteries else None
    )
    return CascadedTotals(
        photovoltaic=photovoltaic,
        charging=charging,
        output=output,
        battery_soc_fraction=None if soc is None else f"{soc / 100:.2f}",
        discharge=discharge,
    )
