"""Switchable faults: HTTP errors, error codes, hangs, broken bodies and altered data."""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from solixsim.ratelimit import RATE_LIMIT_BODY
from solixsim.reply import SimReply

ANY_ENDPOINT = "*"
LOGIN_PATH = "passport/login"
DEFAULT_HANG_SECONDS = 30.0

_HTML_PAGE = (
    "<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n"
    "<center><h1>{status} {reason}</h1></center>\r\n<hr><center>openresty</center>\r\n"
    "</body>\r\n</html>\r\n"
)
_STATUS_BODIES = {
    401: "401 Unauthorized",
    403: "403 Forbidden",
    429: RATE_LIMIT_BODY,
    500: "Internal Server Error",
    502: _HTML_PAGE.format(status=502, reason="Bad Gateway"),
    503: _HTML_PAGE.format(status=503, reason="Service Temporarily Unavailable"),
    504: _HTML_PAGE.format(status=504, reason="Gateway Time-out"),
}
_CODE_MESSAGES = {
    -1: "Failed to request.",
    10000: "Failed to request.",
    10004: "Failed to request.",
    21105: "Server busy, please try again later.",
    26084: "Token does not exist.",
    26108: "Your email or password is incorrect.",
    100053: "Too many login attempts, please try again after 24 hours.",
    160003: "The device has no access permission.",
}
# Retype targets that convert the current value instead of replacing it.
_CONVERSIONS: dict[Any, type] = {int: int, float: float, str: str, "int": int, "float": float}


def status_body(status: int) -> str:
    """A body that fits an HTTP error status (HTML for gateway errors)."""
    return _STATUS_BODIES.get(status, f"{status} Error")


def code_message(code: int) -> str:
    """The message the cloud sends with an error code."""
    return _CODE_MESSAGES.get(code, "Failed to request.")


def html_page(status: int, reason: str) -> str:
    """A gateway HTML error page."""
    return _HTML_PAGE.format(status=status, reason=reason)


@dataclass
class Fault:
    """One armed fault; see :meth:`FaultInjector.add` for the meaning of the fields."""

    endpoint: str
    status: int | None = None
    code: int | None = None
    msg: str | None = None
    count: int = 1
    after: int = 0
    timeout: bool = False
    hang_seconds: float = DEFAULT_HANG_SECONDS
    truncate: bool = False
    body: str | None = None
    drop: tuple[str, ...] = ()
    retype: dict[str, Any] = field(default_factory=dict)

    def matches(self, path: str) -> bool:
        """True for its own endpoint; ``*`` matches every endpoint except the login."""
        if self.endpoint == ANY_ENDPOINT:
            return path != LOGIN_PATH
        return self.endpoint.strip("/") == path

    def replacement(self) -> SimReply | None:
        """The reply that replaces the endpoint's own answer, if this fault has one."""
        if self.code is not None:
            return SimReply(
                status=self.status or 200, code=self.code, msg=self.msg or code_message(self.code)
            )
        if self.body is not None:
            return SimReply(status=self.status or 200, text=self.body)
        if self.status is not None:
            return SimReply(status=self.status, text=status_body(self.status))
        return None

    def alter(self, reply: SimReply) -> SimReply:
        """Drop and retype fields in the ``data`` of a JSON reply."""
        if reply.text is not None or not (self.drop or self.retype):
            return reply
        data = copy.deepcopy(reply.data)
        for dotted in self.drop:
            _drop_path(data, dotted)
        for dotted, target in self.retype.items():
            _retype_path(data, dotted, target)
        return SimReply(status=reply.status, code=reply.code, msg=reply.msg, data=data)


def _walk(data: Any, parts: list[str]) -> tuple[Any, str | int] | None:
    """The container holding the last part of a dotted path and its key, if it exists."""
    node = data
    for part in parts[:-1]:
        key = _key(node, part)
        if key is None:
            return None
        node = node[key]
    key = _key(node, parts[-1])
    return None if key is None else (node, key)


