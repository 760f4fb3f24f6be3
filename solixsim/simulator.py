"""``CloudSimulator``: a scenario served as the Anker cloud on a local port."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from aiohttp import web

from solixsim.admin import admin_routes
from solixsim.auth import CODE_KICKED_OUT, AuthService
from solixsim.clock import SimClock
from solixsim.crypto import ServerKeyPair
from solixsim.energy import EnergyModel
from solixsim.faults import FaultInjector
from solixsim.mqtt.admin import mqtt_admin_routes
from solixsim.mqtt.service import CREDENTIALS_PATH, MqttService
from solixsim.pipeline import Pipeline
from solixsim.ratelimit import RateLimiter
from solixsim.recorder import RequestRecorder
from solixsim.scenario import MISSING_FILES_DEFAULTS, MISSING_FILES_FAIL, ScenarioStore
from solixsim.secure import SecureGate
from solixsim.secure_admin import security_routes
from solixsim.sitetime import SiteTimes, parse_time_value

# Countries served by the "com" host (protocol §1.2); every other country uses the EU host.
_COM_COUNTRY_LIST = "DZ LB SY EG LY TN IL MA JO PS AR AU BR HK IN JP MX NG NZ RU SG ZA KR TW US CA"
COM_COUNTRIES = frozenset(_COM_COUNTRY_LIST.split())
_SHUTDOWN_SECONDS = 2.0


class CloudSimulator:
    """The simulated Anker cloud for one scenario and one account."""

    def __init__(
        self,
        store: ScenarioStore,
        *,
        clock: SimClock | None = None,
        private_key_hex: str | None = None,
        rate_limit: int = 12,
        max_failed_logins: int = 5,
        mqtt: bool = False,
    ) -> None:
        """Assemble the simulator; see :meth:`from_scenario` for the usual entry point.

        ``mqtt`` starts the MQTT broker and device publishers with :meth:`serve`
        (:mod:`solixsim.mqtt`); without it the credential endpoint names no broker.
        """
        self.store = store
        self.clock = clock or SimClock.real()
        self.keys = ServerKeyPair(private_key_hex)
        self.faults = FaultInjector()
        self.recorder = RequestRecorder()
        self.limiter = RateLimiter(limit=rate_limit)
        self.times = SiteTimes(store, self.clock)
        self.mqtt = MqttService(store, self.clock, self.times, enabled=mqtt)
        self.mqtt.stats = self.recorder.mqtt
        self.energy = EnergyModel(store, self.times, self.clock)
        self.auth = AuthService(
            meta=store.meta, keys=self.keys, clock=self.clock, max_failed_logins=max_failed_logins
        )
        self.secure = SecureGate()
        """Encrypted transport (own preset key), lookup table, plain refusal (§2.7)."""
        self.pipeline = Pipeline(
            store=store,
            clock=self.clock,
            auth=self.auth,
            limiter=self.limiter,
            faults=self.faults,
            recorder=self.recorder,
            times=self.times,
            eu_server=store.meta.country not in COM_COUNTRIES,
            energy=self.energy,
            own_routes={CREDENTIALS_PATH: self.mqtt.credentials_reply},
            secure=self.secure,
        )
        self.app = web.Application()
        self.app.add_routes(admin_routes(self))
        self.app.add_routes(security_routes(self))
        self.app.add_routes(mqtt_admin_routes(self.mqtt))
        self.app.router.add_route("*", "/{path:.*}", self.pipeline.handle)

    @classmethod
    def from_scenario(
        cls,
        path: Path | str,
        *,
        clock: SimClock | None = None,
        email: str | None = None,
        password: str | None = None,
        private_key_hex: str | None = None,
        rate_limit: int = 12,
        missing_files: str | None = None,
        mqtt: bool = False,
    ) -> CloudSimulator:
        """Load a scenario folder; ``email``/``password`` override the scenario account.

        ``missing_files`` (``"defaults"`` or ``"fail"``) overrides the scenario's own setting,
        see :attr:`missing_files`.
        """
        store = ScenarioStore.load(path)
        if email is not None or password is not None:
            store.meta = dataclasses.replace(
                store.meta,
                email=email or store.meta.email,
                password=password or store.meta.password,
            )
        sim = cls(
            store, clock=clock, private_key_hex=private_key_hex, rate_limit=rate_limit, mqtt=mqtt
        )
        if missing_files is not None:
            sim.missing_files = missing_files
        return sim

    @property
    def missing_files(self) -> str:
        """How files the scenario lacks are answered; switchable at any time.

        ``"defaults"``: a plausible answer derived from the rest of the scenario where the real
        cloud answers (CONTRIBUTING.md, "Missing files"); ``"fail"``: the bare error code
        (10000, 10004, ...), as before defaults existed. Starts as ``missing_files`` of the
        scenario's ``scenario.json`` (default ``"defaults"``).
        """
        return MISSING_FILES_DEFAULTS if self.store.serve_defaults else MISSING_FILES_FAIL

    @missing_files.setter
    def missing_files(self, mode: str) -> None:
        if mode not in (MISSING_FILES_DEFAULTS, MISSING_FILES_FAIL):
            raise ValueError(f"missing_files must be 'defaults' or 'fail', not {mode!r}")
        self.store.serve_defaults = mode == MISSING_FILES_DEFAULTS

    @property
    def public_key_hex(self) -> str:
        """The simulator's P-256 public key (uncompressed point, hex) for the client."""
        return self.keys.public_key_hex

    def invalidate_tokens(self, code: int | None = CODE_KICKED_OUT) -> None:
        """Kick out all issued tokens: next requests answer ``code`` (HTTP 401 when None)."""
        self.auth.invalidate_tokens(code)

    def set_clock(self, value: str | float) -> None:
        """Set the clock from Unix seconds or ISO text (naive = site-local time)."""
        self.clock.set(parse_time_value(value, self.store.meta.utc_offset_minutes))

    @asynccontextmanager
    async def serve(self, host: str = "127.0.0.1", port: int = 0) -> AsyncIterator[str]:
        """Serve the cloud on ``host:port`` (0 = a free port) and yield its base URL."""
        self.faults.rearm()
        runner = web.AppRunner(
            self.app, handler_cancellation=True, shutdown_timeout=_SHUTDOWN_SECONDS
        )
        await runner.setup()
        try:
            site = web.TCPSite(runner, host, port)
            await site.start()
            bound_port = runner.addresses[0][1]
            if self.mqtt.enabled:
                await self.mqtt.start(host)
            yield f"http://{host}:{bound_port}"
        finally:
            self.faults.release_hangs()
            await self.mqtt.stop()
            await runner.cleanup()
