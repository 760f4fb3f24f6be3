"""Solarbank values of one site poll: battery power, totals, presets, status, capacity (§8)."""

from __future__ import annotations

from ..common.jsonutil import JsonDict, Reader, as_dict, format_number, parse_number
from ..common.products import SOLARBANK_EXTRA_METRICS, generation_for
from ..derive.battery import battery_capacity, battery_energy
from ..derive.power import (
    BankReading,
    cascaded_totals,
    compute_battery_powers,
    is_cascaded,
    is_multisystem,
    multisystem_ac_input_share,
    rescale_to_site_total,
)
from ..derive.schedule import AUTOMATIC_MODES
from ..derive.status import StatusInputs, charging_status_description, effective_preset
from .bank_metrics import bank_metrics
from .context import PollContext
from .devices import strip_unit
from .presets import sb2_mode, scene_bank_item

SB1 = "A17C0"


def _int(value: float | None) -> int | None:
    return None if value is None else round(value)


def _reading(item: Reader, serial: str, model: str) -> BankReading:
    return BankReading(
        serial=serial,
        model=model,
        pv=_int(item.number("photovoltaic_power")),
        out=_int(item.number("output_power")),
        charge=_int(item.number("bat_charge_power")),
        discharge=_int(item.number("bat_discharge_power")),
        soc=_int(item.number("battery_power")),
        sub_packages=item.integer("sub_package_num") or 0,
    )


def derive_solarbanks(
    ctx: PollContext, site_id: str, site: JsonDict, banks: list[JsonDict]
) -> None:
    """Apply §8.1–§8.3 and §8.9 to the solarbank list of a site and its device entries."""
    info = Reader(site.get("solarbank_info"), site_id, ctx.issues, "solarbank_info")
    readers = [Reader(item, site_id, ctx.issues, "solarbank_info.solarbank_list") for item in banks]
    serials = [r.text("device_sn") or "" for r in readers]
    models = [r.text("device_pn") or "" for r in readers]
    readings = [
        _reading(Reader(item, sn, ctx.issues), sn, pn)
        for item, sn, pn in zip(banks, serials, models, strict=True)
    ]
    site_grid = _int(info.number("grid_to_battery_power")) or 0
    compute_battery_powers(readings, site_grid)
    multisystem, cascaded = is_multisystem(readings), is_cascaded(readings)
    totals: JsonDict = info.data
    if multisystem:
        values = [r.battery for r in readings]
        if None not in values:
            totals["total_charging_power"] = format_number(sum(v for v in values if v is not None))
    elif cascaded:
        _apply_cascaded(totals, readings)
    elif len(set(models)) == 1:
        site_total = info.number("total_charging_power")
        if site_total is not None and site_total.is_integer():
            used = rescale_to_site_total(
                readings,
                int(site_total),
                _int(info.number("total_photovoltaic_power")),
                _int(info.number("total_output_power")),
            )
            totals["total_charging_power"] = format_number(used)
    _fix_to_home_load(totals)
    retain = parse_number(strip_unit(site.get("retain_load")))
    for item, reading in zip(banks, readings, strict=True):
        if reading.battery is not None:
            item["charging_power"] = str(reading.battery)
        if multisystem and reading.out is not None:
            item["output_power"] = str(reading.out)
        if retain is not None and parse_number(item.get("set_load_power")) is None:
            same_model = max(models.count(reading.model), 1)
            item["parallel_home_load"] = format_number(retain / same_model)
            item["current_home_load"] = format_number(retain)
        if "device_name" in item:
            item["alias_name"] = item.pop("device_name")
    for reading in readings:
        entry = ctx.devices.get(reading.serial)
        if entry is not None:
            _update_device(ctx, site, entry, reading, readings, multisystem, cascaded, info)


def _apply_cascaded(totals: JsonDict, readings: list[BankReading]) -> None:
    result = cascaded_totals(readings)
    totals["sb_cascaded"] = True
    if result.photovoltaic is not None:
        totals["total_photovoltaic_power"] = str(result.photovoltaic)
    if result.charging is not None:
        totals["total_charging_power"] = str(result.charging)
    if result.output is not None:
        totals["total_output_power"] = str(result.output)
    if result.battery_soc_fraction is not None:
        totals["total_battery_power"] = result.battery_soc_fraction
    discharge = totals.get("battery_discharge_power")
    if result.discharge is not None and parse_number(discharge) is not None:
        totals["battery_discharge_power"] = str(result.discharge)


