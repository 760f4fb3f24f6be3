"""Daily energy of HES and power panel sites from energy statistics (§7.5)."""

from __future__ import annotations

from datetime import timedelta

from ..common.jsonutil import JsonDict, as_dict, as_list, parse_number
from .context import PollContext

SOURCES = ("hes", "home", "grid", "solar")
UNIT_FACTORS = {"WH": 0.001, "KWH": 1.0, "MWH": 1000.0, "GWH": 1_000_000.0}


def _kwh(value: object, unit: object) -> str | None:
    number = parse_number(value)
    if number is None:
        return None
    factor = UNIT_FACTORS.get(str(unit).upper(), 1.0) if isinstance(unit, str) else 1.0
    return f"{number * factor:.2f}"


def _aggregate(data: JsonDict, kind: str, title: str | None = None) -> JsonDict | None:
    for item in as_list(data.get("aggregates")):
        if not isinstance(item, dict) or item.get("type") != kind:
            continue
        if title is None or str(item.get("title", "")).lower() == title:
            return item
    return None


def _percent(item: JsonDict | None) -> str | None:
    number = parse_number(str((item or {}).get("percent", "")).removesuffix("%"))
    return None if number is None else str(round(number / 100, 2))


def _energy_value(data: JsonDict) -> str | None:
    energy = data.get("energy")
    if isinstance(energy, list) and energy and isinstance(energy[0], dict):
        return _kwh(energy[0].get("value"), data.get("energyUnit"))
    return None


def day_values(kind: str, responses: dict[str, JsonDict]) -> JsonDict:
    """Map one day's four source responses to the energy keys of §7.5."""
    values: JsonDict = {}
    hes, home = responses.get("hes") or {}, responses.get("home") or {}
    grid, solar = responses.get("grid") or {}, responses.get("solar") or {}
    values["battery_discharge"] = _energy_value(hes)
    values["home_usage"] = _energy_value(home)
    values["grid_import"] = _energy_value(grid)
    values["solar_production"] = _energy_value(solar)
    to_home = _aggregate(home, "hes")
    values["battery_to_home"] = _kwh((to_home or {}).get("value"), (to_home or {}).get("unit"))
    values["battery_percentage"] = _percent(to_home)
    solar_home = _aggregate(home, "solar")
    values["solar_to_home"] = _kwh((solar_home or {}).get("value"), (solar_home or {}).get("unit"))
    values["solar_percentage"] = _percent(solar_home)
    grid_home = _aggregate(home, "grid")
    values["grid_to_home"] = _kwh((grid_home or {}).get("value"), (grid_home or {}).get("unit"))
    values["other_percentage"] = _percent(grid_home)
    title = "battery charging" if kind == "hes" else None
    grid_battery = _aggregate(grid, "hes", title)
    values["grid_to_battery"] = _kwh(
        (grid_battery or {}).get("value"), (grid_battery or {}).get("unit")
    )
    solar_grid = _aggregate(solar, "grid")
    if kind == "hes":
        values["solar_to_grid"] = _kwh(
            (solar_grid or {}).get("value"), (solar_grid or {}).get("unit")
        )
    else:
        values["solar_to_grid"] = _kwh(
            grid.get("totalExportedEnergy"), grid.get("totalExportedEnergyUnit")
        )
    solar_battery = _aggregate(solar, "hes")
    values["solar_to_battery"] = _kwh(
        (solar_battery or {}).get("value"), (solar_battery or {}).get("unit")
    )
    charge = [parse_number(values.get(k)) for k in ("solar_to_battery", "grid_to_battery")]
    values["battery_charge"] = (
        f"{sum(c for c in charge if c is not None):.2f}"
        if any(c is not None for c in charge)
        else None
    )
    return values


async def poll_hes_energy(ctx: PollContext, site_id: str, kind: str) -> None:
    """Yesterday (once) and today per source with one-day queries."""
    site = ctx.sites[site_id]
    today = ctx.energy_now(site_id).date()
    yesterday = today - timedelta(days=1)
    details: JsonDict = site.setdefault("energy_details", {})
    days = [today]
    if as_dict(details.get("last_period")).get("date") != f"{yesterday}":
        days.insert(0, yesterday)
    for day in days:
        text = f"{day}"
        responses: dict[str, JsonDict] = {}
        for source in SOURCES:
            if kind == "hes":
                call = ctx.api.get_hes_energy(site_id, source, "week", text, text)
            else:
                call = ctx.api.get_power_panel_energy(site_id, source, "week", text, text)
            data = await ctx.optional(site_id, f"{kind} energy {source}", call)
            if data is not None:
                responses[source] = data
        if not responses:
            continue
        values = {"date": text, **day_values(kind, responses)}
        details["today" if day == today else "last_period"] = values
