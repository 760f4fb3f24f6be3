"""SB1 schedule edits (§6.6 A–D) as pure functions on ``Sb1Schedule``.

Single-slot rule (§6.8): the cloud turns an SB1 schedule with exactly one slot into 0 W output.
Every edit here therefore ends with ``avoid_single_slot``: a lone slot is split into two slots
with identical values at the site's current minute (when that minute lies strictly inside the
slot), else in the middle of the slot. The device behaves exactly as with the one slot.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace

from ..common.errors import SolixNotAllowedError, SolixValidationError
from .model import (
    CHARGE_PRIORITY_RANGE,
    DEFAULT_CHARGE_PRIORITY,
    MINUTES_PER_DAY,
    NEW_SLOT_PRESET,
    NO_SLOT_PRESET,
    SB1_POWER_MODES,
    DevicePowerLoad,
    Sb1Limits,
    Sb1Schedule,
    Sb1Slot,
    SlotChange,
    check_range,
    sb1_limits,
)
from .spans import find_at, gap_around, insert_span, neighbour, sharing_edge


@dataclass(frozen=True)
class Sb1Values:
    """Values to apply to an SB1 slot; None keeps the slot's value."""

    system_power: int | None = None
    device_power: int | None = None
    allow_export: bool | None = None
    charge_priority: int | None = None
    discharge_priority: bool | None = None
    power_mode: int | None = None

    def is_empty(self) -> bool:
        """Nothing to change."""
        return all(value is None for value in vars(self).values())

    @classmethod
    def from_change(cls, change: SlotChange) -> Sb1Values:
        """The SB1 values of a set/update action."""
        return cls(
            system_power=change.appliance_load,
            device_power=change.device_load,
            allow_export=change.allow_export,
            charge_priority=change.charge_priority,
            discharge_priority=change.discharge_priority,
        )


@dataclass(frozen=True)
class Sb1Setup:
    """The device being changed and the SB1 serials of its site."""

    device_sn: str
    serials: tuple[str, ...]

    @property
    def count(self) -> int:
        """Number of SB1 units sharing the schedule."""
        return max(len(self.serials), 1)


def validate_values(schedule: Sb1Schedule, values: Sb1Values, setup: Sb1Setup) -> None:
    """Raise for values outside the schedule's limits or unsupported by it."""
    limits = sb1_limits(schedule, setup.count)
    if values.system_power is not None:
        check_range(values.system_power, limits.system_min, limits.system_max, "appliance_load")
    if values.device_power is not None:
        if setup.count > 1:
            check_range(values.device_power, limits.device_min, limits.device_max, "device_load")
        else:
            check_range(values.device_power, limits.system_min, limits.device_max, "device_load")
    if values.charge_priority is not None:
        check_range(values.charge_priority, *CHARGE_PRIORITY_RANGE, "charge_priority")
    if values.discharge_priority is not None and not schedule.discharge_supported:
        raise SolixNotAllowedError("discharge_priority_unsupported", field="discharge_priority")
    if values.power_mode is not None:
        if setup.count < 2:
            raise SolixNotAllowedError("power_mode_unsupported", field="power_mode")
        if values.power_mode not in SB1_POWER_MODES:
            raise SolixValidationError("power_mode_invalid", field="power_mode")


def _equal_loads(slot: Sb1Slot, setup: Sb1Setup, system: int) -> list[DevicePowerLoad]:
    serials = [load.device_sn for load in slot.device_power_loads or []] or list(setup.serials)
    share = round(system / max(len(serials), 1))
    return [DevicePowerLoad(serial, share) for serial in serials]


def _apply_device_power(
    slot: Sb1Slot, values: Sb1Values, setup: Sb1Setup, limits: Sb1Limits
) -> None:
    """Dual SB1 device preset (§6.6 D): advanced mode, own share, the rest split evenly."""
    device = values.device_power
    assert device is not None
    others = setup.count - 1
    system = values.system_power if values.system_power is not None else slot.power
    system = system if system is not None else NO_SLOT_PRESET
    system = min(
        max(system, device + limits.device_min * others), device + limits.device_max * others
    )
    loads = slot.device_power_loads or _equal_loads(slot, setup, system)
    other_share = round((system - device) / others)
    serials = [load.device_sn for load in loads]
    if setup.device_sn not in serials:
        serials.append(setup.device_sn)
    slot.device_power_loads = [
        DevicePowerLoad(serial, device if serial == setup.device_sn else other_share)
        for serial in serials
    ]
    slot.power = system
    slot.power_setting_mode = 2


