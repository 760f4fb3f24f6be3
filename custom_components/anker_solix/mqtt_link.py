"""The hub entry's live-data link: owns the library's MQTT session and feeds the entities.

Started in the background after the first successful poll when the "Live data (MQTT)" option
is on, stopped when it is switched off, on unload and when Home Assistant stops: HTTP polling
never waits for it. Devices come from the poller's device cache (owned, mapped, not passive).
A message never polls the cloud: it schedules one debounced entity update, which lays the
fresher live values over the cloud snapshot (the library's overlay rule) and notifies the
entities without touching the poll schedule.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

from homeassistant.const import EVENT_HOMEASSISTANT_STOP
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import instance_id
from homeassistant.helpers.debounce import Debouncer

from .const import (
    DEFAULT_MQTT,
    DEFAULT_MQTT_STATUS_INTERVAL,
    DOMAIN,
    LOGGER,
    OPT_MQTT,
    OPT_MQTT_STATUS_INTERVAL,
)
from .repairs import ISSUE_MQTT_REFUSED, create_issue, delete_issue
from .solixapi import (
    MqttCapturePlayer,
    MqttDevice,
    MqttSession,
    ReplaySession,
    SolixControlError,
    SolixError,
    device_is_owned,
    mqtt_overlay_pairs,
    mqtt_value_specs,
    overlay_keys,
)

if TYPE_CHECKING:
    from .coordinator import SolixConfigEntry, SolixCoordinator

PUBLISH_COOLDOWN: Final = 1.0
"""Seconds within which further messages are merged into one entity update."""
REALTIME_MAX: Final = 600
"""Longest real-time publishing a button or action may ask for (s)."""
REALTIME_BUTTON: Final = 300
"""Real-time publishing the "Start live updates" button asks for (s)."""


def model_value_specs(pn: str) -> Mapping[str, Any]:
    """Every value a model's map names (empty for models the maps do not know)."""
    return mqtt_value_specs(pn) if pn else {}


def overlaid_names(pn: str) -> frozenset[str]:
    """The live values of a model that the cloud shows too (they get no entity of their own).

    The 5-minute averages of Power Panels / X1 (``average_power.…``) are another quantity: the
    live values keep their own entities and the average entities show them while the averages
    are not read (live data arrives, issue 13)."""
    return frozenset(
        name for name, key in mqtt_overlay_pairs(pn) if not key.startswith("average_power.")
    )


