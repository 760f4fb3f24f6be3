"""One anonymizer for diagnostics: personal values out, ids replaced consistently.

`async_redact_data` only blanks values; our caches also use ids as dict keys (`sites`, `devices`,
`vehicles`) and repeat them inside texts and embedded JSON strings (`param_data`,
`home_load_data`). `Anonymizer` first learns every id of the data, then rewrites keys, values,
texts and embedded JSON so one id always becomes the same placeholder (`**REDACTED_SITE_1**`).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

REDACTED = "**REDACTED**"

ID_KINDS: dict[str, str] = {
    "site_id": "SITE",
    "siteid": "SITE",
    "user_id": "USER",
    "userid": "USER",
    "owner_user_id": "USER",
    "member_id": "MEMBER",
    "memberid": "MEMBER",
    "member_user_id": "MEMBER",
    "station_id": "STATION",
    "stationid": "STATION",
    "vehicle_id": "VEHICLE",
    "vehicleid": "VEHICLE",
    "unique_id": "USER",
}
"""Keys (lower case) whose value is an id of the given kind."""

CONTAINER_KINDS: dict[str, str] = {"sites": "SITE", "devices": "DEVICE", "vehicles": "VEHICLE"}
"""Dicts keyed by ids: their keys are ids of the given kind."""

SECRET_KEYS = frozenset(
    {
        "email",
        "username",
        "password",
        "auth_token",
        "token",
        "gtoken",
        "x-auth-token",
        "geo_key",
        "ap_cloud_user_id",
        "phone",
        "phone_number",
        "phone_2fa",
        "avatar",
        "title",
        "wifi_mac",
        "bt_ble_mac",
        "bt_ble_id",
        "mac",
        "mac_addr",
        "wifi_name",
        "ssid",
        "wifi_ssid",
        "latitude",
        "longitude",
        "lat",
        "lon",
        "lng",
        "site_name",
        "home_name",
        "alias",
        "alias_name",
        "device_name",
        "aliasname",
        "nick_name",
        "nickname",
        "vehicle_name",
        "server_public_key",
    }
)
"""Keys (lower case) whose non-empty value is replaced by `REDACTED`."""

MIN_ID_LENGTH = 6
"""Shorter values are never treated as ids inside texts (too likely to match by chance)."""
EMAIL_PATTERN = re.compile(r"[^@\s\"']+@[^@\s\"']+\.[A-Za-z]{2,}")


def _id_kind(key: str) -> str | None:
    """The id kind a key holds, if any (serials: `sn`, `*_sn`, `*Sn`)."""
    lowered = key.lower()
    if lowered in ID_KINDS:
        return ID_KINDS[lowered]
    if lowered == "sn" or lowered.endswith("_sn") or key.endswith("Sn"):
        return "DEVICE"
    return None


def _embedded_json(text: str) -> Any:
    """The JSON object or array inside a string, or None if it holds none."""
    if not text.lstrip().startswith(("{", "[")):
        return None
    try:
        parsed = json.loads(text)
    except ValueError:
        return None
    return parsed if isinstance(parsed, dict | list) else None


class Anonymizer:
    """Replaces personal data; the same id always gets the same placeholder."""

    def __init__(self) -> None:
        """Start with no known ids."""
        self._placeholders: dict[str, str] = {}
        self._counts: Counter[str] = Counter()

    def add_id(self, value: Any, kind: str) -> None:
        """Register an id of `kind` (ignored if empty or already known)."""
        text = str(value) if isinstance(value, str | int) and not isinstance(value, bool) else ""
        if not text or text in self._placeholders:
            return
        self._counts[kind] += 1
        self._placeholders[text] = f"**REDACTED_{kind}_{self._counts[kind]}**"

    def learn(self, data: Any) -> None:
        """Find the ids in `data` (values of id keys, keys of id-keyed dicts, embedded JSON)."""
        if isinstance(data, dict):
            for key, value in data.items():
                container = CONTAINER_KINDS.get(str(key))
                if container and isinstance(value, dict):
                    for item_id in value:
                        self.add_id(item_id, container)
                kind = _id_kind(str(key))
                if kind:
                    self.add_id(value, kind)
                self.learn(value)
        elif isinstance(data, list):
            for item in data:
                self.learn(item)
        elif isinstance(data, str):
            embedded = _embedded_json(data)
            if embedded is not None:
                self.learn(embedded)

    def redact(self, data: Any) -> Any:
        """Return a copy of `data` with secrets blanked and every known id replaced."""
        if isinstance(data, dict):
            result: dict[Any, Any] = {}
            for key, value in data.items():
                new_key = self.redact_text(key) if isinstance(key, str) else key
                if str(key).lower() in SECRET_KEYS and value not in (None, "", [], {}):
                    result[new_key] = REDACTED
                elif _id_kind(str(key)) and isinstance(value, int) and str(value) in self:
                    result[new_key] = self._placeholders[str(value)]
                else:
                    result[new_key] = self.redact(value)
            return result
        if isinstance(data, list | tuple):
            return [self.redact(item) for item in data]
        if isinstance(data, str):
            embedded = _embedded_json(data)
            if embedded is not None:
                return json.dumps(self.redact(embedded))
            return self.redact_text(data)
        return data

    def redact_text(self, text: str) -> str:
        """Replace every known id and e-mail address inside a text."""
        if text in self._placeholders:
            return self._placeholders[text]
        for value in sorted(self._placeholders, key=len, reverse=True):
            if len(value) >= MIN_ID_LENGTH and value in text:
                text = text.replace(value, self._placeholders[value])
        return EMAIL_PATTERN.sub(REDACTED, text)

    def anonymize(self, data: Any) -> Any:
        """Learn the ids of `data`, then return its redacted copy."""
        self.learn(data)
        return self.redact(data)

    def __contains__(self, value: object) -> bool:
        """True if `value` is a known id."""
        return value in self._placeholders
