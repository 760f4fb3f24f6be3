"""Setting commands to simulated devices (MQTT protocol §6.1, §6.4–6.7; issue 15).

A device finds the command a frame carries in its model's command table (the library's, the same
tables our client builds from), checks every value against it (options, range, dynamic limits from
its own state) and then takes the values into its settings: the next messages it publishes carry
them (under the status names of its field map, in status coding, §6.5). A command it cannot read
or that fails a check is ignored — no reply, no change — and counted, as is every command an
``ignore_commands`` fault swallows; a command the table does not describe is acknowledged with its
bare reply and changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from custom_components.anker_solix.solixapi import MqttFrameError as FrameError
from custom_components.anker_solix.solixapi import (
    SolixValidationError,
    mqtt_check_value,
    mqtt_decode_command,
    mqtt_status_name,
    mqtt_status_value,
    parse_frame,
    parse_message,
)

__all__ = [
    "APPLIED",
    "IGNORED",
    "INVALID",
    "UNKNOWN",
    "CommandRecord",
    "DeviceControls",
    "command_frame",
]

APPLIED = "applied"
INVALID = "invalid"
IGNORED = "ignored"
UNKNOWN = "unknown"


def command_frame(topic: str, payload: bytes) -> bytes | None:
    """The frame of a command message (None when the envelope carries none)."""
    message = parse_message(topic, payload)
    return None if message is None else message.frame


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

    def handle(self, pn: str, sn: str, frame: bytes, now: float, *, ignoring: bool) -> str | None:
        """Take one command frame; the message type to acknowledge (applied, or not a setting
        of the table), None when it is ignored (invalid value, ``ignore_commands`` fault)."""
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
        self.log.append(CommandRecord(sn, now, msg_type, decoded.spec.id, APPLIED))
        return decoded.spec.msg_type

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
