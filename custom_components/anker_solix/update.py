"""Firmware of each device as an update entity: installed and latest version, release notes.

Read only: the Anker cloud tells which firmware a device runs and which one it offers
(`app/ota/batch/check_update`, protocol §4.2.3), but we never start an installation (the Anker
app does that, or the device itself with auto-upgrade on), so the entity has no install feature.
Members get no update information from the cloud: their entities show the installed version and
an unknown latest version.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from homeassistant.components.update import (  # type: ignore[attr-defined,unused-ignore]
    UpdateDeviceClass,
    UpdateEntity,
    UpdateEntityDescription,
    UpdateEntityFeature,
)
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddEntitiesCallback

from .context import ContextKind, SolixContext
from .coordinator import SolixConfigEntry
from .entity import InvalidStateError, SolixEntity, SolixEntityDescription
from .entity_setup import async_setup_dynamic_entities
from .sensor_common import field

PARALLEL_UPDATES = 0
SUMMARY_LENGTH = 255
"""Home Assistant keeps at most this many characters of a release summary."""
VERSION_LENGTH = 64
"""A longer firmware version text is damaged data (real ones read like ``v1.0.2.6``)."""


def _text(ctx: SolixContext, path: str) -> str | None:
    """A non-empty text of the device's cache entry."""
    value = field(ctx.entry, path)
    return value.strip() or None if isinstance(value, str) else None


def installed_version(ctx: SolixContext) -> str | None:
    """The firmware the device runs."""
    return _text(ctx, "sw_version")


def latest_version(ctx: SolixContext) -> str | None:
    """The firmware the cloud offers: its package when an update is due, else the installed one;
    None when the cloud said nothing about updates (members, a failed check)."""
    update_due = field(ctx.entry, "is_ota_update")
    if not isinstance(update_due, bool):
        return None
    if update_due:
        return _text(ctx, "ota_version") or installed_version(ctx)
    return installed_version(ctx)


def release_notes(ctx: SolixContext) -> str | None:
    """The change log of the offered firmware, where the cloud has one (often empty)."""
    if field(ctx.entry, "is_ota_update") is not True:
        return None
    return _text(ctx, "ota_change_log")


@dataclass(frozen=True, kw_only=True)
class SolixUpdateDescription(UpdateEntityDescription, SolixEntityDescription):
    """An update entity read from one device context of the snapshot."""

    installed_fn: Callable[[SolixContext], str | None]
    latest_fn: Callable[[SolixContext], str | None]
    notes_fn: Callable[[SolixContext], str | None]
    auto_update_fn: Callable[[SolixContext], bool]


UPDATES: tuple[SolixUpdateDescription, ...] = (
    SolixUpdateDescription(
        key="firmware",
        translation_key="firmware",
        kind=ContextKind.DEVICE,
        device_class=UpdateDeviceClass.FIRMWARE,
        entity_category=EntityCategory.DIAGNOSTIC,
        exists_fn=lambda ctx: installed_version(ctx) is not None,
        installed_fn=installed_version,
        latest_fn=latest_version,
        notes_fn=release_notes,
        auto_update_fn=lambda ctx: field(ctx.entry, "auto_upgrade") is True,
    ),
)


def updates_for(ctx: SolixContext) -> tuple[SolixUpdateDescription, ...]:
    """The descriptions of a context's kind."""
    return tuple(d for d in UPDATES if d.kind is ctx.kind)


def update_exists(ctx: SolixContext, description: SolixUpdateDescription) -> bool:
    """Whether a device has firmware to show."""
    return description.exists_fn is not None and description.exists_fn(ctx)


async def async_setup_entry(
    hass: HomeAssistant, entry: SolixConfigEntry, async_add_entities: AddEntitiesCallback
) -> None:
    """Add the update entities of every device now and of every new device after a poll."""
    async_setup_dynamic_entities(entry, async_add_entities, updates_for, update_exists, SolixUpdate)


class SolixUpdate(SolixEntity, UpdateEntity):
    """A device's firmware: versions and release notes; no installation from Home Assistant."""

    entity_description: SolixUpdateDescription
    _notes: str | None = None

    def _read_value(self) -> None:
        """Take versions and notes from the snapshot."""
        ctx = self.context
        if ctx.entry is None:
            return
        description = self.entity_description
        installed, latest = description.installed_fn(ctx), description.latest_fn(ctx)
        for version in (installed, latest):
            if version is not None and len(version) > VERSION_LENGTH:
                raise InvalidStateError(f"a version of {len(version)} characters")
        self._attr_installed_version = installed
        self._attr_latest_version = latest
        self._attr_auto_update = description.auto_update_fn(ctx)
        self._notes = description.notes_fn(ctx)
        self._attr_release_summary = self._notes[:SUMMARY_LENGTH] if self._notes else None
        self._attr_supported_features = (
            UpdateEntityFeature.RELEASE_NOTES if self._notes else UpdateEntityFeature(0)
        )

    async def async_release_notes(self) -> str | None:
        """The full change log of the offered firmware."""
        return self._notes