def _fix_to_home_load(totals: JsonDict) -> None:
    output = parse_number(totals.get("total_output_power"))
    if totals.get("to_home_load") == "0" and output is not None:
        totals["to_home_load"] = format_number(output)


def _update_device(
    ctx: PollContext,
    site: JsonDict,
    entry: JsonDict,
    reading: BankReading,
    readings: list[BankReading],
    multisystem: bool,
    cascaded: bool,
    info: Reader,
) -> None:
    model = reading.model
    generation = generation_for(model)
    entry["charging_power"] = None if reading.battery is None else str(reading.battery)
    if multisystem and reading.out is not None:
        entry["output_power"] = str(reading.out)
    entry["solarbank_count"] = sum(1 for r in readings if r.model == model)
    entry["data_valid"] = site.get("data_valid")
    if cascaded and model == SB1:
        entry["cascaded"] = True
    item = scene_bank_item(site, reading.serial)
    entry.update(bank_metrics(SOLARBANK_EXTRA_METRICS.get(model, ()), info, item, multisystem))
    if multisystem:
        entry["grid_to_battery_power"] = str(reading.grid)
        other = info.number("other_input_power")
        if other is not None and "other_input_power" in SOLARBANK_EXTRA_METRICS.get(model, ()):
            share = multisystem_ac_input_share(reading, readings)
            entry["other_input_power"] = format_number(other * share)
    # Device load values win, except for cascaded SB1 units while the SB2 runs an automatic
    # mode: the SB2's system output applies then, not the SB1's stored schedule (§6.2, §8.3).
    follows_sb2 = cascaded and model == SB1 and _automatic(ctx, site)
    from_device = bool(ctx.marks.get(("device_load", reading.serial))) and not follows_sb2
    _apply_output_presets(site, entry, reading, from_device)
    _apply_status(site, entry, reading, generation, info)
    _apply_capacity(entry, reading, site.get("data_valid") is not False)


def _automatic(ctx: PollContext, site: JsonDict) -> bool:
    mode = sb2_mode(site, ctx.params.get(str(site.get("site_id"))) or {})
    return mode in AUTOMATIC_MODES


def _apply_output_presets(
    site: JsonDict, entry: JsonDict, reading: BankReading, from_device: bool
) -> None:
    """set_output_power / set_system_output_power from the scene (device load values win)."""
    bank = scene_bank_item(site, reading.serial)
    device_value = strip_unit(bank.get("set_load_power"))
    if parse_number(device_value) is not None:
        entry["set_output_power"] = device_value
    elif "parallel_home_load" in bank and not from_device:
        entry["set_output_power"] = bank["parallel_home_load"]
    if "current_home_load" in bank and not from_device:
        entry["set_system_output_power"] = bank["current_home_load"]


def _apply_status(
    site: JsonDict, entry: JsonDict, reading: BankReading, generation: int, info: Reader
) -> None:
    mode = entry.get("preset_usage_mode")
    if not isinstance(mode, int):
        mode = site.get("scene_mode") if isinstance(site.get("scene_mode"), int) else None
    preset = effective_preset(
        generation,
        mode,
        _int(parse_number(entry.get("set_output_power"))),
        _int(parse_number(site.get("home_load_power"))),
    )
    grid = reading.grid if reading.grid else _int(info.number("grid_to_battery_power"))
    code = entry.get("charging_status")
    entry["charging_status_desc"] = charging_status_description(
        StatusInputs(
            code=code if isinstance(code, str) else None,
            generation=generation,
            preset=preset,
            out=reading.out,
            pv=reading.pv,
            charge=reading.battery,
            to_home_load=_int(info.number("to_home_load")),
            ac_input=grid,
            soc=reading.soc,
        )
    )


def _apply_capacity(entry: JsonDict, reading: BankReading, data_valid: bool) -> None:
    capacity = battery_capacity(reading.model, reading.sub_packages)
    if capacity is None:
        return
    entry["battery_capacity"] = str(capacity)
    if not data_valid:
        entry.setdefault("battery_energy", "0")
        return
    custom = as_dict(entry.get("customized")).get("battery_capacity")
    energy = battery_energy(custom if custom is not None else capacity, reading.soc)
    entry["battery_energy"] = None if energy is None else str(energy)
