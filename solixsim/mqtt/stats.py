"""MQTT accounting of the simulator: messages and bytes per device and per topic."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["MqttStats"]


def _bump(table: dict[str, dict[str, int]], key: str, size: int) -> None:
    """Count one message of ``size`` bytes under ``key``."""
    entry = table.setdefault(key, {"messages": 0, "bytes": 0})
    entry["messages"] += 1
    entry["bytes"] += size


@dataclass
class MqttStats:
    """What the devices published and what clients sent, counted like the HTTP requests."""

    devices: dict[str, dict[str, int]] = field(default_factory=dict)
    topics: dict[str, dict[str, int]] = field(default_factory=dict)
    commands: dict[str, dict[str, int]] = field(default_factory=dict)
    command_topics: dict[str, dict[str, int]] = field(default_factory=dict)

    def published(self, sn: str, topic: str, size: int) -> None:
        """A device message (envelope bytes) delivered to the broker."""
        _bump(self.devices, sn, size)
        _bump(self.topics, topic, size)

    def received(self, sn: str, topic: str, size: int) -> None:
        """A client's command message."""
        _bump(self.commands, sn, size)
        _bump(self.command_topics, topic, size)

    def clear(self) -> None:
        """Forget all counts."""
        for table in (self.devices, self.topics, self.commands, self.command_topics):
            table.clear()

    def as_dict(self) -> dict[str, dict[str, dict[str, int]]]:
        """``{"devices", "topics", "commands", "command_topics"}``: ``{key: {messages, bytes}}``."""
        return {
            "devices": {key: dict(value) for key, value in self.devices.items()},
            "topics": {key: dict(value) for key, value in self.topics.items()},
            "commands": {key: dict(value) for key, value in self.commands.items()},
            "command_topics": {key: dict(value) for key, value in self.command_topics.items()},
        }
