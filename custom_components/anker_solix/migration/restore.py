"""Restore data of the community's local customizations, for the same settings of ours.

Their battery capacity, dynamic price fee and VAT (numbers) and price provider (select) keep
local values Home Assistant restores by entity id. A re-keyed row keeps its entity id, so our
restore entity reads their last state as is when it holds a value. When their last state was
unknown or unavailable they fell back to the ``customized`` attribute; that value is put into
the stored state here (before our entities are added), so ours restores it too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from homeassistant.const import STATE_UNAVAILABLE, STATE_UNKNOWN
from homeassistant.core import HomeAssistant, State
from homeassistant.helpers import restore_state

RESTORED: Final[dict[str, tuple[str, ...]]] = {
    "number": ("battery_capacity", "dynamic_price_fee", "dynamic_price_vat"),
    "select": ("dynamic_price_provider",),
}
"""Our restore entities that have a counterpart among theirs (same key on both sides)."""
CUSTOMIZED: Final = "customized"
_NUMBER_FIELDS: Final = (
    "native_max_value",
    "native_min_value",
    "native_step",
    "native_unit_of_measurement",
)


def _customized_value(state: State) -> Any:
    """The value their entity would have restored (the state, else ``customized``)."""
    if state.state not in (STATE_UNKNOWN, STATE_UNAVAILABLE, ""):
        return None  # a real state: ours restores it unchanged
    return state.attributes.get(CUSTOMIZED)


def _number_extra(old: Mapping[str, Any] | None, value: float) -> dict[str, Any]:
    """Number extra data with ``value`` (the other fields kept where their record had them)."""
    extra: dict[str, Any] = {name: (old or {}).get(name) for name in _NUMBER_FIELDS}
    extra["native_value"] = value
    return extra


def async_take_over_restore_data(
    hass: HomeAssistant, rekeyed: Mapping[str, tuple[str, str]]
) -> list[str]:
    """Fill the stored state of re-keyed restore entities from ``customized``; the entity ids."""
    data = restore_state.async_get(hass)
    done: list[str] = []
    for entity_id, (platform, unique_id) in rekeyed.items():
        if not any(unique_id.endswith(f"_{key}") for key in RESTORED.get(platform, ())):
            continue
        stored = data.last_states.get(entity_id)
        if stored is None:
            continue
        value = _customized_value(stored.state)
        if value is None:
            continue
        extra: restore_state.ExtraStoredData | None = stored.extra_data
        if platform == "number":
            try:
                number = float(value)
            except (TypeError, ValueError):
                continue
            old = stored.extra_data.as_dict() if stored.extra_data else None
            extra = restore_state.RestoredExtraData(_number_extra(old, number))
            value = number
        state = State(entity_id, str(value), stored.state.attributes)
        data.last_states[entity_id] = restore_state.StoredState(state, extra, stored.last_seen)
        done.append(entity_id)
    return done
