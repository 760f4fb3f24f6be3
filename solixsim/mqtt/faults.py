"""Switchable MQTT faults of the simulator (the broker-side twin of :mod:`solixsim.faults`).

Frame faults (``corrupt``, ``truncate``, ``bad_checksum``, ``unknown_type``) spoil the next
``count`` messages of a device (``sn="*"``: any device); ``silent`` stops a device publishing
until cleared; ``refuse`` makes the broker refuse subscriptions to a device (SUBACK 0x80);
``ignore_commands`` makes a device ignore setting commands (no reply, no change) until cleared.
Broker-wide faults (``down``, ``disconnect``) are actions of :class:`MqttService`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["BROKER_FAULTS", "DEVICE_FAULTS", "FRAME_FAULTS", "MqttFault", "MqttFaults", "spoil"]

ANY_DEVICE = "*"
FRAME_FAULTS = ("corrupt", "truncate", "bad_checksum", "unknown_type")
DEVICE_FAULTS = (*FRAME_FAULTS, "silent", "refuse", "ignore_commands")
BROKER_FAULTS = ("down", "disconnect")
UNKNOWN_TYPE = bytes.fromhex("04ff")
"""A status message type no model uses."""
_TYPE_OFFSET = 7
_HEADER_BYTES = 9


@dataclass
class MqttFault:
    """One armed device fault; ``count`` None = until cleared."""

    kind: str
    sn: str = ANY_DEVICE
    count: int | None = 1

    def matches(self, sn: str) -> bool:
        """Whether the fault applies to this device."""
        return self.sn in (ANY_DEVICE, sn)


def _xor(data: bytes) -> int:
    """XOR of all bytes."""
    value = 0
    for byte in data:
        value ^= byte
    return value


def spoil(kind: str, frame: bytes) -> bytes:
    """The frame as a fault sends it.

    ``corrupt``: the marker and body bytes garbled (no frame marker left); ``truncate``: cut in
    the middle of the fields; ``bad_checksum``: last byte flipped; ``unknown_type``: type
    ``04ff`` with a correct checksum.
    """
    if kind == "corrupt":
        return bytes(byte ^ 0x5A for byte in frame)
    if kind == "truncate":
        return frame[: max(_HEADER_BYTES + 1, len(frame) // 2)]
    if kind == "bad_checksum":
        return frame[:-1] + bytes([frame[-1] ^ 0xFF])
    if kind == "unknown_type":
        body = frame[:_TYPE_OFFSET] + UNKNOWN_TYPE + frame[_TYPE_OFFSET + 2 : -1]
        return body + bytes([_xor(body)])
    return frame


@dataclass
class MqttFaults:
    """The armed device faults."""

    faults: list[MqttFault] = field(default_factory=list)

    def add(self, kind: str, *, sn: str = ANY_DEVICE, count: int | None = 1) -> MqttFault:
        """Arm a device fault (see the module text); ``count`` None lasts until cleared."""
        if kind not in DEVICE_FAULTS:
            raise ValueError(f"unknown MQTT fault {kind!r}")
        if kind in ("silent", "refuse", "ignore_commands"):
            count = None
        fault = MqttFault(kind=kind, sn=sn, count=count)
        self.faults.append(fault)
        return fault

    def clear(self) -> None:
        """Disarm every device fault."""
        self.faults.clear()

    def is_silent(self, sn: str) -> bool:
        """Whether a ``silent`` fault keeps this device quiet."""
        return any(f.kind == "silent" and f.matches(sn) for f in self.faults)

    def is_ignoring(self, sn: str) -> bool:
        """Whether an ``ignore_commands`` fault makes this device ignore setting commands."""
        return any(f.kind == "ignore_commands" and f.matches(sn) for f in self.faults)

    def refused(self) -> set[str]:
        """Serials (or ``*``) whose subscriptions the broker refuses."""
        return {f.sn for f in self.faults if f.kind == "refuse"}

    def take_frame_fault(self, sn: str) -> str | None:
        """The frame fault for the next message of a device, consuming one count."""
        for fault in self.faults:
            if fault.kind not in FRAME_FAULTS or not fault.matches(sn):
                continue
            if fault.count is not None:
                fault.count -= 1
                if fault.count <= 0:
                    self.faults.remove(fault)
            return fault.kind
        return None
