"""Home Energy Systems and Power Panels: devices, running info, 5-minute averages (§4.12, §7.6)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ..common.jsonutil import JsonDict, Reader, as_dict, as_list, parse_number
from ..common.products import product_for
from ..derive.battery import battery_energy
from ..derive.time import TZ_STEP, format_time
from .context import PollContext
from .devices import set_name, set_product
from .scene import new_site_entry
from .scheduler_sites import SAMPLE_DUE_KEY
from .solar_dark import sun_is_down

AVERAGE_INTERVAL = 300
"""Seconds between checks while nothing is known about the next sample (first, failures)."""
SLOT = timedelta(minutes=5)
SAMPLE_MARGIN = 185.0
"""A new 5-minute sample is looked for this many seconds after its slot ended (the cloud
publishes a slot about 3 minutes after its end, §7.6)."""
SAMPLE_SOURCES = ("solar", "home")
"""Sources read per new sample after ``hes``: the grid follows from the balance (§7.6), as the
cloud's own grid points do to ±0.01 kW; ``solar`` not while the sun is down (``solar_dark``)."""

RETRY = 60.0
"""First retry (s) when the expected sample is not there yet; doubles per miss."""
LONGEST_WAIT = 1800.0
"""Longest wait between checks (s): a stalled cloud, an idle system at night."""


async def poll_hes_site(ctx: PollContext, site_id: str, site_info: JsonDict) -> set[str]:
    """HES site poll: device structure (first time) and 5-minute averages."""
    ctx.sites[site_id] = new_site_entry(ctx, site_id, site_info, {})
    if ("hes_dev_info", site_id) not in ctx.marks:
        data = await ctx.optional(site_id, "get_hes_dev_info", ctx.api.get_hes_device_info(site_id))
        if data is not None:
            ctx.marks[("hes_dev_info", site_id)] = True
            merge_hes_devices(ctx, site_id, data)
    await poll_averages(ctx, site_id, "hes")
    return {sn for sn, entry in ctx.devices.items() if entry.get("site_id") == site_id}


def merge_hes_devices(ctx: PollContext, site_id: str, data: JsonDict) -> None:
    """Main devices (``results``) with their sub devices and the ATS from ``get_hes_dev_info``."""
    reader = Reader(data, site_id, ctx.issues, "hes_dev_info")
    admin = bool(as_dict(ctx.sites.get(site_id)).get("site_admin"))
    hes_list: list[str] = []
    main_sn: str | None = None
    main_pn: str | None = None
    for result in reader.objects("results"):
        serial = _hes_device(ctx, site_id, result, admin, None)
        if serial is None:
            continue
        hes_list.append(serial)
        main_sn, main_pn = main_sn or serial, main_pn or result.get("pn")
        for sub in Reader(result, serial, ctx.issues).objects("subDevInfo"):
            _hes_device(ctx, site_id, sub, admin, serial)
    ats = reader.obj("ats")
    if ats:
        _hes_device(ctx, site_id, ats, admin, main_sn)
    info = ctx.sites[site_id].setdefault("hes_info", {})
    info.update({"hes_list": hes_list, "main_sn": main_sn, "main_pn": main_pn})


def _hes_device(
    ctx: PollContext, site_id: str, item: JsonDict, admin: bool, main_sn: str | None
) -> str | None:
    serial = item.get("sn")
    if not isinstance(serial, str) or not serial:
        return None
    entry = ctx.device(serial)
    pn = item.get("pn") if isinstance(item.get("pn"), str) else None
    set_product(entry, pn)
    entry.update({"site_id": site_id, "is_admin": admin})
    if isinstance(item.get("aliasName"), str) and item["aliasName"]:
        entry["alias"] = item["aliasName"]
    if main_sn and main_sn != serial:
        entry["main_sn"] = main_sn
        entry["is_subdevice"] = True
    else:
        entry["main_sn"] = serial
    set_name(entry, ctx.account.get("products"))
    capacity = product_for(pn).capacity_wh
    if capacity:
        entry["battery_capacity"] = str(capacity)
    return serial


