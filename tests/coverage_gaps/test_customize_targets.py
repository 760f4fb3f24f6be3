"""Customizations (§8.6) of the account, of site keys and of device keys, on a polled simulator;
a refused customization changes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from custom_components.anker_solix.solixapi import SolixValidationError, customize
from custom_components.anker_solix.solixapi.control import battery_capacity_range
from tests.control.simenv import control_env


def customized(entry: dict[str, Any]) -> dict[str, Any]:
    """The customized values of a cache entry."""
    return dict(entry.get("customized") or {})


async def test_account_is_found_by_email_and_user_id() -> None:
    """The account entry is the target of its e-mail and of its user id; a key it has is kept."""
    async with control_env("sb2_plus_plugs") as env:
        ctx = env.poller.ctx
        email = ctx.account["email"]
        key = next(k for k in ctx.account if k not in ("customized", "type", "email"))
        await customize(env.poller, email, key, "mine")
        assert customized(ctx.account) == {key: "mine"}
        user_id = env.poller.api.session.user_id
        assert user_id
        await customize(env.poller, user_id, key, "again")
        assert customized(ctx.account) == {key: "again"}


async def test_unknown_targets_and_keys_are_refused() -> None:
    """An unknown id, an unknown key and the reserved keys are refused with their reasons."""
    async with control_env("sb2_plus_plugs") as env:
        ctx = env.poller.ctx
        site_id = next(iter(ctx.sites))
        cases = [
            ("not-a-target", "battery_capacity", 1000, "customize_target_unknown"),
            ("", "battery_capacity", 1000, "customize_target_unknown"),
            (site_id, "no_such_key", 1, "customize_key_invalid"),
            (site_id, "customized", {}, "customize_key_invalid"),
            (site_id, "pv_forecast_details", {"trend": "up"}, "customize_value_invalid"),
            (site_id, "pv_forecast_details", [1, 2], "customize_value_invalid"),
        ]
        for target, key, value, reason in cases:
            with pytest.raises(SolixValidationError) as err:
                await customize(env.poller, target, key, value)
            assert err.value.reason == reason, (target, key)
        assert customized(ctx.sites[site_id]) == {}


async def test_site_forecast_and_plain_keys_are_stored() -> None:
    """A forecast with a trend list and a key the site has are stored as customized."""
    async with control_env("sb2_plus_plugs") as env:
        ctx = env.poller.ctx
        site_id = next(iter(ctx.sites))
        forecast = {"trend": [{"timestamp": 1749038400, "power": 120}], "forecast_24h": 3.2}
        await customize(env.poller, site_id, "pv_forecast_details", forecast)
        key = next(k for k in ctx.sites[site_id] if k not in ("customized", "type"))
        await customize(env.poller, site_id, key, "kept")
        assert customized(ctx.sites[site_id]) == {"pv_forecast_details": forecast, key: "kept"}


def test_capacity_range_of_unknown_models() -> None:
    """A model without a known unit capacity: from the calculated capacity, else the widest."""
    low, high = battery_capacity_range({"device_pn": "UNKNOWN", "battery_capacity": "2000"})
    assert (low, high) == (200, 12000)
    low, high = battery_capacity_range({"device_pn": "UNKNOWN"})
    assert low == 1
    assert high > 12000
