"""Request log of the simulator: every request with its outcome and byte counts."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from solixsim.mqtt.stats import MqttStats

MASKED = "***"
_SECRET_KEYS = ("password", "verify_code")


@dataclass(frozen=True)
class RequestRecord:
    """One request as the simulator saw and answered it.

    ``status`` 0 means the client went away before an answer was sent; ``code`` is the envelope
    code of JSON answers (None for plain-text/HTML bodies).
    """

    ts: float
    method: str
    path: str
    header_names: list[str]
    body: Any
    status: int
    code: int | None
    bytes_in: int
    bytes_out: int

    def as_dict(self) -> dict[str, Any]:
        """A JSON-serialisable copy."""
        return asdict(self)

    def log_line(self) -> str:
        """A one-line summary for the console (no body, so no secrets)."""
        code = "-" if self.code is None else str(self.code)
        return (
            f"{self.method} /{self.path} -> {self.status} code={code} "
            f"in={self.bytes_in}B out={self.bytes_out}B"
        )


def mask_secrets(body: Any) -> Any:
    """A copy of a request body with password values replaced by ``***``."""
    if not isinstance(body, dict):
        return copy.deepcopy(body)
    return {
        key: MASKED if key in _SECRET_KEYS else copy.deepcopy(value) for key, value in body.items()
    }


@dataclass
class RequestRecorder:
    """Keeps the records of all requests of a simulator run."""

    records: list[RequestRecord] = field(default_factory=list)
    listeners: list[Callable[[RequestRecord], None]] = field(default_factory=list)
    mqtt: MqttStats = field(default_factory=MqttStats)
    """MQTT messages and bytes per device and topic (device messages and client commands)."""

    def add(self, record: RequestRecord) -> None:
        """Append a record and pass it to the listeners (e.g. the console log)."""
        self.records.append(record)
        for listener in self.listeners:
            listener(record)

    def stats(self) -> dict[str, dict[str, int]]:
        """Per path: ``{"requests", "bytes_in", "bytes_out"}``."""
        totals: dict[str, dict[str, int]] = {}
        for record in self.records:
            entry = totals.setdefault(record.path, {"requests": 0, "bytes_in": 0, "bytes_out": 0})
            entry["requests"] += 1
            entry["bytes_in"] += record.bytes_in
            entry["bytes_out"] += record.bytes_out
        return totals
