"""`MqttSession`: live device data from Anker's MQTT broker (MQTT protocol §1, §2, §6.2–6.4).

Everything runs in one background task started by `start()`, which returns at once and never
raises: HTTP polling never waits on MQTT. The task fetches credentials once (one counted, rate
limited cloud request), builds the TLS context in an executor, connects (clean session,
keep-alive 60 s, QoS 0), subscribes `dt/anker_power/<pn>/<sn>/#` per device and checks each
granted QoS: a refused subscription (0x80) marks the device in `refused`, is logged once and is
tried again only when the device set changes or after `refused_retry` seconds. A lost connection
is retried with back-off and jitter (5 s doubling to 10 min; reset only after a connection that
stayed up). Logs name devices by `log_label` only; no certificate, key or client id is logged.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING, Any

import aiomqtt

from ..cloud.api import SolixApi
from ..common.errors import SolixError, SolixNotAllowedError
from ..common.jsonutil import LOGGER, log_label
from .backoff import Backoff
from .capture import CapturedMessage, CaptureRecorder
from .commands import realtime_trigger_frame, status_request_frame
from .credentials import MqttCredentials, MqttCredentialsError, fetch_credentials
from .decode import JSON_MSG_TYPE, DecodedMessage, decode_frame_for, decode_json_for
from .device import MqttDevice
from .envelope import command_envelope, command_topic, data_topic_filter, parse_message
from .frame import MqttFrameError, parse_frame
from .overlay import LiveOverlay
from .policy import (
    DEFAULT_STATUS_INTERVAL,
    LivePolicy,
    check_command_target,
    check_realtime_seconds,
)
from .stats import MqttStats
from .store import LiveValueStore
from .tls import build_tls_context, remove_files

if TYPE_CHECKING:
    import ssl

    from ..cloud.session import SolixSession

_LOGGER = LOGGER.getChild("mqtt")
CLIENT_LOGGER = LOGGER.getChild("mqtt.client")
"""Handed to the MQTT client library; its debug lines carry the client id and topics (serials),
so only warnings and errors pass."""
CLIENT_LOGGER.setLevel(logging.WARNING)

KEEPALIVE = 60
CONNECT_TIMEOUT = 15.0
REFUSED_RETRY = 6 * 3600.0
UNAVAILABLE_RETRY = 6 * 3600.0
"""After credentials without a broker (MQTT not offered) or unusable ones, ask again this late."""
STABLE_AFTER = 60.0
"""A connection that stayed up this long resets the back-off."""
IDLE_WAIT = 5.0
"""Longest real-time sleep of the policy loop (it also wakes on device and cadence changes)."""
FAILURE_CODE = 0x80
CAPTURE_LOOK = 0.2
"""Real seconds between two looks whether a capture may end."""

MessageCallback = Callable[[DecodedMessage, float], None]
StateCallback = Callable[[], None]


def _granted(code: object) -> bool:
    """Whether one SUBACK entry grants the subscription (0, 1, 2) rather than refusing (≥ 0x80)."""
    value = getattr(code, "value", code)
    return isinstance(value, int) and value < FAILURE_CODE


class MqttSession:
    """One MQTT connection of an account; see the module docstring."""

    def __init__(
        self,
        api: SolixApi | SolixSession,
        *,
        client_id_suffix: str,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        on_message: MessageCallback | None = None,
        on_state_change: StateCallback | None = None,
        status_interval: float = DEFAULT_STATUS_INTERVAL,
        backoff: Backoff | None = None,
        refused_retry: float = REFUSED_RETRY,
        unavailable_retry: float = UNAVAILABLE_RETRY,
        stable_after: float = STABLE_AFTER,
        connect_timeout: float = CONNECT_TIMEOUT,
        temp_dir: str | None = None,
        idle_wait: float = IDLE_WAIT,
    ) -> None:
        """Prepare a stopped session (nothing is sent before `start()`)."""
        self._api = api if isinstance(api, SolixApi) else SolixApi(api)
        self._suffix = client_id_suffix
        self._clock = clock
        self._sleep = sleep
        self._on_message = on_message
        self._on_state_change = on_state_change
        self._backoff = backoff or Backoff()
        self._refused_retry = refused_retry
        self._unavailable_retry = unavailable_retry
        self._stable_after = stable_after
        self._connect_timeout = connect_timeout
        self._temp_dir = temp_dir
        self._idle_wait = idle_wait
        self.policy = LivePolicy(clock, status_interval=status_interval)
        self.store = LiveValueStore()
        self.stats = MqttStats(clock)
        self.overlay = LiveOverlay(self.store, self.model_of, self.policy.allowance)
        self.recorder = CaptureRecorder()
        """Raw received messages: the last of each device and type, all while capturing."""
        self._devices: dict[str, MqttDevice] = {}
        self._subscribed: dict[str, str] = {}  # sn -> topic filter
        self._refused: dict[str, float] = {}  # sn -> when it was (last) refused
        self._refused_logged: set[str] = set()
        self._logged: set[tuple[str, str]] = set()
        self._credentials: MqttCredentials | None = None
        self._tls: ssl.SSLContext | None = None
        self._temp_files: set[str] = set()
        self._client: aiomqtt.Client | None = None
        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self._command_lock = asyncio.Lock()
        self.connected = False
        self.unavailable = False
        """True while the cloud offers no usable MQTT credentials (no broker named)."""
        self.last_error: str | None = None

    # ------------------------------------------------------------------ public surface
    @property
    def running(self) -> bool:
        """Whether the background task runs (connected or trying to)."""
        return self._task is not None and not self._task.done()

    @property
    def refused(self) -> set[str]:
        """Serials whose subscription the broker refused."""
        return set(self._refused)

    @property
    def devices(self) -> dict[str, MqttDevice]:
        """The devices the session listens to, by serial."""
        return dict(self._devices)

    def now(self) -> float:
        """The session clock (the one its policy and live values use)."""
        return self._clock()

    def model_of(self, sn: str) -> str | None:
        """The product code of a device of the set."""
        device = self._devices.get(sn)
        return None if device is None else device.pn

    def max_age(self, sn: str) -> float:
        """Seconds a live value of `sn` stays fresh (its cadence allowance)."""
        return self.policy.allowance(self.model_of(sn) or "")

    def set_devices(self, devices: Iterable[MqttDevice]) -> None:
        """Listen to exactly these devices. A changed set also retries refused subscriptions."""
        new = {device.sn: device for device in devices}
        if new == self._devices:
            return
        self._devices = new
        for sn in list(self._refused):
            if sn in new:
                self._refused[sn] = float("-inf")  # due for one retry
            else:
                del self._refused[sn]
        for sn in [sn for sn in self._refused_logged if sn not in new]:
            self._refused_logged.discard(sn)
        self.store.keep_only(new)
        self.recorder.forget(new)
        self._wake.set()

    def set_status_interval(self, seconds: float) -> None:
        """Change the status-request cadence (0 = off) without restarting."""
        self.policy.set_status_interval(seconds)
        self._wake.set()

    async def start(self) -> None:
        """Start the background task (no-op when running). Never raises, never waits on MQTT."""
        if self.running:
            return
        self._credentials = None
        self._tls = None
        self._task = asyncio.get_running_loop().create_task(self._run(), name="anker_solix_mqtt")

    async def stop(self) -> None:
        """Cancel everything, disconnect, delete temp files, forget live values."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        remove_files(self._temp_files)
        self._credentials = None
        self._tls = None
        self._subscribed.clear()
        self.store.clear_all()
        self.recorder.clear()
        self._set_connected(False)

    async def request_status(self, sn: str) -> None:
        """Send one status request to an owned device now (at most one command per second)."""
        device = self._command_target(sn)
        await self._send(
            device, status_request_frame(device.pn, timestamp=self._clock()), status=True
        )

    async def start_realtime(self, sn: str, seconds: int) -> float:
        """Ask an owned device to publish in real time for `seconds` (1–600); returns the end.

        Only on demand: the session never renews a trigger by itself.
        """
        seconds = check_realtime_seconds(seconds)
        device = self._command_target(sn)
        frame = realtime_trigger_frame(device.pn, seconds, timestamp=self._clock())
        await self._send(device, frame)
        return self.policy.note_realtime(sn, seconds, self._clock())

    async def send_command(
        self, sn: str, frame: bytes, *, encoding_type: int | None = None
    ) -> None:
        """Send one command frame (built and checked by the caller, e.g. `mqtt.control`) to
        an owned device now (at most one command per device per second). `encoding_type`:
        the payload field some commands need (§3.4; the head then gets a random seed)."""
        await self._send(self._command_target(sn), frame, encoding_type=encoding_type)

    async def capture(self, window: float, *, settle: float = 0.0) -> list[CapturedMessage]:
        """Record the messages of the next `window` real seconds for a capture (§7.10).

        Each subscribed owned device is asked for its status once (the usual one command per
        device per second; no real-time trigger). The recording ends early once every one of
        them has published and `settle` seconds have passed. Returns the last message of each
        device and type held from before, then everything recorded, in arrival order.
        """
        devices = [device.sn for device in self._subscribed_devices() if device.owned]
        held = self.recorder.last_messages(self._devices)
        self.recorder.begin()
        loop = asyncio.get_running_loop()
        start = loop.time()
        try:
            for sn in devices:
                with contextlib.suppress(SolixError):
                    await self.request_status(sn)
            while (elapsed := loop.time() - start) < window:
                if elapsed >= settle and self.recorder.seen_since(devices):
                    break
                await asyncio.sleep(min(CAPTURE_LOOK, window - elapsed))
        finally:
            recorded = self.recorder.end()
        return [*held, *recorded]

    def realtime_until(self, sn: str) -> float | None:
        """End of the running real-time window of `sn` (None when none runs)."""
        return self.policy.realtime_until(sn, self._clock())

    def as_dict(self) -> dict[str, Any]:
        """State for diagnostics (serials appear as keys: redact before showing)."""
        now = self._clock()
        return {
            "running": self.running,
            "connected": self.connected,
            "last_error": self.last_error,
            "status_interval": self.policy.status_interval,
            "devices": {
                sn: {
                    "pn": device.pn,
                    "owned": device.owned,
                    "subscribed": sn in self._subscribed,
                    "refused": sn in self._refused,
                    "standby": self.store.is_standby(sn),
                    "last_message": self.store.last_message(sn),
                    "message_types": sorted(self.store.message_types(sn)),
                    "realtime_until": self.policy.realtime_until(sn, now),
                }
                for sn, device in sorted(self._devices.items())
            },
            "stats": self.stats.as_dict(),
        }

    # ------------------------------------------------------------------ commands
    def _command_target(self, sn: str) -> MqttDevice:
        device = check_command_target(self._devices.get(sn))
        if sn in self._refused:
            raise SolixNotAllowedError("mqtt_device_refused")
        if not self.connected or self._client is None:
            raise SolixNotAllowedError("mqtt_not_connected")
        return device

    async def _send(
        self,
        device: MqttDevice,
        frame: bytes,
        *,
        status: bool = False,
        encoding_type: int | None = None,
    ) -> None:
        """Publish one command, keeping at least a second between commands to one device."""
        async with self._command_lock:
            wait = self.policy.command_wait(device.sn, self._clock())
            if wait > 0:
                await self._sleep(wait)
            client, credentials = self._client, self._credentials
            if client is None or credentials is None or not self.connected:
                raise SolixNotAllowedError("mqtt_not_connected")
            now = self._clock()
            account = credentials.user_id
            payload = command_envelope(
                device.pn,
                device.sn,
                frame,
                user_id=credentials.user_id,
                certificate_id=credentials.certificate_id,
                account_id=account,
                timestamp=int(now),
                encoding_type=encoding_type,
            )
            topic = command_topic(device.pn, device.sn)
            self.policy.note_command(device.sn, now, status=status)
            try:
                await client.publish(topic, payload, qos=0)
            except aiomqtt.MqttError as err:
                raise SolixNotAllowedError("mqtt_not_connected") from err
            self.stats.record_sent(device.sn, topic, len(payload))

    # ------------------------------------------------------------------ the task
    async def _run(self) -> None:
        failures = 0
        while True:
            connected_at: float | None = None
            try:
                if self._credentials is None:
                    self._credentials = await fetch_credentials(self._api)
                credentials = self._credentials
                if self._tls is None:
                    self._tls = await asyncio.get_running_loop().run_in_executor(
                        None,
                        partial(
                            build_tls_context,
                            credentials,
                            directory=self._temp_dir,
                            created=self._temp_files,
                        ),
                    )
                self.stats.connect_attempts += 1
                async with aiomqtt.Client(
                    credentials.host,
                    credentials.port,
                    identifier=credentials.client_id(self._suffix),
                    clean_session=True,
                    keepalive=KEEPALIVE,
                    tls_context=self._tls,
                    timeout=self._connect_timeout,
                    logger=CLIENT_LOGGER,
                ) as client:
                    connected_at = self._clock()
                    await self._serve(client)
            except asyncio.CancelledError:
                self._client = None
                raise
            except MqttCredentialsError as err:
                await self._wait_unavailable(err)
                continue
            except (aiomqtt.MqttError, SolixError, OSError) as err:
                self._note_failure(err)
            except Exception as err:  # the task must outlive any surprise
                _LOGGER.exception("MQTT session error (%s)", type(err).__name__)
                self.last_error = type(err).__name__
            self._client = None
            self._subscribed.clear()
            self._set_connected(False)
            if connected_at is not None and self._clock() - connected_at >= self._stable_after:
                failures = 0
            delay = self._backoff.delay(failures)
            failures += 1
            _LOGGER.debug("MQTT reconnect in %.0f s (attempt %d)", delay, failures)
            await self._sleep(delay)

    async def _wait_unavailable(self, err: MqttCredentialsError) -> None:
        """No usable credentials: MQTT is not offered. Ask again only after hours."""
        self._credentials = None
        self._tls = None
        self.last_error = type(err).__name__
        if not self.unavailable:
            self.unavailable = True
            _LOGGER.info(
                "MQTT not available for this account (%s); asking again in %.0f h",
                err.msg,
                self._unavailable_retry / 3600,
            )
            self._notify()
        await self._sleep(self._unavailable_retry)

    def _note_failure(self, err: Exception) -> None:
        """Log a connection problem once per kind (debug afterwards)."""
        kind = type(err).__name__
        self.last_error = kind
        text = str(err) if isinstance(err, SolixError) else kind
        if ("failure", kind) in self._logged:
            _LOGGER.debug("MQTT connection failed again: %s", text)
            return
        self._logged.add(("failure", kind))
        _LOGGER.warning("MQTT connection failed: %s; retrying with back-off", text)

    async def _serve(self, client: aiomqtt.Client) -> None:
        """Run one connection: subscriptions, policy and messages, until it drops."""
        self._client = client
        self.stats.connections += 1
        self._set_connected(True)
        self.policy.connected([], self._clock())
        loop = asyncio.get_running_loop()
        tasks = (
            loop.create_task(self._tick_loop(client)),
            loop.create_task(self._receive_loop(client)),
        )
        try:
            done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        for task in done:
            task.result()  # raises what ended the connection
        raise aiomqtt.MqttError("connection ended")

    async def _receive_loop(self, client: aiomqtt.Client) -> None:
        """Handle every incoming message until the connection drops."""
        async for message in client.messages:
            self._handle(str(message.topic), message.payload)

    async def _tick_loop(self, client: aiomqtt.Client) -> None:
        """Subscriptions and status requests while connected (an error ends the connection)."""
        while True:
            await self._reconcile(client)
            now = self._clock()
            for device in self.policy.due_status(self._subscribed_devices(), now):
                frame = status_request_frame(device.pn, timestamp=now)
                await self._send(device, frame, status=True)
            self._mark_standby(now)
            self._wake.clear()
            wait = min(self._idle_wait, max(0.05, self.policy.next_due(self._clock())))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=wait)

    def _subscribed_devices(self) -> list[MqttDevice]:
        return [self._devices[sn] for sn in self._subscribed if sn in self._devices]

    async def _reconcile(self, client: aiomqtt.Client) -> None:
        """Subscribe new or retry-due devices (granted QoS checked), drop removed ones."""
        now = self._clock()
        for sn in [sn for sn in self._subscribed if sn not in self._devices]:
            topic = self._subscribed.pop(sn)
            self.policy.forget(sn)
            await client.unsubscribe(topic)
        wanted = [
            device
            for sn, device in self._devices.items()
            if sn not in self._subscribed
            and (sn not in self._refused or now - self._refused[sn] >= self._refused_retry)
        ]
        if not wanted:
            return
        topics = [data_topic_filter(device.pn, device.sn) for device in wanted]
        codes = await client.subscribe([(topic, 0) for topic in topics])
        codes_list = list(codes)
        changed = False
        for index, (device, topic) in enumerate(zip(wanted, topics, strict=True)):
            code = codes_list[index] if index < len(codes_list) else FAILURE_CODE
            if _granted(code):
                self._subscribed[device.sn] = topic
                self.policy.add(device.sn, now)
                if self._refused.pop(device.sn, None) is not None:
                    self._refused_logged.discard(device.sn)
                    _LOGGER.info("MQTT subscription of %s granted now", log_label(device.sn))
                    changed = True
            else:
                changed = True
                self._refuse(device, now)
        if changed:
            self._notify()

    def _refuse(self, device: MqttDevice, now: float) -> None:
        """The broker refused the device's topics: mark it, log once, drop its live values."""
        self._refused[device.sn] = now
        self.policy.forget(device.sn)
        self.store.clear(device.sn)
        if device.sn in self._refused_logged:
            return
        self._refused_logged.add(device.sn)
        _LOGGER.warning(
            "MQTT subscription refused for %s (%s); its live data stay off until the device "
            "list changes or after %.0f h",
            log_label(device.sn),
            device.pn,
            self._refused_retry / 3600,
        )

    def _mark_standby(self, now: float) -> None:
        changed = False
        for sn in self._subscribed:
            device = self._devices.get(sn)
            if device is None or self.policy.realtime_until(sn, now) is not None:
                continue
            changed |= self.store.mark_standby(sn, now, self.policy.allowance(device.pn))
        if changed:
            self._notify()

    # ------------------------------------------------------------------ messages
    def _handle(self, topic: str, payload: object) -> None:
        """Count, decode and store one message; problems are counted and logged once."""
        data = payload if isinstance(payload, bytes | bytearray) else str(payload).encode()
        data = bytes(data)
        now = self._clock()
        parts = topic.split("/")
        topic_sn = parts[3] if len(parts) > 3 else ""
        self.stats.record_received(topic_sn, topic, len(data))
        inbound = parse_message(topic, data)
        if inbound is None:
            self._problem("envelope", topic_sn)
            return
        sn = inbound.sn or topic_sn
        device = self._devices.get(sn)
        if device is None:
            self._problem("unknown_device", sn)
            return
        if inbound.frame is not None:
            try:
                frame = parse_frame(inbound.frame)
            except MqttFrameError:
                self._problem("frame", sn)
                return
            if not frame.checksum_ok:
                self._problem("checksum", sn)
            self.recorder.note(topic, data, now, sn, frame.msg_type)
            decoded = decode_frame_for(device.pn, sn, frame)
        elif inbound.json_data is not None:
            self.recorder.note(topic, data, now, sn, JSON_MSG_TYPE)
            decoded = decode_json_for(device.pn, sn, inbound.json_data)
        else:
            self._problem("envelope", sn)
            return
        was_standby = self.store.is_standby(sn)
        for message in (decoded, *decoded.embedded):
            self.store.update(message.sn, message.values, now, message.msg_type)
            if self._on_message is not None:
                try:
                    self._on_message(message, now)
                except Exception:  # a listener bug must not end the session
                    _LOGGER.exception("MQTT message listener failed")
        if was_standby:
            self._notify()

    def _problem(self, kind: str, sn: str) -> None:
        self.stats.record_problem(kind)
        if (kind, sn) in self._logged:
            return
        self._logged.add((kind, sn))
        _LOGGER.warning(
            "MQTT message problem for %s: %s (counted, logged once)", log_label(sn), kind
        )

    # ------------------------------------------------------------------ state
    def _set_connected(self, connected: bool) -> None:
        if connected == self.connected:
            return
        self.connected = connected
        if connected:
            self.last_error = None
            self.unavailable = False
            self._logged = {key for key in self._logged if key[0] != "failure"}
            _LOGGER.debug("MQTT connected")
        self._notify()

    def _notify(self) -> None:
        if self._on_state_change is None:
            return
        try:
            self._on_state_change()
        except Exception:  # a listener bug must not end the session
            _LOGGER.exception("MQTT state listener failed")
