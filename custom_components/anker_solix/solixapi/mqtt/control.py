"""Device controls over MQTT (issue 15; MQTT protocol §6.1, §6.4–6.7).

`send_setting(session, sn, name, value)` / `send_settings(session, sn, {name: value})` pick the
model's command that sets those status values (or `command=` by id), check every parameter against
the command table before anything is sent — options, range and step, dynamic limits, which other
fields carry the current values (from the session's live value store, else `known`), derived
fields — and refuse with a `SolixControlError` and a reason; then they send the command on the
device's command topic (owned devices only, at most one command per device per second: the
session's rules). The live value store shows the new values at once, marked unconfirmed; a status
request follows, and a message carrying the values confirms them. Without one within
`confirm_within` seconds of the session clock the previous values come back and
`MqttNotConfirmedError` is raised. Restart and shutdown commands need `confirm=True`.

Reasons (translation keys under ``exceptions``): ``mqtt_device_unknown``,
``mqtt_device_not_owned``, ``mqtt_device_refused``, ``mqtt_not_connected`` (session),
``mqtt_setting_unknown``, ``mqtt_command_not_exposed``, ``mqtt_command_unsupported``,
``mqtt_confirm_required``, ``mqtt_value_missing``, ``mqtt_value_type``, ``mqtt_value_option``,
``mqtt_value_range``, ``mqtt_value_step``, ``mqtt_value_text``,
``mqtt_power_action_unsupported`` and ``mqtt_not_confirmed``.

Commands whose table row names a payload ``encoding_type`` (§3.4) are sent with it.
Action commands (EV charger charge start/stop/boost) are confirmed by the status value their
effect shows in (`control_values.ACTION_EFFECTS`). `send_power_action(session, sn, action,
confirm=True)` restarts or shuts down a device whose table has such a command (§6.6: the
alternator charger's shutdown needs a button press on the device to power it on again); no
status reports it, so it is not confirmed.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..common.errors import SolixNotAllowedError, SolixValidationError, SolixVerifyError
from .cmdmaps import (
    KIND_POWER,
    KIND_REQUEST,
    CommandSpec,
    ParamSpec,
    command_by_id,
    commands_for,
    commands_setting,
)
from .command_codec import CommandValue, check_value, encode_command, supported
from .control_values import action_effect, command_value, status_name, status_value
from .maps import value_specs
from .policy import check_command_target
from .store import same_value

if TYPE_CHECKING:
    from .session import MqttSession

CONFIRM_TIMEOUT = 20.0
"""Session-clock seconds a commanded value may stay unconfirmed."""
CONFIRM_POLL = 0.05
"""Real seconds between two looks at the live value store while waiting."""


class MqttNotConfirmedError(SolixVerifyError):
    """The device did not report the commanded values in time; the previous values are back."""

    reason = "mqtt_not_confirmed"

    def __init__(self, names: list[str]) -> None:
        """Name the values that were not confirmed."""
        self.field: str | None = names[0] if names else None
        self.placeholders = {"names": ", ".join(names)}
        super().__init__(f"mqtt_not_confirmed: {', '.join(names)}")


@dataclass(frozen=True)
class ControlResult:
    """What a control sent and what the device confirmed."""

    command: str
    """Id of the command sent (§6.7 title as a slug)."""
    msg_type: str
    values: dict[str, CommandValue]
    """Every parameter value sent (table units, command coding)."""
    confirmed: tuple[str, ...]
    """Status names a device message confirmed."""
    unreported: tuple[str, ...]
    """Given names the model's status messages do not carry (cannot be confirmed, §6.4)."""


def _spec_for(pn: str, names: list[str], command: str | None) -> CommandSpec:
    """The command to send: the given id, else the best command carrying every given name."""
    if command is not None:
        spec = command_by_id(pn, command)
        if spec is None:
            raise SolixValidationError(
                "mqtt_setting_unknown", field=command, placeholders={"name": command}
            )
        return spec
    if not names:
        raise SolixValidationError("mqtt_value_missing", field=None, placeholders={"name": ""})
    for spec in commands_setting(pn, names[0]):
        if all(name in spec.names() for name in names):
            return spec
    raise SolixValidationError(
        "mqtt_setting_unknown", field=names[0], placeholders={"name": names[0]}
    )


