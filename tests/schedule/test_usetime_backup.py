"""Use-time season edits (§6.3.5) and AC charge window rules (§6.3.6), hand-worked."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from custom_components.anker_solix.solixapi.common import (
    SolixNotAllowedError,
    SolixValidationError,
)
from custom_components.anker_solix.solixapi.schedule import (
    ManualBackup,
    Season,
    UseTimeEdit,
    modify_use_time,
    plan_backup,
    set_current_tariff,
)

PEAK, MID, OFF, VALLEY = 1, 2, 3, 4


def _slots(*items: tuple[int, int, int]) -> list[dict[str, int]]:
    return [{"start_time": s, "end_time": e, "type": t} for s, e, t in items]


def _prices(**prices: str) -> list[dict[str, Any]]:
    codes = {"peak": PEAK, "mid": MID, "off": OFF, "valley": VALLEY}
    return [{"price": p, "type": codes[name]} for name, p in prices.items()]


def _season(start: int, end: int, **data: Any) -> dict[str, Any]:
    return {
        "sea": {"start_month": start, "end_month": end},
        "weekday": data.get(
            "weekday", _slots((0, 6, VALLEY), (6, 17, OFF), (17, 21, PEAK), (21, 24, VALLEY))
        ),
        "weekend": data.get("weekend", _slots((0, 8, VALLEY), (8, 24, OFF))),
        "weekday_price": data.get("weekday_price", _prices(valley="0.18", off="0.29", peak="0.42")),
        "weekend_price": data.get("weekend_price", _prices(valley="0.18", off="0.27")),
        "unit": "€",
        "is_same": data.get("is_same", False),
    }


def _plan(*seasons: dict[str, Any]) -> list[Season]:
    return [Season.from_json(season) for season in seasons]


def _json(seasons: list[Season]) -> list[dict[str, Any]]:
    return [season.to_json() for season in seasons]


def test_season_round_trip_keeps_unknown_keys() -> None:
    data = {**_season(1, 12), "extra_key": [1]}
    assert Season.from_json(data).to_json() == data


def test_editing_months_inside_a_season_splits_it() -> None:
    plan = _plan(_season(1, 6), _season(7, 12))
    edit = UseTimeEdit(3, 4, "weekday", 10, 12, PEAK, 0.55)
    result = modify_use_time(plan, edit, "€")
    assert [(s.start_month, s.end_month) for s in result] == [(1, 2), (3, 4), (5, 6), (7, 12)]
    edited = result[1].to_json()
    assert edited["weekday"] == _slots(
        (0, 6, VALLEY),
        (6, 10, OFF),
        (10, 12, PEAK),
        (12, 17, OFF),
        (17, 21, PEAK),
        (21, 24, VALLEY),
    )
    assert edited["weekday_price"] == _prices(valley="0.18", off="0.29", peak="0.55")
    assert edited["weekend"] == _season(1, 6)["weekend"]  # other day type untouched
    assert result[0].to_json() == _season(1, 2)


def test_deleting_hours_widens_the_slot_before_and_drops_unused_prices() -> None:
    result = modify_use_time(
        _plan(_season(1, 12)), UseTimeEdit(1, 12, "weekday", 17, 21, delete=True), "€"
    )
    assert result[0].to_json()["weekday"] == _slots((0, 6, VALLEY), (6, 21, OFF), (21, 24, VALLEY))
    assert result[0].to_json()["weekday_price"] == _prices(valley="0.18", off="0.29")


def test_deleting_a_whole_day_for_all_day_types_deletes_the_months() -> None:
    plan = _plan(_season(1, 6), _season(7, 12))
    result = modify_use_time(plan, UseTimeEdit(7, 12, "all", 0, 24, delete=True), "€")
    assert _json(result) == [_season(1, 6)]


def test_new_season_starts_off_peak_and_adjacent_tariffs_merge() -> None:
    result = modify_use_time(None, UseTimeEdit(1, 12, "all", 0, 6, VALLEY, 0.1), "£")
    season = result[0].to_json()
    assert season["weekday"] == season["weekend"] == _slots((0, 6, VALLEY), (6, 24, OFF))
    assert season["weekday_price"] == [
        {"price": "0.00", "type": OFF},
        {"price": "0.10", "type": VALLEY},
    ]
    assert season["unit"] == "£"
    merged = modify_use_time(result, UseTimeEdit(1, 12, "weekday", 6, 8, VALLEY), "£")
    assert merged[0].to_json()["weekday"] == _slots((0, 8, VALLEY), (8, 24, OFF))


def test_same_days_season_splits_into_weekday_and_weekend() -> None:
    same = _season(1, 12, is_same=True)
    result = modify_use_time(_plan(same), UseTimeEdit(1, 12, "weekend", 0, 24, MID, 0.3), "€")
    season = result[0].to_json()
    assert season["is_same"] is False
    assert season["weekday"] == same["weekday"]
    assert season["weekend"] == _slots((0, 24, MID))
    assert season["weekend_price"] == _prices(mid="0.30")


@pytest.mark.parametrize(
    ("edit", "reason", "field"),
    [
        (UseTimeEdit(0, 3, "all", 0, 24), "value_out_of_range", "start_month"),
        (UseTimeEdit(5, 3, "all", 0, 24), "month_range_invalid", "end_month"),
        (UseTimeEdit(1, 3, "all", 10, 10), "hour_range_invalid", "end_hour"),
        (UseTimeEdit(1, 3, "all", 0, 25), "value_out_of_range", "end_hour"),
        (UseTimeEdit(1, 3, "holiday", 0, 24), "day_type_invalid", "day_type"),
        (UseTimeEdit(1, 3, "all", 0, 24, 7), "tariff_invalid", "tariff"),
        (UseTimeEdit(1, 3, "all", 0, 24, 1, -1.0), "value_out_of_range", "price"),
    ],
)
def test_invalid_use_time_edits(edit: UseTimeEdit, reason: str, field: str) -> None:
    with pytest.raises(SolixValidationError) as err:
        modify_use_time(None, edit, "€")
    assert (err.value.reason, err.value.field) == (reason, field)


def test_current_tariff_and_price_of_the_current_hour() -> None:
    wednesday = datetime(2025, 3, 12, 11, 5)
    result = set_current_tariff(_plan(_season(1, 6), _season(7, 12)), wednesday, PEAK, 0.5)
    season = result[0].to_json()
    assert season["weekday"] == _slots(
        (0, 6, VALLEY), (6, 17, PEAK), (17, 21, PEAK), (21, 24, VALLEY)
    )
    assert season["weekday_price"] == _prices(valley="0.18", off="0.29", peak="0.50")
    saturday = datetime(2025, 3, 15, 9, 0)
    priced = set_current_tariff(_plan(_season(1, 6)), saturday, None, 0.31)
    assert priced[0].to_json()["weekend_price"] == _prices(valley="0.18", off="0.31")
    with pytest.raises(SolixNotAllowedError) as err:
        set_current_tariff([], wednesday, PEAK, None)
    assert err.value.reason == "use_time_slot_missing"


NOW = 1_741_773_930  # 11:05:30 local, minute 1_741_773_900
MINUTE = 1_741_773_900
H = 3600


def _window(backup: ManualBackup) -> tuple[int | None, int | None, bool]:
    return backup.start, backup.end, backup.switch


def test_backup_start_only_gets_three_hours_and_seconds_are_dropped() -> None:
    result = plan_backup(None, now=NOW, start=MINUTE + H + 42)
    assert _window(result) == (MINUTE + H, MINUTE + 4 * H, False)


@pytest.mark.parametrize(
    ("given", "reason", "field"),
    [
        ({"start": MINUTE + 2 * H, "end": MINUTE + H}, "backup_end_before_start", "end"),
        ({"start": MINUTE + H, "end": MINUTE + H}, "backup_end_before_start", "end"),
        ({"start": MINUTE + H, "end": MINUTE + H + 120}, "backup_window_too_short", "end"),
        ({"start": MINUTE - 60}, "backup_start_past", "start"),
        ({"end": MINUTE}, "backup_end_past", "end"),
    ],
    ids=["reversed", "equal", "short", "start-past", "end-past"],
)
def test_backup_windows_are_refused_not_changed(
    given: dict[str, float], reason: str, field: str
) -> None:
    """A given window is applied as given or refused (never swapped, stretched or moved)."""
    stored = ManualBackup(MINUTE + 3 * H, MINUTE + 4 * H, True)
    with pytest.raises(SolixValidationError) as err:
        plan_backup(stored, now=NOW, enable=True, **given)
    assert (err.value.reason, err.value.field) == (reason, field)


def test_backup_end_before_the_stored_start_is_refused() -> None:
    """Only an end, before the stored start: refused (formerly swapped)."""
    stored = ManualBackup(MINUTE + 3 * H, MINUTE + 4 * H, False)
    with pytest.raises(SolixValidationError) as err:
        plan_backup(stored, now=NOW, end=MINUTE + 2 * H)
    assert err.value.reason == "backup_end_before_start"
    assert _window(plan_backup(stored, now=NOW, end=MINUTE + 5 * H)) == (
        MINUTE + 3 * H,
        MINUTE + 5 * H,
        False,
    )


def test_backup_start_in_the_current_minute_is_accepted() -> None:
    assert _window(plan_backup(None, now=NOW, start=NOW, duration=600)) == (
        MINUTE,
        MINUTE + 600,
        False,
    )


def test_backup_duration_from_the_stored_start() -> None:
    stored = ManualBackup(MINUTE + H, MINUTE + 2 * H, True)
    assert _window(plan_backup(stored, now=NOW, duration=1800)) == (
        MINUTE + H,
        MINUTE + H + 1800,
        True,
    )


def test_enabling_an_ended_window_starts_it_now_with_its_length() -> None:
    stored = ManualBackup(MINUTE - 5 * H, MINUTE - 3 * H, False)
    assert _window(plan_backup(stored, now=NOW, enable=True)) == (MINUTE, MINUTE + 2 * H, True)
    assert _window(plan_backup(stored, now=NOW, enable=False)) == (
        MINUTE - 5 * H,
        MINUTE - 3 * H,
        False,
    )


def test_backup_refusals() -> None:
    with pytest.raises(SolixValidationError) as err:
        plan_backup(None, now=NOW)
    assert err.value.reason == "nothing_to_change"
    with pytest.raises(SolixValidationError) as err:
        plan_backup(None, now=NOW, duration=60)
    assert (err.value.reason, err.value.field) == ("value_out_of_range", "duration")
