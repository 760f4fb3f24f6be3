"""Dynamic price providers and spot prices of a site (§4.5.3, §8.5)."""

from __future__ import annotations

from ..cloud import Endpoint
from ..common.jsonutil import JsonDict
from ..common.products import DYNAMIC_PRICE_MODELS
from ..derive.price import (
    currency_symbol,
    dynamic_price_details,
    fee_and_vat,
    provider_parts,
    provider_string,
)
from .context import PollContext

HOUR = 3600.0
"""Spot prices are read once per hour (also the longest HTTP 429 back-off of their endpoint)."""
DAY = 86400.0
"""Providers are read once per day."""


def site_price_models(ctx: PollContext, site_id: str) -> list[str]:
    """Models of the site that support dynamic prices (A17C5, A5101–A5103)."""
    models = {
        entry.get("device_pn")
        for entry in ctx.devices.values()
        if entry.get("site_id") == site_id and entry.get("device_pn") in DYNAMIC_PRICE_MODELS
    }
    return sorted(str(model) for model in models)


def site_provider(ctx: PollContext, site_id: str) -> str | None:
    """Provider of the site: site details (owner), schedule, or customization (member)."""
    site = ctx.sites.get(site_id) or {}
    details = site.get("site_details") or {}
    provider = provider_string(details.get("dynamic_price"))
    if provider is None:
        schedule = (ctx.params.get(site_id) or {}).get("6") or {}
        provider = provider_string(schedule.get("dynamic_price"))
    if provider is None:
        provider = provider_string((site.get("customized") or {}).get("dynamic_price"))
    return provider


async def update_dynamic_prices(ctx: PollContext, site_id: str) -> None:
    """Providers once per day per model, spot prices once per hour, then the price details."""
    models = site_price_models(ctx, site_id)
    if not models:
        return
    local_now = ctx.site_now(site_id)
    today = f"{local_now:%Y-%m-%d}"
    for model in models:
        key = f"price_providers_{model}"
        if (ctx.account.get(key) or {}).get("date") != today:
            call = ctx.api.get_price_providers(model)
            label = f"price providers {model}"
            data = await ctx.optional("account", label, call, cadence=DAY)
            if data is not None:
                ctx.account[key] = {**data, "date": today}
    provider = site_provider(ctx, site_id)
    if provider is None:
        return
    country, company, area = provider_parts(provider)
    key = f"price_details_{country}_{company}_{area}"
    hour = f"{local_now:%Y-%m-%d %H}"
    prices: JsonDict = ctx.account.get(key) or {}
    if not str(prices.get("poll_time", "")).startswith(hour):
        call = ctx.api.get_price_details(company, area, int(ctx.now()))
        label = f"price details {provider}"
        endpoint = Endpoint.DYNAMIC_PRICE_DETAIL
        data = await ctx.optional("account", label, call, cadence=HOUR, endpoint=endpoint)
        if data is not None:
            prices = {**data, "poll_time": f"{local_now:%Y-%m-%d %H:%M}", "date": today}
            ctx.account[key] = prices
    if not prices:
        return
    site = ctx.sites[site_id]
    custom = site.get("customized") or {}
    fee, vat = fee_and_vat(
        country, custom.get("dynamic_price_fee"), custom.get("dynamic_price_vat")
    )
    unit = currency_symbol(prices.get("currency"), ctx.account.get("currency_list"))
    details = dynamic_price_details(provider, prices, local_now, fee, vat, unit)
    site.setdefault("site_details", {})["dynamic_price_details"] = details
