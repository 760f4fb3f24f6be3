"""Vehicle data of the account (§4.9): brand options once, vehicle list and details."""

from __future__ import annotations

from ..common.jsonutil import JsonDict, Reader
from .context import PollContext


async def poll_vehicles(ctx: PollContext) -> None:
    """Load brands once, then the vehicle list and each vehicle's details into the account."""
    if "vehicle_brands" not in ctx.account:
        data = await ctx.optional("account", "get_brand_list", ctx.api.get_vehicle_brands())
        if data is not None:
            brands = Reader(data, "account", ctx.issues, "vehicle brands").array("brand_list")
            options: JsonDict = {b: {} for b in brands or [] if isinstance(b, str)}
            ctx.account["vehicle_brands"] = {**options, "cached": True}
    data = await ctx.optional("account", "get_vehicle_list", ctx.api.get_vehicle_list())
    if data is None:
        return
    vehicles: JsonDict = {}
    for item in Reader(data, "account", ctx.issues, "vehicles").objects("vehicle_list"):
        vehicle_id = item.get("vehicle_id")
        if not isinstance(vehicle_id, str) or not vehicle_id:
            continue
        call = ctx.api.get_vehicle_details(vehicle_id)
        detail = await ctx.optional(vehicle_id, "get_vehicle_detail", call)
        vehicles[vehicle_id] = {**item, **(detail or {}), "type": "vehicle"}
    ctx.account["vehicles"] = vehicles
    ctx.account["vehicles_registered"] = sorted(
        str(v.get("vehicle_name")) for v in vehicles.values() if v.get("vehicle_name")
    )
