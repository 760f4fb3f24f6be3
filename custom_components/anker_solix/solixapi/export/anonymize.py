"""One anonymizer for diagnostics and exports: the same real value gets the same replacement.

Our data uses ids as values, as dict keys (`sites`, `devices`, `connect_infos`), inside texts and
file names, and inside JSON strings (`param_data`, `home_load_data`). :class:`Anonymizer` first
*learns* every personal value of the data, then rewrites values, keys, texts and embedded JSON
with one mapping.

Two styles:
- ``placeholder`` (diagnostics): ids become `**REDACTED_SITE_1**`; other personal values
  (names, e-mails, MACs, Wi-Fi names, coordinates, tokens) become `**REDACTED**`.
- ``shape`` (exports, protocol §9.2): every personal value gets a random replacement of the same
  shape (seeded, so a run is repeatable), so an anonymized export is still a valid scenario.
"""

from __future__ import annotations

import json
import re
import secrets
from collections import Counter
from typing import Any, Final, Literal

from .anonymize_rules import (
    CONTAINER_KINDS,
    MAC,
    MIN_TEXT_LENGTH,
    TEXT_KINDS,
    ShapeGenerator,
    id_kind,
    mac_spellings,
    value_kind,
)

REDACTED: Final = "**REDACTED**"
EMAIL_PATTERN: Final = re.compile(r"[^@\s\"']+@[^@\s\"']+\.[A-Za-z]{2,}")

