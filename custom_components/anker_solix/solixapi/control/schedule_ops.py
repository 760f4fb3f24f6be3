"""Schedule and plan operations for Solarbanks (§6): output presets, SB1 presets, usage modes,
AC charge window, tariffs and the set/update/clear schedule actions.

Every operation checks ownership and features, validates against the cached schedule before any
request, then reads the parameter fresh, applies the change, writes it, reads it back, verifies it
(``SolixVerifyError``) and stores the read-back in the poller cache (``control_schedule_io``).
A refused or failed write leaves the cached and the cloud schedule as they were.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from ..common.errors import SolixNotAllowedError, SolixValidationError
from ..common.jsonutil import JsonDict
from ..poll.options import apply_option_lists
from ..poll.presets import SB2_SCHEDULE, apply_site_presets
from ..schedule.backup import plan_backup
from ..schedule.model import (
    MODE_CODES,
    MODE_PLANS,
    TARIFFS,
    WEEK_PLANS,
    Sb1Schedule,
    SlotChange,
    tariff_options,
    usage_mode_options,
)
from ..schedule.plans import PlanSlot, Sb2Schedule
from ..schedule.sb1 import (
    Sb1Setup,
    Sb1Values,
    change_current,
    clear_all,
    current_preset,
    insert_interval,
    replace_all,
)
from ..schedule.sb2 import (
    ac_payload,
    apply_slot_change,
    check_power,
    clear_plan,
    edit_days,
    plan_for_mode,
    plan_payload,
    sb2_limits,
    set_current_power,
    target_days,
)
from ..schedule.spans import find_at
from ..schedule.usetime import UseTimeEdit, set_current_tariff
from ..schedule.usetime import modify_use_time as edit_use_time
from .schedule_io import (
    Sb1Edit,
    Sb1Presets,
    Sb2Edit,
    ScheduleTarget,
    SiteMoment,
    require_ac,
    reread_sb1,
    resolve_target,
    sb1_read_modify_write,
    sb2_read_modify_write,
)

if TYPE_CHECKING:
    from ..poll.poller import SolixPoller

__all__ = [
    "clear_schedule",
    "get_schedule",
    "modify_use_time",
    "set_backup_charge",
    "set_output_preset",
    "set_sb1_presets",
    "set_schedule",
    "set_tariff",
    "set_usage_mode",
    "tariff_options",
    "update_schedule",
    "usage_mode_options",
]


def _sb1_presets(serial: str) -> Sb1Presets:
    def presets(schedule: Sb1Schedule, minute: int) -> tuple[int | None, ...]:
        slot = find_at(schedule.slots, minute)
        own = None
        for load in (slot.device_power_loads if slot else None) or []:
            if load.device_sn == serial:
                own = load.power
        return current_preset(schedule, minute), own

    return presets


async def get_schedule(poller: SolixPoller, device_sn: str) -> JsonDict:
    """Fresh schedule (SB1: active device load schedule; SB2+: type 6), also stored in the cache."""
    target = resolve_target(poller, device_sn)
    if target.generation == 1:
        return await reread_sb1(target) or {}
    schedule = await poller.api.get_device_param(target.site_id, SB2_SCHEDULE)
    if schedule is None:
        return {}
    target.params()[SB2_SCHEDULE] = schedule
    apply_site_presets(target.ctx, target.site_id)
    return schedule


def _check_int(value: object, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        placeholders = {"field": name, "value": str(value)}
        raise SolixValidationError("value_invalid", field=name, placeholders=placeholders)


async def set_output_preset(poller: SolixPoller, device_sn: str, watts: int) -> None:
    """Output preset of the current interval (SB1 system preset; SB2+ plan of the mode)."""
    _check_int(watts, "watts")
    target = resolve_target(poller, device_sn)
    if target.generation == 1:
        values = Sb1Values(system_power=watts)
        await sb1_read_modify_write(
            target,
            lambda s, setup, minute: change_current(s, minute, values, setup),
            _sb1_presets(device_sn),
        )
        return
    models = target.models()

    def edit(schedule: Sb2Schedule, moment: SiteMoment) -> Sb2Schedule:
        name = plan_for_mode(schedule)
        check_power(watts, sb2_limits(schedule, models), "watts")
        plan = schedule.plan(name)
        days = target_days(plan, None, moment.weekday)

        def ranges(slots: list[PlanSlot]) -> list[PlanSlot]:
            return set_current_power(slots, moment.minute, watts)

        return schedule.with_plan(name, edit_days(plan, days, ranges))

    await sb2_read_modify_write(target, edit, plan_payload, cooldown=True)


async def set_sb1_presets(
    poller: SolixPoller,
    device_sn: str,
    *,
    device_power: int | None = None,
    allow_export: bool | None = None,
    charge_priority: int | None = None,
    discharge_priority: bool | None = None,
    power_mode: int | None = None,
) -> None:
    """SB1 presets of the current interval (device share for dual systems, §6.6 D)."""
    values = Sb1Values(
        device_power=device_power,
        allow_export=allow_export,
        charge_priority=charge_priority,
        discharge_priority=discharge_priority,
        power_mode=power_mode,
    )
    if values.is_empty():
        raise SolixValidationError("nothing_to_change")
    for name in ("device_power", "charge_priority", "power_mode"):
        if getattr(values, name) is not None:
            _check_int(getattr(values, name), name)
    target = resolve_target(poller, device_sn, sb1=True)
    await sb1_read_modify_write(
        target,
        lambda s, setup, minute: change_current(s, minute, values, setup),
        _sb1_presets(device_sn),
    )


async def _price_type_side_effect(target: ScheduleTarget, mode: int, schedule: Sb2Schedule) -> None:
    """Switching to use_time / time_slot also sets the site price type (§6.3.3)."""
    details = (target.ctx.sites.get(target.site_id) or {}).setdefault("site_details", {})
    fields: JsonDict = {}
    if mode == MODE_CODES["use_time"] and details.get("price_type") != "use_time":
        fields = {"price_type": "use_time"}
    provider = schedule.extra.get("dynamic_price")
    if mode == MODE_CODES["time_slot"] and isinstance(provider, dict):
        keys = ("country", "company", "area")
        fields = {"price_type": "dynamic", "dynamic_price": {k: provider.get(k) for k in keys}}
    if fields:
        await target.poller.api.update_site_price(target.site_id, **fields)
        details.update(fields)


def backup_running(schedule: Sb2Schedule, now: float) -> bool:
    """Whether the switched-on AC charge window runs at ``now`` (the cloud shows mode backup)."""
    window = schedule.manual_backup
    if window is None or not window.switch or window.start is None or window.end is None:
        return False
    return window.start <= now < window.end


def _mode_edit(code: int, name: str) -> Sb2Edit:
    def edit(schedule: Sb2Schedule, moment: SiteMoment) -> Sb2Schedule:
        if backup_running(schedule, moment.timestamp):
            # Backup (4) is no settable mode (§6.3.2): while the window runs, the cloud shows it
            # whatever mode is chosen, so the choice would not take effect.
            raise SolixNotAllowedError(
                "usage_mode_backup_active", field="mode", placeholders={"mode": name}
            )
        if code == MODE_CODES["use_time"] and not schedule.use_time:
            raise SolixNotAllowedError(
                "mode_plan_missing", field="mode", placeholders={"mode": name}
            )
        if code == MODE_CODES["time_slot"] and not schedule.extra.get("dynamic_price"):
            raise SolixNotAllowedError(
                "mode_plan_missing", field="mode", placeholders={"mode": name}
            )
        return replace(schedule, mode_type=code)

    return edit


async def set_usage_mode(poller: SolixPoller, device_sn: str, mode: str) -> None:
    """Usage mode of an SB2+ system; ``backup`` switches the AC charge window on."""
    if mode not in MODE_CODES:
        raise SolixValidationError(
            "usage_mode_invalid", field="mode", placeholders={"mode": str(mode)}
        )
    target = resolve_target(poller, device_sn, sb1=False)
    if "usage_mode_options" not in target.entry:
        apply_option_lists(target.ctx, target.site_id)  # normally done by the site details poll
    options = usage_mode_options(target.entry)
    if options and mode not in options:
        raise SolixNotAllowedError(
            "usage_mode_unavailable", field="mode", placeholders={"mode": mode}
        )
    if mode == "backup":
        await set_backup_charge(poller, device_sn, enable=True)
        return
    code = MODE_CODES[mode]
    payload = plan_payload if code in MODE_PLANS else ac_payload
    stored = await sb2_read_modify_write(target, _mode_edit(code, mode), payload)
    await _price_type_side_effect(target, code, stored)
    apply_site_presets(target.ctx, target.site_id)


def _aware(value: datetime | None, name: str) -> float | None:
    if value is None:
        return None
    if value.tzinfo is None or value.utcoffset() is None:
        raise SolixValidationError("datetime_not_aware", field=name)
    return value.timestamp()


async def set_backup_charge(
    poller: SolixPoller,
    device_sn: str,
    *,
    enable: bool | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    duration: timedelta | None = None,
) -> None:
    """AC charge window (``manual_backup``) of an AC model (§6.3.6 rules)."""
    start_ts, end_ts = _aware(start, "start"), _aware(end, "end")
    seconds = None if duration is None else duration.total_seconds()
    target = resolve_target(poller, device_sn, sb1=False)
    require_ac(target)

    def edit(schedule: Sb2Schedule, moment: SiteMoment) -> Sb2Schedule:
        window = plan_backup(
            schedule.manual_backup,
            now=moment.timestamp,
            enable=enable,
            start=start_ts,
            end=end_ts,
            duration=seconds,
        )
        return replace(schedule, manual_backup=window)

    await sb2_read_modify_write(target, edit, ac_payload)


def _tariff_code(tariff: str | None) -> int | None:
    if tariff is None:
        return None
    if tariff not in TARIFFS:
        raise SolixValidationError(
            "tariff_invalid", field="tariff", placeholders={"tariff": tariff}
        )
    return TARIFFS[tariff]


async def set_tariff(
    poller: SolixPoller, device_sn: str, *, tariff: str | None = None, price: float | None = None
) -> None:
    """Tariff of the current hour and/or the price of that tariff in the use-time plan."""
    code = _tariff_code(tariff)
    target = resolve_target(poller, device_sn, sb1=False)
    require_ac(target)

    def edit(schedule: Sb2Schedule, moment: SiteMoment) -> Sb2Schedule:
        seasons = set_current_tariff(schedule.use_time, moment.local, code, price)
        return replace(schedule, use_time=seasons)

    await sb2_read_modify_write(target, edit, ac_payload)


def _currency(target: ScheduleTarget) -> str:
    details = (target.ctx.sites.get(target.site_id) or {}).get("site_details") or {}
    unit = details.get("site_price_unit")
    return unit if isinstance(unit, str) and unit else "€"


async def modify_use_time(
    poller: SolixPoller,
    device_sn: str,
    *,
    start_month: int,
    end_month: int,
    day_type: str,
    start_hour: int,
    end_hour: int,
    tariff: str | None,
    price: float | None,
    delete: bool = False,
) -> None:
    """Edit the use-time plan for a month range, day type and hour range (§6.3.5)."""
    change = UseTimeEdit(
        start_month, end_month, day_type, start_hour, end_hour, _tariff_code(tariff), price, delete
    )
    change.validate()
    target = resolve_target(poller, device_sn, sb1=False)
    require_ac(target)
    unit = _currency(target)

    def edit(schedule: Sb2Schedule, _moment: SiteMoment) -> Sb2Schedule:
        return replace(schedule, use_time=edit_use_time(schedule.use_time, change, unit))

    await sb2_read_modify_write(target, edit, ac_payload)


def _sb1_change(change: SlotChange, *, whole: bool) -> Sb1Edit:
    def edit(schedule: Sb1Schedule, setup: Sb1Setup, minute: int) -> Sb1Schedule:
        if whole:
            return replace_all(schedule, change, minute, setup)
        return insert_interval(schedule, change, minute, setup)

    return edit


async def _apply_slot(
    poller: SolixPoller, device_sn: str, slot: SlotChange, *, whole: bool
) -> None:
    slot.span()
    target = resolve_target(poller, device_sn)
    if target.generation == 1:
        edit = _sb1_change(slot, whole=whole)
        await sb1_read_modify_write(target, edit, _sb1_presets(device_sn))
        return
    models = target.models()

    def sb2_edit(schedule: Sb2Schedule, moment: SiteMoment) -> Sb2Schedule:
        limits = sb2_limits(schedule, models)
        return apply_slot_change(schedule, slot, moment.weekday, limits, whole=whole)

    await sb2_read_modify_write(target, sb2_edit, plan_payload, cooldown=True)


async def set_schedule(poller: SolixPoller, device_sn: str, slot: SlotChange) -> None:
    """Algorithm B: the plan (SB2+: of the weekdays) becomes this one interval."""
    await _apply_slot(poller, device_sn, slot, whole=True)


async def update_schedule(poller: SolixPoller, device_sn: str, slot: SlotChange) -> None:
    """Algorithm C: insert or overwrite this interval, adjusting the neighbouring slots."""
    await _apply_slot(poller, device_sn, slot, whole=False)


async def clear_schedule(
    poller: SolixPoller,
    device_sn: str,
    *,
    plan: str | None = None,
    weekdays: frozenset[int] | None = None,
) -> None:
    """Delete the SB1 schedule, or an SB2+ plan (weekday plans: only the given weekdays)."""
    target = resolve_target(poller, device_sn)
    if target.generation == 1:
        await sb1_read_modify_write(target, lambda s, _setup, _minute: clear_all(s))
        return
    name = plan
    if name is None:
        cached = Sb2Schedule.from_json(target.params().get(SB2_SCHEDULE) or {})
        name = clear_plan(cached, None, weekdays)[1]
    payload = plan_payload if name in WEEK_PLANS else ac_payload

    def edit(schedule: Sb2Schedule, _moment: SiteMoment) -> Sb2Schedule:
        return clear_plan(schedule, name, weekdays)[0]

    await sb2_read_modify_write(target, edit, payload)
