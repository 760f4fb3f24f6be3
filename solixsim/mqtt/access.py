"""Who may do what on the simulated broker: accounts by client certificate, per-device topic ACLs.

Like the real broker (protocol §1.4): an account may subscribe the ``dt`` and ``cmd`` topics of the
devices it owns (its ``bind_devices``) and publish commands to them; anything else is refused
(SUBACK failure 0x80 for subscriptions, dropped publishes).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = ["AccessPolicy", "DeviceId"]

APP_NAME = "anker_power"
_DATA_LEAVES = frozenset({"#", "param_info", "state_info"})
_CMD_LEAVES = frozenset({"#", "req"})
_TOPIC_LEVELS = 5


@dataclass(frozen=True)
class DeviceId:
    """A device on the broker: product code and serial."""

    pn: str
    sn: str


def _split(topic: str) -> tuple[str, str, str, str, str] | None:
    """The five levels of an Anker topic, None for anything else."""
    parts = topic.split("/")
    if len(parts) != _TOPIC_LEVELS or parts[1] != APP_NAME:
        return None
    return parts[0], parts[1], parts[2], parts[3], parts[4]


@dataclass
class AccessPolicy:
    """The accounts the broker knows and the devices each of them owns."""

    owned: dict[str, set[DeviceId]] = field(default_factory=dict)
    refused: set[str] = field(default_factory=set)
    """Serials whose subscriptions are refused even to their owner (a switchable fault)."""

    def set_account(self, user_id: str, devices: Iterable[DeviceId]) -> None:
        """Register an account (members too: they simply own nothing) and its own devices."""
        self.owned[user_id] = set(devices)

    def _owns(self, user_id: str | None, pn: str, sn: str) -> bool:
        """Whether the account owns this device (product code and serial must both fit)."""
        if user_id is None:
            return False
        return DeviceId(pn, sn) in self.owned.get(user_id, set())

    def may_subscribe(self, user_id: str | None, topic_filter: str) -> bool:
        """Subscribing ``dt/anker_power/<pn>/<sn>/#`` (or a leaf) and ``cmd/…``: own devices."""
        parts = _split(topic_filter)
        if parts is None:
            return False
        direction, _app, pn, sn, leaf = parts
        leaves = {"dt": _DATA_LEAVES, "cmd": _CMD_LEAVES}.get(direction)
        if leaves is None or leaf not in leaves or self.refused & {sn, "*"}:
            return False
        return self._owns(user_id, pn, sn)

    def may_publish(self, user_id: str | None, topic: str) -> bool:
        """Publishing: only commands ``cmd/anker_power/<pn>/<sn>/req`` to own devices."""
        parts = _split(topic)
        if parts is None:
            return False
        direction, _app, pn, sn, leaf = parts
        return direction == "cmd" and leaf == "req" and self._owns(user_id, pn, sn)
