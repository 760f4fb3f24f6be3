"""Example-data mode plays an export's MQTT captures (§7.10). A folder edited by hand or taken
from another account can hold captures of a device that is not in its device list, and lines
whose envelope is damaged: those messages are counted as problems and logged once per device
and kind, never stored or shown, while the known device's lines play as usual."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from custom_components.anker_solix.solixapi import (
    RawField,
    build_frame,
    device_envelope,
    log_label,
)
from custom_components.anker_solix.solixapi.mqtt import (
    CapturedMessage,
    CapturePlayer,
    MqttDevice,
    capture_files,
)

PN = "A1761"
KNOWN = "AZ1761SOLO5M8W2D"
FOREIGN = "AZ1761OTHER00001"
WAIT_S = 15.0


def _message(sn: str, at: float) -> CapturedMessage:
    frame = build_frame("0405", [RawField(0xA1, -1, b"\x34")])
    payload = device_envelope(PN, sn, frame, msg_seq=1, timestamp=int(at))
    return CapturedMessage(f"dt/anker_power/{PN}/{sn}/param_info", payload, at, sn, "0405")


def _texts() -> dict[str, str]:
    """Capture files: the known device, a foreign one (two lines), a damaged line."""
    messages = [_message(KNOWN, 1000), _message(FOREIGN, 1001), _message(FOREIGN, 1003)]
    files = capture_files(messages, 0)
    broken: dict[str, Any] = {
        "msg_time": "1970-01-01 00:16:42",
        "head": {"timestamp": 1002},
        "payload": "{not json",
        "topic": f"dt/anker_power/{PN}/{KNOWN}/param_info",
    }
    files.setdefault(f"mqtt_msg_{KNOWN}_other.ndjson", []).append(broken)
    return {
        name: "".join(json.dumps(line) + "\n" for line in lines) for name, lines in files.items()
    }


async def _until(check: Any, what: str) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WAIT_S
    while loop.time() < deadline:
        if check():
            return
        await asyncio.sleep(0.01)
    raise AssertionError(what)


async def test_foreign_and_damaged_capture_lines_are_counted_not_shown(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Two foreign messages: counted twice, logged once, no values; the damaged line: an
    envelope problem; the known device's lines play as usual."""
    now = [5000.0]
    player = CapturePlayer(
        object(),  # type: ignore[arg-type]  # a replay asks the cloud nothing
        _texts(),
        utc_offset_seconds=0,
        clock=lambda: now[0],
        look_interval=0.01,
    )
    player.set_devices([MqttDevice(KNOWN, PN)])
    await player.start()
    try:
        await _until(lambda: player.store.last_message(KNOWN) is not None, "first line played")
        now[0] += 10  # every other line's offset (1–3 s) has passed
        await _until(lambda: player.stats.problems.get("unknown_device") == 2, "both counted")
        await _until(lambda: player.stats.problems.get("envelope") == 1, "damaged line")
        assert player.store.last_message(FOREIGN) is None
        assert player.store.values(FOREIGN) == {}
        assert FOREIGN not in player.as_dict()["devices"]
    finally:
        await player.stop()
    problems = [r.getMessage() for r in caplog.records if "message problem" in r.getMessage()]
    assert sorted(problems) == sorted(
        [
            f"MQTT message problem for {label}: {kind} (counted, logged once)"
            for label, kind in (
                (log_label(FOREIGN), "unknown_device"),
                (log_label(KNOWN), "envelope"),
            )
        ]
    )
    assert not [text for text in problems if FOREIGN in text or KNOWN in text]
