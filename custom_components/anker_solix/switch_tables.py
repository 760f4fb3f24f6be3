"""Switch descriptions: cloud polling, firmware auto-upgrade, SB1 presets, backup charge, grid
export, vehicles."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from homeassistant.components.switch import SwitchEntityDescription
from homeassistant.const import EntityCategory

from .context import ContextKind, SolixContext
from .entity_control import (
    SOLARBANK,
    SolixControlDescription,
    generation,
    has_backup_window,
    has_key,
    is_type,
)
from .sensor_common import field
from .solixapi import SolixPoller, control, grid_export_supported, is_station_managed


@dataclass(frozen=True, kw_only=True)
class SolixSwitchDescription(SwitchEntityDescription, SolixControlDescription):
    """A switch of one context."""

    cloud_polling: bool = False
    """The account's local "Cloud polling" switch (no cloud write; restored at start)."""


def _cloud_polling(ctx: SolixContext) -> bool | None:
    """Whether the coordinator of the context polls the cloud."""
    return ctx.coordinator.cloud_polling if ctx.coordinator is not None else None


def _flag(path: str) -> Callable[[SolixContext], bool | None]:
    """A boolean read: booleans as they are, 0/1 as booleans, anything else None."""

    def read(ctx: SolixContext) -> bool | None:
        value = field(ctx.entry, path)
        if isinstance(value, bool):
            return value
        if isinstance(value, int):
            return bool(value)
        return None

    return read


def _sb1(ctx: SolixContext) -> bool:
    return is_type(ctx, "solarbank") and generation(ctx) == 1


def _discharge_priority_supported(ctx: SolixContext) -> bool:
    """SB1 firmware that shows the discharge priority (the schedule says so)."""
    return _sb1(ctx) and (
        bool(field(ctx.entry, "schedule.is_show_priority_discharge"))
        or field(ctx.entry, "preset_discharge_priority") is not None
    )


def _grid_export_supported(ctx: SolixContext) -> bool:
    """Grid export: the Power Dock of a station, else each SB2+ outside a station."""
    entry = ctx.entry or {}
    if "allow_grid_export" not in entry or ctx.site is None:
        return False
    if entry.get("type") != "combiner_box" and is_station_managed(dict(entry)):
        return False
    return grid_export_supported(dict(entry), dict(ctx.site))


async def _write_allow_export(poller: SolixPoller, key: str, value: bool) -> None:
    await control.set_sb1_presets(poller, key, allow_export=value)


async def _write_discharge_priority(poller: SolixPoller, key: str, value: bool) -> None:
    await control.set_sb1_presets(poller, key, discharge_priority=value)


async def _write_backup(poller: SolixPoller, key: str, value: bool) -> None:
    await control.set_backup_charge(poller, key, enable=value)


async def _write_default_vehicle(poller: SolixPoller, key: str, value: bool) -> None:
    """On: this vehicle becomes the default; off: the first other vehicle does."""
    if value:
        await control.set_default_vehicle(poller, key)
        return
    others = sorted(v for v in (poller.ctx.account.get("vehicles") or {}) if v != key)
    if others:
        await control.set_default_vehicle(poller, others[0])


SWITCHES: tuple[SolixSwitchDescription, ...] = (
    SolixSwitchDescription(
        key="allow_refresh",
        translation_key="cloud_polling",
        kind=ContextKind.ACCOUNT,
        entity_category=EntityCategory.CONFIG,
        owner_only=False,
        needs_value=False,
        always_available=True,
        cloud_polling=True,
        value_fn=_cloud_polling,
        supported_fn=lambda ctx: ctx.coordinator is not None,
    ),
    SolixSwitchDescription(
        key="auto_upgrade",
        translation_key="auto_upgrade",
        kind=ContextKind.DEVICE,
        entity_category=EntityCategory.CONFIG,
        exclude=("device_auto_upgrade",),
        value_fn=_flag("auto_upgrade"),
        supported_fn=lambda ctx: isinstance(field(ctx.entry, "auto_upgrade"), bool),
        write_fn=control.set_auto_upgrade,
    ),
    SolixSwitchDescription(
        key="preset_allow_export",
        translation_key="preset_allow_export",
        kind=ContextKind.DEVICE,
        exclude=SOLARBANK,
        value_fn=_flag("preset_allow_export"),
        supported_fn=lambda ctx: _sb1(ctx) and has_key("preset_allow_export")(ctx),
        write_fn=_write_allow_export,
        confirm=False,
    ),
    SolixSwitchDescription(
        key="preset_discharge_priority",
        translation_key="preset_discharge_priority",
        kind=ContextKind.DEVICE,
        exclude=SOLARBANK,
        value_fn=_flag("preset_discharge_priority"),
        supported_fn=_discharge_priority_supported,
        write_fn=_write_discharge_priority,
        confirm=False,
    ),
    SolixSwitchDescription(
        key="preset_backup_option",
        translation_key="preset_backup_option",
        kind=ContextKind.DEVICE,
        exclude=SOLARBANK,
        value_fn=_flag("preset_backup_option"),
        supported_fn=has_backup_window,
        write_fn=_write_backup,
        confirm=False,
    ),
    SolixSwitchDescription(
        key="allow_grid_export",
        translation_key="allow_grid_export",
        kind=ContextKind.DEVICE,
        exclude=SOLARBANK,
        value_fn=_flag("allow_grid_export"),
        supported_fn=_grid_export_supported,
        write_fn=control.set_grid_export,
    ),
    SolixSwitchDescription(
        key="default_vehicle",
        translation_key="default_vehicle",
        kind=ContextKind.VEHICLE,
        value_fn=_flag("is_default_vehicle"),
        supported_fn=has_key("is_default_vehicle"),
        write_fn=_write_default_vehicle,
    ),
)
