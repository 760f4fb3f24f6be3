"""Every write handler answers odd bodies with a reply instead of raising."""

from __future__ import annotations

from typing import Any

import pytest

from solixsim.reply import SimReply
from solixsim.scenario import ScenarioStore
from solixsim.writes import WRITE_HANDLERS
from tests.sim_dynamics.scenes import SB1_SN_A, SB3_SN
from tests.sim_dynamics.store_files import NOW, SB1_SITE, SB3_SITE

ODD_VALUES: list[Any] = [None, "", "x", 0, -1, True, 1.5, [], {}, [1, "a"], {"a": {"b": None}}]
KEYS = (
    "site_id",
    "param_type",
    "cmd",
    "param_data",
    "device_sn",
    "cutoff_data_id",
    "attributes",
    "main_switch",
    "device_list",
    "price",
    "price_type",
    "dynamic_price",
    "sn",
    "power",
    "tieredElecPrices",
    "vehicle_id",
    "user_vehicle_info",
    "vehicle_name",
)


def _bodies() -> list[dict[str, Any]]:
    """Bodies with one odd value per field on top of otherwise plausible requests."""
    base = {"site_id": SB3_SITE, "param_type": "6", "cmd": 17, "device_sn": SB3_SN, "sn": SB3_SN}
    bodies: list[dict[str, Any]] = [{}, base]
    for key in KEYS:
        bodies.extend({**base, key: value} for value in ODD_VALUES)
    for param_type in ("4", "6", "18"):
        for data in (
            '{"ranges":[{"start_time":"00:00"}]}',
            '{"ranges":"x"}',
            "[]",
            "null",
            '{"custom_rate_plan":[{"week":[1],"ranges":[{}]}]}',
            '{"id":null}',
            '{"manual_backup":{"ranges":[null]}}',
            '{"use_time":[1]}',
        ):
            for site_id in (SB3_SITE, SB1_SITE):
                bodies.append(
                    {"site_id": site_id, "param_type": param_type, "cmd": 17, "param_data": data}
                )
    bodies.append({"device_sn": SB1_SN_A, "attributes": {"power_limit": None}})
    return bodies


@pytest.mark.parametrize("endpoint", sorted(WRITE_HANDLERS))
def test_handlers_never_raise(store: ScenarioStore, endpoint: str) -> None:
    """Each odd body gets a SimReply (success, envelope error or HTTP 400)."""
    handler = WRITE_HANDLERS[endpoint]
    for body in _bodies():
        reply = handler(store, body, NOW)
        assert isinstance(reply, SimReply)
        assert reply.status in (200, 400)
        assert (reply.status == 400) == (reply.text is not None)
