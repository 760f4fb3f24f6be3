"""Site price, currency, price type and dynamic price provider (§4.5.2, §4.7, §8.11)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..common.errors import SolixNotAllowedError, SolixValidationError
from ..common.jsonutil import JsonDict
from ..derive.price import provider_parts, provider_string
from ..poll.options import apply_option_lists
from ..poll.presets import apply_site_presets
from .checks import option_text, owned_site, real_number
from .customizations import recompute_dynamic_price

if TYPE_CHECKING:
    from ..poll.poller import SolixPoller

PRICE_MAX = 1000.0
DEFAULT_ACCURACY = 2
# Currency symbols always offered (reference §3.6), before the account's currency list.
BASE_UNITS = ("€", "$", "£", "¥", "₹", "원")
PRICE_TYPES = ("fixed", "use_time", "dynamic")


def _details(site: JsonDict) -> JsonDict:
    details = site.get("site_details")
    return details if isinstance(details, dict) else {}


def price_type_options(site: JsonDict) -> list[str]:
    """Price types an owner may choose (empty for member and standalone-inverter sites)."""
    if not site.get("site_admin") or site.get("site_type") == "virtual":
        return []
    details = _details(site)
    if "price_type" not in details:
        return []
    offered = details.get("price_type_options")
    options = [o for o in offered if o in PRICE_TYPES] if isinstance(offered, list) else ["fixed"]
    current = details.get("price_type")
    if isinstance(current, str) and current in PRICE_TYPES and current not in options:
        options.append(current)
    return options


def price_unit_options(account: JsonDict, site: JsonDict) -> list[str]:
    """Currency symbols: the common ones, the account's currency list and the current unit."""
    options = list(BASE_UNITS)
    for entry in account.get("currency_list") or []:
        symbol = entry.get("symbol") if isinstance(entry, dict) else None
        if isinstance(symbol, str) and symbol and symbol not in options:
            options.append(symbol)
    current = _details(site).get("site_price_unit")
    if isinstance(current, str) and current and current not in options:
        options.append(current)
    return options


def site_provider_options(site: JsonDict) -> list[str]:
    """Dynamic price providers (``country/company/area``) offered for the site's models."""
    details = _details(site)
    offered = details.get("dynamic_price_options")
    options = [o for o in offered if isinstance(o, str)] if isinstance(offered, list) else []
    current = provider_string(details.get("dynamic_price"))
    if current and current not in options:
        options.append(current)
    return options


def _accuracy(details: JsonDict) -> int:
    accuracy = details.get("accuracy")
    if isinstance(accuracy, int) and not isinstance(accuracy, bool) and 0 <= accuracy <= 4:
        return accuracy
    return DEFAULT_ACCURACY


def _checked_unit(poller: SolixPoller, site: JsonDict, unit: str | None) -> str | None:
    if unit is None:
        return None
    options = price_unit_options(poller.ctx.account, site)
    if not isinstance(unit, str) or unit not in options:
        raise SolixValidationError(
            "price_unit_invalid",
            field="unit",
            placeholders={"value": str(unit), "options": option_text(options)},
        )
    return unit


