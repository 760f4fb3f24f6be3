"""Read-modify-write plumbing of the schedule operations (checks, fresh read, write, verify).

Each change is first applied to the cached schedule as a dry run, so bad input and refusals
raise before any request. Then the parameter is read fresh, changed, written, read back,
verified, stored in ``ctx.params`` and the presets are recomputed (``apply_site_presets``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from ..common.errors import (
    SolixAuthError,
    SolixError,
    SolixNotAllowedError,
    SolixUnconfirmedError,
    SolixVerifyError,
)
from ..common.jsonutil import JsonDict, format_number, parse_number
from ..poll.devices import strip_unit
from ..poll.presets import SB1_SCHEDULE, SB2_SCHEDULE, apply_site_presets
from ..schedule.model import MODE_CODES, MODE_PLANS, NO_SLOT_PRESET, Sb1Schedule
from ..schedule.plans import Sb2Schedule
from ..schedule.sb1 import Sb1Setup
from ..schedule.sb2 import matches, plan_power_at, weekday_of

if TYPE_CHECKING:
    from ..poll.context import PollContext
    from ..poll.poller import SolixPoller

INCREASE_COOLDOWN_SECONDS = 30
CASCADED_SOLAR_MODEL = "A17CX"
AC_MODELS = frozenset({"A17C2", "A17C5"})
_COOLDOWN_MARK = "schedule_preset_change"


@dataclass(frozen=True)
class SiteMoment:
    """ "Now" at the site: minute of day (≥ 23:59:58 counts as 00:00), weekday (0 = Sunday)."""

    local: datetime
    timestamp: float

    @property
    def minute(self) -> int:
        """Minute used to select the current slot."""
        local = self.local
        if local.hour == 23 and local.minute == 59 and local.second >= 58:
            return 0
        return local.hour * 60 + local.minute

    @property
    def weekday(self) -> int:
        """Schedule weekday (0 = Sunday)."""
        return weekday_of(self.local.weekday())


@dataclass(frozen=True)
class ScheduleTarget:
    """The Solarbank an operation changes and its site."""

    poller: SolixPoller
    device_sn: str
    entry: JsonDict
    site_id: str

    @property
    def ctx(self) -> PollContext:
        """The poller's shared state."""
        return self.poller.ctx

    @property
    def generation(self) -> int:
        """Solarbank generation (1 = SB1)."""
        value = self.entry.get("generation")
        return value if isinstance(value, int) else 0

    def now(self) -> SiteMoment:
        """Site-local now."""
        return SiteMoment(self.ctx.site_now(self.site_id), self.ctx.now())

    def params(self) -> dict[str, JsonDict]:
        """Stored parameter objects of the site."""
        return self.ctx.params.setdefault(self.site_id, {})

    def banks(self, *, sb1: bool) -> list[JsonDict]:
        """Solarbank entries of the site (SB1 or SB2+)."""
        return [
            entry
            for entry in self.ctx.devices.values()
            if entry.get("site_id") == self.site_id
            and entry.get("type") == "solarbank"
            and (entry.get("generation") == 1) == sb1
        ]

    def models(self) -> list[str]:
        """Models of the site's SB2+ units."""
        return [str(entry.get("device_pn")) for entry in self.banks(sb1=False)]

    def sb1_setup(self) -> Sb1Setup:
        """The device and the SB1 serials sharing its schedule."""
        serials = tuple(sorted(str(entry.get("device_sn")) for entry in self.banks(sb1=True)))
        return Sb1Setup(self.device_sn, serials or (self.device_sn,))


def resolve_target(
    poller: SolixPoller, device_sn: str, *, sb1: bool | None = None
) -> ScheduleTarget:
    """The owned Solarbank ``device_sn``; refusals for members and the wrong generation."""
    entry = poller.ctx.devices.get(device_sn)
    if entry is None or entry.get("type") != "solarbank":
        raise SolixNotAllowedError("device_not_solarbank", field="device_sn")
    site_id = str(entry.get("site_id") or "")
    if not site_id or poller.ctx.is_member_site(site_id):
        raise SolixNotAllowedError("not_owner")
    target = ScheduleTarget(poller, device_sn, entry, site_id)
    if sb1 is not None and (target.generation == 1) != sb1:
        reason = "sb1_only" if sb1 else "sb2_only"
        raise SolixNotAllowedError(reason, field="device_sn")
    return target