def apply_values(
    slot: Sb1Slot, values: Sb1Values, schedule: Sb1Schedule, setup: Sb1Setup
) -> Sb1Slot:
    """A copy of ``slot`` with ``values`` applied (§6.6 D)."""
    slot = copy.deepcopy(slot)
    limits = sb1_limits(schedule, setup.count)
    dual = setup.count > 1
    if values.device_power is not None and dual:
        _apply_device_power(slot, values, setup, limits)
    elif values.device_power is not None or values.system_power is not None:
        system = values.device_power if values.device_power is not None else values.system_power
        slot.power = system
        if dual and system is not None:
            slot.power_setting_mode = 1
            slot.device_power_loads = _equal_loads(slot, setup, system)
        elif slot.device_power_loads is not None and system is not None:
            slot.device_power_loads = [DevicePowerLoad(setup.device_sn, system)]
    if values.power_mode is not None:
        slot.power_setting_mode = values.power_mode
        if values.power_mode == 1 and slot.power is not None:
            slot.device_power_loads = _equal_loads(slot, setup, slot.power)
    if values.allow_export is not None:
        slot.turn_on = values.allow_export
    if values.charge_priority is not None:
        slot.charge_priority = values.charge_priority
    if values.discharge_priority is not None and schedule.discharge_supported:
        slot.priority_discharge_switch = int(values.discharge_priority)
    return slot


def new_slot(schedule: Sb1Schedule, start: int, end: int, setup: Sb1Setup) -> Sb1Slot:
    """A slot with default values (§6.5), copying a neighbour's structure and appliance name."""
    base = neighbour(schedule.slots, start)
    slot = base.moved(start, end) if base is not None else Sb1Slot(start, end)
    slot.power = NEW_SLOT_PRESET
    slot.turn_on = True
    slot.charge_priority = DEFAULT_CHARGE_PRIORITY
    if schedule.discharge_supported or slot.priority_discharge_switch is not None:
        slot.priority_discharge_switch = 0
    if (base is not None and base.device_power_loads is not None) or setup.count > 1:
        slot.power_setting_mode = 1
        slot.device_power_loads = _equal_loads(slot, setup, NEW_SLOT_PRESET)
    if schedule.slots:
        slot.appliance_name = schedule.slots[0].appliance_name
    return slot


def avoid_single_slot(slots: list[Sb1Slot], minute: int) -> list[Sb1Slot]:
    """Split a lone slot in two identical halves (at ``minute`` if inside, else its middle)."""
    if len(slots) != 1:
        return slots
    slot = slots[0]
    cut = minute if slot.start < minute < slot.end else (slot.start + slot.end) // 2
    if not slot.start < cut < slot.end:
        raise SolixValidationError("slot_too_short", field="end_time")
    return [slot.moved(slot.start, cut), slot.moved(cut, slot.end)]


def _result(schedule: Sb1Schedule, slots: list[Sb1Slot], minute: int) -> Sb1Schedule:
    return replace(
        schedule, slots=avoid_single_slot(slots, minute), top=copy.deepcopy(schedule.top)
    )


def change_current(
    schedule: Sb1Schedule, minute: int, values: Sb1Values, setup: Sb1Setup
) -> Sb1Schedule:
    """Algorithm A: change the slot of ``minute``; fill a gap or an empty day first."""
    validate_values(schedule, values, setup)
    slots = list(schedule.slots)
    current = find_at(slots, minute)
    if current is None:
        start, end = gap_around(slots, minute, MINUTES_PER_DAY) or (0, MINUTES_PER_DAY)
        current = new_slot(schedule, start, end, setup)
        slots = insert_span(slots, current)
    slots = [apply_values(s, values, schedule, setup) if s is current else s for s in slots]
    return _result(schedule, slots, minute)


def replace_all(
    schedule: Sb1Schedule, change: SlotChange, minute: int, setup: Sb1Setup
) -> Sb1Schedule:
    """Algorithm B: one interval with the given values replaces every slot."""
    start, end = change.span()
    values = Sb1Values.from_change(change)
    validate_values(schedule, values, setup)
    slot = apply_values(new_slot(schedule, start, end, setup), values, schedule, setup)
    return _result(schedule, [slot], minute)


def insert_interval(
    schedule: Sb1Schedule, change: SlotChange, minute: int, setup: Sb1Setup
) -> Sb1Schedule:
    """Algorithm C: place the interval; unset values come from a slot sharing an edge."""
    start, end = change.span()
    values = Sb1Values.from_change(change)
    validate_values(schedule, values, setup)
    base = sharing_edge(schedule.slots, start, end)
    slot = base.moved(start, end) if base is not None else new_slot(schedule, start, end, setup)
    slot = apply_values(slot, values, schedule, setup)
    return _result(schedule, insert_span(schedule.slots, slot), minute)


def clear_all(schedule: Sb1Schedule) -> Sb1Schedule:
    """Delete every slot (the device then uses the app default of 200 W)."""
    return replace(schedule, slots=[], top=copy.deepcopy(schedule.top))


def current_preset(schedule: Sb1Schedule, minute: int) -> int:
    """System preset in effect at ``minute`` (200 W without a slot)."""
    slot = find_at(schedule.slots, minute)
    if slot is None or slot.power is None:
        return NO_SLOT_PRESET
    return slot.power if slot.turn_on is not False else 0
