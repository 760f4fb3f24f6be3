"""MQTT traffic accounting: messages and bytes per device, per topic and per hour.

Counts like `cloud.stats.RequestStats` does for HTTP: received messages (payload bytes as
received), sent commands, frames that could not be used, connection attempts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

HOUR = 3600
HOURS_KEPT = 48


@dataclass
class MessageCount:
    """Messages and bytes."""

    messages: int = 0
    bytes: int = 0

    def add(self, size: int) -> None:
        """Count one message of `size` bytes."""
        self.messages += 1
        self.bytes += size


@dataclass
class Direction:
    """The counts of one direction (received or sent)."""

    total: MessageCount = field(default_factory=MessageCount)
    devices: dict[str, MessageCount] = field(default_factory=dict)
    topics: dict[str, MessageCount] = field(default_factory=dict)
    hours: dict[int, MessageCount] = field(default_factory=dict)
    device_hours: dict[str, dict[int, MessageCount]] = field(default_factory=dict)

    def add(self, sn: str, topic: str, size: int, hour: int) -> None:
        """Count one message of device `sn` on `topic` in the hour starting at `hour`."""
        for count in (
            self.total,
            self.devices.setdefault(sn, MessageCount()),
            self.topics.setdefault(topic, MessageCount()),
            self.hours.setdefault(hour, MessageCount()),
            self.device_hours.setdefault(sn, {}).setdefault(hour, MessageCount()),
        ):
            count.add(size)

    def prune(self, oldest_hour: float) -> None:
        """Drop hour buckets before `oldest_hour`."""
        for buckets in (self.hours, *self.device_hours.values()):
            for hour in [hour for hour in buckets if hour < oldest_hour]:
                del buckets[hour]

    def as_dict(self) -> dict[str, Any]:
        """JSON-serialisable counts (hour keys are the hour start timestamps)."""
        return {
            "total": asdict(self.total),
            "devices": {sn: asdict(count) for sn, count in sorted(self.devices.items())},
            "topics": {topic: asdict(count) for topic, count in sorted(self.topics.items())},
            "hours": {str(hour): asdict(count) for hour, count in sorted(self.hours.items())},
            "device_hours": {
                sn: {str(hour): asdict(count) for hour, count in sorted(hours.items())}
                for sn, hours in sorted(self.device_hours.items())
            },
        }


class MqttStats:
    """Counts every MQTT message received and every command sent."""

    def __init__(self, clock: Callable[[], float]) -> None:
        """Empty statistics that take "now" from `clock`."""
        self._clock = clock
        self.received = Direction()
        self.sent = Direction()
        self.problems: dict[str, int] = {}
        self.connect_attempts = 0
        self.connections = 0

    @property
    def messages(self) -> int:
        """Messages received since the session was created."""
        return self.received.total.messages

    def _hour(self) -> int:
        now = self._clock()
        hour = int(now // HOUR * HOUR)
        oldest = now - HOURS_KEPT * HOUR
        self.received.prune(oldest)
        self.sent.prune(oldest)
        return hour

    def record_received(self, sn: str, topic: str, size: int) -> None:
        """Count one received message (payload size in bytes)."""
        self.received.add(sn, topic, size, self._hour())

    def record_sent(self, sn: str, topic: str, size: int) -> None:
        """Count one published command (payload size in bytes)."""
        self.sent.add(sn, topic, size, self._hour())

    def record_problem(self, kind: str) -> None:
        """Count one unusable message (`envelope`, `frame`, `checksum`, `unknown_device`)."""
        self.problems[kind] = self.problems.get(kind, 0) + 1

    def received_last_hour(self, sn: str | None = None) -> MessageCount:
        """Messages and bytes received in the current clock hour (of `sn`, or all)."""
        hour = self._hour()
        buckets = self.received.hours if sn is None else self.received.device_hours.get(sn, {})
        return buckets.get(hour, MessageCount())

    def as_dict(self) -> dict[str, Any]:
        """JSON-serialisable summary (serials and topics as keys: redact before showing)."""
        return {
            "received": self.received.as_dict(),
            "sent": self.sent.as_dict(),
            "problems": dict(sorted(self.problems.items())),
            "connect_attempts": self.connect_attempts,
            "connections": self.connections,
        }