def require_ac(target: ScheduleTarget) -> None:
    """AC charging features (backup window, use time) need an AC model (§6.3.1)."""
    model = target.entry.get("device_pn")
    if model not in AC_MODELS and "grid_to_battery_power" not in target.entry:
        raise SolixNotAllowedError("ac_feature_missing", field="device_sn")


def refuse_enforced(target: ScheduleTarget, schedule: Sb1Schedule) -> None:
    """A cascaded SB1 whose schedule the SB2 enforces cannot be edited (§6.2)."""
    solar_model = (target.entry.get("solar_info") or {}).get("solar_model")
    sb2 = target.params().get(SB2_SCHEDULE) or {}
    manual = sb2.get("mode_type") == MODE_CODES["manual"]
    if schedule.enforced or (solar_model == CASCADED_SOLAR_MODEL and manual):
        raise SolixNotAllowedError("sb1_schedule_enforced")


def check_cooldown(
    target: ScheduleTarget, before: tuple[int | None, ...], after: tuple[int | None, ...]
) -> None:
    """Refuse an increase of a preset within 30 s of the previous preset change."""
    increased = any(
        a is not None and (b is None or a > b) for b, a in zip(before, after, strict=False)
    )
    last = target.ctx.marks.get((_COOLDOWN_MARK, target.site_id))
    if not increased or not isinstance(last, int | float):
        return
    wait = INCREASE_COOLDOWN_SECONDS - (float(target.poller.api.session.clock()) - last)
    if wait > 0:
        raise SolixNotAllowedError(
            "increase_blocked", placeholders={"seconds": str(math.ceil(wait))}
        )


def mark_preset_change(target: ScheduleTarget) -> None:
    """Remember the time of a preset change (start of the increase cool-down)."""
    target.ctx.marks[(_COOLDOWN_MARK, target.site_id)] = float(target.poller.api.session.clock())


def sb2_preset(schedule: Sb2Schedule, moment: SiteMoment) -> int | None:
    """Output preset in effect now for the active mode's plan (None for planless modes)."""
    mode = schedule.mode_type
    name = MODE_PLANS.get(mode) if mode is not None else None
    if name is None:
        return None
    power = plan_power_at(schedule, name, moment.weekday, moment.minute)
    if power is not None:
        return power
    if mode == MODE_CODES["manual"]:
        default = schedule.extra.get("default_home_load")
        return default if isinstance(default, int) else NO_SLOT_PRESET
    return 0


def _unconfirmed(what: str, err: SolixError) -> SolixUnconfirmedError:
    """The error of an accepted write whose read-back failed."""
    return SolixUnconfirmedError(
        f"{what} written, read-back failed: {err.msg}", code=err.code, endpoint=err.endpoint
    )


# SB1 ------------------------------------------------------------------------------------

Sb1Edit = Callable[[Sb1Schedule, Sb1Setup, int], Sb1Schedule]
Sb1Presets = Callable[[Sb1Schedule, int], tuple[int | None, ...]]


async def sb1_read_modify_write(
    target: ScheduleTarget, edit: Sb1Edit, presets: Sb1Presets | None = None
) -> None:
    """Dry run on the cache, fresh read, edit, write type 4, read back, verify, store.

    A change the fresh schedule already holds writes nothing.
    """
    setup, minute = target.sb1_setup(), target.now().minute
    cached = Sb1Schedule.from_json(target.params().get(SB1_SCHEDULE))
    refuse_enforced(target, cached)
    planned = edit(cached, setup, minute)
    if presets is not None:
        check_cooldown(target, presets(cached, minute), presets(planned, minute))
    api = target.poller.api
    fresh = Sb1Schedule.from_json(
        (await api.get_device_home_load(target.site_id, target.device_sn)).get("home_load_data")
    )
    refuse_enforced(target, fresh)
    changed = edit(fresh, setup, minute)
    if presets is not None:
        check_cooldown(target, presets(fresh, minute), presets(changed, minute))
    sent = changed.to_json()
    if sent == fresh.to_json():
        # The cloud already holds the change: keep the fresh schedule, write nothing.
        target.params()[SB1_SCHEDULE] = sent
        apply_site_presets(target.ctx, target.site_id)
        return
    await api.set_device_param(target.site_id, SB1_SCHEDULE, sent)
    if presets is not None:
        mark_preset_change(target)
    try:
        back = await reread_sb1(target)
    except SolixAuthError:
        raise
    except SolixError as err:
        # Written, but not read back: show what was written until a poll confirms it.
        target.params()[SB1_SCHEDULE] = sent
        apply_site_presets(target.ctx, target.site_id)
        raise _unconfirmed("SB1 schedule", err) from err
    if Sb1Schedule.from_json(back).to_json()["ranges"] != sent["ranges"]:
        raise SolixVerifyError("SB1 schedule read back differs from the written one")


