"""Anker Solix for Home Assistant: setup, unload, option changes and device removal."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Final

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryError
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.typing import ConfigType
from homeassistant.util.hass_dict import HassKey

from .cleanup import (
    VanishedDevices,
    async_find_shared_entry,
    async_remove_excluded,
    async_remove_replaced_sensors,
    data_identifiers,
    domain_identifiers,
)
from .const import CONF_COUNTRY, CONF_MODE, DOMAIN, MODE_REPLAY, OPT_EXCLUDE
from .coordinator import SolixConfigEntry, SolixCoordinator, SolixRuntimeData
from .device_pictures import async_register_pictures
from .export_view import async_register_export_view
from .migration import async_migrate_entry as async_migrate_entry
from .migration import async_scan_leftover_files, async_take_over
from .mqtt_link import MqttLink, has_captures
from .repairs import (
    ISSUE_DUPLICATE_DEVICES,
    ISSUE_WRONG_REGION,
    create_issue,
    delete_all_issues,
    delete_issue,
    transport_switch_notifier,
)
from .services import async_setup_services
from .services_support_export import async_clean_up_exports
from .session_factory import async_build_session, session_options
from .solixapi import SolixApi, SolixPoller
from .statistics import async_remove_history, async_setup_history
from .tokenstore import HomeAssistantTokenStore, async_remove_token

PLATFORMS: Final = [
    Platform.BINARY_SENSOR,
    Platform.BUTTON,
    Platform.DATETIME,
    Platform.NUMBER,
    Platform.SELECT,
    Platform.SENSOR,
    Platform.SWITCH,
    Platform.TEXT,
    Platform.TIME,
    Platform.UPDATE,
]
CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)
"""Set up through the UI only; `async_setup` registers the actions and the download view once."""
START_SPACING: Final = 1.0
"""Seconds between the first polls of two entries (never two accounts in the same second)."""


@dataclass
class _DomainState:
    """What the entries of this integration share: first-poll spacing, pending cleanups."""

    start_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    last_start: float | None = None
    cleanup_after_reload: set[str] = field(default_factory=set)


DOMAIN_STATE: HassKey[_DomainState] = HassKey(DOMAIN)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Prepare the state the entries share, register the actions, the export download view and
    the device pictures' static path (once, for all entries) and delete old exports."""
    hass.data.setdefault(DOMAIN_STATE, _DomainState())
    async_setup_services(hass)
    async_register_export_view(hass)
    await async_register_pictures(hass)
    await async_clean_up_exports(hass)
    await async_scan_leftover_files(hass)  # files the community release left in our folder
    return True


async def _async_wait_for_start_slot(hass: HomeAssistant) -> None:
    """Wait until no other entry started its first poll within the last START_SPACING."""
    state = hass.data.setdefault(DOMAIN_STATE, _DomainState())
    async with state.start_lock:
        if state.last_start is not None:
            wait = state.last_start + START_SPACING - hass.loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
        state.last_start = hass.loop.time()


async def async_setup_entry(hass: HomeAssistant, entry: SolixConfigEntry) -> bool:
    """Log in, poll once, check for shared devices, then set up the platforms."""
    user_id = entry.unique_id or ""
    try:
        session = await async_build_session(
            hass,
            entry.data,
            entry.options,
            HomeAssistantTokenStore(hass, user_id),
            on_transport_switch=transport_switch_notifier(hass, entry.entry_id, entry.title),
        )
    except FileNotFoundError as err:  # the example folder of a replay entry is gone
        raise ConfigEntryError(
            translation_domain=DOMAIN, translation_key="replay_folder_missing"
        ) from err
    api = SolixApi(session)
    poller = SolixPoller(api)
    coordinator = SolixCoordinator(hass, entry, session, poller)
    entry.runtime_data = SolixRuntimeData(
        session=session,
        api=api,
        poller=poller,
        coordinator=coordinator,
        applied_data=dict(entry.data),
        applied_exclude=tuple(entry.options.get(OPT_EXCLUDE, ())),
    )
    await _async_wait_for_start_slot(hass)
    await coordinator.async_config_entry_first_refresh()
    _check_account_content(hass, entry, coordinator)
    # An entry taken over from the community integration: its registry rows get our ids first.
    await async_take_over(hass, entry, session.user_id or user_id, coordinator.data)
    user_id = entry.unique_id or ""
    if entry.data.get(CONF_MODE) != MODE_REPLAY or has_captures(session):
        # Live data starts in the background; polling never waits for it (example data: the
        # export's MQTT captures are played instead).
        coordinator.mqtt = MqttLink(hass, entry, coordinator)
        await coordinator.mqtt.async_setup()

    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    async_remove_replaced_sensors(hass, entry)
    state = hass.data.setdefault(DOMAIN_STATE, _DomainState())
    if entry.entry_id in state.cleanup_after_reload:
        state.cleanup_after_reload.discard(entry.entry_id)
        excluded = set(entry.options.get(OPT_EXCLUDE, ()))
        async_remove_excluded(hass, entry.entry_id, coordinator.data, excluded)

    # Devices that left the cloud leave the registry only after the grace period (cleanup.py).
    vanished = VanishedDevices(hass, entry.entry_id, user_id)
    await vanished.async_load()

    @callback
    def remove_vanished_devices() -> None:
        vanished.async_poll_done(coordinator)

    remove_vanished_devices()
    entry.async_on_unload(coordinator.async_add_listener(remove_vanished_devices))
    entry.async_on_unload(entry.add_update_listener(_async_entry_updated))
    # Energy dashboard history: backfill and hourly import in the background (recorder only).
    await async_setup_history(hass, entry)
    return True


