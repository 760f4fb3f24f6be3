"""Setting commands to simulated devices (MQTT protocol §6.1, §6.4–6.7; issue 15).

A device finds the command a frame carries in its model's command table (the library's, the same
tables our client builds from), checks every value against it (options, range, dynamic limits from
its own state) and then takes the values into its settings: the next messages it publishes carry
them (under the status names of its field map, in status coding, §6.5). A command it cannot read
or that fails a check is ignored — no reply, no change — and counted, as is every command an
``ignore_commands`` fault swallows; a command the table does not describe is acknowledged with its
bare reply and changes nothing.

A command whose table row names a payload ``encoding_type`` (§3.4: EV charger ``0105``,
``0108``) must carry it, with a 32-hex ``seed`` in the head; one that does not (or a command
that carries an encoding type its row does not name) is refused (``encoding_type``, ``seed``).
Action commands take their effect into the state (`mqtt_action_effect`: a started charge reports
``ev_state`` 2). Restart and shutdown (§6.6): the device acknowledges, then goes silent — after a
restart for `RESTART_SILENT_S` clock seconds, after which it publishes its status again; after a
shutdown until `power_on(sn)` (the button on the device).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from custom_components.anker_solix.solixapi import (
    InboundMessage,
    SolixValidationError,
    mqtt_action_effect,
    mqtt_check_value,
    mqtt_decode_command,
    mqtt_is_command_seed,
    mqtt_status_name,
    mqtt_status_value,
    parse_frame,
    parse_message,
)
from custom_components.anker_solix.solixapi import MqttFrameError as FrameError

__all__ = [
    "APPLIED",
    "IGNORED",
    "INVALID",
    "RESTART_SILENT_S",
    "UNKNOWN",
    "CommandRecord",
    "DeviceControls",
    "command_frame",
    "command_message",
]

APPLIED = "applied"
INVALID = "invalid"
IGNORED = "ignored"
UNKNOWN = "unknown"
POWER_KIND = "power"
RESTART_SILENT_S = 30.0
"""Clock seconds a restarted device stays silent before it publishes again."""


def command_frame(topic: str, payload: bytes) -> bytes | None:
    """The frame of a command message (None when the envelope carries none)."""
    message = parse_message(topic, payload)
    return None if message is None else message.frame


def command_message(topic: str, payload: bytes) -> InboundMessage | None:
    """A command message (frame, payload ``encoding_type``, head); None without a frame."""
    message = parse_message(topic, payload)
    return None if message is None or message.frame is None else message


def _encoding_refusal(expected: int | None, message: InboundMessage | None) -> str:
    """Why a command's envelope does not fit its row's encoding type ("" when it does)."""
    if message is None:
        return ""
    if message.encoding_type != expected:
        return "encoding_type"
    if expected is not None and not mqtt_is_command_seed(message.head.get("seed")):
        return "seed"
    return ""


@dataclass(frozen=True)
class CommandRecord:
    """One setting command a device received: when (sim clock), what and what became of it."""

    sn: str
    at: float
    msg_type: str
    command: str
    outcome: str
    reason: str = ""


@dataclass
class DeviceControls:
    """The settings commands changed, per device, and the log of setting commands."""

    settings: dict[str, dict[str, Any]] = field(default_factory=dict)
    log: list[CommandRecord] = field(default_factory=list)
    offline: dict[str, float | None] = field(default_factory=dict)
    """Restarting (until a clock time) or shut-down (None: until `power_on`) devices."""
    power_log: list[tuple[str, float, str]] = field(default_factory=list)
    """(serial, clock time, ``restart`` | ``shutdown``) of every power command applied."""

    def is_offline(self, sn: str, now: float) -> bool:
        """Whether the device is restarting or shut down (it neither listens nor publishes)."""
        if sn not in self.offline:
            return False
        until = self.offline[sn]
        return until is None or now < until

    def back_online(self, now: float) -> list[str]:
        """Devices whose restart ended by `now` (each reported once: it publishes again)."""
        done = [sn for sn, until in self.offline.items() if until is not None and now >= until]
        for sn in done:
            del self.offline[sn]
        return done

    def power_on(self, sn: str) -> bool:
        """The power button of a shut-down device: it is back (True when it was off)."""
        return self.offline.pop(sn, 0.0) is None

    def seed(self, sn: str, values: Mapping[str, Any]) -> None:
        """Give a device setting values (status names) before any command, as a scenario would."""
        self.settings.setdefault(sn, {}).update(values)

    def overrides(self, sn: str, names: Mapping[str, object]) -> dict[str, Any]:
        """The device's settings among the value names of one message."""
        return {name: value for name, value in self.settings.get(sn, {}).items() if name in names}

    def counts(self, sn: str) -> dict[str, int]:
        """Setting commands of a device by outcome."""
        result = {APPLIED: 0, INVALID: 0, IGNORED: 0, UNKNOWN: 0}
        for record in self.log:
            if record.sn == sn:
                result[record.outcome] += 1
        return result

    def handle(
        self,
        pn: str,
        sn: str,
        frame: bytes,
        now: float,
        *,
        ignoring: bool,
        message: InboundMessage | None = None,
    ) -> str | None:
        """Take one command frame; the message type to acknowledge (applied, or not a setting
        of the table), None when it is ignored (invalid value or envelope, ``ignore_commands``
        fault). `message` is the envelope (its ``encoding_type`` and seed are checked)."""
        msg_type = frame[7:9].hex() if len(frame) >= 9 else ""
        if ignoring:
            self.log.append(CommandRecord(sn, now, msg_type, "", IGNORED, "fault"))
            return None
        try:
            decoded = mqtt_decode_command(pn, parse_frame(frame))
        except FrameError:
            decoded = None
        if decoded is None:
            # Not a setting of the model's table: acknowledged as received (§6.4), not applied.
            self.log.append(CommandRecord(sn, now, msg_type, "", UNKNOWN))
            return msg_type or None
        refusal = _encoding_refusal(decoded.spec.payload_encoding, message)
        if refusal:
            self.log.append(CommandRecord(sn, now, msg_type, decoded.spec.id, INVALID, refusal))
            return None
        state = self.settings.setdefault(sn, {})
        try:
            for param in decoded.spec.params:
                if param.container or not param.name or param.name not in decoded.values:
                    continue
                mqtt_check_value(
                    param,
                    decoded.values[param.name],
                    minimum=self._limit(pn, state, decoded.values, param.min_from),
                    maximum=self._limit(pn, state, decoded.values, param.max_from),
                )
        except SolixValidationError as err:
            self.log.append(CommandRecord(sn, now, msg_type, decoded.spec.id, INVALID, err.reason))
            return None
        for name, value in decoded.values.items():
            status = mqtt_status_name(pn, name)
            if status is not None and not isinstance(value, str):
                state[status] = mqtt_status_value(pn, name, value)
            effect = mqtt_action_effect(pn, name, value)
            if effect is not None:
                state[effect[0]] = effect[1]
        self.log.append(CommandRecord(sn, now, msg_type, decoded.spec.id, APPLIED))
        if decoded.spec.kind == POWER_KIND:
            self._power(sn, now, decoded.spec.params, decoded.values)
        return decoded.spec.msg_type

    def _power(self, sn: str, now: float, params: Any, values: Mapping[str, Any]) -> None:
        """A restart (silent for a while) or shutdown (silent until the button)."""
        labels = {
            label
            for param in params
            for option, label in param.options
            if param.name in values and values[param.name] == option
        }
        action = "shutdown" if "shutdown" in labels else "restart"
        self.offline[sn] = None if action == "shutdown" else now + RESTART_SILENT_S
        self.power_log.append((sn, now, action))

    @staticmethod
    def _limit(
        pn: str, state: Mapping[str, Any], values: Mapping[str, Any], name: str | None
    ) -> float | None:
        """A dynamic limit: the command's own value, else the device's setting (§6.5)."""
        if name is None:
            return None
        value = values.get(name)
        if value is None:
            status = mqtt_status_name(pn, name)
            value = state.get(status) if status is not None else None
        return float(value) if isinstance(value, int | float) else None
