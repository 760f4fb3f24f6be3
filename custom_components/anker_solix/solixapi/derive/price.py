"""Dynamic price details (§8.5) and provider option strings (§4.5.3, §8.11)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from ..common.jsonutil import JsonDict, as_list, parse_number

# Country → (fee per kWh, VAT %) defaults for the total price (§8.5).
PRICE_DEFAULTS: dict[str, tuple[str, str]] = {
    "UK": ("0.1131", "5"),
    "SE": ("0.0643", "25"),
    "AT": ("0.11332", "20"),
    "BE": ("0.01316", "21"),
    "FR": ("0.1329", "20"),
    "DE": ("0.17895", "19"),
    "PL": ("0.0786", "23"),
}


def provider_string(provider: object) -> str | None:
    """``country/company/area`` of a provider dict or string (missing parts as ``-``)."""
    if isinstance(provider, str):
        return provider or None
    if not isinstance(provider, dict):
        return None
    parts = [provider.get(key) for key in ("country", "company", "area")]
    if not any(isinstance(part, str) and part for part in parts):
        return None
    return "/".join(part if isinstance(part, str) and part else "-" for part in parts)


def provider_parts(provider: str) -> tuple[str, str, str]:
    """Split ``country/company/area`` (missing parts become ``-``)."""
    parts = [*provider.split("/"), "-", "-", "-"][:3]
    return parts[0] or "-", parts[1] or "-", parts[2] or "-"


def provider_options(providers: JsonDict) -> list[str]:
    """All ``country/company/area`` combinations of a ``support_option`` response."""
    options: list[str] = []
    for country in as_list(providers.get("country_info")):
        if not isinstance(country, dict):
            continue
        for company in as_list(country.get("company_info")):
            if not isinstance(company, dict):
                continue
            for area in as_list(company.get("area_info")):
                if isinstance(area, dict):
                    option = provider_string(
                        {
                            "country": country.get("country"),
                            "company": company.get("company"),
                            "area": area.get("area"),
                        }
                    )
                    if option and option not in options:
                        options.append(option)
    return options


def fee_and_vat(
    country: str, custom_fee: object = None, custom_vat: object = None
) -> tuple[str, str]:
    """Fee and VAT strings: customized values first, else the country default, else 0."""
    default_fee, default_vat = PRICE_DEFAULTS.get(country.upper(), ("0", "0"))
    fee = str(custom_fee) if parse_number(str(custom_fee)) is not None else default_fee
    vat = str(custom_vat) if parse_number(str(custom_vat)) is not None else default_vat
    return fee, vat


def total_price(spot_mwh: float, fee: float, vat: float) -> float:
    """Total price per kWh: ``(spot_per_MWh / 1000 + fee) × (1 + VAT / 100)``."""
    return (spot_mwh / 1000 + fee) * (1 + vat / 100)


def currency_symbol(currency: object, currency_list: object) -> str | None:
    """Symbol of a currency name (e.g. ``EUR`` → ``€``) from the account currency list."""
    if not isinstance(currency, str) or not isinstance(currency_list, list):
        return None
    for entry in currency_list:
        if not isinstance(entry, dict):
            continue
        names = [name.strip() for name in str(entry.get("name", "")).split(",")]
        if currency in names and isinstance(entry.get("symbol"), str):
            symbol: str = entry["symbol"]
            return symbol
    return None


def _forecast(prices: JsonDict, day: datetime, key: str, fee: float, vat: float) -> list[JsonDict]:
    entries: list[JsonDict] = []
    for point in as_list(prices.get(key)):
        if not isinstance(point, dict) or not isinstance(point.get("time"), str):
            continue
        spot = parse_number(point.get("price"))
        if spot is None:
            continue
        entries.append(
            {
                "timestamp": f"{day:%Y-%m-%d} {point['time']}",
                "price": f"{total_price(spot, fee, vat):.4f}",
                "spot_mwh": f"{spot:.2f}",
            }
        )
    return entries


def dynamic_price_details(
    provider: str,
    prices: JsonDict,
    local_now: datetime,
    fee: str,
    vat: str,
    unit: str | None,
) -> JsonDict:
    """Build ``site_details.dynamic_price_details`` from a ``price_detail`` response.

    ``prices`` may carry ``poll_time`` and ``date`` (``YYYY-MM-DD`` of the price day).
    """
    fee_value, vat_value = parse_number(fee) or 0.0, parse_number(vat) or 0.0
    day_text = prices.get("date")
    try:
        day = datetime.strptime(str(day_text), "%Y-%m-%d")
    except ValueError:
        day = local_now.replace(hour=0, minute=0, second=0, microsecond=0)
    forecast = _forecast(prices, day, "today_price_trend", fee_value, vat_value)
    forecast += _forecast(
        prices, day + timedelta(days=1), "tomorrow_price_trend", fee_value, vat_value
    )
    now_text = f"{local_now:%Y-%m-%d %H:%M}"
    current: dict[str, Any] | None = None
    for entry in forecast:
        if entry["timestamp"] <= now_text:
            current = entry
    return {
        "dynamic_price_provider": provider,
        "dynamic_price_fee": fee,
        "dynamic_price_vat": vat,
        "dynamic_price_total": current["price"] if current else None,
        "spot_price_unit": unit,
        "dynamic_price_forecast": forecast,
        "dynamic_price_poll_time": prices.get("poll_time"),
        "dynamic_price_calc_time": now_text,
        "spot_price_time": current["timestamp"] if current else None,
        "spot_price_mwh": current["spot_mwh"] if current else None,
        "spot_price_mwh_avg_today": _avg(prices.get("today_avg_price")),
        "spot_price_mwh_avg_tomorrow": _avg(prices.get("tomorrow_avg_price")),
    }


def _avg(value: object) -> str | None:
    number = parse_number(value)
    return None if number is None else str(round(number, 2))
