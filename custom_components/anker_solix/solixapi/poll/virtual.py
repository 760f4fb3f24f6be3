"""Standalone inverters (§4.7) and their virtual sites (§8.10)."""

from __future__ import annotations

from ..common.jsonutil import JsonDict, Reader, parse_number
from .context import PollContext
from .devices import describe_status

VIRTUAL_PREFIX = "virtual-"


def _standalone_inverters(ctx: PollContext) -> list[str]:
    real_sites = {sid for sid, site in ctx.sites.items() if site.get("site_type") != "virtual"}
    return sorted(
        sn
        for sn, entry in ctx.devices.items()
        if entry.get("type") == "inverter"
        and entry.get("is_admin")
        and entry.get("site_id") not in real_sites
    )


async def create_virtual_sites(ctx: PollContext) -> None:
    """Give every admin inverter without a real site a virtual site, then query its status."""
    for serial in _standalone_inverters(ctx):
        site_id = f"{VIRTUAL_PREFIX}{serial}"
        entry = ctx.devices[serial]
        entry["site_id"] = site_id
        pn = entry.get("device_pn") or ""
        site = ctx.sites.setdefault(site_id, {})
        site.update(
            {
                "type": "system",
                "site_id": site_id,
                "power_site_type": 0,
                "site_type": "virtual",
                "site_admin": True,
                "site_info": {
                    "site_id": site_id,
                    "site_name": "Standalone inverter",
                    "ms_type": 1,
                    "power_site_type": 0,
                    "support_device_models": [pn],
                    "current_site_device_models": [pn],
                },
                "solar_list": [{"device_pn": pn, "device_sn": serial}],
            }
        )
    await poll_virtual_status(ctx)


async def poll_virtual_status(ctx: PollContext) -> set[str]:
    """getPvStatus for all standalone inverters; drops virtual sites of vanished inverters."""
    for site_id in [sid for sid in ctx.sites if sid.startswith(VIRTUAL_PREFIX)]:
        serial = site_id.removeprefix(VIRTUAL_PREFIX)
        if serial not in ctx.devices or serial not in ctx.bind_serials:
            del ctx.sites[site_id]
    serials = [
        sid.removeprefix(VIRTUAL_PREFIX) for sid in ctx.sites if sid.startswith(VIRTUAL_PREFIX)
    ]
    if not serials:
        return set()
    data = await ctx.optional("account", "getPvStatus", ctx.api.get_pv_status(serials))
    for site_id in [sid for sid in ctx.sites if sid.startswith(VIRTUAL_PREFIX)]:
        # Live inverter values are stale while the status does not answer.
        if data is None:
            ctx.sites[site_id]["data_valid"] = False
        else:
            ctx.sites[site_id].pop("data_valid", None)
    for item in Reader(data or {}, "account", ctx.issues, "pv status").objects("pvStatuses"):
        entry = ctx.devices.get(str(item.get("sn")))
        if entry is None:
            continue
        reader = Reader(item, str(item.get("sn")), ctx.issues, "pv status")
        power = reader.real("power")
        entry["generate_power"] = None if power is None else str(round(power))
        status = reader.integer("status")
        entry["status"] = None if status is None else str(status)
        describe_status(entry)
    return set(serials)


async def poll_virtual_details(ctx: PollContext, site_id: str) -> None:
    """Totals, limit and price of a virtual site (site details step)."""
    serial = site_id.removeprefix(VIRTUAL_PREFIX)
    site = ctx.sites[site_id]
    entry = ctx.devices.get(serial, {})
    totals = await ctx.optional(
        serial, "getPvTotalStatistics", ctx.api.get_pv_total_statistics(serial)
    )
    if totals is not None:
        reader = Reader(totals, serial, ctx.issues, "pv totals")
        site["statistics"] = [
            _statistic("1", reader.real("energy"), reader.text("energyUnit")),
            _statistic("2", reader.real("reductionCo2"), reader.text("reductionCo2Unit")),
            _statistic("3", reader.real("saveMoney"), reader.text("saveMoneyUnit")),
        ]
        limit = reader.text("powerConfig")
        if limit is not None:
            site["solar_info"] = {"micro_inverter_power_limit": limit}
            value = parse_number(limit)
            entry["preset_inverter_limit"] = None if value is None else str(round(value))
    price = await ctx.optional(serial, "selectUserTieredElecPrice", ctx.api.get_pv_price(serial))
    if price is not None:
        reader = Reader(price, serial, ctx.issues, "pv price")
        tiers = reader.objects("tieredElecPrices")
        details: JsonDict = site.setdefault("site_details", {})
        details["price"] = tiers[0].get("price") if tiers else None
        details["site_price_unit"] = reader.text("currencyUnit")


def _statistic(kind: str, value: float | None, unit: str | None) -> JsonDict:
    total = None if value is None else f"{value:g}"
    return {"type": kind, "total": total, "unit": (unit or "").lower() if kind == "1" else unit}