async def poll_power_panel_averages(ctx: PollContext, site_id: str) -> None:
    """5-minute averages of a power panel site (after its scene was merged)."""
    await poll_averages(ctx, site_id, "powerpanel")


def _main_device(ctx: PollContext, site_id: str, kind: str) -> JsonDict | None:
    for entry in ctx.devices.values():
        if entry.get("site_id") != site_id or entry.get("is_subdevice"):
            continue
        if entry.get("type") == kind:
            return entry
    return None


async def _statistics(
    ctx: PollContext, site_id: str, kind: str, source: str, day: str
) -> JsonDict | None:
    if kind == "hes":
        call = ctx.api.get_hes_energy(site_id, source, "day", day, day)
    else:
        call = ctx.api.get_power_panel_energy(site_id, source, "day", day, day)
    return await ctx.optional(site_id, f"{kind} energy statistics {source}", call)


def _last_level(levels: list[JsonDict]) -> tuple[str, str] | None:
    """(time, value) of the last charge level sample not equal to "0"."""
    result = None
    for level in levels:
        if isinstance(level.get("time"), str) and level.get("value") not in (None, "0", ""):
            result = (level["time"], str(level["value"]))
    return result


def _point_values(data: JsonDict | None, valid: str) -> list[float]:
    """Values of the last ``power`` point not later than ``valid`` (``HH:MM``)."""
    values: list[float] = []
    for point in (data or {}).get("power") or []:
        if not isinstance(point, dict) or not isinstance(point.get("time"), str):
            continue
        if point["time"] > valid:
            break
        values = [
            number
            for info in as_list(point.get("powerInfos"))
            if isinstance(info, dict) and (number := parse_number(info.get("value"))) is not None
        ]
    return values


async def poll_averages(ctx: PollContext, site_id: str, kind: str) -> None:
    """Derive ``average_power`` of the main device from today's 5-minute statistics (§7.6)."""
    entry = _main_device(ctx, site_id, kind)
    if entry is None:
        return
    if site_id in ctx.live_sites:
        _pause_averages(ctx, site_id)
        return
    now = ctx.now()
    previous = entry.get("average_power") or {}
    due = ctx.marks.get(("average_check", site_id))
    if isinstance(due, float) and now < due:
        _expose_due(ctx, site_id, due)
        return
    ctx.marks[("average_check", site_id)] = now + AVERAGE_INTERVAL
    local_now = ctx.site_now(site_id)
    day = f"{local_now:%Y-%m-%d}"
    battery = await _statistics(ctx, site_id, kind, "hes", day)
    if battery is None:
        return
    levels = Reader(battery, site_id, ctx.issues, f"{kind} statistics").objects("chargeLevel")
    last = _last_level(levels)
    if last is None:
        return
    valid_time, soc = last
    valid = datetime.strptime(f"{day} {valid_time}", "%Y-%m-%d %H:%M") + SLOT
    valid_text = f"{valid:%Y-%m-%d %H:%M:%S}"
    if previous.get("valid_time") == valid_text:
        _next_check(ctx, site_id, now, None)
        return
    dark = await _sun_is_down(ctx, site_id, kind, local_now, valid_time, previous)
    sources: dict[str, JsonDict | None] = {}
    for source in SAMPLE_SOURCES:
        skip = source == "solar" and dark
        sources[source] = None if skip else await _statistics(ctx, site_id, kind, source, day)
    average = _averages(kind, battery, sources, valid_time)
    # valid time (site clock, read as UTC) minus now, as for scene data times (§8.7)
    offset = int(valid.replace(tzinfo=UTC).timestamp() - now) - 5
    average.update(
        {
            "last_check": format_time(now, ctx.site_offset(site_id)),
            "valid_time": valid_text,
            "offset_seconds": min(offset, previous.get("offset_seconds", offset)),
            "power_unit": _unit(battery.get("powerUnit")),
            "state_of_charge": soc,
        }
    )
    entry["average_power"] = average
    idle = all(float(average[key]) == 0 for key in IDLE_KEYS)
    _next_check(ctx, site_id, now, (valid + SLOT - local_now).total_seconds(), idle=idle)
    capacity = entry.get("battery_capacity")
    if kind == "powerpanel":
        capacity = entry.setdefault("battery_capacity", "3840")
        capacity = as_dict(entry.get("customized")).get("battery_capacity", capacity)
    elif kind == "hes":
        capacity = _hes_capacity(ctx, entry)
    energy = battery_energy(capacity, soc)
    entry["battery_energy"] = None if energy is None else str(energy)
    site = ctx.sites[site_id]
    site["energy_offset_seconds"] = average["offset_seconds"] - 10
    site["energy_offset_tz"] = round(average["offset_seconds"] / TZ_STEP) * TZ_STEP
    site["energy_offset_check"] = format_time(now, ctx.site_offset(site_id))
    _store_intraday(site, kind, day, battery, sources)


