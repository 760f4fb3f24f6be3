"""Prices: site price/tariff (``update_site_price``) and the standalone inverter's price/limit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from solixsim.reply import SimReply
from solixsim.scenario import ScenarioStore
from solixsim.writes.common import (
    WriteRejectedError,
    is_int,
    minutes_of,
    read_param,
    reject,
    require,
    stored_data,
    success,
    update_data,
    write_param,
)

SITE_PRICE_ENDPOINT = "power_service/v1/site/update_site_price"
APS_POWER_ENDPOINT = "charging_pv_svc/set_aps_power"
PV_PRICE_ENDPOINT = "charging_pv_svc/updateUserTieredElecPrice"
PRICE_TYPES = frozenset({"fixed", "use_time", "dynamic"})
PROVIDER_KEYS = ("country", "company", "area")
APS_POWER_MAX = 800
DEFAULT_ACCURACY = 2


def _is_amount(value: Any) -> bool:
    """A non-negative number (booleans excluded)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and value >= 0


def _validate_site_price(body: dict[str, Any]) -> None:
    """Reject malformed price fields with code 10000."""
    checks: dict[str, Callable[[Any], bool]] = {
        "price": _is_amount,
        "site_co2": _is_amount,
        "site_price_unit": lambda value: isinstance(value, str),
        "price_type": lambda value: isinstance(value, str) and value in PRICE_TYPES,
        "dynamic_price": _is_provider,
    }
    for key, check in checks.items():
        if key in body and not check(body[key]):
            raise reject()


def _is_provider(value: Any) -> bool:
    """``null`` or ``{country, company, area}`` with text values."""
    return value is None or (
        isinstance(value, dict) and all(isinstance(value.get(k, ""), str) for k in PROVIDER_KEYS)
    )


def _merged_provider(current: Any, sent: Any) -> Any:
    """The stored provider with the sent ``country/company/area`` applied."""
    if not isinstance(sent, dict):
        return sent
    provider = dict(current) if isinstance(current, dict) else {}
    provider.update({key: sent[key] for key in PROVIDER_KEYS if key in sent})
    return provider


def update_site_price(store: ScenarioStore, body: dict[str, Any], now: float) -> SimReply:
    """``update_site_price``: price, currency, CO2 factor, price type and dynamic provider."""
    try:
        require(body, "site_id")
        site_id = str(body["site_id"])
        stored_accuracy = stored_data(store, f"price_{site_id}").get("accuracy")
        _validate_site_price(body)
    except WriteRejectedError as err:
        return err.reply

    def change(data: dict[str, Any]) -> None:
        for key in ("price", "site_price_unit", "site_co2", "price_type"):
            if key in body:
                data[key] = body[key]
        if "dynamic_price" in body:
            data["dynamic_price"] = _merged_provider(
                data.get("dynamic_price"), body["dynamic_price"]
            )

    update_data(store, f"price_{site_id}", change)
    accuracy = stored_accuracy if is_int(stored_accuracy) else DEFAULT_ACCURACY
    _update_tariff_param(store, site_id, body, accuracy)
    return success()


def _update_tariff_param(
    store: ScenarioStore, site_id: str, body: dict[str, Any], accuracy: int
) -> None:
    """Mirror a price update in the site's tariff parameter (type 12) when it has one."""
    tariff = read_param(store, "12", site_id)
    if not tariff:
        return
    if "price_type" in body:
        tariff["price_type"] = body["price_type"]
    fixed = tariff.get("fixed_price")
    if isinstance(fixed, dict):
        if "price" in body:
            fixed["price"] = f"{float(body['price']):.{accuracy}f}"
        if "site_price_unit" in body:
            fixed["unit"] = body["site_price_unit"]
    if "dynamic_price" in body:
        tariff["dynamic_price"] = _merged_provider(
            tariff.get("dynamic_price"), body["dynamic_price"]
        )
    write_param(store, "12", site_id, tariff)


def set_aps_power(store: ScenarioStore, body: dict[str, Any], now: float) -> SimReply:
    """``set_aps_power``: output limit 0–800 W of a standalone inverter."""
    try:
        require(body, "sn", "power")
        name = f"device_pv_total_statistics_{body['sn']}"
        stored_data(store, name)
    except WriteRejectedError as err:
        return err.reply
    power = body["power"]
    if not is_int(power) or not 0 <= power <= APS_POWER_MAX:
        return reject().reply

    def change(data: dict[str, Any]) -> None:
        data["powerConfig"] = f"{power}W"

    update_data(store, name, change)
    return success()


def _valid_tiers(tiers: Any) -> bool:
    """Tiers ``[{from "HH:MM", to "HH:MM", price}]`` with a non-negative price."""
    return (
        isinstance(tiers, list)
        and bool(tiers)
        and all(
            isinstance(tier, dict)
            and minutes_of(tier.get("from")) is not None
            and minutes_of(tier.get("to")) is not None
            and _is_amount(tier.get("price"))
            for tier in tiers
        )
    )


def update_pv_price(store: ScenarioStore, body: dict[str, Any], now: float) -> SimReply:
    """``updateUserTieredElecPrice``: currency and price tiers of a standalone inverter."""
    try:
        require(body, "sn", "tieredElecPrices")
        name = f"device_pv_price_{body['sn']}"
        stored_data(store, name)
    except WriteRejectedError as err:
        return err.reply
    unit = body.get("currencyUnit")
    if not _valid_tiers(body["tieredElecPrices"]) or not (unit is None or isinstance(unit, str)):
        return reject().reply

    def change(data: dict[str, Any]) -> None:
        data["tieredElecPrices"] = body["tieredElecPrices"]
        if unit is not None:
            data["currencyUnit"] = unit

    update_data(store, name, change)
    return success()
