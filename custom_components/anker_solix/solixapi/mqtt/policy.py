"""When to ask devices for data (issue 10: polite to devices and to Anker).

* A status request (MQTT protocol §6.3) to every owned device when the connection comes up and
  then every `status_interval` seconds (default 60; 0 turns them off).
* The real-time trigger (§6.2) only on demand, 1–600 s, never renewed by us.
* At most one command per device per second; commands only to devices the account owns.
* A value is fresh for its device's allowance: twice the shorter of its own publishing cadence
  (§6.2: Solarbank 1 every 60 s, others every 300 s) and the status interval, plus a grace.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..common.errors import SolixNotAllowedError, SolixValidationError
from .device import MqttDevice

DEFAULT_STATUS_INTERVAL = 60.0
STATUS_INTERVAL_RANGE = (10.0, 3600.0)
REALTIME_RANGE = (1, 600)
COMMAND_GAP = 1.0
ALLOWANCE_GRACE = 15.0
OWN_CADENCE: dict[str, float] = {"A17C0": 60.0}
"""Seconds between the messages a model publishes on its own (others: DEFAULT_OWN_CADENCE)."""
DEFAULT_OWN_CADENCE = 300.0


def check_status_interval(seconds: float) -> float:
    """`seconds` if it is 0 (off) or inside STATUS_INTERVAL_RANGE, else a validation error."""
    low, high = STATUS_INTERVAL_RANGE
    if isinstance(seconds, bool) or not isinstance(seconds, int | float):
        seconds = -1
    if seconds != 0 and not low <= seconds <= high:
        raise SolixValidationError(
            "mqtt_status_interval",
            field="status_interval",
            placeholders={"min": f"{low:.0f}", "max": f"{high:.0f}"},
        )
    return float(seconds)


def check_realtime_seconds(seconds: int) -> int:
    """`seconds` if it is a whole number of seconds in REALTIME_RANGE, else a validation error."""
    low, high = REALTIME_RANGE
    if isinstance(seconds, bool) or not isinstance(seconds, int) or not low <= seconds <= high:
        raise SolixValidationError(
            "mqtt_realtime_duration",
            field="seconds",
            placeholders={"min": str(low), "max": str(high)},
        )
    return seconds


def check_command_target(device: MqttDevice | None) -> MqttDevice:
    """The device if commands may go to it: known to the session and owned by the account."""
    if device is None:
        raise SolixNotAllowedError("mqtt_device_unknown")
    if not device.owned:
        raise SolixNotAllowedError("mqtt_device_not_owned")
    return device


class LivePolicy:
    """Status-request schedule, real-time windows and the per-device command gap."""

    def __init__(
        self,
        clock: Callable[[], float],
        *,
        status_interval: float = DEFAULT_STATUS_INTERVAL,
        command_gap: float = COMMAND_GAP,
    ) -> None:
        """Start with no device scheduled."""
        self._clock = clock
        self._status_interval = check_status_interval(status_interval)
        self._command_gap = command_gap
        self._next_status: dict[str, float] = {}
        self._last_command: dict[str, float] = {}
        self._realtime_until: dict[str, float] = {}

    @property
    def status_interval(self) -> float:
        """Seconds between status requests per device (0: off)."""
        return self._status_interval

    def set_status_interval(self, seconds: float) -> None:
        """Change the cadence at runtime; the next requests move to the new cadence."""
        seconds = check_status_interval(seconds)
        old, self._status_interval = self._status_interval, seconds
        for sn, due in self._next_status.items():
            self._next_status[sn] = due - old + seconds

    def connected(self, serials: Iterable[str], now: float) -> None:
        """A (re)connection: forget the old schedule; `serials` are due for a status request now."""
        self._next_status.clear()
        for sn in serials:
            self._next_status[sn] = now

    def add(self, sn: str, now: float) -> None:
        """A device joined while connected: it is due now (nothing changes if it was known)."""
        self._next_status.setdefault(sn, now)

    def forget(self, sn: str) -> None:
        """Drop a device (left the set, refused)."""
        self._next_status.pop(sn, None)
        self._realtime_until.pop(sn, None)

    def command_wait(self, sn: str, now: float) -> float:
        """Seconds until the next command to `sn` is allowed (0: now)."""
        last = self._last_command.get(sn)
        return 0.0 if last is None else max(0.0, last + self._command_gap - now)

    def due_status(self, devices: Iterable[MqttDevice], now: float) -> list[MqttDevice]:
        """Owned, scheduled devices whose status request is due and whose command gap passed."""
        if not self._status_interval:
            return []
        return [
            device
            for device in devices
            if device.owned
            and device.sn in self._next_status
            and self._next_status[device.sn] <= now
            and self.command_wait(device.sn, now) == 0
        ]

    def note_command(self, sn: str, now: float, *, status: bool = False) -> None:
        """A command went to `sn`; a status request also schedules the next one."""
        self._last_command[sn] = now
        if status:
            self._next_status[sn] = now + (self._status_interval or 0.0)

    def note_realtime(self, sn: str, seconds: int, now: float) -> float:
        """A trigger for `seconds` went out (it replaces a running one); returns its end."""
        self._realtime_until[sn] = now + seconds
        return self._realtime_until[sn]

    def realtime_until(self, sn: str, now: float) -> float | None:
        """End of the running real-time window of `sn` (None when none runs)."""
        until = self._realtime_until.get(sn)
        return until if until is not None and until > now else None

    def next_due(self, now: float) -> float:
        """Seconds until the next scheduled status request (a large number when none)."""
        if not self._status_interval or not self._next_status:
            return 3600.0
        return max(0.0, min(self._next_status.values()) - now)

    def allowance(self, pn: str) -> float:
        """Seconds a live value of model `pn` stays fresh."""
        cadence = OWN_CADENCE.get(pn, DEFAULT_OWN_CADENCE)
        if self._status_interval:
            cadence = min(cadence, self._status_interval)
        return 2 * cadence + ALLOWANCE_GRACE
