"""Buttons: re-read a device's details or the vehicles now; start a device's live updates."""

from __future__ import annotations

import math
from dataclasses import dataclass

from homeassistant.components.button import ButtonEntity, ButtonEntityDescription
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddEntitiesCallback

from .context import ContextKind, SolixContext
from .coordinator import SolixConfigEntry
from .entity_control import (
    SolixControlDescription,
    SolixControlEntity,
    async_setup_controls,
    invalid_value,
)
from .helpers import async_run_write, ensure_cloud_requests
from .mqtt_link import REALTIME_BUTTON, link_of

PARALLEL_UPDATES = 1


@dataclass(frozen=True, kw_only=True)
class SolixButtonDescription(ButtonEntityDescription, SolixControlDescription):
    """A refresh button of one context."""

    vehicles_only: bool = False
    """Re-read only the vehicles (else sites and details)."""
    live_seconds: int | None = None
    """Ask the device for real-time live data for this long instead of refreshing."""


def _has_vehicles(ctx: SolixContext) -> bool:
    account = ctx.account
    return bool(account.get("vehicles")) or bool(account.get("vehicles_registered"))


BUTTONS: tuple[SolixButtonDescription, ...] = (
    SolixButtonDescription(
        key="refresh_device",
        translation_key="refresh_device",
        kind=ContextKind.DEVICE,
        entity_category=EntityCategory.DIAGNOSTIC,
        owner_only=False,
        needs_value=False,
        value_fn=lambda ctx: None,
        supported_fn=lambda ctx: True,
    ),
    SolixButtonDescription(
        key="refresh_vehicles",
        translation_key="refresh_vehicles",
        kind=ContextKind.ACCOUNT,
        entity_category=EntityCategory.DIAGNOSTIC,
        exclude=("vehicle",),
        owner_only=False,
        needs_value=False,
        vehicles_only=True,
        value_fn=lambda ctx: None,
        supported_fn=_has_vehicles,
    ),
    SolixButtonDescription(
        key="start_live_updates",
        translation_key="start_live_updates",
        kind=ContextKind.DEVICE,
        needs_value=False,
        live_seconds=REALTIME_BUTTON,
        value_fn=lambda ctx: None,
        supported_fn=lambda ctx: (link := link_of(ctx.coordinator)) is not None
        and link.shows(ctx.key),
    ),
)


async def async_setup_entry(
    hass: HomeAssistant, entry: SolixConfigEntry, async_add_entities: AddEntitiesCallback
) -> None:
    """Add the refresh buttons of every context now and of every new context after a poll."""
    async_setup_controls(entry, async_add_entities, BUTTONS, SolixButton)
    # Device actions over MQTT (EV charger charge start/stop/boost).
    from .button_mqtt import async_setup_mqtt_buttons

    async_setup_mqtt_buttons(entry, async_add_entities)


class SolixButton(SolixControlEntity, ButtonEntity):
    """A button that re-reads the cloud now (at most once a minute)."""

    entity_description: SolixButtonDescription

    def _read_value(self) -> None:
        """Buttons have no state of their own."""

    async def async_press(self) -> None:
        """Refresh now, or refuse while polling is off, a refresh runs or the last is too recent.

        The live-updates button asks the device for real-time data instead (once, not renewed).
        """
        seconds = self.entity_description.live_seconds
        if seconds is not None:
            link = link_of(self.coordinator)
            if link is None or not link.active or not link.shows(self._key):
                raise invalid_value("live_data_off")
            await link.async_start_realtime(self._key, seconds)
            return
        ensure_cloud_requests(self.coordinator)
        wait = self.coordinator.manual_refresh_wait()
        if math.isinf(wait):
            raise invalid_value("refresh_running")
        if wait > 0:
            raise invalid_value("refresh_too_soon", seconds=str(math.ceil(wait)))
        await async_run_write(
            self.coordinator,
            self.coordinator.async_manual_refresh(
                vehicles_only=self.entity_description.vehicles_only
            ),
            confirm=False,
        )