async def _sun_is_down(
    ctx: PollContext, site_id: str, kind: str, local_now: datetime, slot: str, previous: JsonDict
) -> bool:
    """Whether the new sample's solar answer can be left out: the previous sample of today had
    no solar, today's solar totals are known, and the sun is down (``solar_dark``)."""
    day = f"{local_now:%Y-%m-%d}"
    intraday = as_dict(as_dict(ctx.sites[site_id].get("energy_details")).get("intraday"))
    if intraday.get("date") != day or intraday.get("solar_production") is None:
        return False
    if parse_number(previous.get("solar_power_avg")) != 0:
        return False

    async def read_day(text: str) -> JsonDict | None:
        return await _statistics(ctx, site_id, kind, "solar", text)

    return await sun_is_down(ctx, site_id, local_now.date(), slot, read_day)


IDLE_KEYS = ("charge_power_avg", "discharge_power_avg", "solar_power_avg")
"""Averages that are all 0 while the system is idle (no sun, battery resting)."""


def _next_check(
    ctx: PollContext, site_id: str, now: float, until_next: float | None, *, idle: bool = False
) -> None:
    """Plan the next average check (§7.6): only when the next 5-minute sample is expected.

    ``until_next``: seconds until the slot after the new sample ends (None: the check found no
    new sample: retry after ``RETRY``, doubling per miss up to ``LONGEST_WAIT``). An idle
    system (no solar, battery resting: a night) is checked every ``LONGEST_WAIT``.
    """
    misses_key = ("average_misses", site_id)
    if until_next is None:
        misses = int(ctx.marks.get(misses_key) or 0) + 1
        ctx.marks[misses_key] = misses
        wait = min(LONGEST_WAIT, RETRY * 2.0 ** (misses - 1))
    else:
        ctx.marks[misses_key] = 0
        wait = max(RETRY, until_next + SAMPLE_MARGIN)
        if idle:
            wait = max(wait, LONGEST_WAIT)
    ctx.marks[("average_check", site_id)] = now + wait
    _expose_due(ctx, site_id, now + wait)


def _pause_averages(ctx: PollContext, site_id: str) -> None:
    """A live system: no checks while its live values stand for the averages; the first read
    after the live data stopped checks at once (the scheduler aims at no sample meanwhile)."""
    ctx.marks.pop(("average_check", site_id), None)
    ctx.marks.pop(("average_misses", site_id), None)
    site = ctx.sites.get(site_id)
    if isinstance(site, dict):
        site.pop(SAMPLE_DUE_KEY, None)


