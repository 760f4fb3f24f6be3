"""One simulated MQTT device: what it publishes when (protocol §6.2, §6.3, §7.10 cadences).

A device publishes its regular messages on its cadence, a status request makes it publish its
status messages at once, and a real-time trigger makes it publish its real-time messages every
3 s until the trigger's duration ends. Everything runs on the simulator clock: :meth:`due`
answers which messages are due at clock time ``now``; a manual clock that jumps forward gets one
message per kind (the latest one), not the whole backlog.
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass, field

__all__ = ["Cadence", "DevicePublisher", "cadence_for"]

REALTIME_INTERVAL_S = 3
MAX_REALTIME_S = 600


@dataclass(frozen=True)
class Cadence:
    """Message types of a model: regular (type, period), on status request, while real-time."""

    regular: tuple[tuple[str, int], ...] = ()
    status: tuple[str, ...] = ()
    realtime: tuple[str, ...] = ()


_FAMILY_CADENCE: dict[str, Cadence] = {
    # USB chargers: 0a00 (settings and ports) answers the status request; 0303 in real time (§6.2).
    "usb_charger": Cadence(status=("0a00",), realtime=("0303",)),
    # Solarbank 1: 0408 every ~60 s, 0405 on a status request (§6.2, §6.3).
    "solarbank_1": Cadence(regular=(("0408", 60),), status=("0405",), realtime=("0405",)),
    # Solarbank 2/3: 0408 (and station summaries) every ~300 s; 040a/0420 only in real time.
    "solarbank_2": Cadence(
        regular=(("0408", 300), ("0421", 300), ("0428", 300)),
        status=("0405",),
        realtime=("0405", "040a", "0420"),
    ),
    "smart_meter": Cadence(status=("0405", "0425"), realtime=("0405", "0425")),
    "smart_plug": Cadence(status=("0405",), realtime=("0405",)),
    # Most portable power stations publish nothing regularly (§6.2).
    "portable": Cadence(status=("0405", "0421"), realtime=("0405", "0421")),
}
_REPLY_RANGES = ("08", "09", "0a")


def cadence_for(family: str | None, model_types: set[str]) -> Cadence:
    """The cadence of a family, limited to the message types the model's map has.

    A model without a family here answers a status request and real-time trigger with every
    status type of its map (replies ``08xx``–``0axx`` excluded); it publishes nothing regularly.
    """
    status_types = tuple(sorted(t for t in model_types if t[:2] not in _REPLY_RANGES))
    base = _FAMILY_CADENCE.get(family or "", Cadence(status=status_types, realtime=status_types))
    return Cadence(
        regular=tuple((t, p) for t, p in base.regular if t in model_types),
        status=tuple(t for t in base.status if t in model_types),
        realtime=tuple(t for t in base.realtime if t in model_types),
    )


@dataclass
class DevicePublisher:
    """Schedule and message counter of one device."""

    pn: str
    sn: str
    cadence: Cadence
    started: float
    msg_seq: int = 0
    realtime_until: float | None = None
    _last_regular: dict[str, int] = field(default_factory=dict)
    _last_realtime: int | None = None
    _pending: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        """Counters start where a running device might be; a stable phase per serial."""
        self._phase = zlib.crc32(self.sn.encode()) % 60
        self.msg_seq = 100 + self._phase
        for msg_type, period in self.cadence.regular:
            self._last_regular[msg_type] = self._slot(self.started, period)

    def _slot(self, now: float, period: int) -> int:
        """Index of the cadence slot ``now`` falls into (slots are shifted by the phase)."""
        return math.floor((now - self._phase) / period)

    def request_status(self) -> None:
        """A status request: the status messages go out with the next pump."""
        for msg_type in self.cadence.status:
            if msg_type not in self._pending:
                self._pending.append(msg_type)

    def start_realtime(self, now: float, seconds: int) -> None:
        """A real-time trigger: publish now and every 3 s for ``seconds`` (0 stops)."""
        if seconds <= 0:
            self.realtime_until = None
            return
        self.realtime_until = now + min(seconds, MAX_REALTIME_S)
        self._last_realtime = None

    def due(self, now: float) -> list[str]:
        """Message types to publish at ``now`` (each at most once), advancing the schedule."""
        types: list[str] = list(self._pending)
        self._pending.clear()
        for msg_type, period in self.cadence.regular:
            slot = self._slot(now, period)
            if slot > self._last_regular.get(msg_type, slot):
                types.append(msg_type)
            self._last_regular[msg_type] = slot
        if self.realtime_until is not None:
            if now > self.realtime_until:
                self.realtime_until = None
            else:
                slot = math.floor(now / REALTIME_INTERVAL_S)
                if self._last_realtime is None or slot > self._last_realtime:
                    types.extend(self.cadence.realtime)
                    self._last_realtime = slot
        return list(dict.fromkeys(types))

    def next_seq(self) -> int:
        """The ``msg_seq`` of the next message (counts over all types, §3.2)."""
        self.msg_seq += 1
        return self.msg_seq
