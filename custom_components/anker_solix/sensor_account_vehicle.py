"""Account diagnostics (requests, poll times, last error) and vehicle sensors."""

from __future__ import annotations

from datetime import datetime

from homeassistant.components.sensor import SensorDeviceClass, SensorStateClass
from homeassistant.const import EntityCategory

from .context import ContextKind, SolixContext
from .sensor_common import (
    SolixSensorDescription,
    account_zone,
    epoch_time,
    field,
    local_time,
    number,
)
from .solixapi import ReplaySession

MAX_STATE_LENGTH = 255
NO_ERROR = "none"
"""State of the last-error sensor before any poll failed (translated: "None")."""


def _last_error(ctx: SolixContext) -> str | None:
    """The coordinator's last error message, shortened to a valid state; ``none`` before any."""
    if ctx.coordinator is None:
        return None
    error = ctx.coordinator.last_error
    return NO_ERROR if error is None else error[:MAX_STATE_LENGTH]


def _last_error_time(ctx: SolixContext) -> datetime | None:
    """When the coordinator last failed."""
    return ctx.coordinator.last_error_time if ctx.coordinator is not None else None


def _poll_time(key: str) -> SolixSensorDescription:
    """When one poll tier of the client last finished."""
    return SolixSensorDescription(
        key=key,
        translation_key=key,
        kind=ContextKind.ACCOUNT,
        device_class=SensorDeviceClass.TIMESTAMP,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        value_fn=lambda ctx: local_time(field(ctx.entry, key), account_zone(ctx)),
    )


ACCOUNT_VEHICLE_SENSORS: tuple[SolixSensorDescription, ...] = (
    SolixSensorDescription(
        key="requests_last_hour",
        translation_key="requests_last_hour",
        kind=ContextKind.ACCOUNT,
        state_class=SensorStateClass.MEASUREMENT,
        entity_category=EntityCategory.DIAGNOSTIC,
        always_available=True,
        # An example entry (replay) sends nothing to the cloud: no counter of cloud requests.
        exists_fn=lambda ctx: (
            ctx.coordinator is not None and not isinstance(ctx.coordinator.session, ReplaySession)
        ),
        value_fn=lambda ctx: (
            ctx.coordinator.session.stats.requests_last_hour()
            if ctx.coordinator is not None
            else number(field(ctx.entry, "requests_last_hour"))
        ),
    ),
    SolixSensorDescription(
        key="last_error",
        translation_key="last_error",
        kind=ContextKind.ACCOUNT,
        entity_category=EntityCategory.DIAGNOSTIC,
        always_available=True,
        exists_fn=lambda ctx: ctx.coordinator is not None,
        value_fn=_last_error,
    ),
    SolixSensorDescription(
        key="last_error_time",
        translation_key="last_error_time",
        kind=ContextKind.ACCOUNT,
        device_class=SensorDeviceClass.TIMESTAMP,
        entity_category=EntityCategory.DIAGNOSTIC,
        always_available=True,
        exists_fn=lambda ctx: ctx.coordinator is not None,
        value_fn=_last_error_time,
    ),
    _poll_time("sites_poll_time"),
    _poll_time("details_poll_time"),
    _poll_time("energy_poll_time"),
    SolixSensorDescription(
        key="last_update",
        translation_key="vehicle_last_update",
        kind=ContextKind.VEHICLE,
        device_class=SensorDeviceClass.TIMESTAMP,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda ctx: epoch_time(field(ctx.entry, "update_time")),
    ),
)