def _whole(value: Any) -> Any:
    """A scaled live value that is a whole number as int (``335.0`` → ``335``), so a state
    shows the same text whichever source it comes from."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _nested(device: Mapping[str, Any], key: str) -> Any:
    """The value of cache key ``key`` (dotted: nested), None where a part is missing."""
    value: Any = device
    for part in key.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return value


def _holder(device: dict[str, Any], key: str) -> tuple[dict[str, Any], str]:
    """The dict holding cache key ``key`` and its last part (``average_power.x``: nested; a
    nested dict the cloud has not filled yet is made, the averages in their cloud unit kW)."""
    holder = device
    *parents, leaf = key.split(".")
    for part in parents:
        child = holder.get(part)
        if not isinstance(child, dict):
            child = holder[part] = {"power_unit": "kW"} if part == "average_power" else {}
        holder = child
    return holder, leaf


def has_captures(session: object) -> bool:
    """Whether a session replays an export folder that holds MQTT captures (example data)."""
    return isinstance(session, ReplaySession) and bool(session.store.captures)


def link_of(coordinator: SolixCoordinator | None) -> MqttLink | None:
    """The live-data link of a coordinator (None before setup or for example data)."""
    return getattr(coordinator, "mqtt", None)


def eligible_devices(data: Mapping[str, Any] | None) -> dict[str, str]:
    """Serial → product code of the devices live data is for: owned, mapped, not passive, bound.

    Sub-devices of a home energy system (its EMS and battery modules) are not bound to the
    account; the broker refuses their topics, so subscribing would only raise a false repair.
    """
    data = data or {}
    sites: Mapping[str, Any] = data.get("sites") or {}
    found: dict[str, str] = {}
    for sn, device in (data.get("devices") or {}).items():
        if not isinstance(device, Mapping) or device.get("is_passive"):
            continue
        if device.get("is_subdevice"):
            continue  # an X1's EMS or battery module: not bound to the account, no topic of its own
        pn = str(device.get("device_pn") or "")
        site = sites.get(str(device.get("site_id") or ""))
        if model_value_specs(pn) and device_is_owned(device, site):
            found[str(sn)] = pn
    return found


class MqttLink:
    """Owns the MQTT session of one hub entry (see the module docstring)."""

    def __init__(
        self, hass: HomeAssistant, entry: SolixConfigEntry, coordinator: SolixCoordinator
    ) -> None:
        """Prepare the link; nothing connects before `async_setup`."""
        self.hass = hass
        self.entry = entry
        self.coordinator = coordinator
        self.session: MqttSession | None = None
        self.devices: dict[str, str] = {}
        self._stopping = False
        self._shown_refused: frozenset[str] = frozenset()
        self._debouncer = Debouncer(
            hass, LOGGER, cooldown=PUBLISH_COOLDOWN, immediate=True, function=self._publish
        )

    # ---- state the entities read -------------------------------------------------------
    @property
    def enabled(self) -> bool:
        """Whether the option is on."""
        return bool(self.entry.options.get(OPT_MQTT, DEFAULT_MQTT))

    @property
    def active(self) -> bool:
        """Whether a session exists (the option is on and the account has live devices)."""
        return self.session is not None

    @property
    def connected(self) -> bool:
        """Whether the session is connected to the broker."""
        return self.session is not None and bool(self.session.connected)

    def account_eligible(self) -> bool:
        """Whether live data is on and the account owns a device that publishes it (members:
        never)."""
        return self.enabled and bool(self.devices)

    def shows(self, sn: str) -> bool:
        """Whether a device gets live-data entities (option on, owned, mapped)."""
        return self.enabled and sn in self.devices

    def value(self, sn: str, name: str) -> Any:
        """The last live value of a device (None when none arrived)."""
        if self.session is None:
            return None
        found = self.session.store.get(sn, name)
        return None if found is None else found.value

    def last_message(self, sn: str) -> float | None:
        """Clock time of the device's last message (None: none yet)."""
        if self.session is None:
            return None
        last: float | None = self.session.store.last_message(sn)
        return last

    def standby(self, sn: str) -> bool:
        """Whether the device went silent: its live values are its last state, kept as such."""
        return self.session is not None and bool(self.session.store.is_standby(sn))

    def message_count(self) -> int | None:
        """Messages received since the session started (None: live data off)."""
        if self.session is None:
            return None
        return int(self.session.stats.messages)

    @property
    def refused(self) -> frozenset[str]:
        """Serials whose subscription the broker refused."""
        return frozenset(self.session.refused) if self.session is not None else frozenset()

    # ---- lifecycle ---------------------------------------------------------------------
    async def async_setup(self) -> None:
        """Learn the devices, follow the polls and HA's stop; start when the option is on."""
        self.devices = eligible_devices(self.coordinator.data)
        self.entry.async_on_unload(self.coordinator.async_add_listener(self._poll_done))
        self.entry.async_on_unload(
            self.hass.bus.async_listen_once(EVENT_HOMEASSISTANT_STOP, self._async_ha_stop)
        )
        self.entry.async_on_unload(self.async_stop)
        if self.enabled:
            self._start_in_background()

    def _start_in_background(self) -> None:
        self.entry.async_create_background_task(
            self.hass, self.async_start(), f"anker_solix live data {self.entry.entry_id}"
        )

    async def async_start(self) -> None:
        """Start the session for the live devices (nothing for members)."""
        if self.session is not None or not self.devices or self._stopping:
            return
        cloud = self.coordinator.session
        session: MqttSession
        if isinstance(cloud, ReplaySession):  # example data: play the export's captures
            session = MqttCapturePlayer(
                cloud,
                cloud.store.captures,
                utc_offset_seconds=cloud.offset_minutes * 60,
                clock=cloud.clock,
                on_message=self._on_message,
                on_state_change=self._on_state_change,
                status_interval=self._status_interval(),
            )
        else:
            session = MqttSession(
                self.coordinator.poller.api,
                client_id_suffix=await self._client_id_suffix(),
                clock=cloud.clock,
                on_message=self._on_message,
                on_state_change=self._on_state_change,
                status_interval=self._status_interval(),
            )
        session.set_devices(MqttDevice(sn, pn) for sn, pn in self.devices.items())
        self.session = session
        self.coordinator.async_update_listeners()  # the entities become available
        try:
            await session.start()
        except Exception:
            LOGGER.warning("Live data could not start; the cloud values stay", exc_info=True)

    async def async_stop(self) -> None:
        """Stop the session (entities become unavailable; cloud values show again)."""
        session, self.session = self.session, None
        if session is not None:
            await session.stop()
            self._publish_now()
        self._debouncer.async_cancel()

    async def _async_ha_stop(self, _event: Event) -> None:
        self._stopping = True
        await self.async_stop()

    async def async_apply_options(self) -> None:
        """Start or stop after an option change, and pass the status-request cadence on."""
        if not self.enabled:
            await self.async_stop()
            self._update_refused_issue(frozenset())
            return
        if self.session is None:
            self._start_in_background()
        else:
            self.session.set_status_interval(self._status_interval())
        self.coordinator.async_update_listeners()

    async def async_start_realtime(self, sn: str, seconds: int) -> None:
        """Ask a device to publish every few seconds for `seconds` (sent once, never renewed).

        Refusals of the library (not connected, refused device, duration) become translated
        `ServiceValidationError`s; other failures a translated `HomeAssistantError`.
        """
        if self.session is None:
            raise ServiceValidationError(translation_domain=DOMAIN, translation_key="live_data_off")
        try:
            await self.session.start_realtime(sn, seconds)
        except SolixControlError as err:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key=err.reason,
                translation_placeholders=err.placeholders,
            ) from err
        except SolixError as err:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="live_command_failed",
                translation_placeholders={"error": type(err).__name__},
            ) from err

    # ---- callbacks ---------------------------------------------------------------------
    @callback
    def _poll_done(self) -> None:
        """After a poll: follow devices that came or went."""
        devices = eligible_devices(self.coordinator.data)
        if devices == self.devices:
            return
        self.devices = devices
        if self.session is not None:
            self.session.set_devices(MqttDevice(sn, pn) for sn, pn in devices.items())
        elif self.enabled and devices:
            self._start_in_background()

    @callback
    def _on_message(self, *_args: Any) -> None:
        if self.session is not None:  # (a stopping session may still report)
            self._debouncer.async_schedule_call()

    @callback
    def _on_state_change(self, *_args: Any) -> None:
        if self.session is not None:
            self._update_refused_issue(self.refused)
            self._debouncer.async_schedule_call()

    async def _publish(self) -> None:
        self._publish_now()

    @callback
    def _publish_now(self) -> None:
        """Lay the live values over the cloud data and notify the entities (no poll)."""
        if not self.coordinator.data:  # no poll succeeded yet
            return
        self.coordinator.data = self.coordinator.snapshot()
        self.coordinator.async_update_listeners()

    def _update_refused_issue(self, refused: frozenset[str]) -> None:
        if refused == self._shown_refused:
            return
        self._shown_refused = refused
        entry_id = self.entry.entry_id
        if refused:
            if LOGGER.isEnabledFor(10):
                LOGGER.debug("Live data refused for %d device(s)", len(refused))
            create_issue(self.hass, ISSUE_MQTT_REFUSED, entry_id, {"count": str(len(refused))})
        else:
            delete_issue(self.hass, ISSUE_MQTT_REFUSED, entry_id)

    # ---- overlay ----------------------------------------------------------------------
    def overlay(self, data: dict[str, Any]) -> dict[str, Any]:
        """The snapshot with each shared quantity taken from the fresher source."""
        session = self.session
        if session is None:
            return data
        now = self.coordinator.session.clock()
        devices: dict[str, Any] = data.get("devices") or {}
        for sn, pn in self.devices.items():
            device = devices.get(sn)
            if not isinstance(device, dict):
                continue
            for key in overlay_keys(pn):
                shown = session.overlay.freshest(sn, key, _nested(device, key), None, now)
                if shown.source == "mqtt":
                    holder, leaf = _holder(device, key)
                    # averages keep their cloud form (decimals); others whole numbers as int
                    holder[leaf] = shown.value if holder is not device else _whole(shown.value)
        return data

    # ---- helpers -----------------------------------------------------------------------
    def _status_interval(self) -> float:
        return float(self.entry.options.get(OPT_MQTT_STATUS_INTERVAL, DEFAULT_MQTT_STATUS_INTERVAL))

    async def _client_id_suffix(self) -> str:
        """Stable per installation and entry; reveals neither (a short hash)."""
        installation = await instance_id.async_get(self.hass)
        digest = hashlib.sha256(f"{installation}:{self.entry.entry_id}".encode()).hexdigest()
        return f"ha-{digest[:12]}"

    def diagnostics(self) -> dict[str, Any]:
        """The live-data state for diagnostics (the caller anonymizes serials)."""
        session = self.session
        return {
            "enabled": self.enabled,
            "active": self.active,
            "connected": self.connected,
            "devices": dict(self.devices),
            "refused": sorted(self.refused),
            "session": session.as_dict() if session is not None else None,
            "values": (
                {sn: session.store.snapshot(sn) for sn in self.devices}
                if session is not None
                else None
            ),
        }