def _expose_due(ctx: PollContext, site_id: str, due: float) -> None:
    """Tell the scheduler (site cache ``SAMPLE_DUE_KEY``) when the next sample is looked for."""
    site = ctx.sites.get(site_id)
    if isinstance(site, dict):
        site[SAMPLE_DUE_KEY] = due


def _unit(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return "kW" if value.upper() == "KW" else value


def _averages(
    kind: str, battery: JsonDict, sources: dict[str, JsonDict | None], valid: str
) -> JsonDict:
    values = _point_values(battery, valid)
    charge = discharge = 0.0
    if kind == "hes":
        first = values[0] if values else 0.0
        charge, discharge = (-first, 0.0) if first < 0 else (0.0, first)
    else:
        charge = abs(values[0]) if values else 0.0
        discharge = abs(values[1]) if len(values) > 1 else 0.0
    solar = sum(_point_values(sources.get("solar"), valid))
    home = sum(_point_values(sources.get("home"), valid))
    # solar + discharge + import = home + charge + export (the cloud's grid points follow it)
    grid = round(home + charge - solar - discharge, 2)
    grid_import, grid_export = max(0.0, grid), max(0.0, -grid)
    return {
        "charge_power_avg": f"{charge:.2f}",
        "discharge_power_avg": f"{discharge:.2f}",
        "solar_power_avg": f"{solar:.2f}",
        "home_usage_avg": f"{home:.2f}",
        "grid_import_avg": f"{grid_import:.2f}",
        "grid_export_avg": f"{grid_export:.2f}",
    }


def _hes_capacity(ctx: PollContext, main: JsonDict) -> str | None:
    """Σ capacities of the sub devices (customized values preferred) (§8.9)."""
    total = 0.0
    for entry in ctx.devices.values():
        if entry.get("main_sn") != main.get("device_sn") or not entry.get("is_subdevice"):
            continue
        custom = as_dict(entry.get("customized")).get("battery_capacity")
        value = parse_number(str(custom)) if custom is not None else None
        total += value if value is not None else parse_number(entry.get("battery_capacity")) or 0
    if total:
        main["battery_capacity"] = str(round(total))
    return main.get("battery_capacity")


def _store_intraday(
    site: JsonDict, kind: str, day: str, battery: JsonDict, sources: dict[str, JsonDict | None]
) -> None:
    """Today's totals of the same responses as ``energy_details.intraday`` (without a solar
    answer, today's solar totals of the previous sample stay)."""
    home, solar = as_dict(sources.get("home")), as_dict(sources.get("solar"))
    before = as_dict(as_dict(site.get("energy_details")).get("intraday"))
    intraday: JsonDict = {
        "date": day,
        "battery_charge": battery.get("totalImportedEnergy"),
        "battery_discharge": battery.get("totalExportedEnergy"),
        "home_usage": home.get("totalImportedEnergy"),
        "grid_import": _grid_import(battery, home),
        "solar_production": solar.get("totalExportedEnergy"),
    }
    if kind == "powerpanel":
        intraday["solar_to_grid"] = _aggregate_value(solar, "grid")
    if sources.get("solar") is None and before.get("date") == day:
        for key in ("solar_production", "solar_to_grid"):
            if key in before:
                intraday[key] = before[key]
    site.setdefault("energy_details", {})["intraday"] = intraday


def _aggregate_value(data: JsonDict, kind: str) -> str | None:
    """The ``value`` of the aggregate of ``kind`` (kWh text), None without one."""
    for item in as_list(data.get("aggregates")):
        if isinstance(item, dict) and item.get("type") == kind:
            value = item.get("value")
            return value if isinstance(value, str) else None
    return None


def _grid_import(battery: JsonDict, home: JsonDict) -> str | None:
    """Today's grid import: grid to home plus grid to battery (the grid answer's total)."""
    parts = [parse_number(_aggregate_value(data, "grid")) for data in (home, battery)]
    if all(part is None for part in parts):
        return None
    return f"{sum(part or 0.0 for part in parts):.2f}"