SECRET_KEYS: Final = frozenset(
    {
        "email",
        "username",
        "password",
        "preset_key",
        "verify_code",
        "terminal_id",
        "signature",
        "x-signature",
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
"""Diagnostics: keys (lower case) whose non-empty value is replaced by `REDACTED`."""

DERIVED: Final = ("virtual-",)
"""Prefixes of ids derived from another id (`virtual-<serial>`): only the inner id is mapped."""

Style = Literal["placeholder", "shape"]
Scalar = str | int | float


def embedded_json(text: str) -> Any:
    """The JSON object or array inside a string, or None if it holds none."""
    if not text.lstrip().startswith(("{", "[")):
        return None
    try:
        parsed = json.loads(text)
    except ValueError:
        return None
    return parsed if isinstance(parsed, dict | list) else None


def _dump_like(value: Any, original: str) -> str:
    """Encode `value` as JSON in the spacing of `original` (compact unless it had spaces)."""
    compact = '": ' not in original and '", "' not in original
    separators = (",", ":") if compact else (", ", ": ")
    return json.dumps(value, separators=separators, ensure_ascii=False)


def _scalar(value: Any) -> Scalar | None:
    """`value` if it is a non-empty str, int or float (not bool), else None."""
    if isinstance(value, bool) or value in (None, ""):
        return None
    return value if isinstance(value, str | int | float) else None


class Anonymizer:
    """Replaces personal data consistently: the same value always gets the same replacement."""

    def __init__(self, style: Style = "placeholder", seed: int | str | None = None) -> None:
        """Start with an empty mapping (`seed` makes the shape replacements repeatable)."""
        self.style: Style = style
        self._mapping: dict[Scalar, Scalar] = {}
        self._kinds: dict[Scalar, str] = {}
        self._counts: Counter[str] = Counter()
        self._generator = ShapeGenerator(seed if seed is not None else secrets.randbits(64))
        self._text_pairs: list[tuple[str, str]] | None = None

    @classmethod
    def for_export(cls, seed: int | str | None = None) -> Anonymizer:
        """An anonymizer with shape-keeping replacements (protocol §9.2)."""
        return cls("shape", seed)

    @property
    def mapping(self) -> dict[Scalar, Scalar]:
        """A copy of the mapping `original → replacement`."""
        return dict(self._mapping)

    def kind_of(self, value: Scalar) -> str | None:
        """The kind a known value was registered with (None if unknown)."""
        return self._kinds.get(value)

    def __contains__(self, value: object) -> bool:
        """True if `value` (or its text) is a known personal value."""
        return value in self._mapping or str(value) in self._mapping

    # Learning
    def add_id(self, value: Any, kind: str) -> None:
        """Register a personal value of `kind` (ignored if empty or already known)."""
        scalar = _scalar(value)
        if scalar is None:
            return
        if isinstance(scalar, int | float) and self.style == "placeholder":
            scalar = str(scalar)
        if scalar in self._mapping or (isinstance(scalar, str) and scalar.startswith(DERIVED)):
            return
        replacement = self._mac_spelling(scalar) if kind == MAC else None
        if replacement is None:
            replacement = self._replacement(kind, scalar)
        self._mapping[scalar] = replacement
        self._kinds[scalar] = kind
        if kind == MAC and isinstance(scalar, str) and isinstance(replacement, str):
            for original, other in mac_spellings(scalar, replacement)[1:]:
                self._mapping.setdefault(original, other)
                self._kinds.setdefault(original, kind)
        self._text_pairs = None

    def _mac_spelling(self, value: Scalar) -> Scalar | None:
        """The replacement of a MAC already known in its other spelling (with/without colons)."""
        if self.style != "shape" or not isinstance(value, str):
            return None
        plain = value.replace(":", "")
        for original, replacement in self._mapping.items():
            if not isinstance(original, str) or not isinstance(replacement, str):
                continue
            if self._kinds.get(original) == MAC and original.replace(":", "") == plain:
                bare = replacement.replace(":", "")
                if ":" not in value:
                    return bare
                return ":".join(bare[i : i + 2] for i in range(0, len(bare), 2))
        return None

    def _replacement(self, kind: str, value: Scalar) -> Scalar:
        if self.style == "placeholder":
            self._counts[kind] += 1
            return f"**REDACTED_{kind}_{self._counts[kind]}**"
        taken = set(self._mapping.values())
        for _ in range(100):
            candidate = self._generator.replace(kind, value)
            if candidate not in taken and candidate not in self._mapping:
                return candidate
        raise ValueError(f"no free replacement for a value of kind {kind}")

    def _key_kind(self, key: str) -> str | None:
        return id_kind(key) if self.style == "placeholder" else value_kind(key)

    def learn(self, data: Any, key: str = "", only: frozenset[str] | None = None) -> None:
        """Find the personal values in `data` (values of known keys, keys of id-keyed dicts).

        `only` limits learning to these kinds (e.g. ids of a cache dump, not derived names).
        """
        if isinstance(data, dict):
            for inner_key, value in data.items():
                container = CONTAINER_KINDS.get(str(inner_key))
                if container and isinstance(value, dict) and (only is None or container in only):
                    for item_id in value:
                        self.add_id(item_id, container)
                self.learn(value, str(inner_key), only)
            return
        if isinstance(data, list):
            for item in data:
                self.learn(item, key, only)
            return
        kind = self._key_kind(key) if key else None
        if kind is not None and only is not None and kind not in only:
            kind = None
        if isinstance(data, str):
            embedded = embedded_json(data)
            if embedded is not None:
                self.learn(embedded, key, only)
                return
            if kind is not None and "," in data and key.lower().endswith("sns"):
                for part in data.split(","):
                    self.add_id(part.strip(), kind)
                return
        if kind is not None:
            self.add_id(data, kind)

    # Rewriting
    def redact(self, data: Any, key: str = "") -> Any:
        """Return a copy of `data` with every known value replaced (secrets blanked)."""
        if isinstance(data, dict):
            result: dict[Any, Any] = {}
            for inner_key, value in data.items():
                new_key = self.redact_text(inner_key) if isinstance(inner_key, str) else inner_key
                result[new_key] = self._redact_item(str(inner_key), value)
            return result
        if isinstance(data, list | tuple):
            return [self.redact(item, key) for item in data]
        if isinstance(data, str):
            embedded = embedded_json(data)
            if embedded is not None:
                return _dump_like(self.redact(embedded), data)
            return self.redact_text(data)
        return data

    def _redact_item(self, key: str, value: Any) -> Any:
        if self.style == "placeholder":
            if key.lower() in SECRET_KEYS and value not in (None, "", [], {}):
                return REDACTED
            if id_kind(key) and isinstance(value, int) and str(value) in self._mapping:
                return self._mapping[str(value)]
            return self.redact(value, key)
        scalar = _scalar(value)
        replacement = self._mapping.get(scalar) if scalar is not None else None
        if replacement is not None and (value_kind(key) or key.lower() == "device_name"):
            return replacement
        if isinstance(value, str) and "," in value and key.lower().endswith("sns"):
            return ",".join(self.redact_text(part) for part in value.split(","))
        return self.redact(value, key)

    def _pairs(self) -> list[tuple[str, str]]:
        if self._text_pairs is None:
            pairs = [
                (str(original), str(replacement))
                for original, replacement in self._mapping.items()
                if isinstance(original, str)
                and len(original) >= MIN_TEXT_LENGTH
                and (self.style == "placeholder" or self._kinds.get(original) in TEXT_KINDS)
            ]
            self._text_pairs = sorted(pairs, key=lambda pair: len(pair[0]), reverse=True)
        return self._text_pairs

    def text_pairs(self) -> list[tuple[str, str]]:
        """`(original, replacement)` of every value replaced inside texts, longest first."""
        return list(self._pairs())

    def redact_text(self, text: str) -> str:
        """Replace every known value inside a text (and, for diagnostics, e-mail addresses)."""
        if text in self._mapping and (
            self.style == "placeholder" or self._kinds.get(text) in TEXT_KINDS
        ):
            return str(self._mapping[text])
        for original, replacement in self._pairs():
            if original in text:
                text = text.replace(original, replacement)
        if self.style == "placeholder":
            return EMAIL_PATTERN.sub(REDACTED, text)
        return text

    def anonymize(self, data: Any) -> Any:
        """Learn the personal values of `data`, then return its anonymized copy."""
        self.learn(data)
        return self.redact(data)
