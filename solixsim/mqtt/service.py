"""The simulator's MQTT side: test CA, broker, credentials, device publishers, faults, stats.

``CloudSimulator(..., mqtt=True)`` (or ``from_scenario(..., mqtt=True)``) starts it with
``sim.serve()``; without it the credential endpoint answers an empty ``endpoint_addr`` (the
reference then gives up on MQTT, protocol §1.1).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from custom_components.anker_solix.solixapi import MQTT_CAPTURE_PATTERN, MqttCaptureSchedule
from solixsim.clock import SimClock
from solixsim.mqtt import codec
from solixsim.mqtt.access import AccessPolicy, DeviceId
from solixsim.mqtt.certs import SimAuthority
from solixsim.mqtt.controls import DeviceControls, command_message
from solixsim.mqtt.faults import MqttFaults, spoil
from solixsim.mqtt.home_values import HOME_MODELS, home_live_values
from solixsim.mqtt.publisher import DevicePublisher, cadence_for
from solixsim.mqtt.stats import MqttStats
from solixsim.mqtt.values import FAMILY_OF_MODEL, DeviceView, scene_entry, values_for
from solixsim.reply import SimReply
from solixsim.routes.sites import scene_now
from solixsim.scenario import ScenarioStore
from solixsim.sitetime import SiteTimes

if TYPE_CHECKING:
    from solixsim.mqtt.broker import SimBroker

__all__ = ["CREDENTIALS_PATH", "MqttService"]

CREDENTIALS_PATH = "app/devicemanage/get_user_mqtt_info"
APP_NAME = "anker_power"
PUMP_INTERVAL_S = 0.05
"""Real seconds between two looks at the simulator clock (manual clocks jump at any time)."""
_LOGGER = logging.getLogger(__name__)


def load_captures(folder: Path) -> MqttCaptureSchedule:
    """The scenario's MQTT captures (``mqtt_msg_<sn>_<type>.ndjson``, protocol §7.10) on the
    library's replay schedule: original spacing from the start, the last line of a file per
    second, cycles of max(60 s, span) + 5 s, ``head.timestamp`` = the play time. Only the
    spacing of the lines counts, so their local time is read at offset 0."""
    texts = {
        path.name: path.read_text(encoding="utf-8")
        for path in sorted(folder.glob(MQTT_CAPTURE_PATTERN))
    }
    return MqttCaptureSchedule(texts, 0)


def _topic_serial(topic: str) -> str:
    """The serial of a device topic (``dt/<app>/<pn>/<sn>/…``; empty when there is none)."""
    parts = topic.split("/")
    return parts[3] if len(parts) > 3 else ""


def _text(value: Any) -> str:
    """A scenario value as text."""
    return value if isinstance(value, str) else ""


class MqttService:
    """Everything MQTT of one simulator."""

    def __init__(
        self, store: ScenarioStore, clock: SimClock, times: SiteTimes, *, enabled: bool = False
    ) -> None:
        """Prepare; nothing is generated or bound before :meth:`start`."""
        self.store = store
        self.clock = clock
        self.times = times
        self.enabled = enabled
        self.access = AccessPolicy()
        self.faults = MqttFaults()
        self.stats = MqttStats()
        self.controls = DeviceControls()
        self.authority: SimAuthority | None = None
        self.broker: SimBroker | None = None
        self.publishers: dict[str, DevicePublisher] = {}
        self.captures = load_captures(store.path)
        self._captures_start: float | None = None
        self._extra = codec.scenario_mqtt_values(store.path)
        self._sites: dict[str, str] = {}
        self._binds: dict[str, dict[str, Any]] = {}
        self._task: asyncio.Task[None] | None = None
        self._outbox: list[tuple[str, bytes]] = []
        self._wake: asyncio.Event | None = None
        self._host = "127.0.0.1"

    # ---- set-up -------------------------------------------------------------------------
    def _owned_devices(self) -> list[dict[str, Any]]:
        """The account's own devices (``bind_devices``), members have none."""
        data = self.store.data("bind_devices")
        items = data.get("data") if isinstance(data, dict) else None
        return [item for item in items or [] if isinstance(item, dict)]

    def _find_sites(self) -> None:
        """Which site's scene lists each device (for its moving values).

        A device no scene lists belongs to the only site of an account with one site (a meter
        the scene names only through its totals), else to none.
        """
        site_ids = self.store.site_ids()
        for site_id in site_ids:
            scene = self.store.data(f"scene_{site_id}")
            if not isinstance(scene, dict):
                continue
            for sn, bind in self._binds.items():
                pn = _text(bind.get("product_code") or bind.get("device_pn"))
                if scene_entry(scene, pn, sn):
                    self._sites.setdefault(sn, site_id)
        if len(site_ids) == 1:
            for sn in self._binds:
                self._sites.setdefault(sn, site_ids[0])

    def _build_publishers(self) -> None:
        """One publisher per owned, mapped, not local-mode device."""
        owned: list[DeviceId] = []
        for bind in self._owned_devices():
            pn = _text(bind.get("product_code") or bind.get("device_pn"))
            sn = _text(bind.get("device_sn"))
            if not pn or not sn:
                continue
            owned.append(DeviceId(pn, sn))
            self._binds[sn] = bind
            types = codec.model_types(pn)
            if not types or bind.get("is_passive"):
                continue
            cadence = cadence_for(FAMILY_OF_MODEL.get(pn), types)
            self.publishers[sn] = DevicePublisher(pn, sn, cadence, started=self.clock.now())
        self.access.set_account(self.store.meta.user_id, owned)
        self._find_sites()

    async def start(self, host: str = "127.0.0.1") -> int:
        """Make the CA, start the broker on a free port and the publishing loop; the port."""
        self._host = host
        if self.authority is None:
            self.authority = await asyncio.get_running_loop().run_in_executor(None, SimAuthority)
            self._build_publishers()
            self._captures_start = self.clock.now()
        if self.broker is None:
            # amqtt is a test/simulator requirement: imported only when MQTT is switched on.
            from solixsim.mqtt.broker import SimBroker

            self.broker = SimBroker(self.authority, self.access, self._on_client_publish, host=host)
        port = await self.broker.start(0 if not self.broker.port else None)
        if self._task is None:
            self._wake = asyncio.Event()
            self._task = asyncio.create_task(self._pump_loop(), name="solixsim-mqtt-pump")
        return port

    async def stop(self) -> None:
        """Stop publishing, stop the broker and remove its certificate files."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self.broker is not None:
            await self.broker.close()
            self.broker = None

    # ---- credentials ----------------------------------------------------------------------
    def endpoint_addr(self) -> str:
        """``host:port`` of the running broker ("" while MQTT is off)."""
        if self.broker is None or not self.broker.port:
            return ""
        return f"{self._host}:{self.broker.port}"

    def credentials_reply(self) -> SimReply:
        """``get_user_mqtt_info`` (§1.1): members get credentials too (their ACLs are empty)."""
        user_id = self.store.meta.user_id
        data: dict[str, Any] = {
            "user_id": user_id,
            "app_name": APP_NAME,
            "thing_name": f"{user_id}-{APP_NAME}",
            "certificate_id": "",
            "certificate_pem": "",
            "private_key": "",
            "public_key": "",
            "endpoint_addr": self.endpoint_addr(),
            "aws_root_ca1_pem": "",
            "origin": "",
            "pkcs12": "",
        }
        if self.authority is not None and data["endpoint_addr"]:
            issued = self.authority.client_certificate(user_id)
            data.update(
                certificate_id=issued.certificate_id,
                certificate_pem=issued.certificate_pem,
                private_key=issued.private_key_pem,
                aws_root_ca1_pem=self.authority.ca_pem,
            )
        return SimReply(data=data)

    # ---- faults ---------------------------------------------------------------------------
    def add_fault(self, kind: str, *, sn: str = "*", count: int | None = 1) -> None:
        """Arm a device fault (:mod:`solixsim.mqtt.faults`)."""
        self.faults.add(kind, sn=sn, count=count)
        self.access.refused = self.faults.refused()

    def clear_faults(self) -> None:
        """Disarm all device faults (a downed broker stays down: see :meth:`set_broker_up`)."""
        self.faults.clear()
        self.access.refused = set()

    async def set_broker_up(self, up: bool) -> None:
        """ "Broker down" fault: stop accepting and drop all clients; up again on the same port."""
        if self.broker is None:
            return
        if up:
            await self.broker.start()
        else:
            await self.broker.stop()

    async def disconnect_clients(self) -> int:
        """ "Disconnect" fault: close every client connection now; how many were closed."""
        return await self.broker.disconnect_clients() if self.broker is not None else 0

    # ---- commands -------------------------------------------------------------------------
    def _on_client_publish(self, _user_id: str | None, topic: str, payload: bytes) -> None:
        """A command from a client to one of its devices (ACLs checked by the broker)."""
        parts = topic.split("/")
        sn = parts[3] if len(parts) > 3 else ""
        self.stats.received(sn, topic, len(payload))
        publisher = self.publishers.get(sn)
        command = codec.read_command(topic, payload)
        if publisher is None:
            return
        now = self.clock.now()
        if self.controls.is_offline(sn, now):
            return  # restarting or shut down: it hears nothing
        if command is None:
            return
        kind, params = command
        if kind == codec.STATUS_REQUEST:
            publisher.request_status()
        elif kind == codec.REALTIME:
            seconds = params.get("seconds", 0)
            publisher.start_realtime(now, int(seconds) if params.get("on") else 0)
            self._send_reply(publisher, codec.REALTIME_TYPE)
        else:
            # Any other command: a setting of the model's table is checked and applied
            # (solixsim.mqtt.controls); one the table lacks is acknowledged, not applied (§6.4).
            self._on_setting(publisher, topic, payload, now)
        if self._wake is not None:
            self._wake.set()

    def _on_setting(
        self, publisher: DevicePublisher, topic: str, payload: bytes, now: float
    ) -> None:
        """A setting command (:mod:`solixsim.mqtt.controls`): applied ones are acknowledged
        and the new state published at once (§6.4)."""
        message = command_message(topic, payload)
        if message is None or message.frame is None:
            return
        ignoring = self.faults.is_ignoring(publisher.sn)
        reply_type = self.controls.handle(
            publisher.pn, publisher.sn, message.frame, now, ignoring=ignoring, message=message
        )
        if reply_type is None:
            return
        self._send_reply(publisher, reply_type)
        if not self.controls.is_offline(publisher.sn, now):
            publisher.request_status()
        if self._wake is not None:
            self._wake.set()

    # ---- publishing -----------------------------------------------------------------------
    def _view(self, publisher: DevicePublisher, now: float, scenes: dict[str, Any]) -> DeviceView:
        """The device at ``now`` from the scene the API serves at that clock time."""
        site_id = self._sites.get(publisher.sn)
        scene: dict[str, Any] = {}
        if site_id is not None:
            if site_id not in scenes:
                scenes[site_id] = scene_now(self.store, self.times, site_id, now)
            scene = scenes[site_id]
        return DeviceView(
            sn=publisher.sn,
            pn=publisher.pn,
            now=now,
            utc_offset_s=self.store.meta.utc_offset_minutes * 60,
            entry=scene_entry(scene, publisher.pn, publisher.sn),
            site=scene,
            bind=self._binds.get(publisher.sn, {}),
            extra=self._extra_values(publisher, site_id, now),
        )

    def _extra_values(
        self, publisher: DevicePublisher, site_id: str | None, now: float
    ) -> dict[str, Any]:
        """The scenario's own values; a Power Panel / X1 adds its statistics' slot now."""
        values = dict(self._extra.get(publisher.sn, {}))
        if publisher.pn in HOME_MODELS and site_id is not None:
            values.update(home_live_values(self.store, self.times, site_id, now))
        return values

    def _send(
        self,
        publisher: DevicePublisher,
        types: Iterable[str],
        now: float,
        scenes: dict[str, Any] | None = None,
    ) -> None:
        """Build and hand the messages of ``types`` to the broker (unless the device is silent)."""
        if self.broker is None or not self.broker.running or self.faults.is_silent(publisher.sn):
            return
        if self.controls.is_offline(publisher.sn, now):
            return
        scenes = {} if scenes is None else scenes
        for msg_type in types:
            names = codec.layout_names(publisher.pn, msg_type)
            values = values_for(self._view(publisher, now, scenes), names) if names else {}
            values.update(self.controls.overrides(publisher.sn, names))
            frame = codec.device_frame(publisher.pn, msg_type, values)
            fault = self.faults.take_frame_fault(publisher.sn)
            if fault is not None:
                frame = spoil(fault, frame)
            payload = codec.envelope(
                publisher.pn, publisher.sn, frame, msg_seq=publisher.next_seq(), timestamp=int(now)
            )
            topic = codec.data_topic(publisher.pn, publisher.sn, msg_type)
            self.stats.published(publisher.sn, topic, len(payload))
            self._outbox.append((topic, payload))

    def _send_reply(self, publisher: DevicePublisher, command_type: str) -> None:
        """A device's bare acknowledgement of a command (``0857``, §6.4)."""
        if self.broker is None or not self.broker.running or self.faults.is_silent(publisher.sn):
            return
        frame = codec.command_reply_frame(command_type)
        now = int(self.clock.now())
        payload = codec.envelope(
            publisher.pn, publisher.sn, frame, msg_seq=publisher.next_seq(), timestamp=now
        )
        topic = f"dt/anker_power/{publisher.pn}/{publisher.sn}/state_info"
        self.stats.published(publisher.sn, topic, len(payload))
        self._outbox.append((topic, payload))

    def _publish_due(self, now: float) -> None:
        """Publish everything due at clock time ``now``."""
        scenes: dict[str, Any] = {}
        for sn in self.controls.back_online(now):  # a restart ended: it reports again
            if sn in self.publishers:
                self.publishers[sn].request_status()
        for publisher in self.publishers.values():
            types = publisher.due(now)
            if types:
                self._send(publisher, types, now, scenes)
        start = self._captures_start
        if self.broker is not None and self.broker.running and start is not None:
            for topic, payload in self.captures.due(now - start, start):
                sn = _topic_serial(topic)
                if self.faults.is_silent(sn):
                    continue
                self.stats.published(sn, topic, len(payload))
                self._outbox.append((topic, payload))

    async def _pump_loop(self) -> None:
        """Look at the clock often (or when a command arrives) and publish what is due."""
        wake = self._wake or asyncio.Event()
        while True:
            try:
                self._publish_due(self.clock.now())
            except Exception:  # a bad scenario value must not stop the broker's devices
                _LOGGER.exception("MQTT device publishing failed")
            outbox, self._outbox = self._outbox, []
            for topic, payload in outbox:
                if self.broker is not None:
                    await self.broker.publish(topic, payload)
            wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wake.wait(), PUMP_INTERVAL_S)

    def state(self) -> dict[str, Any]:
        """Admin view: broker, devices, faults, stats (no secrets)."""
        return {
            "enabled": self.enabled,
            "endpoint_addr": self.endpoint_addr(),
            "broker_up": bool(self.broker and self.broker.running),
            "clients": len(self.broker.connected_accounts()) if self.broker else 0,
            "devices": {
                sn: {
                    "pn": p.pn,
                    "msg_seq": p.msg_seq,
                    "realtime_until": p.realtime_until,
                    "silent": self.faults.is_silent(sn),
                    "ignoring_commands": self.faults.is_ignoring(sn),
                    "setting_commands": self.controls.counts(sn),
                    "offline": self.controls.is_offline(sn, self.clock.now()),
                }
                for sn, p in self.publishers.items()
            },
            "faults": [{"kind": f.kind, "sn": f.sn, "count": f.count} for f in self.faults.faults],
            "stats": self.stats.as_dict(),
        }
