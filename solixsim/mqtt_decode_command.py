"""`mqtt-decode`: decode a capture of MQTT messages (``mqtt_msg_*.ndjson``, MQTT protocol §7.10).

Every line of the file is one captured message (``{"msg_time", "head", "payload", "topic"}``);
the command prints one JSON object per message: device serial and model, message type, time
(``head.timestamp``), the named values (scaled, in their units) with their units, and the fields
the model's map does not name (hex). Frames embedded in a hub's message follow as their own lines.
Lines that are no message are reported on stderr and skipped; the exit code is 1 if any were.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from custom_components.anker_solix.solixapi import (
    DecodedMessage,
    InboundMessage,
    MqttFrameError,
    decode_frame_for,
    decode_json_for,
    parse_frame,
    parse_message,
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``mqtt-decode``."""
    parser.add_argument("file", type=Path, help="capture file (one JSON message per line)")
    parser.add_argument(
        "--model", help="product code to decode with (default: the one each message names)"
    )


def _record(message: InboundMessage, decoded: DecodedMessage) -> dict[str, Any]:
    """One output line."""
    return {
        "device_sn": decoded.sn,
        "device_pn": decoded.pn,
        "msg_type": decoded.msg_type,
        "time": message.timestamp,
        "layout": decoded.layout_id,
        "checksum_ok": decoded.checksum_ok,
        "values": decoded.values,
        "units": decoded.units,
        "unmapped": decoded.unmapped,
    }


def _flatten(decoded: DecodedMessage) -> list[DecodedMessage]:
    """The message and the messages embedded in it (local-mode devices, §2.3)."""
    out = [decoded]
    for inner in decoded.embedded:
        out += _flatten(inner)
    return out


def decode_line(line: str, model: str | None) -> list[dict[str, Any]] | str:
    """Output records of one capture line, or the reason it is not a message."""
    try:
        captured = json.loads(line)
    except ValueError:
        return "not JSON"
    if not isinstance(captured, dict) or "payload" not in captured:
        return "no payload"
    envelope = json.dumps({"head": captured.get("head", {}), "payload": captured["payload"]})
    message = parse_message(str(captured.get("topic", "")), envelope.encode())
    if message is None:
        return "no MQTT envelope"
    pn = model or message.pn
    if message.frame is not None:
        try:
            frame = parse_frame(message.frame)
        except MqttFrameError:
            return "data is no frame"
        decoded = decode_frame_for(pn, message.sn, frame)
    else:
        decoded = decode_json_for(pn, message.sn, message.json_data)
    return [_record(message, item) for item in _flatten(decoded)]


def decode_file(path: Path, model: str | None, out: TextIO, err: TextIO) -> int:
    """Decode every line of `path` onto `out`; returns how many lines were skipped."""
    skipped = 0
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            result = decode_line(line, model)
            if isinstance(result, str):
                skipped += 1
                print(f"{path.name}:{number}: skipped ({result})", file=err)
                continue
            for record in result:
                print(json.dumps(record, ensure_ascii=False), file=out)
    return skipped


def run(args: argparse.Namespace) -> int:
    """``mqtt-decode``: print the decoded messages of a capture file."""
    if not args.file.is_file():
        print(f"capture file not found: {args.file}", file=sys.stderr)
        return 2
    return 1 if decode_file(args.file, args.model, sys.stdout, sys.stderr) else 0
