"""Moves ``solarbank_info`` (devices and site totals) of a scene to a tick."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from solixsim.dynamics_battery import BatteryInputs, DeviceState, Flows, battery_capacity_wh
from solixsim.dynamics_battery import device_state as walk_device
from solixsim.dynamics_noise import SmoothFactor
from solixsim.dynamics_values import format_like, parse_number, split_proportional

SB1_MODEL = "A17C0"
AC_MODELS = frozenset({"A17C2", "A17C5"})
PV_CHANNELS = ("pv1", "pv2", "pv3", "pv4")
SITE_SOLAR_CHANNELS = tuple(f"solar_power_{index}" for index in range(1, 5))

# State of a moving device at a tick when something other than its file values drives it
# (written presets); None keeps the walk of the file values.
DeviceWalker = Callable[[dict[str, Any], BatteryInputs, int], DeviceState | None]


@dataclass(frozen=True)
class SolarbankTotals:
    """Site sums the home/grid balance needs (file value and value at the tick)."""

    output_before: float
    output_now: float
    grid_before: float
    grid_now: float


@dataclass(frozen=True)
class _Device:
    """One solarbank entry with its values at the tick."""

    entry: dict[str, Any]
    state: DeviceState
    capacity_wh: int
    moves: bool
    file_grid: int


def _number(entry: dict[str, Any], key: str) -> int:
    """Whole-watt value of a field (0 when missing or not numeric)."""
    return round(parse_number(entry.get(key)) or 0.0)


def _set(target: dict[str, Any], key: str, value: float) -> None:
    """Write ``value`` into an existing numeric field, keeping its format."""
    if parse_number(target.get(key)) is not None:
        target[key] = format_like(target[key], value)


def _file_grid(entry: dict[str, Any], site_share: int) -> int:
    """AC input of a device in the file: its share of the site value, or for AC models the battery
    charge PV cannot explain (the cloud often reports AC charging with ``grid_to_battery_power``
    0; output values are too unreliable to take part)."""
    if entry.get("device_pn") not in AC_MODELS or "bat_charge_power" not in entry:
        return site_share
    implied = _number(entry, "bat_charge_power") - _number(entry, "photovoltaic_power")
    return max(site_share, implied)


def _file_flows(entry: dict[str, Any], grid: int) -> Flows:
    """Flows as the file states them (used for devices that do not move)."""
    pv = _number(entry, "photovoltaic_power")
    output = _number(entry, "output_power")
    charge = _number(entry, "bat_charge_power") if "bat_charge_power" in entry else None
    discharge = _number(entry, "bat_discharge_power") if "bat_discharge_power" in entry else None
    return Flows(
        pv=pv,
        output=output,
        grid=grid,
        charge=max(pv - output, 0) if charge is None else charge,
        discharge=max(output - pv, 0) if discharge is None else discharge,
    )


def _grid_shares(entries: list[dict[str, Any]], movable: list[bool], site_grid: int) -> list[int]:
    """The site's grid-to-battery power split over the AC-capable moving devices."""
    candidates = [
        index
        for index, entry in enumerate(entries)
        if movable[index] and entry.get("device_pn") in AC_MODELS
    ] or [index for index, moves in enumerate(movable) if moves]
    shares = [0] * len(entries)
    if site_grid <= 0 or not candidates:
        return shares
    for index, share in zip(
        candidates, split_proportional([1] * len(candidates), site_grid), strict=True
    ):
        shares[index] = share
    return shares


def is_movable(entry: dict[str, Any]) -> bool:
    """Online device with numeric PV, output and SOC."""
    return entry.get("status") != "0" and all(
        parse_number(entry.get(key)) is not None
        for key in ("photovoltaic_power", "output_power", "battery_power")
    )


def _build_devices(
    solarbank: dict[str, Any],
    tick: int,
    cadence: int,
    pv_factor: SmoothFactor,
    walker: DeviceWalker | None,
) -> list[_Device]:
    """Every solarbank entry with its state at ``tick``."""
    entries = [entry for entry in solarbank.get("solarbank_list") or [] if isinstance(entry, dict)]
    movable = [is_movable(entry) for entry in entries]
    grids = _grid_shares(entries, movable, _number(solarbank, "grid_to_battery_power"))
    devices = []
    for entry, moves, share in zip(entries, movable, grids, strict=True):
        grid = _file_grid(entry, share)
        sub_packages = entry.get("sub_package_num")
        capacity = battery_capacity_wh(
            str(entry.get("device_pn", "")), sub_packages if isinstance(sub_packages, int) else 0
        )
        soc = parse_number(entry.get("battery_power")) or 0.0
        if moves:
            inputs = BatteryInputs(
                pv=_number(entry, "photovoltaic_power"),
                output=_number(entry, "output_power"),
                grid=grid,
                soc=soc,
                capacity_wh=capacity,
                cadence=cadence,
                pv_factor=pv_factor,
            )
            driven = walker(entry, inputs, tick) if walker is not None else None
            state = walk_device(inputs, tick) if driven is None else driven
        else:
            state = DeviceState(flows=_file_flows(entry, grid), soc=soc)
        devices.append(
            _Device(entry=entry, state=state, capacity_wh=capacity, moves=moves, file_grid=grid)
        )
    return devices


def _reported_soc(soc: float) -> int:
    """Whole percent; 100 only when the battery is really full."""
    return 100 if soc >= 100.0 else min(round(soc), 99)


