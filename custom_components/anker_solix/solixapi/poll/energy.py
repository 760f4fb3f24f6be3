"""Energy poll (§7.2–§7.4): ``energy_details.today`` / ``last_period`` and the solar forecast."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from ..cloud import Endpoint
from ..common.jsonutil import JsonDict, Reader, parse_number
from ..common.products import SOLARBANK_EXTRA_METRICS
from ..derive.forecast import build_forecast
from ..derive.schedule import AC_MODELS
from .context import PollContext
from .energy_cadence import energy_cadence
from .energy_hes import poll_hes_energy

MODE_SMART = 7
SB1 = "A17C0"


def _value(text: object) -> str | None:
    """Energy values are strings; empty strings (and non-strings) become None."""
    return text if isinstance(text, str) and text != "" else None


def _first_power(data: JsonDict, key: str = "power", index: int = 0) -> str | None:
    points = data.get(key)
    if isinstance(points, list) and len(points) > index and isinstance(points[index], dict):
        return _value(points[index].get("value"))
    return None


async def poll_energy(ctx: PollContext, *, full: bool = False) -> None:
    """Energy of every site (balcony, virtual, HES / power panel) and forecasts.

    A site whose daily values did not change is read less often (:mod:`.energy_cadence`);
    ``full`` reads every site. The forecast keeps its own hourly cadence.
    """
    cadence = energy_cadence(ctx)
    cadence.forget(set(ctx.sites))
    for site_id, site in list(ctx.sites.items()):
        try:
            site_type = site.get("site_type")
            day = f"{ctx.energy_now(site_id).date()}"
            if full or cadence.due(site_id, day):
                if site_type == "virtual":
                    await _virtual_energy(ctx, site_id, site)
                elif site_type in ("hes", "powerpanel"):
                    await poll_hes_energy(ctx, site_id, str(site_type))
                else:
                    await _balcony_energy(ctx, site_id, site)
                today = (site.get("energy_details") or {}).get("today")
                cadence.seen(site_id, day, today)
            if site_type not in ("virtual", "hes", "powerpanel"):
                await _forecast(ctx, site_id, site)
        except Exception as err:
            ctx.guard(site_id, "energy", err)
    cadence.full = False


def days_to_query(ctx: PollContext, site_id: str) -> tuple[date, list[date]]:
    """Today (energy day) and the days to query: yesterday only when not yet stored."""
    today = ctx.energy_now(site_id).date()
    yesterday = today - timedelta(days=1)
    details = (ctx.sites.get(site_id) or {}).get("energy_details") or {}
    last = (details.get("last_period") or {}).get("date")
    days = [today] if last == f"{yesterday}" else [yesterday, today]
    return today, days


def _site_devices(ctx: PollContext, site_id: str) -> list[JsonDict]:
    return [e for e in ctx.devices.values() if e.get("site_id") == site_id]


def _pv_channels(banks: list[JsonDict]) -> list[str]:
    """Energy channels of the Solarbanks' inputs (§7.2).

    From the device's ``pv_power`` keys; a device without ``pv_power`` (often null in scene
    info) has the MPPT inputs of its model (``solar_power_N`` metrics, §5.2). AC models (Solarbank
    2 AC, Solarbank 3) always have the micro-inverter input, whether ``pv_power`` lists it or not:
    the cloud reports its daily energy (0.00 without a micro inverter).
    """
    channels: dict[str, None] = {}
    for entry in banks:
        pv_power = entry.get("pv_power")
        if isinstance(pv_power, dict):
            present = {f"pv{index}" for index in range(1, 5)} | {"micro_inverter"}
            inputs = [key for key in present if key in pv_power]
        else:
            metrics = SOLARBANK_EXTRA_METRICS.get(str(entry.get("device_pn")), ())
            inputs = [f"pv{index}" for index in range(1, 5) if f"solar_power_{index}" in metrics]
        if entry.get("device_pn") in AC_MODELS and "micro_inverter" not in inputs:
            inputs.append("micro_inverter")
        for key in sorted(inputs, key=lambda name: (name == "micro_inverter", name)):
            channels[f"solar_production_{key.replace('_', '')}"] = None
    return list(channels)


async def _balcony_energy(ctx: PollContext, site_id: str, site: JsonDict) -> None:
    devices = _site_devices(ctx, site_id)
    banks = [e for e in devices if e.get("type") == "solarbank"]
    newer = any((e.get("generation") or 0) >= 2 for e in banks)
    meter = any(e.get("type") == "smartmeter" for e in devices)
    plugs = [e for e in devices if e.get("type") == "smartplug"]
    inverter = any(e.get("type") == "inverter" for e in devices)
    if not (banks or meter or plugs or inverter):
        return
    third_party = bool((site.get("feature_switch") or {}).get("show_third_party_pv_panel"))
    today, days = days_to_query(ctx, site_id)
    details: JsonDict = site.setdefault("energy_details", {})
    for day in days:
        text = f"{day}"
        key = "today" if day == today else "last_period"
        previous = details.get(key)
        # A query that fails keeps its values of the same day (a new day starts empty).
        same_day = isinstance(previous, dict) and previous.get("date") == text
        values: JsonDict = dict(previous) if isinstance(previous, dict) and same_day else {}
        values["date"] = text
        answered = ctx.step.answered
        if banks:
            data = await _query(ctx, site_id, text, "solarbank")
            if data is not None:
                values["battery_discharge"] = _first_power(data)
                if newer:
                    values["ac_socket"] = _value(data.get("ac_out_put_total"))
                    values["battery_to_home"] = _value(data.get("battery_to_home_total"))
                    values["grid_to_battery"] = _value(data.get("grid_to_battery_total"))
                    if third_party:
                        values["3rd_party_pv_to_bat"] = _value(data.get("third_party_pv_to_bat"))
        if newer or meter or plugs:
            data = await _query(ctx, site_id, text, "home_usage")
            if data is not None:
                _home_usage(values, data)
        if meter and (not banks or third_party):
            data = await _query(ctx, site_id, text, "grid")
            if data is not None:
                exported = _first_power(data)
                values["solar_to_grid"] = exported.lstrip("-") if exported else None
                values["grid_to_home"] = _first_power(data, "charge_trend")
                values["3rd_party_pv_to_grid"] = _value(data.get("third_party_pv_to_grid"))
        for channel in _pv_channels(banks):
            data = await _query(ctx, site_id, text, channel)
            if data is not None:
                values[channel] = _first_power(data)
        data = await _query(ctx, site_id, text, "solar_production")
        if data is not None:
            _solar_production(values, data)
        if key == "last_period" and ctx.step.answered == answered:
            continue  # nothing answered: yesterday is asked again next time
        details[key] = values
        _plug_energy(ctx, values, "energy_today" if day == today else "energy_last_period")


async def _query(ctx: PollContext, site_id: str, day: str, device_type: str) -> JsonDict | None:
    call = ctx.api.energy_analysis(site_id, "", "week", day, day, device_type)
    label = f"energy_analysis {device_type}"
    return await ctx.optional(site_id, label, call, endpoint=Endpoint.ENERGY_ANALYSIS)


def _home_usage(values: JsonDict, data: JsonDict) -> None:
    values["home_usage"] = _first_power(data)
    values["grid_to_home"] = _value(data.get("grid_to_home_total"))
    plugs = data.get("smart_plug_info")
    plugs = plugs if isinstance(plugs, dict) else {}
    values["smartplugs_total"] = _value(plugs.get("total_power"))
    plug_list = [
        {
            "device_sn": item.get("device_sn"),
            "alias": item.get("device_name"),
            "energy": _value(item.get("total_power")),
        }
        for item in plugs.get("smartplug_list") or []
        if isinstance(item, dict)
    ]
    if plug_list:
        values["smartplug_list"] = plug_list


def _solar_production(values: JsonDict, data: JsonDict) -> None:
    values["solar_production"] = _first_power(data)
    for key, field in (
        ("battery_charge", "charge_total"),
        ("solar_to_grid", "solar_to_grid_total"),
        ("solar_to_battery", "solar_to_battery_total"),
        ("solar_to_home", "solar_to_home_total"),
        ("battery_percentage", "charging_pre"),
        ("solar_percentage", "electricity_pre"),
        ("other_percentage", "others_pre"),
    ):
        values[key] = _value(data.get(field))


def _plug_energy(ctx: PollContext, values: JsonDict, key: str) -> None:
    for item in values.get("smartplug_list") or []:
        entry = ctx.devices.get(str(item.get("device_sn")))
        if entry is not None and item.get("energy"):
            entry[key] = item["energy"]


async def _virtual_energy(ctx: PollContext, site_id: str, site: JsonDict) -> None:
    """Standalone inverter energy from ``statisticsPv`` week data (§7.4)."""
    serial = site_id.removeprefix("virtual-")
    today, days = days_to_query(ctx, site_id)
    call = ctx.api.get_pv_statistics(serial, "week", f"{days[0]}", f"{today}")
    data = await ctx.optional(serial, "statisticsPv", call)
    if data is None:
        return
    details: JsonDict = site.setdefault("energy_details", {})
    for index, item in enumerate(
        Reader(data, serial, ctx.issues, "pv statistics").objects("energy")
    ):
        day = days[0] + timedelta(days=index)
        if day > today:
            break
        energy = item.get("energy")
        number = energy if isinstance(energy, int | float) else parse_number(energy)
        values = {"date": f"{day}", "solar_production": None if number is None else f"{number:.2f}"}
        details["today" if day == today else "last_period"] = values


def smart_mode_active(ctx: PollContext, site_id: str, site: JsonDict) -> bool:
    """Smart mode selected (scene ``user_scene_mode`` or schedule ``mode_type`` 7)."""
    schedule = (ctx.params.get(site_id) or {}).get("6") or {}
    return MODE_SMART in (site.get("user_scene_mode"), schedule.get("mode_type"))


async def _forecast(ctx: PollContext, site_id: str, site: JsonDict) -> None:
    """Hourly solar forecast while smart mode is active, at most once per clock hour (§7.3)."""
    if not smart_mode_active(ctx, site_id, site):
        return
    local_now = ctx.site_now(site_id)
    details: JsonDict = site.setdefault("energy_details", {})
    previous = details.get("pv_forecast_details") or {}
    if str(previous.get("poll_time", "")).startswith(f"{local_now:%Y-%m-%d %H}"):
        return
    days = [local_now.date()]
    if local_now.hour != 0:
        days.append(local_now.date() + timedelta(days=1))
    responses: list[tuple[date, JsonDict]] = []
    for day in days:
        call = ctx.api.energy_analysis(site_id, "", "day", f"{day}", f"{day}", "solar_production")
        label = "energy_analysis forecast"
        data = await ctx.optional(site_id, label, call, endpoint=Endpoint.ENERGY_ANALYSIS)
        if data is not None:
            responses.append((day, data))
    if not responses:
        return
    produced = (details.get("today") or {}).get("solar_production")
    customized = (site.get("customized") or {}).get("pv_forecast_details")
    base = previous or (customized if isinstance(customized, dict) else {})
    details["pv_forecast_details"] = build_forecast(
        base, responses, datetime.combine(local_now.date(), local_now.time()), produced
    )
