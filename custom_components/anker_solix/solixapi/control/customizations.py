"""Customizable cache values (§8.6): kept in ``<entry>.customized[key]``, dependants recomputed.

Customizations never reach the cloud and are not persisted here (the integration restores them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..common.errors import SolixValidationError
from ..common.jsonutil import JsonDict, parse_number
from ..common.products import product_for
from ..derive.battery import battery_energy
from ..derive.price import (
    currency_symbol,
    dynamic_price_details,
    fee_and_vat,
    provider_parts,
    provider_string,
)
from ..poll.context import PollContext
from ..poll.options import apply_option_lists
from ..poll.prices import site_provider, update_dynamic_prices
from .checks import real_number

if TYPE_CHECKING:
    from ..poll.poller import SolixPoller

BATTERY_CAPACITY_MAX = 100000.0
"""Upper bound of a customized capacity of a device whose capacity is unknown."""
MAX_EXPANSION_PACKS = 5
"""Expansion batteries one unit takes at most (Solarbank 2 and 3: five)."""
SMALLEST_SHARE = 10
"""The smallest plausible capacity: one tenth of one unit's (a heavily worn battery)."""
FEE_MAX = 100.0
VAT_MAX = 100.0
SITE_KEYS = frozenset({"dynamic_price", "dynamic_price_fee", "dynamic_price_vat"})


def _target(poller: SolixPoller, target_id: str) -> tuple[str, JsonDict]:
    """``("device"|"site"|"account", entry)`` of a serial, site id, account e-mail or user id."""
    ctx = poller.ctx
    if target_id in ctx.devices:
        return "device", ctx.devices[target_id]
    if target_id in ctx.sites:
        return "site", ctx.sites[target_id]
    account_ids = {ctx.account.get("email"), getattr(poller.api.session, "user_id", None)}
    if target_id and target_id in account_ids:
        return "account", ctx.account
    raise SolixValidationError("customize_target_unknown", field="target_id")


def battery_capacity_range(entry: JsonDict) -> tuple[int, int]:
    """Plausible customized capacity (Wh) of a device: low and high end.

    From the model's capacity per unit (§5.2), else the calculated capacity: one tenth of one
    unit up to the unit with every expansion it takes (or the calculated capacity if larger).
    """
    calculated = parse_number(str(entry.get("battery_capacity")))
    unit = product_for(entry.get("device_pn")).capacity_wh or calculated
    if not unit or unit <= 0:
        return 1, int(BATTERY_CAPACITY_MAX)
    high = max(unit * (1 + MAX_EXPANSION_PACKS), calculated or 0)
    return max(1, round(unit / SMALLEST_SHARE)), round(high)


async def customize(poller: SolixPoller, target_id: str, key: str, value: object) -> None:
    """Store ``value`` as customized ``key`` of a device, site or the account (§8.6)."""
    kind, entry = _target(poller, target_id)
    if kind == "device" and key == "battery_capacity":
        low, high = battery_capacity_range(entry)
        capacity = real_number(value, "value", "customize_number_invalid", low, high)
        _store(entry, key, str(round(capacity)))
        _recompute_battery(poller.ctx, entry)
        return
    if kind == "site" and key in SITE_KEYS:
        await _customize_price(poller, target_id, entry, key, value)
        return
    if kind == "site" and key == "pv_forecast_details":
        if not isinstance(value, dict) or not isinstance(value.get("trend"), list):
            raise SolixValidationError("customize_value_invalid", field="value")
        _store(entry, key, dict(value))
        return
    if key in entry and key not in ("customized", "type"):
        _store(entry, key, value)
        return
    raise SolixValidationError("customize_key_invalid", field="key", placeholders={"key": key})


def _store(entry: JsonDict, key: str, value: object) -> None:
    customized = entry.get("customized")
    entry["customized"] = {**(customized if isinstance(customized, dict) else {}), key: value}


def _recompute_battery(ctx: PollContext, entry: JsonDict) -> None:
    """``battery_energy`` from the customized capacity; HES main devices sum their modules."""
    custom = (entry.get("customized") or {}).get("battery_capacity")
    soc = entry.get("battery_soc", (entry.get("average_power") or {}).get("state_of_charge"))
    if entry.get("data_valid", True) is not False and not entry.get("is_subdevice"):
        energy = battery_energy(custom, soc)
        if energy is not None:
            entry["battery_energy"] = str(energy)
    main_sn = entry.get("main_sn")
    if not entry.get("is_subdevice") or not isinstance(main_sn, str):
        return
    main = ctx.devices.get(main_sn)
    if main is None:
        return
    total = 0.0
    for other in ctx.devices.values():
        if other.get("main_sn") != main_sn or not other.get("is_subdevice"):
            continue
        value = parse_number(str((other.get("customized") or {}).get("battery_capacity")))
        total += value if value is not None else parse_number(other.get("battery_capacity")) or 0
    if total:
        main["battery_capacity"] = str(round(total))
        soc = (main.get("average_power") or {}).get("state_of_charge")
        energy = battery_energy(main["battery_capacity"], soc)
        if energy is not None:
            main["battery_energy"] = str(energy)


async def _customize_price(
    poller: SolixPoller, site_id: str, site: JsonDict, key: str, value: object
) -> None:
    if key == "dynamic_price":
        provider = provider_string(value) if isinstance(value, str | dict) else None
        if provider is None or provider.count("/") != 2:
            raise SolixValidationError("customize_value_invalid", field="value")
        _store(site, key, provider)
        # Spot prices of a provider not polled yet are read once (at most hourly, §8.5).
        await update_dynamic_prices(poller.ctx, site_id)
        apply_option_lists(poller.ctx, site_id)
        recompute_dynamic_price(poller.ctx, site_id)
        return
    maximum = FEE_MAX if key == "dynamic_price_fee" else VAT_MAX
    number = real_number(value, "value", "customize_number_invalid", 0, maximum)
    _store(site, key, f"{number:.6f}".rstrip("0").rstrip("."))
    recompute_dynamic_price(poller.ctx, site_id)


def recompute_dynamic_price(ctx: PollContext, site_id: str) -> None:
    """Rebuild ``dynamic_price_details`` from cached spot prices (no request)."""
    site = ctx.sites.get(site_id)
    provider = site_provider(ctx, site_id)
    if site is None or provider is None:
        return
    country, company, area = provider_parts(provider)
    prices = ctx.account.get(f"price_details_{country}_{company}_{area}")
    if not isinstance(prices, dict) or not prices:
        return
    custom = site.get("customized") or {}
    fee, vat = fee_and_vat(
        country, custom.get("dynamic_price_fee"), custom.get("dynamic_price_vat")
    )
    unit = currency_symbol(prices.get("currency"), ctx.account.get("currency_list"))
    details = dynamic_price_details(provider, prices, ctx.site_now(site_id), fee, vat, unit)
    site.setdefault("site_details", {})["dynamic_price_details"] = details
