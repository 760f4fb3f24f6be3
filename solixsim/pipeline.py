"""The request pipeline of the simulated cloud: routing, checks, faults, envelope, recording."""

from __future__ import annotations

import asyncio
import json
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from solixsim.auth import AuthService
from solixsim.clock import SimClock
from solixsim.energy import EnergyModel
from solixsim.faults import Fault, FaultInjector
from solixsim.hooks import WRITE_HANDLERS
from solixsim.ratelimit import RateLimiter
from solixsim.recorder import RequestRecord, RequestRecorder, mask_secrets
from solixsim.reply import SimReply
from solixsim.routes import ROUTES, RequestContext
from solixsim.routes.base import is_owner_of_request, no_permission
from solixsim.scenario import ScenarioStore
from solixsim.secure import SecureGate
from solixsim.sitetime import SiteTimes

LOGIN_PATH = "passport/login"
# Recorded status of a request whose client went away before it was answered.
NO_ANSWER = 0
# Headers every request must carry (protocol §2.5); tokens are checked separately.
REQUIRED_HEADERS = ("content-type", "model-type", "app-name", "os-type", "country", "timezone")
_LOGIN_FIELDS = ("email", "password")
# Writes that do not belong to a site or device and are open to members (vehicles, §4.9).
_MEMBER_WRITE_PREFIX = "power_service/v1/app/vehicle/"


def text_reply(status: int, text: str) -> SimReply:
    """A non-JSON HTTP answer."""
    return SimReply(status=status, text=text)


def _content_type(text: str) -> str:
    """The content type of a raw body: JSON, HTML or plain text."""
    stripped = text.lstrip()
    if stripped.startswith("{"):
        return "application/json"
    return "text/html" if stripped.startswith("<") else "text/plain"


def _parse_body(raw: bytes) -> tuple[dict[str, Any], str | None]:
    """The JSON object of a request body (``{}`` when empty) or an error text."""
    if not raw.strip():
        return {}, None
    try:
        body = json.loads(raw)
    except ValueError:
        return {}, "error: request body is not valid JSON\n"
    if not isinstance(body, dict):
        return {}, "error: request body must be a JSON object\n"
    return body, None


def missing_field(body: dict[str, Any], required: tuple[str, ...]) -> SimReply | None:
    """HTTP 400 naming the first mandatory field that is not set."""
    for name in required:
        if body.get(name) is None:
            return text_reply(400, f'field "{name}" is not set\n')
    return None


