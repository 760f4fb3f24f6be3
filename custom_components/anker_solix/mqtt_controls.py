"""Device controls over MQTT (issue 15): which settings become entities, their values, the write.

`MQTT_CONTROLS` names the device settings offered as entities; whether a device gets one, and
as which platform, follows from its model's command table (MQTT protocol §6.7): a parameter
with the options off/on becomes a switch, other options a select, a range a number. Only owners
of a device with live data get them (the live-data link's devices), and only while live data is
on. Settings the cloud Api changes too stay with the cloud control (one entity per setting):
the SOC reserve select (cut-off), the grid export switch and the output limits; Solarbank
station members (Power Dock) get no SOC limits here (the cloud's station settings drive them,
§6.6). The Solarbank SOC limits command also carries the backup-reserve switch, which no status
reports: a backup SOC change sends it on when the new backup SOC is above the cut-off; a cut-off
or max SOC change keeps the current switch (§6.7 "if not given: current"), read the same way from
the current values; so models that report no backup SOC (Solarbank 2) get no SOC limits over MQTT.

Every write goes through `helpers.async_run_write` (translated refusals, the cloud-polling-off
refusal) with the library's `mqtt_send_setting`: the new value shows at once (unconfirmed), a
status request confirms it, otherwise the old value comes back with the translated
``mqtt_not_confirmed`` error. The session sends at most one command per device per second.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from homeassistant.const import (
    PERCENTAGE,
    EntityCategory,
    Platform,
    UnitOfElectricCurrent,
    UnitOfPower,
    UnitOfTime,
)

from .context import ContextKind, SolixContext
from .entity_control import invalid_value, is_owner
from .helpers import async_run_write, publish_live
from .mqtt_forms import FORMS
from .mqtt_link import MqttLink, link_of
from .solixapi import (
    MqttParamSpec,
    SolixNotAllowedError,
    control,
    is_station_managed,
    mqtt_commands_setting,
    mqtt_send_settings,
    mqtt_status_name,
    mqtt_status_value,
)

if TYPE_CHECKING:
    from .coordinator import SolixCoordinator

SHOW_LOOK: Final = 0.05
"""Real seconds between two looks whether a sent value is in the live store yet."""
ON_OFF: Final = frozenset({"on", "off"})


@dataclass(frozen=True)
class MqttControlRow:
    """One device setting offered as an entity (its status name in the command tables)."""

    name: str
    category: EntityCategory | None = EntityCategory.CONFIG
    unit: str | None = None
    cloud_duplicate: bool = False
    """Not offered where the cloud control of the same setting exists (SOC reserve)."""
    station: bool = False
    """A Solarbank station setting: not for station-managed devices, needs the backup rule."""
    form: str = ""
    """How the value looks when it is no plain number (`mqtt_forms.FORMS`; platform too)."""


MQTT_CONTROLS: Final[tuple[MqttControlRow, ...]] = (
    MqttControlRow("ac_out_on", category=None),
    MqttControlRow("dc_out_on", category=None),
    MqttControlRow("ac_socket_on", category=None),
    MqttControlRow("display_on"),
    MqttControlRow("ac_fast_charge_on"),
    MqttControlRow("light_mode"),
    MqttControlRow("display_brightness_level"),
    MqttControlRow("display_off_s", unit=UnitOfTime.SECONDS),
    MqttControlRow("auto_off_min", unit=UnitOfTime.MINUTES),
    MqttControlRow("ac_out_mode"),
    MqttControlRow("car_port_mode"),
    MqttControlRow("temp_unit_f"),
    MqttControlRow("ac_out_auto_off_s", unit=UnitOfTime.SECONDS),
    MqttControlRow("dc_out_auto_off_s", unit=UnitOfTime.SECONDS),
    MqttControlRow("ac_charge_limit_w", unit=UnitOfPower.WATT),
    MqttControlRow("pv_limit_w", unit=UnitOfPower.WATT),
    MqttControlRow("discharge_cutoff_pct", unit=PERCENTAGE, cloud_duplicate=True, station=True),
    MqttControlRow("soc_max_pct", unit=PERCENTAGE, station=True),
    MqttControlRow("soc_backup_pct", unit=PERCENTAGE, station=True),
    MqttControlRow("timer_delay", unit=UnitOfTime.MINUTES, form="duration_min"),
    MqttControlRow("timer_target_on"),
    MqttControlRow("timer_state"),
    MqttControlRow("quiet_mode_on"),
    MqttControlRow("quiet_start_min", form="day_minute"),
    MqttControlRow("quiet_end_min", form="day_minute"),
    MqttControlRow("quiet_days", form="day_mask"),
    MqttControlRow("ev_current_limit_a", category=None, unit=UnitOfElectricCurrent.AMPERE),
    MqttControlRow("cable_lock"),
    MqttControlRow("auto_start_on"),
    MqttControlRow("auto_restart_on"),
    MqttControlRow("random_delay_on"),
    MqttControlRow("light_brightness_pct", unit=PERCENTAGE),
    MqttControlRow("swipe_up_action"),
    MqttControlRow("swipe_down_action"),
    MqttControlRow("touch_mode"),
    MqttControlRow("main_fuse_a", unit=UnitOfElectricCurrent.AMPERE),
    *(MqttControlRow(f"{port}_on", category=None) for port in ("usbc1", "usbc2", "usbc3", "usbc4")),
    MqttControlRow("usba_on", category=None),
)
"""The settings offered (document order of INFO.md). Left out on purpose: grid export and
output limits (cloud controls), the LED switch (its on/off meaning is not verified), usage
modes, schedules other than the S2000 silent schedule, theme and timer requests (§6.6), restart
and shutdown. The smart plug's delayed switching (`007e`) and the silent schedule (`0093`) carry
several values; the ones not changed are repeated from the device's latest status (§6.5).
EV charger: not its Modbus TCP switch (it opens an unauthenticated local port), schedules, load
balancing and solar charging (meter serials as text); its charge start/stop/boost are buttons
(`button_mqtt.py`); restart and shutdown only through the confirmed `device_power_action`
(`services_live.py`)."""


@dataclass(frozen=True)
class MqttControl:
    """A setting of one model: the row, the command parameter and the platform it becomes."""

    row: MqttControlRow
    param: MqttParamSpec
    platform: Platform
    live_name: str
    """Where the model's status reports the setting."""

    @property
    def key(self) -> str:
        """Entity key and translation key (``live_<setting>``, as the live sensors)."""
        return f"live_{self.row.name}"


