"""Seeded fuzzing of the frame parser, the decoder and the envelope reader.

Random frames, truncations, bit flips and splices of the document's frames and of frames our
encoder makes: `parse_frame` raises nothing but `MqttFrameError` (and that only for bytes that
are no frame), `decode_frame_for` raises nothing for any model, `parse_message` nothing at all.
"""

from __future__ import annotations

import base64
import json
import random

import pytest

from custom_components.anker_solix.solixapi.mqtt import (
    FRAME_STATS,
    LAYOUTS,
    MODEL_INFO,
    MODEL_LAYOUTS,
    Frame,
    MqttFrameError,
    decode_frame_for,
    encode_values,
    parse_frame,
    parse_message,
)
from tests.mqtt import codec_examples as ex
from tests.mqtt.codec_examples import frame_bytes
from tests.mqtt.codec_samples import sample, sample_name

SEEDS = range(8)
ROUNDS = 150
MODELS = [*MODEL_INFO, "A5143", ""]


def _seed_frames() -> list[bytes]:
    """The document's frames plus one full frame per layout from our encoder."""
    frames = [
        frame_bytes(hex_text)
        for hex_text in (ex.SB1_0405_HEX, ex.SB1_0408_HEX, ex.C1000_0405_HEX, ex.C1000G2_0421_HEX)
    ]
    for lid, layout in LAYOUTS.items():
        pn, msg_type = next(
            (pn, t) for pn, types in MODEL_LAYOUTS.items() for t, lay in types.items() if lay == lid
        )
        if msg_type == "json":
            continue
        values = {sample_name(s): v for s in layout.fields if (v := sample(s)) is not None}
        frames.append(encode_values(pn, msg_type, values))
    return frames


SEED_FRAMES = _seed_frames()


def _mutate(rng: random.Random, data: bytes) -> bytes:
    """One random damage: truncate, flip bytes, splice, drop or insert a run, pure noise."""
    choice = rng.randrange(6)
    if choice == 0:
        return data[: rng.randrange(len(data) + 1)]
    if choice == 1:
        out = bytearray(data)
        for _ in range(rng.randint(1, 6)):
            out[rng.randrange(len(out))] = rng.randrange(256)
        return bytes(out)
    if choice == 2:
        other = rng.choice(SEED_FRAMES)
        cut = rng.randrange(len(data))
        return data[:cut] + other[rng.randrange(len(other)) :]
    if choice == 3:
        start = rng.randrange(len(data))
        return data[:start] + data[start + rng.randint(1, 8) :]
    if choice == 4:
        start = rng.randrange(len(data))
        return data[:start] + rng.randbytes(rng.randint(1, 8)) + data[start:]
    return b"\xff\x09" + rng.randbytes(rng.randint(0, 300))


def _decode_everywhere(frame: Frame, rng: random.Random) -> None:
    """Decode with the frame's own model candidates and a few random ones: never raises."""
    own = [pn for pn, types in MODEL_LAYOUTS.items() if frame.msg_type in types]
    for pn in [*own[:3], *rng.sample(MODELS, 4)]:
        decoded = decode_frame_for(pn, "SN", frame)
        assert decoded.msg_type == frame.msg_type
        # the catch-all fallback (layout_id None) is never needed: damage only drops values
        assert decoded.layout_id == MODEL_LAYOUTS.get(pn, {}).get(frame.msg_type)
        assert all(value is not None for value in decoded.values.values())


@pytest.mark.parametrize("seed", SEEDS)
def test_damaged_frames_never_break_parsing_or_decoding(seed: int) -> None:
    """parse_frame: a Frame or MqttFrameError; decode_frame_for: always a message."""
    rng = random.Random(seed)
    parsed = refused = 0
    for _ in range(ROUNDS):
        data = _mutate(rng, rng.choice(SEED_FRAMES))
        try:
            frame = parse_frame(data)
        except MqttFrameError:
            refused += 1
            assert len(data) < 10 or data[:2] != b"\xff\x09"
            continue
        parsed += 1
        _decode_everywhere(frame, rng)
    assert parsed > ROUNDS // 2


@pytest.mark.parametrize("seed", SEEDS)
def test_random_envelopes_never_break_the_reader(seed: int) -> None:
    """Envelopes with damaged JSON, Base64 or frames: None or a message, never an exception."""
    rng = random.Random(1000 + seed)
    for _ in range(ROUNDS):
        frame = _mutate(rng, rng.choice(SEED_FRAMES))
        inner = {"data": base64.b64encode(frame).decode(), "sn": "SN", "pn": rng.choice(MODELS)}
        text = json.dumps(
            {"head": {"timestamp": rng.choice([1, "x", None])}, "payload": json.dumps(inner)}
        )
        if rng.random() < 0.3:
            cut = rng.randrange(len(text))
            text = text[:cut] + rng.choice(['"', "{", "}", "\\", ""]) + text[cut + 1 :]
        message = parse_message("dt/anker_power/A17C1/SN/param_info", text.encode())
        if message is None or message.frame is None:
            continue
        try:
            decoded = decode_frame_for(message.pn, message.sn, parse_frame(message.frame))
        except MqttFrameError:
            continue
        assert decoded.sn == message.sn


def test_bad_checksums_of_fuzzed_frames_are_counted() -> None:
    """Every parsed frame with a wrong XOR adds one to the module counter."""
    rng = random.Random(99)
    before = FRAME_STATS.bad_checksum
    bad = 0
    for _ in range(50):
        data = bytearray(rng.choice(SEED_FRAMES[4:]))
        data[rng.randrange(10, len(data) - 1)] ^= 1 << rng.randrange(8)
        bad += not parse_frame(bytes(data)).checksum_ok
    assert bad == 50
    assert FRAME_STATS.bad_checksum - before == bad