@dataclass
class Pipeline:
    """Answers every request to the simulated cloud."""

    store: ScenarioStore
    clock: SimClock
    auth: AuthService
    limiter: RateLimiter
    faults: FaultInjector
    recorder: RequestRecorder
    times: SiteTimes
    eu_server: bool
    energy: EnergyModel | None = None
    own_routes: dict[str, Callable[[], SimReply]] = field(default_factory=dict)
    """POST endpoints answered by a simulator part itself (the MQTT credentials)."""
    secure: SecureGate = field(default_factory=SecureGate)
    """Encrypted transport, server lookup and the plain-refusal switch (§2.7)."""

    async def handle(self, request: web.Request) -> web.Response:
        """The aiohttp handler of all cloud paths."""
        raw = await request.read()
        path = request.path.strip("/")
        opened = self.secure.open(path, request.headers, raw, request.host)  # §2.7
        body, parse_error = _parse_body(opened.raw)

        def record(status: int, code: int | None, bytes_out: int) -> None:
            self.recorder.add(
                RequestRecord(
                    ts=self.clock.now(),
                    method=request.method,
                    path=path,
                    header_names=sorted(name.lower() for name in request.headers),
                    body=mask_secrets(body) if parse_error is None else None,
                    status=status,
                    code=code,
                    bytes_in=len(raw),
                    bytes_out=bytes_out,
                )
            )

        try:
            if opened.reply is not None:
                reply, fault = opened.reply, None
            else:
                reply, fault = await self._answer(request, path, body, parse_error)
        except asyncio.CancelledError:
            record(NO_ANSWER, None, 0)  # the client gave up (e.g. during a timeout fault)
            raise
        response, payload = self._respond(reply, fault, opened.key)
        record(reply.status, reply.code if reply.text is None else None, len(payload))
        return response

    async def _answer(
        self, request: web.Request, path: str, body: dict[str, Any], parse_error: str | None
    ) -> tuple[SimReply, Fault | None]:
        """The reply to a request, and the fault that shaped it (if any)."""
        route = ROUTES.get(path)
        own = path in self.own_routes
        if route is None and path not in WRITE_HANDLERS and path != LOGIN_PATH and not own:
            return text_reply(404, "404 page not found\n"), None
        method = route.method if route is not None else "POST"
        if request.method != method:
            return text_reply(405, f"405 method {request.method} not allowed\n"), None
        for header in REQUIRED_HEADERS:
            if header not in request.headers:
                return text_reply(400, f'header "{header}" is not set\n'), None
        if parse_error is not None and method != "GET":
            return text_reply(400, parse_error), None
        if path == LOGIN_PATH:
            return await self._with_fault(path, lambda: self._login(body, request.headers))
        denied, user_id = self.auth.check(
            request.headers.get("x-auth-token"), request.headers.get("gtoken")
        )
        if denied is not None or user_id is None:
            return denied or text_reply(401, "401 Unauthorized"), None
        limited = self.limiter.check(user_id, path, self.clock.now())
        if limited is not None:
            return limited, None
        return await self._with_fault(path, lambda: self._dispatch(path, body))

    async def _with_fault(
        self, path: str, answer: Callable[[], SimReply]
    ) -> tuple[SimReply, Fault | None]:
        """Apply an armed fault around the normal answer."""
        fault = self.faults.take(path)
        if fault is None:
            return answer(), None
        if fault.timeout:
            await self.faults.hang(fault)
        replacement = fault.replacement()
        if replacement is not None:
            return replacement, fault
        return fault.alter(answer()), fault

    def _login(self, body: dict[str, Any], headers: Mapping[str, str]) -> SimReply:
        """``passport/login``."""
        return missing_field(body, _LOGIN_FIELDS) or self.auth.login(body, headers)

    def _dispatch(self, path: str, body: dict[str, Any]) -> SimReply:
        """Run the read route or write handler of an authorized request."""
        ctx = RequestContext(
            store=self.store,
            body=body,
            now=self.clock.now(),
            offset_minutes=self.store.meta.utc_offset_minutes,
            times=self.times,
            eu_server=self.eu_server,
            energy=self.energy,
        )
        own_answer = self.own_routes.get(path)
        if own_answer is not None:
            return own_answer()
        route = ROUTES.get(path)
        if route is not None:
            return missing_field(body, route.required) or route.handler(ctx)
        if not path.startswith(_MEMBER_WRITE_PREFIX) and not is_owner_of_request(ctx):
            return no_permission()
        return WRITE_HANDLERS[path](self.store, body, ctx.now)

    def _respond(
        self, reply: SimReply, fault: Fault | None, key: bytes | None = None
    ) -> tuple[web.Response, bytes]:
        """The HTTP response of a reply and its body bytes."""
        headers: dict[str, str] = {}
        if reply.text is not None:
            payload = reply.text.encode()
            content_type = _content_type(reply.text)
        else:
            trace_id = secrets.token_hex(16)
            envelope: dict[str, Any] = {"code": reply.code, "msg": reply.msg}
            if reply.data is not None or reply.code == 0:
                envelope["data"] = reply.data
            envelope["trace_id"] = trace_id
            if key is not None:
                envelope = self.secure.seal_envelope(key, envelope)
            payload = json.dumps(envelope, ensure_ascii=False, separators=(",", ":")).encode()
            content_type = "application/json"
            headers = {"Bizcode": str(reply.code), "Trace": trace_id}
        if fault is not None and fault.truncate:
            payload = payload[: len(payload) // 2]
        response = web.Response(
            status=reply.status,
            body=payload,
            headers=headers,
            content_type=content_type,
            charset="utf-8",
        )
        return response, payload