def _platform(row: MqttControlRow, param: MqttParamSpec) -> Platform:
    """The form's platform; else switch for off/on options, select for other options, number
    for a range."""
    if row.form:
        return FORMS[row.form].platform
    labels = {label for _value, label in param.options}
    if labels == ON_OFF:
        return Platform.SWITCH
    if param.options:
        return Platform.SELECT
    return Platform.NUMBER


def _settable_param(pn: str, name: str) -> MqttParamSpec | None:
    """The parameter of the model's best command for `name` (offered, settable commands)."""
    for spec in mqtt_commands_setting(pn, name):
        if not spec.exposed or spec.kind != "setting":
            continue
        for param in spec.params:
            if param.name == name and not param.container:
                return param
    return None


@functools.cache
def model_controls(pn: str) -> tuple[MqttControl, ...]:
    """The controls a model's command table offers (reported settings only)."""
    found = []
    for row in MQTT_CONTROLS:
        param = _settable_param(pn, row.name)
        live_name = mqtt_status_name(pn, row.name)
        if param is None or live_name is None:
            continue
        if row.station and not _station_values_reported(pn):
            continue
        found.append(MqttControl(row, param, _platform(row, param), live_name))
    return tuple(found)


def _station_values_reported(pn: str) -> bool:
    """Solarbank SOC limits need cut-off, max and backup SOC in the status (backup rule).

    The portable power stations' SOC limits command carries only max SOC and cut-off.
    """
    params = {
        p.name
        for spec in mqtt_commands_setting(pn, "soc_max_pct")
        if spec.exposed
        for p in spec.params
    }
    needed = {"soc_max_pct", "discharge_cutoff_pct"}
    if "backup_reserve_on" in params:
        needed |= {"soc_backup_pct"}
    return all(mqtt_status_name(pn, name) is not None for name in needed)


