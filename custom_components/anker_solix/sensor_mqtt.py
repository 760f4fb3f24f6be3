"""Live-data sensors: one per value of a device's model map, its last message time, the counts.

The value sensors are generated from the model map (``value_specs(pn)``) when the device is
known, not when a first message arrives; values the cloud already shows as an entity (the
overlay table) get no second entity: the cloud entity shows the fresher value instead.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from homeassistant.components.sensor import SensorDeviceClass, SensorStateClass
from homeassistant.const import EntityCategory
from homeassistant.util import dt as dt_util

from .context import ContextKind, SolixContext
from .coordinator import SolixCoordinator
from .mqtt_controls import controlled_names
from .mqtt_link import MqttLink, link_of, model_value_specs, overlaid_names
from .mqtt_values import is_entity_value, sensor_shape, translation_key
from .sensor_common import SensorValue, SolixSensorDescription, field, number

EXPANSION = re.compile(r"exp(\d+)_")
"""Names of an expansion battery's values (``exp2_temp_c``: pack 2)."""
LIVE_WAITING = "waiting"
LIVE = "live"
LIVE_STANDBY = "standby"
LIVE_STATES = [LIVE_WAITING, LIVE, LIVE_STANDBY]
"""States of a device's live data: no message yet, publishing, silent (last state kept)."""
ATTR_LIVE_DATA = "live_data"
"""Attribute of the value sensors of a device in standby (``standby``: the last state kept)."""


@dataclass(frozen=True, kw_only=True)
class LiveSensorDescription(SolixSensorDescription):
    """A sensor that reads the live-data store (unavailable while live data is off)."""

    live_name: str | None = None
    """The value's name in the model map (None: the device's or account's live-data state)."""
    placeholders: dict[str, str] | None = None
    """Placeholders of the translated name (the index of an expansion, channel or phase)."""


def _link(ctx: SolixContext) -> MqttLink | None:
    return link_of(ctx.coordinator)


def _live_value(name: str) -> Callable[[SolixContext], SensorValue]:
    def read(ctx: SolixContext) -> SensorValue:
        link = _link(ctx)
        value = link.value(ctx.key, name) if link is not None else None
        if isinstance(value, bool):
            return "on" if value else "off"
        return value

    return read


def _eligible(ctx: SolixContext) -> bool:
    link = _link(ctx)
    return link is not None and link.shows(ctx.key)


def _last_message(ctx: SolixContext) -> datetime | None:
    link = _link(ctx)
    arrived = link.last_message(ctx.key) if link is not None else None
    return None if arrived is None else dt_util.utc_from_timestamp(arrived)


def live_state(ctx: SolixContext) -> str | None:
    """``waiting`` (no message yet), ``live`` or ``standby`` (silent longer than its cadence
    allows: the values shown are its last state); None while live data is off."""
    link = _link(ctx)
    if link is None or not link.active:
        return None
    if link.last_message(ctx.key) is None:
        return LIVE_WAITING
    return LIVE_STANDBY if link.standby(ctx.key) else LIVE


def standby_attributes(ctx: SolixContext) -> dict[str, str] | None:
    """The standby mark of a value sensor (None while the device publishes)."""
    return {ATTR_LIVE_DATA: LIVE_STANDBY} if live_state(ctx) == LIVE_STANDBY else None


def _message_count(ctx: SolixContext) -> int | None:
    link = _link(ctx)
    return link.message_count() if link is not None else None


def _account_has_live_data(ctx: SolixContext) -> bool:
    link = _link(ctx)
    return link is not None and link.account_eligible()


@functools.cache
def model_sensors(pn: str) -> tuple[LiveSensorDescription, ...]:
    """The value sensors of one model (every map value that becomes an entity, no overlay)."""
    descriptions = []
    for name, spec in sorted(model_value_specs(pn).items()):
        if not is_entity_value(spec) or name in overlaid_names(pn):
            continue
        shape = sensor_shape(spec)
        key, placeholders = translation_key(name)
        descriptions.append(
            LiveSensorDescription(
                key=f"live_{name}",
                translation_key=key,
                placeholders=placeholders or None,
                kind=ContextKind.DEVICE,
                live_name=name,
                native_unit_of_measurement=shape.unit,
                device_class=shape.device_class,
                state_class=shape.state_class,
                suggested_display_precision=shape.precision,
                entity_category=shape.category,
                entity_registry_enabled_default=shape.enabled,
                exists_fn=_eligible,
                value_fn=_live_value(name),
            )
        )
    return tuple(descriptions)


DEVICE_LIVE_SENSORS: tuple[LiveSensorDescription, ...] = (
    LiveSensorDescription(
        key="live_data_time",
        translation_key="live_data_time",
        kind=ContextKind.DEVICE,
        device_class=SensorDeviceClass.TIMESTAMP,
        entity_category=EntityCategory.DIAGNOSTIC,
        exists_fn=_eligible,
        value_fn=_last_message,
    ),
    LiveSensorDescription(
        key="live_data_state",
        translation_key="live_data_state",
        kind=ContextKind.DEVICE,
        device_class=SensorDeviceClass.ENUM,
        options=LIVE_STATES,
        entity_category=EntityCategory.DIAGNOSTIC,
        exists_fn=_eligible,
        value_fn=live_state,
    ),
)
ACCOUNT_LIVE_SENSORS: tuple[LiveSensorDescription, ...] = (
    LiveSensorDescription(
        key="live_messages",
        translation_key="live_messages",
        kind=ContextKind.ACCOUNT,
        state_class=SensorStateClass.TOTAL_INCREASING,
        suggested_display_precision=0,
        entity_category=EntityCategory.DIAGNOSTIC,
        exists_fn=_account_has_live_data,
        value_fn=_message_count,
    ),
)


def _installed(description: LiveSensorDescription, expansions: int | None) -> bool:
    """Whether an expansion-battery value belongs to an installed pack (unknown count: all)."""
    found = EXPANSION.match(description.live_name or "")
    return expansions is None or found is None or int(found.group(1)) <= expansions


def live_sensors(ctx: SolixContext) -> tuple[LiveSensorDescription, ...]:
    """The live-data sensors of a context (none for members and unmapped devices).

    Settings an MQTT control shows (`mqtt_controls`) get no sensor.

    Values of expansion batteries are created for the packs the cloud counts (all of the map's
    packs when the cloud gives no count).
    """
    if ctx.kind is ContextKind.ACCOUNT:
        return ACCOUNT_LIVE_SENSORS
    if ctx.kind is not ContextKind.DEVICE:
        return ()
    pn = str((ctx.entry or {}).get("device_pn") or "")
    link = _link(ctx)
    if not pn or link is None or not link.shows(ctx.key):
        return ()
    count = number(field(ctx.entry, "sub_package_num"))
    expansions = None if count is None else int(count)
    controlled = controlled_names(ctx)  # a setting with a control gets no second entity
    return (
        *DEVICE_LIVE_SENSORS,
        *(
            d
            for d in model_sensors(pn)
            if _installed(d, expansions) and d.live_name not in controlled
        ),
    )


def live_available(coordinator: SolixCoordinator) -> bool:
    """Whether live-data sensors have a source (the option is on and the session runs)."""
    link = link_of(coordinator)
    return link is not None and link.active
