"""Typed Solarbank schedules (SB1) and plans (SB2 and newer), their validation and the pure
editing algorithms (protocol §6.6): no requests, no caches.

May import from the library: common.
"""

from .backup import plan_backup
from .model import (
    MODE_CODES,
    Sb1Schedule,
    SlotChange,
    sb1_limits,
    tariff_options,
    usage_mode_options,
)
from .plans import ManualBackup, Sb2Schedule, Season
from .sb1 import (
    Sb1Setup,
    Sb1Values,
    avoid_single_slot,
    change_current,
    clear_all,
    insert_interval,
    replace_all,
)
from .sb2 import (
    Sb2Limits,
    ac_payload,
    apply_slot_change,
    clear_plan,
    delete_ranges,
    edit_days,
    plan_for_mode,
    plan_payload,
    sb2_limits,
    set_current_power,
    target_days,
)
from .usetime import UseTimeEdit, modify_use_time, set_current_tariff

__all__ = [
    "MODE_CODES",
    "ManualBackup",
    "Sb1Schedule",
    "Sb1Setup",
    "Sb1Values",
    "Sb2Limits",
    "Sb2Schedule",
    "Season",
    "SlotChange",
    "UseTimeEdit",
    "ac_payload",
    "apply_slot_change",
    "avoid_single_slot",
    "change_current",
    "clear_all",
    "clear_plan",
    "delete_ranges",
    "edit_days",
    "insert_interval",
    "modify_use_time",
    "plan_backup",
    "plan_for_mode",
    "plan_payload",
    "replace_all",
    "sb1_limits",
    "sb2_limits",
    "set_current_power",
    "set_current_tariff",
    "target_days",
    "tariff_options",
    "usage_mode_options",
]
