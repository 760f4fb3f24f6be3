"""Types of the field maps (MQTT protocol §5): one `FieldSpec` per named value of a layout.

The data themselves are generated from the protocol document's tables by
`scripts/gen_mqtt_maps.py` into the `data_*.py` modules of this package.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One named value of a layout (one table row after N is filled in).

    `decode` is the table's Decode text; `kind` is the read rule derived from it:
    ``T`` / ``T,s`` / ``T,u`` (as the frame's type says, signedness forced), ``ver:byte0``,
    ``ver:4u8``, ``ver`` (version text §4.7), ``hhmm`` (2-byte time of day), ``text`` (whole
    field as text, typed or not), ``u8`` ``s8`` ``u16`` ``s16`` ``u32`` ``s32`` ``f32``
    (explicit sub-value), ``text[n]`` (fixed size, `size`), ``len+text``, ``mask`` (`mask`),
    ``hhmmss`` (3-byte time), ``plan:tou`` / ``plan:custom`` (§5.12), ``none`` (not extracted),
    ``json`` (key `path` of a JSON document).

    `offset` is the byte offset inside a structured field (None: the whole field, or a sequence
    item); `gap` is set for sequence items ("next", §4.5): bytes skipped before reading it.
    """

    field: str
    offset: int | None
    decode: str
    scale: float | None
    unit: str | None
    name: str
    meaning: str
    verified: bool = True
    placeholder: bool = False
    kind: str = "T"
    size: int | None = None
    mask: int | None = None
    gap: int | None = None
    path: str | None = None

    @property
    def structured(self) -> bool:
        """Whether the value is a part of a structured field (offset or sequence item)."""
        return self.offset is not None or self.gap is not None


@dataclass(frozen=True, slots=True)
class Layout:
    """One distinct message layout (§5.3 onwards), e.g. ``L-A17C0-0405``.

    `json_field` is the TLV field holding a JSON document (``a2`` of the Power Panel), or
    ``"json"`` when the whole message is JSON (X1 ``trans``); None for binary layouts.
    `embedded` names how the layout carries other devices' frames (``tlv`` or ``json``).
    """

    id: str
    fields: tuple[FieldSpec, ...]
    topic_leaf: str
    json_field: str | None = None
    embedded: str | None = None


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """A mapped product code (§5.2): its status request and real-time trigger message types."""

    pn: str
    product: str
    status_request: str
    rt_trigger: str
