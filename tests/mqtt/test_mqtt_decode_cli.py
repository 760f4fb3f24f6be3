"""`scripts/sim mqtt-decode FILE.ndjson [--model PN]` on a capture we build ourselves."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from custom_components.anker_solix.solixapi.mqtt import (
    data_topic,
    device_envelope,
    encode_values,
    reply_frame,
)
from solixsim.cli import main

REPO = Path(__file__).resolve().parents[2]
SB = "SB1SERIAL0000001"
PPS = "C1000SERIAL00001"


def _line(pn: str, sn: str, frame: bytes, seq: int, ts: int, leaf: str = "param_info") -> str:
    """One capture line in the export format of §7.10."""
    envelope = json.loads(device_envelope(pn, sn, frame, msg_seq=seq, timestamp=ts))
    record = {"msg_time": "2026-12-07 10:00:00", **envelope, "topic": data_topic(pn, sn, leaf)}
    return json.dumps(record)


@pytest.fixture
def capture(tmp_path: Path) -> Path:
    """Solarbank 1 status + state, a C1000 status, a trigger reply, a junk line."""
    sb_status = encode_values(
        "A17C0",
        "0405",
        {"serial": SB, "soc_pct": 69, "fw_main": "2.1.5", "pv_energy_total": 1468.4523},
    )
    sb_state = encode_values("A17C0", "0408", {"soc_precise_pct": 67.65, "pv_v": 45.98})
    pps = encode_values("A1761", "0405", {"ac_out_w": 57, "time_left_h": 14.5})
    lines = [
        _line("A17C0", SB, sb_status, 1, 1760711007),
        _line("A17C0", SB, sb_state, 2, 1760711010, "state_info"),
        _line("A1761", PPS, pps, 9, 1760711009),
        _line("A17C0", SB, reply_frame("0057"), 3, 1760711011, "state_info"),
        "this is no message",
    ]
    path = tmp_path / f"mqtt_msg_{SB}_mixed.ndjson"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_each_message_becomes_one_json_line(
    capture: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Serial, model, type, time and the named values in their units; junk reported."""
    assert main(["mqtt-decode", str(capture)]) == 1
    out, err = capsys.readouterr()
    records = [json.loads(line) for line in out.splitlines()]
    assert [(r["device_pn"], r["msg_type"], r["time"]) for r in records] == [
        ("A17C0", "0405", 1760711007),
        ("A17C0", "0408", 1760711010),
        ("A1761", "0405", 1760711009),
        ("A17C0", "0857", 1760711011),
    ]
    first = records[0]
    assert first["device_sn"] == SB
    assert first["values"] == {
        "serial": SB,
        "soc_pct": 69,
        "fw_main": "2.1.5",
        "pv_energy_total": 1468.4523,
    }
    assert first["units"] == {"soc_pct": "%", "pv_energy_total": "kWh"}
    assert first["checksum_ok"] is True
    assert records[1]["values"] == {"soc_precise_pct": 67.65, "pv_v": 45.98}
    assert records[2]["values"] == {"ac_out_w": 57, "time_left_h": 14.5}
    assert records[3]["values"] == {}
    assert records[3]["unmapped"] == {"a1": "32"}
    assert f"{capture.name}:5: skipped (not JSON)" in err


def test_model_option_decodes_with_another_map(
    capture: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--model overrides the product code of every message (unknown model: everything raw)."""
    main(["mqtt-decode", str(capture), "--model", "A5143"])
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {r["device_pn"] for r in records} == {"A5143"}
    assert all(r["values"] == {} and r["unmapped"] for r in records)


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A path that is no file: exit code 2 and a message."""
    assert main(["mqtt-decode", str(tmp_path / "none.ndjson")]) == 2
    assert "capture file not found" in capsys.readouterr().err


def test_the_module_entry_point(capture: Path) -> None:
    """`python -m solixsim mqtt-decode` (what scripts/sim runs) prints the same lines."""
    result = subprocess.run(
        [sys.executable, "-m", "solixsim", "mqtt-decode", str(capture)],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
        timeout=120,
    )
    assert result.returncode == 1
    assert len(result.stdout.splitlines()) == 4
    assert json.loads(result.stdout.splitlines()[2])["device_sn"] == PPS