def link_for(ctx: SolixContext) -> MqttLink | None:
    """The live-data link of a context's coordinator."""
    return link_of(ctx.coordinator)


def _pn(ctx: SolixContext) -> str:
    return str((ctx.entry or {}).get("device_pn") or "")


def _cloud_cutoff_control(ctx: SolixContext) -> bool:
    """Whether the cloud's SOC reserve select exists for the device (one entity per setting)."""
    entry, site = dict(ctx.entry or {}), dict(ctx.site or {})
    return bool(control.soc_reserve_options(entry, site))


def controls_for(ctx: SolixContext, platform: Platform) -> tuple[MqttControl, ...]:
    """The MQTT controls of a device context on one platform (owners with live data only)."""
    link = link_for(ctx)
    if link is None or not link.shows(ctx.key):
        return ()
    return device_controls(ctx, platform)


def device_controls(ctx: SolixContext, platform: Platform) -> tuple[MqttControl, ...]:
    """The MQTT controls a device context has on one platform while live data is on (owners)."""
    if ctx.kind is not ContextKind.DEVICE or ctx.entry is None or not is_owner(ctx):
        return ()
    station_managed = is_station_managed(dict(ctx.entry))
    found = []
    for item in model_controls(_pn(ctx)):
        if item.platform is not platform:
            continue
        if item.row.station and station_managed:
            continue
        if item.row.cloud_duplicate and _cloud_cutoff_control(ctx):
            continue
        found.append(item)
    return tuple(found)


def controlled_names(ctx: SolixContext) -> frozenset[str]:
    """Live values of a device shown by a control (they get no live sensor of their own)."""
    return frozenset(
        item.live_name for platform in PLATFORMS for item in controls_for(ctx, platform)
    )


PLATFORMS: Final = (Platform.SWITCH, Platform.SELECT, Platform.NUMBER, Platform.TIME, Platform.TEXT)


# ---- values -----------------------------------------------------------------------------
def command_value(pn: str, item: MqttControl, live: Any) -> float | None:
    """The command value a reported status value stands for (mode codings differ, §6.5)."""
    if isinstance(live, bool):
        live = int(live)
    if not isinstance(live, int | float):
        return None
    if item.param.options:
        for value, _label in item.param.options:
            if mqtt_status_value(pn, item.row.name, _whole(value)) == live:
                return float(value)
        return None
    return float(live)