async def set_site_price(
    poller: SolixPoller,
    site_id: str,
    *,
    price: float | None = None,
    unit: str | None = None,
    price_type: str | None = None,
    provider: str | None = None,
) -> None:
    """Change price fields of a site; a provider forces ``price_type = "dynamic"`` (§4.5.2)."""
    site = owned_site(poller, site_id)
    if price is None and unit is None and price_type is None and provider is None:
        raise SolixValidationError("nothing_to_change")
    details = _details(site)
    if price is not None:
        price = round(
            real_number(price, "price", "price_invalid", 0.0, PRICE_MAX), _accuracy(details)
        )
    unit = _checked_unit(poller, site, unit)
    if site.get("site_type") == "virtual":
        await _set_virtual_price(poller, site_id, site, price, unit, price_type, provider)
        return
    if "price" not in details:
        raise SolixNotAllowedError("site_price_unsupported")
    provider_dict = _checked_provider(site, provider)
    if provider_dict is not None:
        if price_type not in (None, "dynamic"):
            raise SolixValidationError(
                "price_type_conflict", field="price_type", placeholders={"value": str(price_type)}
            )
        price_type = "dynamic"
    elif price_type is not None:
        options = price_type_options(site)
        if price_type not in options:
            raise SolixValidationError(
                "price_type_invalid",
                field="price_type",
                placeholders={"value": str(price_type), "options": option_text(options)},
            )
    payload = _price_payload(details, price, unit, price_type, provider_dict)
    await poller.api.update_site_price(site_id, **payload)
    _store_price(poller, site_id, site, payload)


def _checked_provider(site: JsonDict, provider: str | None) -> JsonDict | None:
    if provider is None:
        return None
    options = site_provider_options(site)
    if not isinstance(provider, str) or provider not in options:
        raise SolixValidationError(
            "provider_invalid",
            field="provider",
            placeholders={"value": str(provider), "options": option_text(options) or "-"},
        )
    country, company, area = provider_parts(provider)
    return {"country": country, "company": company, "area": area}


def _price_payload(
    details: JsonDict,
    price: float | None,
    unit: str | None,
    price_type: str | None,
    provider: JsonDict | None,
) -> JsonDict:
    """Current values from the cache with the given fields overridden (§4.5.2)."""
    current_price = details.get("price")
    payload: JsonDict = {
        "price": price if price is not None else current_price,
        "site_price_unit": unit if unit is not None else details.get("site_price_unit"),
        "site_co2": details.get("site_co2") if details.get("site_co2") is not None else 0,
    }
    if payload["price"] is None:
        payload["price"] = 0
    if "price_type" in details:
        payload["price_type"] = price_type if price_type is not None else details["price_type"]
    current_provider = details.get("dynamic_price")
    if provider is not None:
        payload["dynamic_price"] = provider
    elif isinstance(current_provider, dict):
        payload["dynamic_price"] = {
            key: current_provider.get(key) or "-" for key in ("country", "company", "area")
        }
    return payload


def _store_price(poller: SolixPoller, site_id: str, site: JsonDict, payload: JsonDict) -> None:
    details: JsonDict = site.setdefault("site_details", {})
    for key in ("price", "site_price_unit", "site_co2", "price_type"):
        if key in payload:
            details[key] = payload[key]
    provider = payload.get("dynamic_price")
    if isinstance(provider, dict):
        current = details.get("dynamic_price")
        details["dynamic_price"] = {**(current if isinstance(current, dict) else {}), **provider}
    apply_option_lists(poller.ctx, site_id)
    apply_site_presets(poller.ctx, site_id)
    recompute_dynamic_price(poller.ctx, site_id)


async def _set_virtual_price(
    poller: SolixPoller,
    site_id: str,
    site: JsonDict,
    price: float | None,
    unit: str | None,
    price_type: str | None,
    provider: str | None,
) -> None:
    """Standalone inverter: one full-day tier through ``updateUserTieredElecPrice`` (§4.7)."""
    if price_type is not None or provider is not None:
        raise SolixNotAllowedError("price_type_unsupported")
    details: JsonDict = site.setdefault("site_details", {})
    serial = site_id.removeprefix("virtual-")
    current_price = details.get("price")
    new_price = price if price is not None else current_price
    if not isinstance(new_price, int | float) or isinstance(new_price, bool):
        new_price = 0.0
    new_unit = unit if unit is not None else details.get("site_price_unit")
    if not isinstance(new_unit, str) or not new_unit:
        new_unit = BASE_UNITS[0]
    await poller.api.set_pv_price(serial, float(new_price), new_unit)
    details["price"] = new_price
    details["site_price_unit"] = new_unit
