"""Live values per device: each decoded MQTT value with the time it arrived (issue 10).

Merge rule (MQTT protocol §7.3): the last value wins, except lifetime counters (names ending
`_energy_total`): they never go down and ignore 0 (a device restart reports 0 before it knows).
A device that stays silent longer than its allowance is marked standby and keeps its values.
After a command the expected value is shown at once, marked unconfirmed (`set_unconfirmed`): a
message carrying that value confirms it; other values that arrive meanwhile are kept aside and
come back if the command is given up (`settle(..., confirmed=False)`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

Value = int | float | str | bool | None
"""A decoded MQTT value (scaled, units applied)."""

COUNTER_SUFFIX = "_energy_total"


class LiveValue(NamedTuple):
    """One value and the clock time it arrived at (unpacks as `(value, arrived_at)`)."""

    value: Value
    arrived_at: float


@dataclass
class DeviceLive:
    """The live state of one device."""

    values: dict[str, LiveValue] = field(default_factory=dict)
    last_message: float | None = None
    message_types: set[str] = field(default_factory=set)
    standby: bool = False
    pending: dict[str, tuple[Value, LiveValue | None]] = field(default_factory=dict)
    """Unconfirmed names: (expected value, the value to restore when not confirmed)."""


def same_value(first: Value, second: Value) -> bool:
    """Whether two live values are equal (bools as 0/1, numbers within rounding)."""
    if isinstance(first, int | float) and isinstance(second, int | float):
        return abs(float(first) - float(second)) < 1e-6
    return first == second


def _accepts(name: str, value: Value, old: LiveValue | None) -> bool:
    """Whether `value` may replace `old` (lifetime counters only grow and ignore 0)."""
    if not name.endswith(COUNTER_SUFFIX):
        return True
    if not isinstance(value, int | float) or isinstance(value, bool) or value <= 0:
        return False
    old_value = None if old is None else old.value
    if isinstance(old_value, int | float) and not isinstance(old_value, bool):
        return value >= old_value
    return True


class LiveValueStore:
    """Serial → value name → `LiveValue`, the last message time and the standby mark."""

    def __init__(self) -> None:
        """Start empty."""
        self._devices: dict[str, DeviceLive] = {}

    def update(
        self, sn: str, values: Mapping[str, Value], arrived_at: float, msg_type: str = ""
    ) -> set[str]:
        """Merge one message's values; return the names whose value changed or appeared.

        A message also ends the device's standby mark.
        """
        device = self._devices.setdefault(sn, DeviceLive())
        device.last_message = arrived_at
        device.standby = False
        if msg_type:
            device.message_types.add(msg_type)
        changed: set[str] = set()
        for name, value in values.items():
            old = device.values.get(name)
            if not _accepts(name, value, old):
                continue
            pending = device.pending.get(name)
            if pending is not None:
                if not same_value(pending[0], value):
                    device.pending[name] = (pending[0], LiveValue(value, arrived_at))
                    continue
                del device.pending[name]
            if old is None or old.value != value:
                changed.add(name)
            device.values[name] = LiveValue(value, arrived_at)
        return changed

    def get(self, sn: str, name: str) -> LiveValue | None:
        """The latest value `name` of device `sn`, or None."""
        device = self._devices.get(sn)
        return None if device is None else device.values.get(name)

    def values(self, sn: str) -> dict[str, LiveValue]:
        """A copy of every live value of `sn` (empty when none arrived)."""
        device = self._devices.get(sn)
        return {} if device is None else dict(device.values)

    def set_unconfirmed(self, sn: str, name: str, value: Value, now: float) -> None:
        """Show `value` for `name` at once, marked unconfirmed until a message carries it."""
        device = self._devices.setdefault(sn, DeviceLive())
        pending = device.pending.get(name)
        fallback = pending[1] if pending is not None else device.values.get(name)
        device.pending[name] = (value, fallback)
        device.values[name] = LiveValue(value, now)

    def is_unconfirmed(self, sn: str, name: str) -> bool:
        """Whether `name` of `sn` shows a commanded value no message has confirmed yet."""
        device = self._devices.get(sn)
        return device is not None and name in device.pending

    def unconfirmed(self, sn: str) -> set[str]:
        """The names of `sn` that show unconfirmed values."""
        device = self._devices.get(sn)
        return set() if device is None else set(device.pending)

    def settle(self, sn: str, name: str) -> bool:
        """Give up waiting for `name`: the value before the command (or a later reported one)
        comes back. Returns False when it was confirmed meanwhile (nothing changes)."""
        device = self._devices.get(sn)
        if device is None or name not in device.pending:
            return False
        _expected, fallback = device.pending.pop(name)
        if fallback is None:
            device.values.pop(name, None)
        else:
            device.values[name] = fallback
        return True

    def last_message(self, sn: str) -> float | None:
        """When the last message of `sn` arrived (None: never)."""
        device = self._devices.get(sn)
        return None if device is None else device.last_message

    def message_types(self, sn: str) -> set[str]:
        """The message types seen from `sn`."""
        device = self._devices.get(sn)
        return set() if device is None else set(device.message_types)

    def is_standby(self, sn: str) -> bool:
        """Whether `sn` has gone silent (its values are its last state, kept as such)."""
        device = self._devices.get(sn)
        return device is not None and device.standby

    def mark_standby(self, sn: str, now: float, allowance: float) -> bool:
        """Mark `sn` standby when its last message is older than `allowance`.

        Returns True when the mark changed. Devices without any message are not marked.
        """
        device = self._devices.get(sn)
        if device is None or device.last_message is None or device.standby:
            return False
        if now - device.last_message <= allowance:
            return False
        device.standby = True
        return True

    def snapshot(self, sn: str) -> dict[str, Any]:
        """JSON-serialisable live state of `sn` for diagnostics."""
        device = self._devices.get(sn)
        if device is None:
            return {}
        return {
            "last_message": device.last_message,
            "standby": device.standby,
            "message_types": sorted(device.message_types),
            "unconfirmed": sorted(device.pending),
            "values": {
                name: {"value": live.value, "arrived_at": live.arrived_at}
                for name, live in sorted(device.values.items())
            },
        }

    def serials(self) -> list[str]:
        """Serials with live data."""
        return sorted(self._devices)

    def clear(self, sn: str) -> None:
        """Forget everything of `sn` (refused subscription, device gone)."""
        self._devices.pop(sn, None)

    def keep_only(self, serials: Iterable[str]) -> None:
        """Forget devices not in `serials`."""
        wanted = set(serials)
        for sn in [sn for sn in self._devices if sn not in wanted]:
            del self._devices[sn]

    def clear_all(self) -> None:
        """Forget everything (session stopped)."""
        self._devices.clear()
