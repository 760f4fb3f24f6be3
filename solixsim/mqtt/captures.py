"""Replay of a scenario's MQTT captures (``mqtt_msg_<sn>_<type>.ndjson``, protocol §7.10).

Lines are played on the simulator clock with their original spacing from the clock's start,
in cycles of max(60 s, span) + 5 s like the reference's test mode; each replayed message gets
``head.timestamp`` = the clock time it is played at. Only the last line of a file per second
survives (§7.10).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

__all__ = ["CaptureReplay"]

_PATTERN = "mqtt_msg_*.ndjson"
_TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
_MIN_CYCLE_S = 60.0
_CYCLE_GAP_S = 5.0


@dataclass(frozen=True)
class _Line:
    """One captured message: seconds after the first line, topic, head and payload text."""

    offset: float
    topic: str
    head: dict[str, Any]
    payload: str
    sn: str


def _read(path: Path) -> list[tuple[float, str, dict[str, Any], str]]:
    """The usable lines of one capture file (last line per second)."""
    by_second: dict[float, tuple[float, str, dict[str, Any], str]] = {}
    for text in path.read_text(encoding="utf-8").splitlines():
        try:
            line = json.loads(text)
            when = datetime.strptime(str(line["msg_time"]), _TIME_FORMAT).timestamp()
            topic, head, payload = str(line["topic"]), dict(line["head"]), str(line["payload"])
        except (ValueError, KeyError, TypeError):
            continue
        by_second[when] = (when, topic, head, payload)
    return list(by_second.values())


@dataclass
class CaptureReplay:
    """The capture lines of a scenario and how far their replay has got."""

    lines: list[_Line] = field(default_factory=list)
    cycle: float = _MIN_CYCLE_S + _CYCLE_GAP_S
    _start: float | None = None
    _played: float = -1.0

    @classmethod
    def load(cls, folder: Path) -> CaptureReplay:
        """All capture files of a scenario folder (none: an empty replay)."""
        raw = [item for path in sorted(folder.glob(_PATTERN)) for item in _read(path)]
        if not raw:
            return cls()
        first = min(item[0] for item in raw)
        lines = sorted(
            (
                _Line(
                    when - first,
                    topic,
                    head,
                    payload,
                    topic.split("/")[3] if topic.count("/") >= 3 else "",
                )
                for when, topic, head, payload in raw
            ),
            key=lambda line: line.offset,
        )
        span = lines[-1].offset
        return cls(lines=lines, cycle=max(_MIN_CYCLE_S, span) + _CYCLE_GAP_S)

    def start(self, now: float) -> None:
        """Start replaying at clock time ``now``."""
        self._start = now
        self._played = -1.0

    def due(self, now: float) -> list[tuple[str, bytes, str]]:
        """``(topic, payload, serial)`` of the lines due since the last call (one cycle at most)."""
        if self._start is None or not self.lines:
            return []
        elapsed = now - self._start
        if elapsed < self._played:
            self._played = elapsed - 1e-9
        earliest = max(self._played, elapsed - self.cycle)
        messages: list[tuple[str, bytes, str]] = []
        for line in self.lines:
            cycle_index = (
                int((elapsed - line.offset) // self.cycle) if elapsed >= line.offset else -1
            )
            if cycle_index < 0:
                continue
            played_at = line.offset + cycle_index * self.cycle
            if earliest < played_at <= elapsed:
                head = {**line.head, "timestamp": int(self._start + played_at)}
                body = {"head": head, "payload": line.payload}
                messages.append((line.topic, json.dumps(body).encode(), line.sn))
        self._played = elapsed
        return messages