def _named(spec: CommandSpec) -> dict[str, str]:
    """The placeholder naming a command (its title as in §6.7)."""
    return {"command": spec.title}


def _allowed(spec: CommandSpec, *, confirm: bool) -> None:
    """Refuse requests, commands the reference does not offer, unwritable ones, and restart or
    shutdown without confirmation (§6.6)."""
    if spec.kind == KIND_REQUEST or not spec.exposed:
        raise SolixNotAllowedError(
            "mqtt_command_not_exposed", field=spec.id, placeholders=_named(spec)
        )
    if not supported(spec):
        raise SolixNotAllowedError(
            "mqtt_command_unsupported", field=spec.id, placeholders=_named(spec)
        )
    if spec.kind == KIND_POWER and not confirm:
        raise SolixNotAllowedError(
            "mqtt_confirm_required", field=spec.id, placeholders=_named(spec)
        )


class _Current:
    """Current values in command coding: the live value store first, then `known`."""

    def __init__(
        self, session: MqttSession, sn: str, pn: str, known: Mapping[str, CommandValue]
    ) -> None:
        self._session, self._sn, self._pn, self._known = session, sn, pn, known

    def get(self, name: str) -> CommandValue | None:
        live_name = status_name(self._pn, name)
        live = self._session.store.get(self._sn, live_name) if live_name else None
        if live is not None and isinstance(live.value, int | float | str):
            return command_value(self._pn, name, live.value)
        return self._known.get(name)


def resolve_values(
    spec: CommandSpec,
    given: Mapping[str, object],
    current: _Current | Mapping[str, CommandValue],
) -> dict[str, CommandValue]:
    """Every parameter value of `spec`: given ones checked, others filled, defaulted or derived.

    Raises `SolixValidationError` for an unknown, missing or invalid value.
    """
    named = {p.name for p in spec.params if p.name and not p.container}
    for name in given:
        if name not in named:
            raise SolixValidationError(
                "mqtt_setting_unknown", field=name, placeholders={"name": name}
            )
    values: dict[str, CommandValue] = {}
    later: list[ParamSpec] = []
    for param in spec.params:
        if param.container or not param.name or param.name in values:
            continue
        if param.name in given:
            values[param.name] = given[param.name]  # type: ignore[assignment]
        elif param.derive or param.rule:
            later.append(param)
        elif param.fill is not None and (filled := current.get(param.fill)) is not None:
            values[param.name] = filled
        elif param.default is not None:
            values[param.name] = param.default
        else:
            raise SolixValidationError(
                "mqtt_value_missing", field=param.name, placeholders={"name": param.name}
            )
    for param in spec.params:
        if param.container or not param.name or param.name not in values:
            continue
        low = _limit(param.min_from, values, current)
        high = _limit(param.max_from, values, current)
        value = values[param.name]
        if param.clamp is not None and param.name not in given and low is not None:
            low_gap, high_gap = param.clamp
            top = high if high is not None else param.maximum
            value = max(low + low_gap, min(float(value), (top or 100) - high_gap))
        values[param.name] = check_value(param, value, minimum=low, maximum=high)
    for param in later:
        values[param.name] = _derived(spec, param, values)
    return values


def _limit(
    name: str | None,
    values: Mapping[str, CommandValue],
    current: _Current | Mapping[str, CommandValue],
) -> float | None:
    """A dynamic limit: the command's own value of `name`, else the current one (§6.5)."""
    if name is None:
        return None
    value = values.get(name, current.get(name))
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _derived(
    spec: CommandSpec, param: ParamSpec, values: Mapping[str, CommandValue]
) -> CommandValue:
    """A derived field (§6.5 "derived from …") or a named rule."""
    if param.rule == "auto_off_active":
        # AS200: 0 when auto-off is disabled (bc = 1), else the minutes of bb.
        return 0 if values.get("auto_off_disabled") == 1 else values.get("auto_off_min", 0)
    first = next(p for p in spec.params if p.name and not p.container)
    source = values.get(first.name)
    for key, derived in param.derive:
        if source == key:
            return derived
    raise SolixValidationError(
        "mqtt_value_option",
        field=first.name,
        placeholders={
            "value": str(source),
            "options": ", ".join(f"{k:g}" for k, _ in param.derive),
        },
    )