def _check_account_content(
    hass: HomeAssistant, entry: SolixConfigEntry, coordinator: SolixCoordinator
) -> None:
    """Raise for systems another entry already handles; report an account without systems."""
    present = data_identifiers(coordinator.data, None)
    other = async_find_shared_entry(hass, entry.entry_id, present)
    if other is not None:
        placeholders = {"title": entry.title, "other": other}
        create_issue(hass, ISSUE_DUPLICATE_DEVICES, entry.entry_id, placeholders)
        raise ConfigEntryError(
            translation_domain=DOMAIN,
            translation_key="duplicate_devices",
            translation_placeholders=placeholders,
        )
    delete_issue(hass, ISSUE_DUPLICATE_DEVICES, entry.entry_id)
    if present:
        delete_issue(hass, ISSUE_WRONG_REGION, entry.entry_id)
    else:
        placeholders = {"title": entry.title, "country": str(entry.data.get(CONF_COUNTRY, ""))}
        create_issue(hass, ISSUE_WRONG_REGION, entry.entry_id, placeholders)


async def _async_entry_updated(hass: HomeAssistant, entry: SolixConfigEntry) -> None:
    """Apply interval and transport options live; reload for new credentials or exclusions."""
    runtime = entry.runtime_data
    exclude = tuple(entry.options.get(OPT_EXCLUDE, ()))
    if dict(entry.data) != runtime.applied_data or exclude != runtime.applied_exclude:
        if exclude != runtime.applied_exclude:
            hass.data.setdefault(DOMAIN_STATE, _DomainState()).cleanup_after_reload.add(
                entry.entry_id
            )
        hass.config_entries.async_schedule_reload(entry.entry_id)
        return
    runtime.session.update_options(session_options(entry.options))
    runtime.coordinator.apply_intervals(dict(entry.options))
    if runtime.coordinator.mqtt is not None:
        await runtime.coordinator.mqtt.async_apply_options()
    runtime.coordinator.async_update_listeners()  # entities show or drop their pictures now


async def async_unload_entry(hass: HomeAssistant, entry: SolixConfigEntry) -> bool:
    """Unload the platforms (the coordinator stops with its last listener)."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)


async def async_remove_entry(hass: HomeAssistant, entry: SolixConfigEntry) -> None:
    """Forget the stored login, the repair issues and the missing devices of a removed entry."""
    delete_all_issues(hass, entry.entry_id)
    await VanishedDevices(hass, entry.entry_id, entry.unique_id).async_remove()
    await async_remove_history(hass, entry.entry_id)
    if entry.unique_id:
        await async_remove_token(hass, entry.unique_id)


async def async_remove_config_entry_device(
    hass: HomeAssistant, entry: SolixConfigEntry, device: dr.DeviceEntry
) -> bool:
    """Allow removing a device only when the cloud no longer reports it."""
    runtime: SolixRuntimeData | None = getattr(entry, "runtime_data", None)
    if runtime is None:
        return True
    present = data_identifiers(runtime.coordinator.data, entry.unique_id)
    return not domain_identifiers(device) & present
