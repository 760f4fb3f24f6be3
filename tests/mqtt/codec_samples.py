"""A plausible value of every kind of named value, for round-trip tests of the encoder."""

from __future__ import annotations

import re

from custom_components.anker_solix.solixapi.mqtt import FieldSpec, Layout, Value

TEXT_WORDS = re.compile(r"serial|ssid|model|mac|brand|url|country|kind|ip|sn$|_fw$|time$|version")
RAW_SAMPLES = {
    "u8": 200,
    "s8": -20,
    "u16": 50000,
    "s16": -1234,
    "u32": 3_000_000_000,
    "s32": -123456,
}
SUB_SIZES = {
    "u8": 1,
    "s8": 1,
    "u16": 2,
    "s16": 2,
    "u32": 4,
    "s32": 4,
    "f32": 4,
    "mask": 1,
    "hhmmss": 3,
}


def scaled(raw: int, spec: FieldSpec) -> Value:
    """What a raw integer decodes to with the spec's scale (rounded to the scale's decimals)."""
    if spec.scale is None:
        return raw
    decimals = max(0, -int(f"{spec.scale:e}".split("e")[1]))
    value = round(raw * spec.scale, decimals) if decimals else round(raw * spec.scale)
    return 0 if value == 0 else value


def sample(spec: FieldSpec) -> Value:
    """A value of the spec's kind that its encoding can carry (None: nothing to encode)."""
    kind = spec.kind
    if kind == "none" or spec.name.endswith("_frame"):
        return None
    if kind in ("text", "len+text"):
        return "AB12CD34"
    if kind == "text[n]":
        if spec.unit == "s":
            return 1764658397.328
        return "ABCDEFGHIJKLMNOPQ"[: spec.size]
    if kind == "ver:4u8":
        return "1.0.7.1"
    if kind.startswith("ver"):
        return "2.1.5"
    if kind == "hhmm":
        return "07:30"
    if kind == "hhmmss":
        return "01:02:03"
    if kind == "plan:tou":
        return "[[1,0,6],[3,6,12]]"
    if kind == "plan:custom":
        return '[{"days":31,"slots":[[1,0,360],[2,360,720]]},{"days":96,"slots":[[2,0,60]]}]'
    if kind == "mask":
        assert spec.mask is not None
        low = (spec.mask & -spec.mask).bit_length() - 1
        return scaled(spec.mask >> low, spec)
    if kind == "f32":
        return 12.5
    if kind in RAW_SAMPLES:
        return scaled(RAW_SAMPLES[kind], spec)
    if kind == "json":
        return scaled(1234, spec) if spec.unit or spec.scale else "AB12"
    if spec.unit == "s" and spec.name in ("utc_time", "undecoded_time"):
        return 1764658397.328
    if TEXT_WORDS.search(spec.name) and not spec.unit:
        return "AB12CD34"
    return scaled(-12 if kind == "T,s" else 1234, spec)


def sample_name(spec: FieldSpec) -> str:
    """The name a value is encoded under (list items of `{x}` names: the first)."""
    return spec.name.replace("{x}", "1")


def byte_span(spec: FieldSpec) -> tuple[str, int, int, int] | None:
    """(field, first byte, end, mask) of a sub-value at a fixed offset (None: not fixed-size)."""
    if spec.offset is None:
        return None
    size = spec.size if spec.kind == "text[n]" else SUB_SIZES.get(spec.kind)
    if size is None:
        return None
    return spec.field, spec.offset, spec.offset + size, spec.mask or 0xFF


def overlapping(layout: Layout) -> set[str]:
    """Names of sub-values that share bytes (or mask bits) with another one of the layout."""
    spans = [(spec.name, byte_span(spec)) for spec in layout.fields]
    found: set[str] = set()
    for index, (name, span) in enumerate(spans):
        for other, span2 in spans[index + 1 :]:
            if span is None or span2 is None or span[0] != span2[0]:
                continue
            if span[1] < span2[2] and span2[1] < span[2]:
                single = span[2] - span[1] == 1 and span2[2] - span2[1] == 1
                if not single or span[3] & span2[3]:
                    found |= {name, other}
    return found
