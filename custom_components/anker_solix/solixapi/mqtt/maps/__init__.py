"""Field maps of all mapped models (MQTT protocol §5) as data, generated from the document.

`LAYOUTS` (layout id → `Layout`), `MODEL_LAYOUTS` (product code → message type → layout id),
`MODEL_INFO` (product code → `ModelInfo`); `layouts_for(pn)` and `value_specs(pn)` answer per
model. The `data_*.py` modules are written by `scripts/gen_mqtt_maps.py`.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from . import (
    data_chargers,
    data_coolers,
    data_docks,
    data_ev,
    data_home,
    data_meters,
    data_plug,
    data_pps,
    data_solarbanks,
)
from .data_index import MODEL_INFO as _MODEL_INFO
from .data_index import MODEL_LAYOUTS as _MODEL_LAYOUTS
from .spec import FieldSpec, Layout, ModelInfo

_PARTS = (
    data_solarbanks,
    data_docks,
    data_meters,
    data_plug,
    data_pps,
    data_home,
    data_ev,
    data_chargers,
    data_coolers,
)

LAYOUTS: Mapping[str, Layout] = MappingProxyType(
    {layout.id: layout for part in _PARTS for layout in part.LAYOUTS}
)
MODEL_LAYOUTS: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {pn: MappingProxyType(types) for pn, types in _MODEL_LAYOUTS.items()}
)
MODEL_INFO: Mapping[str, ModelInfo] = MappingProxyType(_MODEL_INFO)

GENERIC_STATUS_REQUEST = "0040"
"""Status request type for a model the map does not know (§6.3)."""
GENERIC_RT_TRIGGER = "0057"
"""Real-time trigger type for a model the map does not know (§6.2)."""


def layouts_for(pn: str) -> Mapping[str, Layout]:
    """Message type → layout of a model; empty for a model the map does not know."""
    return {msg_type: LAYOUTS[lid] for msg_type, lid in MODEL_LAYOUTS.get(pn, {}).items()}


def value_specs(pn: str) -> dict[str, FieldSpec]:
    """Every named value a model can publish (over all its message types), name → spec.

    Where two message types carry the same name, the first layout in the index wins (their
    meaning and unit agree by the document's naming rule, §5.1).
    """
    specs: dict[str, FieldSpec] = {}
    for layout in layouts_for(pn).values():
        for spec in layout.fields:
            specs.setdefault(spec.name, spec)
    return specs


__all__ = [
    "GENERIC_RT_TRIGGER",
    "GENERIC_STATUS_REQUEST",
    "LAYOUTS",
    "MODEL_INFO",
    "MODEL_LAYOUTS",
    "FieldSpec",
    "Layout",
    "ModelInfo",
    "layouts_for",
    "value_specs",
]