def _write_device(device: _Device) -> None:
    """Write a moving device's values into its entry."""
    entry, flows = device.entry, device.state.flows
    file_pv = _number(entry, "photovoltaic_power")
    file_output = _number(entry, "output_power")
    file_charging = parse_number(entry.get("charging_power"))
    _set(entry, "photovoltaic_power", flows.pv)
    _set(entry, "output_power", flows.output)
    _set(entry, "battery_power", _reported_soc(device.state.soc))
    _set(entry, "bat_charge_power", flows.charge)
    _set(entry, "bat_discharge_power", flows.discharge)
    _set(entry, "grid_to_battery_power", flows.grid)
    if file_charging is not None and round(file_charging) == file_output:
        _set(entry, "charging_power", flows.output)
    pv_power = entry.get("pv_power")
    if isinstance(pv_power, dict):
        _scale_channels(pv_power, PV_CHANNELS, file_pv, flows.pv)
        _set(pv_power, "total", flows.pv)
        if file_pv > 0:
            micro = _number(pv_power, "micro_inverter")
            _set(pv_power, "micro_inverter", micro * flows.pv / file_pv)


def _scale_channels(target: dict[str, Any], keys: tuple[str, ...], before: int, now: int) -> None:
    """Rescale MPPT channel powers to follow a PV total going from ``before`` to ``now``."""
    present = [key for key in keys if parse_number(target.get(key)) is not None]
    values = [_number(target, key) for key in present]
    if not present or before <= 0 or sum(values) <= 0:
        return
    goal = now if sum(values) == before else round(sum(values) * now / before)
    for key, value in zip(present, split_proportional(values, goal), strict=True):
        _set(target, key, value)


def _unit_channels(devices: list[_Device]) -> list[int] | None:
    """Sums of the units' MPPT channels (``pv_power.pv1..4``) over several units, or None.

    None with a single unit or when a unit lacks a channel value.
    """
    if len(devices) < 2:
        return None
    sums = []
    for key in PV_CHANNELS:
        values = [device.entry.get("pv_power") for device in devices]
        if not all(isinstance(v, dict) and parse_number(v.get(key)) is not None for v in values):
            return None
        sums.append(sum(_number(v, key) for v in values if isinstance(v, dict)))
    return sums


def _primary(devices: list[_Device]) -> list[_Device]:
    """Devices the cloud totals cover: only the non-SB1 units in cascaded SB2 + SB1 sites."""
    models = {device.entry.get("device_pn") for device in devices}
    if SB1_MODEL in models and len(models) > 1:
        return [device for device in devices if device.entry.get("device_pn") != SB1_MODEL]
    return devices


def _write_totals(
    solarbank: dict[str, Any], primary: list[_Device], file_pv: int, file_channels: list[int] | None
) -> None:
    """Recompute the site totals from the primary devices.

    A multisystem whose file channels (``solar_power_N``) are the sums of the units' channels
    keeps them the sums at every tick; otherwise they follow the PV total.
    """
    pv = sum(device.state.flows.pv for device in primary)
    grid_before = _number(solarbank, "grid_to_battery_power")
    grid_now = sum(device.state.flows.grid for device in primary)
    _set(solarbank, "total_photovoltaic_power", pv)
    _set(solarbank, "total_output_power", sum(device.state.flows.output for device in primary))
    _set(solarbank, "total_charging_power", sum(device.state.flows.charge for device in primary))
    _set(solarbank, "battery_discharge_power", sum(d.state.flows.discharge for d in primary))
    capacity = sum(device.capacity_wh for device in primary)
    if capacity > 0:
        stored = sum(_reported_soc(device.state.soc) * device.capacity_wh for device in primary)
        _set(solarbank, "total_battery_power", stored / capacity / 100.0)
    if _number(solarbank, "other_input_power") == grid_before:
        _set(solarbank, "other_input_power", grid_now)
    _set(solarbank, "grid_to_battery_power", grid_now)
    sums = _unit_channels(primary)
    site = [_number(solarbank, key) for key in SITE_SOLAR_CHANNELS]
    if file_channels is not None and sums is not None and site == file_channels:
        for key, value in zip(SITE_SOLAR_CHANNELS, sums, strict=True):
            _set(solarbank, key, value)
    else:
        _scale_channels(solarbank, SITE_SOLAR_CHANNELS, file_pv, pv)
    if file_pv > 0:
        micro = _number(solarbank, "micro_inverter_power")
        _set(solarbank, "micro_inverter_power", micro * pv / file_pv)


def move_solarbank(
    solarbank: dict[str, Any],
    tick: int,
    cadence: int,
    pv_factor: SmoothFactor,
    walker: DeviceWalker | None = None,
) -> SolarbankTotals:
    """Move devices and totals of ``solarbank_info`` in place; return the output/grid change.

    ``walker`` may drive single devices (written presets) instead of their file values.
    """
    output_before = float(_number(solarbank, "total_output_power"))
    devices = _build_devices(solarbank, tick, cadence, pv_factor, walker)
    primary = _primary(devices)
    grid_before = float(sum(device.file_grid for device in primary))
    if not any(device.moves for device in primary):
        return SolarbankTotals(output_before, output_before, grid_before, grid_before)
    file_pv = sum(_number(device.entry, "photovoltaic_power") for device in primary)
    file_to_home = parse_number(solarbank.get("to_home_load"))
    file_channels = _unit_channels(primary)
    for device in devices:
        if device.moves:
            _write_device(device)
    _write_totals(solarbank, primary, file_pv, file_channels)
    output_now = sum(device.state.flows.output for device in primary)
    if file_to_home is not None and round(file_to_home) == round(output_before):
        _set(solarbank, "to_home_load", output_now)
    return SolarbankTotals(
        output_before=output_before,
        output_now=float(output_now),
        grid_before=grid_before,
        grid_now=float(sum(device.state.flows.grid for device in primary)),
    )
