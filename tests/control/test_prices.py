"""Site price, price type, provider and the price customizations against the simulator."""

from __future__ import annotations

import json

import pytest

from custom_components.anker_solix.solixapi.common import (
    SolixNotAllowedError,
    SolixRequestError,
    SolixValidationError,
)
from custom_components.anker_solix.solixapi.control import (
    customize,
    price_type_options,
    price_unit_options,
    set_site_price,
    site_provider_options,
)
from tests.control.simenv import control_env

SHELLY_SITE = "85b17b79-49e1-6e8a-aee1-51c7baea4f5d"
MI80 = "RCKDUF2Y6SQ2"
PRICE_SET = "power_service/v1/site/update_site_price"


def _total(spot_mwh: str, fee: float, vat: float) -> str:
    return f"{(float(spot_mwh) / 1000 + fee) * (1 + vat / 100):.4f}"


async def test_price_type_and_provider_round_trip(socket_enabled: None) -> None:
    async with control_env("sb3_shelly_dynamic") as env:
        site = env.poller.sites[SHELLY_SITE]
        assert price_type_options(site) == ["fixed", "dynamic"]
        assert site_provider_options(site) == ["DE/Nordpool/GER"]
        assert "€" in price_unit_options(env.poller.account, site)
        mark = env.mark()
        await set_site_price(env.poller, SHELLY_SITE, price_type="fixed", price=0.287)
        assert env.requests_since(mark) == [PRICE_SET]
        body = env.sim.recorder.records[mark].body
        # current values are kept, the given ones replace them (§4.5.2)
        assert body["price"] == 0.29
        assert body["site_price_unit"] == "€"
        assert body["price_type"] == "fixed"
        assert body["dynamic_price"] == {"country": "DE", "company": "Nordpool", "area": "GER"}
        assert site["site_details"]["price_type"] == "fixed"
        assert site["site_details"]["price"] == 0.29
        stored = env.stored(f"price_{SHELLY_SITE}")
        assert (stored["price_type"], stored["price"]) == ("fixed", 0.29)
        await env.repoll()
        details = env.poller.sites[SHELLY_SITE]["site_details"]
        assert (details["price_type"], details["price"]) == ("fixed", 0.29)
        await set_site_price(env.poller, SHELLY_SITE, provider="DE/Nordpool/GER")
        assert env.sim.recorder.records[-1].body["price_type"] == "dynamic"
        await env.repoll()
        assert env.poller.sites[SHELLY_SITE]["site_details"]["price_type"] == "dynamic"


async def test_price_refusals_send_nothing(socket_enabled: None) -> None:
    async with control_env("sb3_shelly_dynamic") as env:
        mark = env.mark()
        cases: list[tuple[dict[str, object], str, str | None]] = [
            ({"provider": "XX/Other/ZZ"}, "provider_invalid", "provider"),
            ({"price_type": "use_time"}, "price_type_invalid", "price_type"),
            ({"provider": "DE/Nordpool/GER", "price_type": "fixed"}, "price_type_conflict", None),
            ({"price": -1.0}, "price_invalid", "price"),
            ({"price": 5000}, "price_invalid", "price"),
            ({"unit": "EUR"}, "price_unit_invalid", "unit"),
            ({}, "nothing_to_change", None),
        ]
        for fields, reason, field in cases:
            with pytest.raises(SolixValidationError) as err:
                await set_site_price(env.poller, SHELLY_SITE, **fields)  # type: ignore[arg-type]
            assert err.value.reason == reason
            if field:
                assert err.value.field == field
        assert env.requests_since(mark) == []


async def test_price_fault_leaves_cache(socket_enabled: None) -> None:
    async with control_env("sb3_shelly_dynamic") as env:
        before = json.dumps(env.poller.sites[SHELLY_SITE], sort_keys=True)
        env.sim.faults.add(PRICE_SET, code=10000)
        with pytest.raises(SolixRequestError):
            await set_site_price(env.poller, SHELLY_SITE, price_type="fixed")
        assert json.dumps(env.poller.sites[SHELLY_SITE], sort_keys=True) == before
        assert env.stored(f"price_{SHELLY_SITE}")["price_type"] == "dynamic"


async def test_fee_and_vat_customize_recompute_total(socket_enabled: None) -> None:
    async with control_env("sb3_shelly_dynamic") as env:
        site = env.poller.sites[SHELLY_SITE]
        details = site["site_details"]["dynamic_price_details"]
        assert (details["dynamic_price_fee"], details["dynamic_price_vat"]) == ("0.17895", "19")
        mark = env.mark()
        await customize(env.poller, SHELLY_SITE, "dynamic_price_fee", 0.2)
        await customize(env.poller, SHELLY_SITE, "dynamic_price_vat", 10)
        assert env.requests_since(mark) == []
        details = site["site_details"]["dynamic_price_details"]
        assert (details["dynamic_price_fee"], details["dynamic_price_vat"]) == ("0.2", "10")
        assert details["dynamic_price_total"] == _total(details["spot_price_mwh"], 0.2, 10)
        first = details["dynamic_price_forecast"][0]
        assert first["price"] == _total(first["spot_mwh"], 0.2, 10)
        assert site["customized"] == {"dynamic_price_fee": "0.2", "dynamic_price_vat": "10"}
        with pytest.raises(SolixValidationError) as err:
            await customize(env.poller, SHELLY_SITE, "dynamic_price_vat", 150)
        assert err.value.reason == "customize_number_invalid"
        assert site["customized"]["dynamic_price_vat"] == "10"
        await env.repoll()
        details = env.poller.sites[SHELLY_SITE]["site_details"]["dynamic_price_details"]
        assert (details["dynamic_price_fee"], details["dynamic_price_vat"]) == ("0.2", "10")


async def test_virtual_site_price_round_trip(socket_enabled: None) -> None:
    async with control_env("mi80_standalone") as env:
        site_id = f"virtual-{MI80}"
        site = env.poller.sites[site_id]
        assert price_type_options(site) == []
        mark = env.mark()
        with pytest.raises(SolixNotAllowedError) as err:
            await set_site_price(env.poller, site_id, price_type="dynamic")
        assert err.value.reason == "price_type_unsupported"
        assert env.requests_since(mark) == []
        await set_site_price(env.poller, site_id, price=0.42)
        assert env.requests_since(mark) == ["charging_pv_svc/updateUserTieredElecPrice"]
        assert site["site_details"]["price"] == 0.42
        stored = env.stored(f"device_pv_price_{MI80}")
        assert stored["tieredElecPrices"][0]["price"] == 0.42
        assert stored["currencyUnit"] == "€"
        await env.repoll()
        assert env.poller.sites[site_id]["site_details"]["price"] == 0.42
