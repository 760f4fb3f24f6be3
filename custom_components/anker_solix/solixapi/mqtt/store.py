"""Live values per device: each decoded MQTT value with the time it arrived (issue 10).

Merge rule (MQTT protocol §7.3): the last value wins, except lifetime counters (names ending
`_energy_total`): they never go down and ignore 0 (a device restart reports 0 before it knows).
A device that stays silent longer than its allowance is marked standby and keeps its values.
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