async def send_settings(
    session: MqttSession,
    sn: str,
    settings: Mapping[str, object],
    *,
    command: str | None = None,
    confirm: bool = False,
    known: Mapping[str, CommandValue] | None = None,
    confirm_within: float = CONFIRM_TIMEOUT,
) -> ControlResult:
    """Check, send and confirm one command setting `settings` (status name → value).

    See the module text. `known` supplies current values the live store lacks (e.g. from the
    cloud); `confirm` is required for restart/shutdown commands.
    """
    device = check_command_target(session.devices.get(sn))
    spec = _spec_for(device.pn, list(settings), command)
    _allowed(spec, confirm=confirm)
    values = resolve_values(spec, settings, _Current(session, sn, device.pn, known or {}))
    frame = encode_command(spec, values, timestamp=session.now())
    await session.send_command(sn, frame, encoding_type=spec.payload_encoding)
    reported = set(value_specs(device.pn))
    expected: dict[str, CommandValue] = {}
    unreported: list[str] = []
    for name in settings:
        live_name = status_name(device.pn, name)
        effect = action_effect(device.pn, name, values[name])
        if live_name is not None and live_name in reported:
            expected[live_name] = status_value(device.pn, name, values[name])
        elif effect is not None and effect[0] in reported:
            expected[effect[0]] = effect[1]
        else:
            unreported.append(name)
    now = session.now()
    for live_name, value in expected.items():
        session.store.set_unconfirmed(sn, live_name, value, now)
    result = ControlResult(spec.id, spec.msg_type, values, tuple(expected), tuple(unreported))
    if not expected:
        return result
    await _confirm(session, sn, expected, deadline=now + confirm_within)
    return result


async def _confirm(
    session: MqttSession, sn: str, expected: Mapping[str, CommandValue], *, deadline: float
) -> None:
    """Ask for a status and wait until the store confirms `expected` or `deadline` passes."""
    store = session.store
    with contextlib.suppress(SolixNotAllowedError):
        # A dropped connection: a later regular message may still confirm.
        await session.request_status(sn)
    # The deadline is on the session clock (a simulator's manual clock in tests), which no
    # event can announce, so the store is looked at in short real-time steps.
    while store.unconfirmed(sn) & set(expected) and session.now() < deadline:  # noqa: ASYNC110
        await asyncio.sleep(CONFIRM_POLL)
    missing = [name for name in expected if store.settle(sn, name)]
    if missing:
        raise MqttNotConfirmedError(missing)
    for name, value in expected.items():
        live = store.get(sn, name)
        if live is None or not same_value(live.value, value):
            raise MqttNotConfirmedError([name])


async def send_setting(
    session: MqttSession,
    sn: str,
    name: str,
    value: object,
    *,
    command: str | None = None,
    confirm: bool = False,
    known: Mapping[str, CommandValue] | None = None,
    confirm_within: float = CONFIRM_TIMEOUT,
) -> ControlResult:
    """One setting: `send_settings(session, sn, {name: value}, ...)`."""
    return await send_settings(
        session,
        sn,
        {name: value},
        command=command,
        confirm=confirm,
        known=known,
        confirm_within=confirm_within,
    )


def power_commands(pn: str) -> dict[str, tuple[CommandSpec, ParamSpec]]:
    """The restart/shutdown actions of a model's table: action label → (command, parameter)."""
    found: dict[str, tuple[CommandSpec, ParamSpec]] = {}
    for spec in commands_for(pn):
        if spec.kind != KIND_POWER or not spec.exposed or not supported(spec):
            continue
        for param in spec.params:
            if param.container or not param.name:
                continue
            for _value, label in param.options:
                if label:
                    found.setdefault(label, (spec, param))
    return found


async def send_power_action(
    session: MqttSession, sn: str, action: str, *, confirm: bool = False
) -> ControlResult:
    """Restart or shut down a device (`action` is an option label of its power command).

    Refused without `confirm` (``mqtt_confirm_required``) and for a model whose table lacks
    the action (``mqtt_power_action_unsupported``), both before anything is sent.
    """
    device = check_command_target(session.devices.get(sn))
    found = power_commands(device.pn).get(action)
    if found is None:
        raise SolixNotAllowedError(
            "mqtt_power_action_unsupported", field=action, placeholders={"action": action}
        )
    spec, param = found
    return await send_settings(session, sn, {param.name: action}, command=spec.id, confirm=confirm)