async def reread_sb1(target: ScheduleTarget) -> JsonDict | None:
    """Read the SB1 device load of the site, store schedule and applied presets (§4.3.3)."""
    banks = target.banks(sb1=True)
    if not banks:
        return None
    serials = [str(entry["device_sn"]) for entry in banks]
    queried = target.device_sn if target.device_sn in serials else serials[0]
    data = await target.poller.api.get_device_home_load(target.site_id, queried)
    schedule = data.get("home_load_data")
    if isinstance(schedule, dict):
        target.params()[SB1_SCHEDULE] = schedule
    system = strip_unit(data.get("current_home_load"))
    system_value = parse_number(system)
    device = strip_unit(data.get("parallel_home_load"))
    for entry in banks:
        if system_value is not None:
            entry["set_system_output_power"] = system
        if parse_number(device) is not None and entry["device_sn"] == queried:
            entry["set_output_power"] = device
        elif system_value is not None:
            entry["set_output_power"] = format_number(system_value / max(len(banks), 1))
    apply_site_presets(target.ctx, target.site_id)
    return schedule if isinstance(schedule, dict) else None


# SB2+ -----------------------------------------------------------------------------------

Sb2Edit = Callable[[Sb2Schedule, SiteMoment], Sb2Schedule]
Sb2Payload = Callable[[Sb2Schedule], JsonDict]


async def read_sb2(target: ScheduleTarget) -> Sb2Schedule:
    """Fresh type-6 schedule; refused when the site has none."""
    data = await target.poller.api.get_device_param(target.site_id, SB2_SCHEDULE)
    if data is None:
        raise SolixNotAllowedError("schedule_unavailable")
    return Sb2Schedule.from_json(data)


async def sb2_read_modify_write(
    target: ScheduleTarget, edit: Sb2Edit, payload: Sb2Payload, *, cooldown: bool = False
) -> Sb2Schedule:
    """Dry run on the cache, fresh read, edit, write the subset, read back, verify, store.

    A change the fresh plan already holds writes nothing (one read instead of three requests).
    """
    moment = target.now()
    cached = Sb2Schedule.from_json(target.params().get(SB2_SCHEDULE) or {})
    planned = edit(cached, moment)
    if cooldown:
        check_cooldown(target, (sb2_preset(cached, moment),), (sb2_preset(planned, moment),))
    fresh = await read_sb2(target)
    changed = edit(fresh, moment)
    if cooldown:
        check_cooldown(target, (sb2_preset(fresh, moment),), (sb2_preset(changed, moment),))
    sent = payload(changed)
    if matches(sent, fresh):
        # The cloud already holds the change: keep the fresh plan, write nothing.
        target.params()[SB2_SCHEDULE] = fresh.to_json()
        apply_site_presets(target.ctx, target.site_id)
        return fresh
    api = target.poller.api
    await api.set_device_param(target.site_id, SB2_SCHEDULE, sent)
    if cooldown:
        mark_preset_change(target)
    try:
        back = await api.get_device_param(target.site_id, SB2_SCHEDULE)
        if back is not None:
            target.params()[SB2_SCHEDULE] = back
        if target.banks(sb1=True):
            await reread_sb1(target)  # the enforced SB1 schedule follows the SB2 mode (§6.8)
    except SolixAuthError:
        raise
    except SolixError as err:
        # Written, but not read back: show what was written until a poll confirms it.
        if not matches(sent, Sb2Schedule.from_json(target.params().get(SB2_SCHEDULE) or {})):
            target.params()[SB2_SCHEDULE] = {**fresh.to_json(), **sent}
        apply_site_presets(target.ctx, target.site_id)
        raise _unconfirmed("SB2 schedule", err) from err
    apply_site_presets(target.ctx, target.site_id)
    stored = Sb2Schedule.from_json(back)
    if back is None or not matches(sent, stored):
        raise SolixVerifyError("SB2 schedule read back differs from the written one")
    return stored