def _whole(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def current_value(ctx: SolixContext, item: MqttControl) -> Any:
    """The setting's current value in command coding, or as its form shows it (None: live
    data has none)."""
    link = link_for(ctx)
    if link is None or not link.active:
        return None
    live = link.value(ctx.key, item.live_name)
    if item.row.form:
        return None if live is None else FORMS[item.row.form].read(live)
    return command_value(_pn(ctx), item, live)


def option_label(value: float, label: str) -> str:
    """A select option: its label, or the number itself for "one of" lists."""
    return label or f"{_whole(value)}"


def _live_number(ctx: SolixContext, *, name: str) -> float | None:
    """A reported number of the device (status name of the setting `name`)."""
    link = link_for(ctx)
    live_name = mqtt_status_name(_pn(ctx), name)
    value = link.value(ctx.key, live_name) if link is not None and live_name else None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _known(ctx: SolixContext, item: MqttControl, value: float) -> dict[str, Any]:
    """The backup-reserve switch the Solarbank SOC limits command needs (no status reports it):
    on when the backup SOC is above the cut-off, the new backup SOC when it is the change, else
    the current values (the switch is kept: the library may send the backup SOC clamped above a
    new cut-off, §6.5, which must not turn the reserve off or on)."""
    if not item.row.station or not _carries_backup(_pn(ctx)):
        return {}
    values = {
        name: _live_number(ctx, name=name) for name in ("discharge_cutoff_pct", "soc_backup_pct")
    }
    if item.row.name == "soc_backup_pct":
        values[item.row.name] = value
    cutoff, backup = values.get("discharge_cutoff_pct"), values.get("soc_backup_pct")
    if cutoff is None or backup is None:
        return {}
    return {"backup_reserve_on": 1 if backup > cutoff else 0}


def _carries_backup(pn: str) -> bool:
    """Whether the model's SOC limits command carries the backup-reserve switch."""
    return any(
        p.name == "backup_reserve_on"
        for spec in mqtt_commands_setting(pn, "soc_max_pct")
        for p in spec.params
    )


# ---- the write ----------------------------------------------------------------------------
async def async_send(
    coordinator: SolixCoordinator, ctx: SolixContext, item: MqttControl, value: Any
) -> None:
    """Send one setting through the one write path (see the module text); a value in a form
    (`mqtt_forms`) becomes its command value first."""
    link = link_of(coordinator)
    session = link.session if link is not None else None
    if link is None or session is None:
        raise invalid_value("live_data_off")
    if item.row.form:
        sent: int | float | str = FORMS[item.row.form].command(value)
        known: dict[str, Any] = {}
    else:
        sent = _whole(value)
        known = _known(ctx, item, value)
    settings: dict[str, Any] = {item.row.name: sent, **known}
    await async_run_write(
        coordinator,
        _send_shown(coordinator, link, ctx.key, item, settings),
        confirm=False,
        live=True,
    )


async def _send_shown(
    coordinator: SolixCoordinator,
    link: MqttLink,
    sn: str,
    item: MqttControl,
    settings: Mapping[str, Any],
) -> None:
    """Send, show the unconfirmed value as soon as the store holds it, wait for confirmation.

    The library marks the value in the live store right after the command left; the entities
    are told then (no message may follow when the device ignores the command).
    """
    session = link.session
    if session is None:
        raise SolixNotAllowedError("mqtt_not_connected")
    task = asyncio.ensure_future(mqtt_send_settings(session, sn, settings))
    try:
        while not task.done():
            if session.store.is_unconfirmed(sn, item.live_name):
                publish_live(coordinator)
                break
            await asyncio.wait({task}, timeout=SHOW_LOOK)
        await task
    finally:
        if not task.done():
            task.cancel()


def link_active(coordinator: SolixCoordinator) -> bool:
    """Whether the live-data session exists (the controls' source and path)."""
    link = link_of(coordinator)
    return link is not None and link.active


def live_number(name: str) -> Callable[[SolixContext], float | None]:
    """A dynamic limit: the device's reported value of setting `name` (§6.5)."""
    return functools.partial(_live_number, name=name)


def is_on(item: MqttControl, value: float | None) -> bool | None:
    """A switch state: whether the command value is the "on" option."""
    if value is None:
        return None
    return any(value == v and label == "on" for v, label in item.param.options)


def switch_value(item: MqttControl, on: bool) -> float:
    """The command value of the "on" or "off" option."""
    wanted = "on" if on else "off"
    return next(float(v) for v, label in item.param.options if label == wanted)


def select_options(item: MqttControl) -> list[str]:
    """A select's options (labels, or the numbers of a "one of" list)."""
    return [option_label(value, label) for value, label in item.param.options]


def select_current(item: MqttControl, value: float | None) -> str | None:
    """The option of a command value."""
    for option, label in item.param.options:
        if value == option:
            return option_label(option, label)
    return None


def select_value(item: MqttControl, option: str) -> float | None:
    """The command value of an option (None: not offered)."""
    for value, label in item.param.options:
        if option_label(value, label) == option:
            return float(value)
    return None