def _key(node: Any, part: str) -> str | int | None:
    """The dict key or list index ``part`` refers to in ``node``, if present."""
    if isinstance(node, dict) and part in node:
        return part
    if (
        isinstance(node, list)
        and part.lstrip("-").isdigit()
        and -len(node) <= int(part) < len(node)
    ):
        return int(part)
    return None


def _drop_path(data: Any, dotted: str) -> None:
    """Remove the field at a dotted path (list items are left in place)."""
    found = _walk(data, dotted.split("."))
    if found is not None and isinstance(found[0], dict):
        del found[0][found[1]]


def _retype_path(data: Any, dotted: str, target: Any) -> None:
    """Convert the field at a dotted path (``int``/``float``/``str``) or set a given value."""
    found = _walk(data, dotted.split("."))
    if found is None:
        return
    container, key = found
    convert = _CONVERSIONS.get(target) if isinstance(target, (type, str)) else None
    if convert is None:
        container[key] = copy.deepcopy(target)
        return
    value = container[key]
    try:
        number = float(value)
        container[key] = convert(number) if convert is not str else str(value)
    except (TypeError, ValueError):
        container[key] = str(value) if convert is str else convert(0)


@dataclass
class FaultInjector:
    """The armed faults of a simulator, consumed by matching requests."""

    faults: list[Fault] = field(default_factory=list)
    _closing: asyncio.Event = field(default_factory=asyncio.Event)
    _seen: dict[int, int] = field(default_factory=dict)

    def add(
        self,
        endpoint: str,
        *,
        status: int | None = None,
        code: int | None = None,
        msg: str | None = None,
        count: int = 1,
        after: int = 0,
        timeout: bool = False,
        hang_seconds: float = DEFAULT_HANG_SECONDS,
        truncate: bool = False,
        body: str | None = None,
        drop: Iterable[str] = (),
        retype: Mapping[str, Any] | None = None,
    ) -> Fault:
        """Arm a fault for ``count`` requests to ``endpoint`` (``*`` = any but the login).

        The first ``after`` matching requests pass untouched. ``status`` answers that HTTP
        status with a fitting body (or ``body``); ``code`` answers an envelope with that code;
        ``body`` alone answers HTTP 200 with that text; ``timeout`` hangs up to
        ``hang_seconds`` of real time before answering; ``truncate`` cuts the JSON body in
        half; ``drop`` removes and ``retype`` converts (``int``, ``float``, ``str``) or
        replaces fields of ``data`` by dotted path (``solarbank_info.solarbank_list.0.x``).
        """
        fault = Fault(
            endpoint=endpoint,
            status=status,
            code=code,
            msg=msg,
            count=count,
            after=after,
            timeout=timeout,
            hang_seconds=hang_seconds,
            truncate=truncate,
            body=body,
            drop=tuple(drop),
            retype=dict(retype or {}),
        )
        self.faults.append(fault)
        return fault

    def clear(self) -> None:
        """Disarm all faults."""
        self.faults.clear()
        self._seen.clear()

    def take(self, path: str) -> Fault | None:
        """The first armed fault for a request to ``path``, consuming one of its counts."""
        for fault in self.faults:
            if not fault.matches(path):
                continue
            seen = self._seen.get(id(fault), 0)
            self._seen[id(fault)] = seen + 1
            if seen < fault.after:
                continue
            fault.count -= 1
            if fault.count <= 0:
                self.faults.remove(fault)
                self._seen.pop(id(fault), None)
            return fault
        return None

    async def hang(self, fault: Fault) -> None:
        """Wait real time for a timeout fault; ends early when the simulator shuts down."""
        try:
            await asyncio.wait_for(self._closing.wait(), timeout=fault.hang_seconds)
        except TimeoutError:
            return

    def release_hangs(self) -> None:
        """End all running hangs (used on shutdown)."""
        self._closing.set()

    def rearm(self) -> None:
        """Allow hangs again after a restart of the server."""
        self._closing = asyncio.Event()
