"""The app's server lookup (§2.7, app login 1): which API host serves an account country.

`POST <lookup host>/passport/estimate_domain` with ``{"ab": <country>, "mode": 1}`` answers
``data.domain`` (a host name such as ``ankerpower-api-eu.anker.com``). It fixes wrong guesses of
the country table (§1.2); when it fails the caller falls back to that table.

A host named by the real lookup must end in ``.anker.com``, so a broken or spoofed answer never
sends the password elsewhere; a custom lookup host (a simulator) may name any host. A domain
without a scheme gets the lookup URL's scheme.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from .const import BASE_HEADERS, HEADER_COUNTRY, LOOKUP_HOST_SUFFIX, LOOKUP_URL, Endpoint
from .stats import RequestStats

_LOGGER = logging.getLogger(__name__)
LOOKUP_MODE = 1


def server_from_domain(domain: str, lookup_url: str) -> str | None:
    """The base URL of a looked-up domain, or None if it is not acceptable."""
    domain = domain.strip().rstrip("/")
    if not domain or any(char.isspace() for char in domain):
        return None
    scheme = urlsplit(lookup_url).scheme or "https"
    url = domain if "://" in domain else f"{scheme}://{domain}"
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.scheme not in ("http", "https") or not host or parts.path not in ("", "/"):
        return None
    if lookup_url.rstrip("/") == LOOKUP_URL and (
        parts.scheme != "https" or not host.endswith(LOOKUP_HOST_SUFFIX)
    ):
        return None
    return f"{parts.scheme}://{parts.netloc}"


async def estimate_server(
    websession: aiohttp.ClientSession,
    country: str,
    *,
    lookup_url: str = LOOKUP_URL,
    seconds: float = 10.0,
    stats: RequestStats | None = None,
) -> str | None:
    """The base URL the lookup names for `country`, or None (any failure: use the table)."""
    body = json.dumps({"ab": country.strip().upper(), "mode": LOOKUP_MODE}).encode("utf-8")
    headers = {**BASE_HEADERS, HEADER_COUNTRY: country.strip().upper()}
    endpoint = Endpoint.ESTIMATE_DOMAIN
    received = b""
    try:
        async with (
            asyncio.timeout(seconds),
            websession.post(
                f"{lookup_url.rstrip('/')}/{endpoint}", data=body, headers=headers
            ) as response,
        ):
            received = await response.read()
            status = response.status
    except (TimeoutError, aiohttp.ClientError) as err:
        _LOGGER.debug("Server lookup failed (%s): using the country table", type(err).__name__)
        if stats is not None:
            stats.record(endpoint, len(body), 0, error=True)
        return None
    server = _server_of(status, received, lookup_url)
    if stats is not None:
        stats.record(endpoint, len(body), len(received), error=server is None)
    _LOGGER.debug("Server lookup for %s: %s", country, server or "no usable answer")
    return server


def _server_of(status: int, received: bytes, lookup_url: str) -> str | None:
    """The server of a lookup answer, None if the answer is not a usable success."""
    if status != 200:
        return None
    try:
        envelope: Any = json.loads(received)
    except ValueError:
        return None
    if not isinstance(envelope, dict) or envelope.get("code") != 0:
        return None
    data = envelope.get("data")
    domain = data.get("domain") if isinstance(data, dict) else None
    return server_from_domain(domain, lookup_url) if isinstance(domain, str) else None
