"""A replay answers requests for ids the export does not hold, or for a device family the id
does not belong to, with the cloud's refusal instead of a made-up default."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from custom_components.anker_solix.solixapi import (
    SessionOptions,
    SolixApi,
    SolixNotFoundError,
    SolixRequestError,
)
from custom_components.anker_solix.solixapi.replay import ReplaySession
from tests.conftest import SCENARIOS

SITE = "24614b6c-ddaf-04a6-2cc1-f9141b7eeff7"  # sb2_plus_plugs: an SB2 site (no SB1, no AI)
SB2 = "961JPFEHEZLL1HAC"

type Call = Callable[[SolixApi], Awaitable[Any]]

REFUSED: dict[str, tuple[Call, type[Exception]]] = {
    "co2_unknown_site": (lambda api: api.get_co2_ranking("no-site"), SolixRequestError),
    "price_unknown_site": (lambda api: api.get_site_price("no-site"), SolixRequestError),
    "limits_unknown_site": (lambda api: api.get_power_limit("no-site"), SolixRequestError),
    "ai_unknown_site": (lambda api: api.get_ai_ems_status("no-site"), SolixRequestError),
    "ai_site_without_ai": (lambda api: api.get_ai_ems_status(SITE), SolixRequestError),
    "sb1_schedule_of_sb2_site": (lambda api: api.get_device_param(SITE, "4"), SolixNotFoundError),
    "sb1_load_of_sb2": (lambda api: api.get_device_home_load(SITE, SB2), SolixNotFoundError),
    "sb1_solar_of_sb2": (lambda api: api.get_compatible_process(SB2), SolixRequestError),
    "inverter_totals_of_sb2": (lambda api: api.get_pv_total_statistics(SB2), SolixRequestError),
    "inverter_price_of_sb2": (lambda api: api.get_pv_price(SB2), SolixRequestError),
    "unknown_vehicle": (lambda api: api.get_vehicle_details("no-vehicle"), SolixRequestError),
}


@pytest.mark.parametrize(("call", "error"), REFUSED.values(), ids=REFUSED.keys())
async def test_request_outside_the_export_is_refused(call: Call, error: type[Exception]) -> None:
    """The refusal is the cloud's error class; the request is counted as an error."""
    session = ReplaySession(SCENARIOS / "sb2_plus_plugs")
    with pytest.raises(error):
        await call(SolixApi(session))
    assert session.stats.requests_last_hour() == 2  # login and the refused request


async def test_the_same_requests_for_held_ids_are_answered() -> None:
    """The site's own price and power limits come from the export."""
    api = SolixApi(ReplaySession(SCENARIOS / "sb2_plus_plugs"))
    assert "price" in await api.get_site_price(SITE)
    assert (await api.get_power_limit(SITE))["device_info"]


async def test_an_endpoint_the_replay_does_not_know_is_a_request_error() -> None:
    """An unknown read endpoint is refused with code 404 and counted as an error; options are
    kept for display only."""
    session = ReplaySession(SCENARIOS / "sb2_plus_plugs")
    session.update_options(SessionOptions(request_delay=5.0, timeout=10.0, endpoint_limit=3))
    with pytest.raises(SolixRequestError) as err:
        await session.request("POST", "power_service/v1/app/get_something_new", {})
    assert err.value.code == 404
    assert session.options.request_delay == 5.0
    assert session.stats.requests_last_hour() == 2
