"""SB2+ plan operations against the simulator (loopback, manual clock)."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, time, timedelta

import pytest

from custom_components.anker_solix.solixapi import control as ops
from custom_components.anker_solix.solixapi.common import (
    SolixNotAllowedError,
    SolixRequestError,
    SolixValidationError,
)
from custom_components.anker_solix.solixapi.schedule import SlotChange
from tests.schedule.loopback import GET_PARAM, SET_PARAM, loop

PRO = "LMXGZ1W1C003XF18"  # sb2_pro_meter_manual, Friday 11:45, weekday slot 09:00-17:00 180 W
PLUS = "961JPFEHEZLL1HAC"  # sb2_plus_plugs, Sunday 14:35, blend weekend slot 08:00-24:00 100 W
AC = "5XFBDC1JWED7U4AX"  # sb2_ac_usetime_backup, Wednesday 11:05, use_time, backup active
CASCADE_SB2, CASCADE_SB1 = "9V42QGHICX01LIMZ", "SGVTMIBVCPSUKOXY"  # sb2_cascaded_sb1, 14:40 Tue
SB3 = "CM64DY5TZN8S3OS1Y"  # sb3_shelly_dynamic, smart mode
BACKUP_END = 1741782600


def _r(start: str, end: str, power: int) -> dict[str, object]:
    return {"start_time": start, "end_time": end, "power": power}


async def test_manual_output_preset_round_trip_and_cooldown(socket_enabled: None) -> None:
    async with loop("sb2_pro_meter_manual") as lp:
        await ops.set_output_preset(lp.poller, PRO, 400)
        weekdays = lp.stored("6")["custom_rate_plan"][1]
        assert weekdays["week"] == [1, 2, 3, 4, 5]
        assert weekdays["ranges"][2] == _r("09:00", "17:00", 400)
        assert lp.poller.devices[PRO]["preset_system_output_power"] == 400
        assert (
            lp.poller.ctx.params[lp.site_id]["6"]["custom_rate_plan"][1]["ranges"][2]["power"]
            == 400
        )
        before = lp.requests()
        with pytest.raises(SolixNotAllowedError) as err:
            await ops.set_output_preset(lp.poller, PRO, 450)
        assert (err.value.reason, err.value.placeholders) == ("increase_blocked", {"seconds": "30"})
        assert lp.requests() == before
        lp.sim.clock.advance(30)
        await ops.set_output_preset(lp.poller, PRO, 450)
        assert lp.stored("6")["custom_rate_plan"][1]["ranges"][2]["power"] == 450


async def test_update_schedule_for_one_weekday_clones_the_element(socket_enabled: None) -> None:
    async with loop("sb2_pro_meter_manual") as lp:
        change = SlotChange(time(20, 0), time(23, 0), appliance_load=90, weekdays=frozenset({3}))
        await ops.update_schedule(lp.poller, PRO, change)
        plan = lp.stored("6")["custom_rate_plan"]
        assert [element["week"] for element in plan] == [[0, 6], [1, 2, 4, 5], [3]]
        assert [element["index"] for element in plan] == [0, 1, 2]
        assert plan[2]["ranges"][-3:] == [
            _r("17:00", "20:00", 350),
            _r("20:00", "23:00", 90),
            _r("23:00", "24:00", 150),
        ]


async def test_set_and_clear_weekend_plan(socket_enabled: None) -> None:
    async with loop("sb2_pro_meter_manual") as lp:
        change = SlotChange(time(0, 0), time(0, 0), appliance_load=300, weekdays=frozenset({0, 6}))
        await ops.set_schedule(lp.poller, PRO, change)
        assert lp.stored("6")["custom_rate_plan"][0]["ranges"] == [_r("00:00", "24:00", 300)]
        await ops.clear_schedule(lp.poller, PRO, weekdays=frozenset({0, 6}))
        assert [e["week"] for e in lp.stored("6")["custom_rate_plan"]] == [[1, 2, 3, 4, 5]]


async def test_usage_mode_switch(socket_enabled: None) -> None:
    async with loop("sb2_pro_meter_manual") as lp:
        await ops.set_usage_mode(lp.poller, PRO, "smartmeter")
        assert lp.stored("6")["mode_type"] == 1
        assert lp.poller.devices[PRO]["preset_usage_mode"] == 1
        assert lp.writes()[-1]["param_data"] == '{"mode_type":1,"manual_backup":{},"use_time":[]}'
        before = lp.requests()
        with pytest.raises(SolixNotAllowedError) as err:
            await ops.set_output_preset(lp.poller, PRO, 200)
        assert (err.value.reason, err.value.placeholders) == (
            "no_usable_plan",
            {"mode": "smartmeter"},
        )
        with pytest.raises(SolixNotAllowedError) as err:
            await ops.set_usage_mode(lp.poller, PRO, "smartplugs")
        assert err.value.reason == "usage_mode_unavailable"
        with pytest.raises(SolixValidationError) as err:
            await ops.set_usage_mode(lp.poller, PRO, "turbo")
        assert (err.value.reason, err.value.field) == ("usage_mode_invalid", "mode")
        assert lp.requests() == before


async def test_a_change_the_cloud_already_holds_writes_nothing(socket_enabled: None) -> None:
    """Choosing the mode the system already runs reads the plan once and writes nothing."""
    async with loop("sb2_pro_meter_manual") as lp:
        before = lp.requests()
        await ops.set_usage_mode(lp.poller, PRO, "manual")
        assert [r.path for r in lp.sim.recorder.records[before:]] == [GET_PARAM]
        assert lp.writes() == []
        assert lp.poller.devices[PRO]["preset_usage_mode"] == 3


async def test_fault_during_plan_write_keeps_the_old_plan(socket_enabled: None) -> None:
    async with loop("sb2_pro_meter_manual") as lp:
        stored, cached = lp.stored("6"), lp.poller.ctx.params[lp.site_id]["6"]
        lp.sim.faults.add(SET_PARAM, code=10000)
        with pytest.raises(SolixRequestError):
            await ops.set_output_preset(lp.poller, PRO, 250)
        assert lp.stored("6") == stored
        assert lp.poller.ctx.params[lp.site_id]["6"] == cached
        assert lp.poller.devices[PRO]["preset_system_output_power"] == 180


async def test_smart_plug_mode_changes_the_blend_plan(socket_enabled: None) -> None:
    async with loop("sb2_plus_plugs") as lp:
        await ops.set_output_preset(lp.poller, PLUS, 70)
        schedule = lp.stored("6")
        assert schedule["blend_plan"][1]["ranges"][1] == _r("08:00", "24:00", 70)
        assert schedule["custom_rate_plan"][0]["ranges"] == [_r("00:00", "24:00", 200)]
        assert lp.poller.devices[PLUS]["preset_system_output_power"] == 70
        await ops.set_usage_mode(lp.poller, PLUS, "manual")
        assert lp.poller.devices[PLUS]["preset_system_output_power"] == 200


async def test_backup_window_tariff_and_use_time(socket_enabled: None) -> None:
    async with loop("sb2_ac_usetime_backup") as lp:
        with pytest.raises(SolixNotAllowedError) as err:
            await ops.set_output_preset(lp.poller, AC, 200)
        assert err.value.reason == "no_usable_plan"
        await ops.set_backup_charge(lp.poller, AC, enable=False)
        assert lp.stored("6")["manual_backup"]["switch"] is False
        entry = lp.poller.devices[AC]
        assert (entry["preset_backup_option"], entry["preset_usage_mode"]) == (False, 5)
        assert lp.writes()[-1]["param_data"].startswith('{"mode_type":5,"manual_backup":')
        start = datetime(2025, 3, 12, 20, 0, tzinfo=UTC)
        await ops.set_backup_charge(
            lp.poller, AC, enable=True, start=start, duration=timedelta(hours=2)
        )
        backup = lp.stored("6")["manual_backup"]
        assert backup == {
            "ranges": [
                {"start_time": int(start.timestamp()), "end_time": int(start.timestamp()) + 7200}
            ],
            "switch": True,
        }
        await ops.set_tariff(lp.poller, AC, price=0.33)
        season = lp.stored("6")["use_time"][0]
        assert {"price": "0.33", "type": 3} in season["weekday_price"]
        assert entry["preset_tariff_price"] == "0.33"
        await ops.set_tariff(lp.poller, AC, tariff="peak")
        assert lp.poller.devices[AC]["preset_tariff"] == 1
        await ops.modify_use_time(
            lp.poller,
            AC,
            start_month=7,
            end_month=12,
            day_type="all",
            start_hour=0,
            end_hour=24,
            tariff=None,
            price=None,
            delete=True,
        )
        assert [s["sea"] for s in lp.stored("6")["use_time"]] == [
            {"start_month": 1, "end_month": 6}
        ]


async def test_ac_refusals_send_no_request(socket_enabled: None) -> None:
    async with loop("sb2_ac_usetime_backup") as lp:
        before = lp.requests()
        with pytest.raises(SolixValidationError) as err:
            await ops.set_backup_charge(lp.poller, AC, start=datetime(2025, 3, 12, 20, 0))
        assert (err.value.reason, err.value.field) == ("datetime_not_aware", "start")
        with pytest.raises(SolixValidationError) as err:
            await ops.set_tariff(lp.poller, AC, tariff="cheap")
        assert err.value.reason == "tariff_invalid"
        with pytest.raises(SolixValidationError) as err:
            await ops.modify_use_time(
                lp.poller,
                AC,
                start_month=4,
                end_month=2,
                day_type="all",
                start_hour=0,
                end_hour=24,
                tariff="peak",
                price=None,
            )
        assert (err.value.reason, err.value.field) == ("month_range_invalid", "end_month")
        assert lp.requests() == before
    async with loop("sb2_pro_meter_manual") as lp:
        with pytest.raises(SolixNotAllowedError) as err:
            await ops.set_backup_charge(lp.poller, PRO, enable=True)
        assert err.value.reason == "ac_feature_missing"


async def test_cascaded_sb1_is_refused_and_follows_the_sb2(socket_enabled: None) -> None:
    async with loop("sb2_cascaded_sb1") as lp:
        before = lp.requests()
        with pytest.raises(SolixNotAllowedError) as err:
            await ops.set_output_preset(lp.poller, CASCADE_SB1, 200)
        assert err.value.reason == "sb1_schedule_enforced"
        with pytest.raises(SolixNotAllowedError):
            await ops.update_schedule(lp.poller, CASCADE_SB1, SlotChange(time(1), time(2)))
        assert lp.requests() == before
        await ops.set_output_preset(lp.poller, CASCADE_SB2, 300)
        enforced = lp.poller.ctx.params[lp.site_id]["4"]["ranges"][0]
        assert enforced["appliance_loads"][0]["power"] == 300  # SB1 device load re-read (§6.8)
        assert lp.poller.devices[CASCADE_SB1]["set_system_output_power"] == "300"


async def test_sb3_mode_and_backup(socket_enabled: None) -> None:
    async with loop("sb3_shelly_dynamic") as lp:
        await ops.set_usage_mode(lp.poller, SB3, "manual")
        assert lp.stored("6")["mode_type"] == 3
        assert lp.poller.devices[SB3]["preset_system_output_power"] == 200
        await ops.set_backup_charge(lp.poller, SB3, enable=True)
        backup = lp.stored("6")["manual_backup"]
        now = int(lp.sim.clock.now()) // 60 * 60
        assert backup["switch"] is True
        assert backup["ranges"][0]["start_time"] == now
        assert lp.poller.devices[SB3]["preset_usage_mode"] == 4


async def test_member_site_is_refused_without_request(socket_enabled: None) -> None:
    async with loop("member_sb3") as lp:
        serial = next(sn for sn, e in lp.poller.devices.items() if e.get("type") == "solarbank")
        before = lp.requests()
        for call in (
            ops.set_output_preset(lp.poller, serial, 200),
            ops.set_usage_mode(lp.poller, serial, "manual"),
            ops.get_schedule(lp.poller, serial),
            ops.clear_schedule(lp.poller, serial),
        ):
            with pytest.raises(SolixNotAllowedError) as err:
                await call
            assert err.value.reason == "not_owner"
        assert lp.requests() == before


async def test_requests_per_endpoint_stay_within_the_limit(socket_enabled: None) -> None:
    async with loop("sb2_pro_meter_manual") as lp:
        start = len(lp.sim.recorder.records)
        for watts in (300, 250, 200, 150, 120, 100, 90, 80):
            await ops.set_output_preset(lp.poller, PRO, watts)
        per_endpoint: dict[str, list[float]] = defaultdict(list)
        for record in lp.sim.recorder.records[start:]:
            per_endpoint[record.path].append(record.ts)
        assert len(per_endpoint) == 2  # get and set of the parameter only
        for stamps in per_endpoint.values():
            for index, ts in enumerate(stamps):
                assert len([t for t in stamps[index:] if t - ts < 62]) <= 10
        assert lp.stored("6")["custom_rate_plan"][1]["ranges"][2]["power"] == 80
