"""`CapturePlayer`: an `MqttSession` that plays recorded captures instead of connecting.

The example-data mode replays an export folder; its ``mqtt_msg_<sn>_<type>.ndjson`` files
(MQTT protocol §7.10) go through the session's normal receive path (decoding, live value store,
standby marks, statistics), so live-data entities show the recorded values without any broker.
As the reference's test mode: per file only the last line of a second is kept; lines play with
their original spacing from the start, all files on one time line; a cycle lasts
max(60 s, span) and starts again after 5 s, with ``head.timestamp`` moved to the play time.
Commands (status requests, real-time triggers) are accepted and counted but sent nowhere.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from ..common.jsonutil import LOGGER, log_label
from .capture import CaptureLine, read_capture_text
from .device import MqttDevice
from .policy import DEFAULT_STATUS_INTERVAL, check_command_target
from .session import MessageCallback, MqttSession, StateCallback

if TYPE_CHECKING:
    from ..cloud.api import SolixApi
    from ..cloud.session import SolixSession

_LOGGER = LOGGER.getChild("mqtt")
MIN_CYCLE: Final = 60.0
CYCLE_GAP: Final = 5.0
LOOK_INTERVAL: Final = 0.5
"""Real seconds between two looks for due lines (§7.10)."""


@dataclass(frozen=True, slots=True)
class _Planned:
    """One line to play: seconds after the first line, topic, the recorded line."""

    offset: float
    topic: str
    line: CaptureLine


class CaptureSchedule:
    """Which capture lines are due at a time (seconds since the start of the replay)."""

    def __init__(self, texts: Mapping[str, str], utc_offset_seconds: int) -> None:
        """Read the capture files (name → text); bad lines are skipped."""
        kept: list[CaptureLine] = []
        for _name, text in sorted(texts.items()):
            by_second: dict[float, CaptureLine] = {}
            for line in read_capture_text(text, utc_offset_seconds):
                by_second[line.msg_time.timestamp()] = line
            kept.extend(by_second.values())
        first = min((line.msg_time.timestamp() for line in kept), default=0.0)
        self.lines = sorted(
            (_Planned(line.msg_time.timestamp() - first, line.topic, line) for line in kept),
            key=lambda item: item.offset,
        )
        span = self.lines[-1].offset if self.lines else 0.0
        self.cycle = max(MIN_CYCLE, span) + CYCLE_GAP
        self._played = -1.0

    def due(self, elapsed: float, started_at: float) -> list[tuple[str, bytes]]:
        """``(topic, payload)`` of the lines due since the last call (one cycle at most)."""
        if elapsed < self._played:
            self._played = elapsed - 1e-9
        earliest = max(self._played, elapsed - self.cycle)
        found = []
        for item in self.lines:
            if elapsed < item.offset:
                continue
            played_at = item.offset + ((elapsed - item.offset) // self.cycle) * self.cycle
            if earliest < played_at <= elapsed:
                found.append((item.topic, item.line.envelope(started_at + played_at)))
        self._played = elapsed
        return found


class CapturePlayer(MqttSession):
    """Plays capture files through the receive path; see the module docstring."""

    def __init__(
        self,
        api: SolixApi | SolixSession,
        captures: Mapping[str, str],
        *,
        utc_offset_seconds: int,
        clock: Callable[[], float],
        on_message: MessageCallback | None = None,
        on_state_change: StateCallback | None = None,
        status_interval: float = DEFAULT_STATUS_INTERVAL,
        look_interval: float = LOOK_INTERVAL,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        """Prepare a stopped player of `captures` (capture file name → text)."""
        super().__init__(
            api,
            client_id_suffix="replay",
            clock=clock,
            on_message=on_message,
            on_state_change=on_state_change,
            status_interval=status_interval,
        )
        self._schedule = CaptureSchedule(captures, utc_offset_seconds)
        self._look = look_interval
        self._look_sleep = sleep

    async def _run(self) -> None:
        """Play the lines on the session clock until stopped."""
        start = self._clock()
        self._set_connected(True)
        while True:
            now = self._clock()
            for sn in self._devices:
                self._subscribed.setdefault(sn, "")
            for topic, payload in self._schedule.due(now - start, start):
                self._handle(topic, payload)
            self._mark_standby(now)
            await self._look_sleep(self._look)

    def _command_target(self, sn: str) -> MqttDevice:
        return check_command_target(self._devices.get(sn))

    async def _send(
        self,
        device: MqttDevice,
        frame: bytes,
        *,
        status: bool = False,
        encoding_type: int | None = None,
    ) -> None:
        """Count the command; a replay sends nothing."""
        self.policy.note_command(device.sn, self._clock(), status=status)
        _LOGGER.debug("Example data: command to %s not sent (replay)", log_label(device.sn))
