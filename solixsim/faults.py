"""Switchable faults: HTTP errors, error codes, hangs, broken bodies and altered data."""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Callable, Iterable, Mapping
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
WILDCARD = "*"
"""A path part matching every key of an object or every item of a list."""

Mutation = Callable[[Any], Any]
"""Takes a deep copy of a reply's ``data`` and returns the data to send instead."""


@dataclass(frozen=True)
class Literal:
    """A retype target set as is, even ``"int"``/``"float"`` (which otherwise convert)."""

    value: Any


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
    mutate: Mutation | None = None

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
        """Drop, retype and mutate fields in the ``data`` of a JSON reply."""
        if reply.text is not None or not (self.drop or self.retype or self.mutate):
            return reply
        data = alter_data(reply.data, self.drop, self.retype)
        if self.mutate is not None:
            data = self.mutate(data)
        return SimReply(status=reply.status, code=reply.code, msg=reply.msg, data=data)


def alter_data(data: Any, drop: Iterable[str] = (), retype: Mapping[str, Any] | None = None) -> Any:
    """A deep copy of ``data`` with the ``drop`` paths removed and the ``retype`` paths changed.

    Paths are dotted (``solarbank_info.solarbank_list.0.battery_power``); a ``*`` part matches
    every key or item at that level.
    """
    data = copy.deepcopy(data)
    for dotted in drop:
        _drop_path(data, dotted)
    for dotted, target in (retype or {}).items():
        _retype_path(data, dotted, target)
    return data


def _walk(data: Any, parts: list[str]) -> list[tuple[Any, str | int]]:
    """Each container holding the last part of a dotted path, with its key (wildcards fan out)."""
    nodes = [data]
    for part in parts[:-1]:
        nodes = [node[key] for node in nodes for key in _keys(node, part)]
    return [(node, key) for node in nodes for key in _keys(node, parts[-1])]


def _keys(node: Any, part: str) -> list[str | int]:
    """The dict keys or list indexes ``part`` refers to in ``node`` (``*``: all of them)."""
    if part == WILDCARD:
        if isinstance(node, dict):
            return list(node)
        return list(range(len(node))) if isinstance(node, list) else []
    if isinstance(node, dict) and part in node:
        return [part]
    if (
        isinstance(node, list)
        and part.lstrip("-").isdigit()
        and -len(node) <= int(part) < len(node)
    ):
        return [int(part)]
    return []


def _drop_path(data: Any, dotted: str) -> None:
    """Remove the field at a dotted path (list items are left in place)."""
    for container, key in _walk(data, dotted.split(".")):
        if isinstance(container, dict):
            container.pop(key, None)


def _retype_path(data: Any, dotted: str, target: Any) -> None:
    """Convert the field at a dotted path (``int``/``float``/``str``) or set a given value."""
    for container, key in _walk(data, dotted.split(".")):
        _retype(container, key, target)


def _retype(container: Any, key: str | int, target: Any) -> None:
    """Convert or replace one value of a container."""
    if isinstance(target, Literal):
        container[key] = copy.deepcopy(target.value)
        return
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
        mutate: Mutation | None = None,
    ) -> Fault:
        """Arm a fault for ``count`` requests to ``endpoint`` (``*`` = any but the login).

        The first ``after`` matching requests pass untouched. ``status`` answers that HTTP
        status with a fitting body (or ``body``); ``code`` answers an envelope with that code;
        ``body`` alone answers HTTP 200 with that text; ``timeout`` hangs up to
        ``hang_seconds`` of real time before answering; ``truncate`` cuts the JSON body in
        half; ``drop`` removes and ``retype`` converts (``int``, ``float``, ``str``) or
        replaces fields of ``data`` by dotted path (``solarbank_info.solarbank_list.0.x``;
        ``*`` matches every key or item; any other value, e.g. ``float("nan")``, ``{}`` for a
        list, or ``Literal("int")``, is set as is; JSON NaN/Infinity are sent as such);
        ``mutate`` then gets a copy of ``data`` and returns the data to send (seeded fuzzing).
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
            mutate=mutate,
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
