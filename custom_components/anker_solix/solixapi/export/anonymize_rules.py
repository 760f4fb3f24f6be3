"""Which keys hold personal values, and the shape-keeping replacements of an export (§9.2).

Kinds (upper-case names) are shared by both styles of :mod:`.anonymize`: diagnostics use them
for placeholders (`**REDACTED_SITE_1**`), exports for replacements of the same shape (serials of
the same length, hex ids of the same UUID shape, MACs, `wifi-network-N`, `anonymous-N@domain.com`).
"""

from __future__ import annotations

import random
import re
import string
from typing import Final

SERIAL: Final = "DEVICE"
SITE: Final = "SITE"
USER: Final = "USER"
MEMBER: Final = "MEMBER"
STATION: Final = "STATION"
VEHICLE: Final = "VEHICLE"
TRACE: Final = "TRACE"
MAC: Final = "MAC"
SSID: Final = "SSID"
EMAIL: Final = "EMAIL"
TOKEN: Final = "TOKEN"
COORDINATE: Final = "COORDINATE"
NAME: Final = "NAME"

ID_KINDS: Final[dict[str, str]] = {
    "site_id": SITE,
    "siteid": SITE,
    "site_ids": SITE,
    "siteids": SITE,
    "user_id": USER,
    "userid": USER,
    "owner_user_id": USER,
    "ap_cloud_user_id": USER,
    "member_id": MEMBER,
    "memberid": MEMBER,
    "member_user_id": MEMBER,
    "station_id": STATION,
    "stationid": STATION,
    "vehicle_id": VEHICLE,
    "vehicleid": VEHICLE,
    "trace_id": TRACE,
    "unique_id": USER,
}
"""Keys (lower case) whose value is an id of the given kind (lists: each item)."""

_ID_PARTS: Final = (
    ("site_id", SITE),
    ("station_id", STATION),
    ("member_id", MEMBER),
    ("user_id", USER),
    ("vehicle_id", VEHICLE),
    ("trace_id", TRACE),
)
"""Key fragments of §9.2 (`owner_user_id` matches `user_id`)."""

CONTAINER_KINDS: Final[dict[str, str]] = {"sites": SITE, "devices": SERIAL, "vehicles": VEHICLE}
"""Dicts keyed by ids (the client caches): their keys are ids of the given kind."""

_SERIAL_KEY = re.compile(r"(^sns?$)|(_sn(s|_list)?(_|$))|([a-z]Sns?$)|mainSn")
_COORDINATE_KEYS: Final = frozenset({"lat", "lon", "lng", "latitude", "longitude", "geo_key"})
_NAME_KEYS: Final = frozenset({"site_name", "home_name"})
_SECRET_PARTS: Final = ("token", "password")

EMBEDDED_KEYS: Final = frozenset({"param_data", "home_load_data"})
"""Keys holding JSON as a string (§9.2); any other JSON-looking string is handled alike."""

TEXT_KINDS: Final = frozenset(
    {SERIAL, SITE, USER, MEMBER, STATION, VEHICLE, TRACE, MAC, SSID, EMAIL, TOKEN}
)
"""Kinds whose values are also replaced inside other texts, dict keys and file names."""

MIN_TEXT_LENGTH: Final = 6
"""Shorter values are replaced only where they are a whole value (too likely to match by chance)."""


def id_kind(key: str) -> str | None:
    """The id kind (serial, site, user, …) a key holds, if any."""
    lowered = key.lower()
    if lowered in ID_KINDS:
        return ID_KINDS[lowered]
    if _SERIAL_KEY.search(key):
        return SERIAL
    for part, kind in _ID_PARTS:
        if part in lowered:
            return kind
    return None


def value_kind(key: str) -> str | None:
    """The kind of personal value a key holds for exports (§9.2, first match wins)."""
    lowered = key.lower()
    if _SERIAL_KEY.search(key):
        return SERIAL
    if "bt_ble_" in lowered or "_mac" in lowered or lowered in ("mac", "mac_addr"):
        return MAC
    kind = id_kind(key)
    if kind is not None:
        return kind
    if "wifi_name" in lowered or "ssid" in lowered:
        return SSID
    if "email" in lowered:
        return EMAIL
    if lowered in _COORDINATE_KEYS:
        return COORDINATE
    if lowered in _NAME_KEYS:
        return NAME
    if any(part in lowered for part in _SECRET_PARTS):
        return TOKEN
    return None


class ShapeGenerator:
    """Random replacements of the same shape as the original, from one seeded generator."""

    def __init__(self, seed: int | str | None) -> None:
        """Seed the generator (None: a random seed)."""
        self._random = random.Random(seed)
        self._counts: dict[str, int] = {}

    def _next(self, kind: str) -> int:
        self._counts[kind] = self._counts.get(kind, 0) + 1
        return self._counts[kind]

    def _chars(self, alphabet: str, length: int) -> str:
        return "".join(self._random.choice(alphabet) for _ in range(length))

    def replace(self, kind: str, value: str | int | float) -> str | int | float:
        """A replacement of `value` (a str, int or float) for `kind`."""
        if isinstance(value, float):
            return self._coordinate(value)
        if isinstance(value, int):
            digits = len(str(abs(value)))
            first = self._random.choice("123456789")
            return int(first + self._chars(string.digits, digits - 1))
        if kind == SERIAL:
            return self._chars(string.ascii_uppercase + string.digits, len(value))
        if kind == MAC:
            return self._mac(value)
        if kind == SSID:
            return f"wifi-network-{self._next(kind)}"
        if kind == EMAIL:
            return f"anonymous-{self._next(kind)}@domain.com"
        if kind == COORDINATE:
            return self._coordinate_text(value)
        if kind == NAME:
            return f"System {self._next(kind)}"
        if kind == TOKEN:
            return self._chars(string.ascii_letters, len(value))
        return "-".join(self._chars("0123456789abcdef", len(part)) for part in value.split("-"))

    def _mac(self, value: str) -> str:
        plain = value.replace(":", "").replace("-", "")
        hex_text = self._chars("0123456789ABCDEF", len(plain))
        if ":" not in value:
            return hex_text
        return ":".join(hex_text[i : i + 2] for i in range(0, len(hex_text), 2))

    def _coordinate(self, value: float) -> float:
        text = repr(value)
        decimals = len(text.split(".", 1)[1]) if "." in text else 0
        return round(self._random.uniform(-60.0, 60.0), max(decimals, 1))

    def _coordinate_text(self, value: str) -> str:
        try:
            number = float(value)
        except ValueError:
            return self._chars(string.ascii_letters, len(value))
        decimals = len(value.split(".", 1)[1]) if "." in value else 0
        return f"{self._coordinate(number):.{decimals}f}"


def mac_spellings(original: str, replacement: str) -> list[tuple[str, str]]:
    """Both spellings (with and without colons) of a MAC and its replacement."""
    pairs = [(original, replacement)]
    if ":" in original:
        pairs.append((original.replace(":", ""), replacement.replace(":", "")))
    return pairs
