"""Dynamic price total formula and details (§8.5) and provider options (§8.11)."""

from __future__ import annotations

from datetime import datetime

import pytest

from custom_components.anker_solix.solixapi.derive import (
    currency_symbol,
    dynamic_price_details,
    fee_and_vat,
    provider_options,
    provider_string,
    total_price,
)

CURRENCIES = [{"symbol": "$", "name": "AUD, CAD, USD"}, {"symbol": "€", "name": "EUR"}]


def test_total_price_formula() -> None:
    # (120.57 / 1000 + 0.17895) * 1.19 = 0.29952 * 1.19 = 0.3564288
    assert total_price(120.57, 0.17895, 19) == pytest.approx(0.3564288)
    # (-2.02 / 1000 + 0.17895) * 1.19 = 0.17693 * 1.19 = 0.2105467
    assert total_price(-2.02, 0.17895, 19) == pytest.approx(0.2105467)


def test_fee_and_vat_defaults_and_customization() -> None:
    assert fee_and_vat("DE") == ("0.17895", "19")
    assert fee_and_vat("NL") == ("0", "0")
    assert fee_and_vat("DE", custom_fee="0.1", custom_vat=None) == ("0.1", "19")


def test_dynamic_price_details_current_slot() -> None:
    prices = {
        "date": "2025-09-21",
        "poll_time": "2025-09-21 13:05",
        "today_price_trend": [
            {"time": "00:00", "price": "8.07"},
            {"time": "13:00", "price": "-2.02"},
            {"time": "14:00", "price": "120.57"},
        ],
        "tomorrow_price_trend": [],
        "currency": "EUR",
        "today_avg_price": "42.21",
        "tomorrow_avg_price": "0.00",
    }
    fee, vat = fee_and_vat("DE")
    unit = currency_symbol(prices["currency"], CURRENCIES)
    details = dynamic_price_details(
        "DE/Nordpool/GER", prices, datetime(2025, 9, 21, 13, 30), fee, vat, unit
    )
    assert details["dynamic_price_total"] == "0.2105"
    assert details["spot_price_mwh"] == "-2.02"
    assert details["spot_price_time"] == "2025-09-21 13:00"
    assert details["spot_price_unit"] == "€"
    assert [e["price"] for e in details["dynamic_price_forecast"]] == ["0.2226", "0.2105", "0.3564"]
    assert details["spot_price_mwh_avg_today"] == "42.21"


def test_provider_strings_and_options() -> None:
    assert (
        provider_string({"country": "DE", "company": "Nordpool", "area": "GER"})
        == "DE/Nordpool/GER"
    )
    assert (
        provider_string({"country": "SE", "company": "Nordpool", "area": None}) == "SE/Nordpool/-"
    )
    assert provider_string(None) is None
    providers = {
        "country_info": [
            {
                "country": "DE",
                "company_info": [{"company": "Nordpool", "area_info": [{"area": "GER"}]}],
            },
            {
                "country": "SE",
                "company_info": [
                    {"company": "Nordpool", "area_info": [{"area": "SE3"}, {"area": "SE4"}]}
                ],
            },
        ]
    }
    assert provider_options(providers) == ["DE/Nordpool/GER", "SE/Nordpool/SE3", "SE/Nordpool/SE4"]
