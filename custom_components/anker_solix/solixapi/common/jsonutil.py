"""Tolerant, typed reads of cloud JSON with once-per-problem logging.

The cloud payloads drift (fields added, removed, re-typed). Every read the poller does goes
through :class:`Reader`, which returns ``None`` for anything that is not of the expected type and
reports each problem exactly once per (owner, field, kind of problem) to :class:`IssueLog`.
"""

from __future__ import annotations

import hashlib
import logging
import math
from typing import Any

JsonDict = dict[str, Any]
JsonList = list[Any]

LOGGER = logging.getLogger("custom_components.anker_solix.solixapi")


class IssueLog:
    """Logs each distinct payload or endpoint problem once."""

    def __init__(self, logger: logging.Logger = LOGGER) -> None:
        """Start with no problems seen."""
        self._logger = logger
        self._seen: set[tuple[str, str, str]] = set()

    def report(self, owner: str, field: str, kind: str, detail: str = "") -> None:
        """Log the problem ``kind`` of ``field`` of ``owner`` unless it was logged before."""
        key = (owner, field, kind)
        if key in self._seen:
            return
        self._seen.add(key)
        self._logger.warning(
            "Anker cloud data problem for %s: %s %s%s",
            log_label(owner),
            field,
            kind,
            f" ({detail})" if detail else "",
        )


def log_label(identifier: str) -> str:
    """A stable label for a site id or serial that does not reveal it (for logs).

    Logs leave the user's machine in bug reports; ids may not. The same id always gets the same
    label, so several lines about one system can still be told apart.
    """
    digest = hashlib.sha256(identifier.encode("utf-8")).hexdigest()[:8]
    return f"#{digest}"


def parse_number(
    value: object, low: float | None = None, high: float | None = None
) -> float | None:
    """The one number parser of cloud values: the finite number in ``value``, else ``None``.

    Accepts ints, floats and numeric strings (``"290"``, ``"-12.5"``, ``"200W"``). Refuses
    ``None``, booleans, NaN, ±inf, values that overflow a float (``"1e999"``, huge ints),
    containers and anything else. With ``low`` / ``high`` a number outside that plausible range
    is refused too.
    """
    if isinstance(value, bool):
        return None
    number: float
    if isinstance(value, int | float):
        try:
            number = float(value)
        except OverflowError:
            return None
    elif isinstance(value, str):
        text = value.strip().upper().removesuffix("W").strip()
        if len(text) > 64:
            return None
        try:
            number = float(text)
        except ValueError:
            return None
    else:
        return None
    if not math.isfinite(number):
        return None
    if (low is not None and number < low) or (high is not None and number > high):
        return None
    return number


def parse_int(value: object, low: float | None = None, high: float | None = None) -> int | None:
    """The integer of :func:`parse_number` (whole numbers only, e.g. ``"3"``, ``3.0``)."""
    number = parse_number(value, low, high)
    if number is None or not number.is_integer():
        return None
    return int(number)


def read_id(value: object) -> str | None:
    """An identifier (site id, serial, vehicle id): a non-empty str, or an int as text.

    Lists, objects, booleans, floats and empty strings are no id (they read as missing).
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value
    return None


def as_dict(value: object) -> JsonDict:
    """``value`` if it is an object, else an empty one (a field of the wrong type is missing)."""
    return value if isinstance(value, dict) else {}


def as_list(value: object) -> JsonList:
    """``value`` if it is a list, else an empty one (a field of the wrong type is missing)."""
    return value if isinstance(value, list) else []


def dict_items(value: object) -> list[JsonDict]:
    """The objects of a list value; anything else (and non-object items) reads as missing."""
    return [item for item in as_list(value) if isinstance(item, dict)]


def finite_json(value: Any) -> Any:
    """A copy of JSON data in which NaN / ±inf numbers read as ``None`` (missing)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: finite_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [finite_json(item) for item in value]
    return value


def format_number(value: float, decimals: int = 0) -> str:
    """Format a number the way the cloud does (``"201"``, ``"-12"``, ``"0.64"``)."""
    if decimals == 0:
        return str(round(value))
    return f"{value:.{decimals}f}"


class Reader:
    """Typed access to one JSON object; wrong types read as ``None`` and are reported once."""

    def __init__(self, data: object, owner: str, issues: IssueLog, where: str = "") -> None:
        """Wrap ``data`` (expected to be a dict) that belongs to ``owner`` (site id or serial)."""
        self.owner = owner
        self.issues = issues
        self.where = where
        if isinstance(data, dict):
            self.data: JsonDict = data
            self.valid = True
        else:
            self.data = {}
            self.valid = False
            if where:
                issues.report(owner, where, "is not an object", type(data).__name__)

    def _name(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def has(self, key: str) -> bool:
        """Tell whether ``key`` is present (with any value)."""
        return key in self.data

    def _typed(self, key: str, types: tuple[type, ...], required: bool, kind: str) -> Any:
        if key not in self.data:
            if required:
                self.issues.report(self.owner, self._name(key), "is missing")
            return None
        value = self.data[key]
        if value is None:
            if required:
                self.issues.report(self.owner, self._name(key), "is null")
            return None
        if isinstance(value, bool) and bool not in types:
            self.issues.report(self.owner, self._name(key), f"is not {kind}", "bool")
            return None
        if not isinstance(value, types):
            self.issues.report(self.owner, self._name(key), f"is not {kind}", type(value).__name__)
            return None
        return value

    def text(self, key: str, required: bool = False) -> str | None:
        """Return a string value."""
        value: str | None = self._typed(key, (str,), required, "a string")
        return value

    def number(self, key: str, required: bool = False) -> float | None:
        """Return the number of a numeric string value (``""`` reads as ``None`` silently)."""
        text = self.text(key, required)
        if text is None or text.strip() == "":
            return None
        number = parse_number(text)
        if number is None:
            self.issues.report(self.owner, self._name(key), "is not numeric", text[:20])
        return number

    def integer(self, key: str, required: bool = False) -> int | None:
        """Return an integer value (floats with integral value are accepted)."""
        value = self._typed(key, (int, float), required, "an integer")
        if value is None:
            return None
        number = parse_number(value)
        if number is None or not number.is_integer():
            self.issues.report(self.owner, self._name(key), "is not an integer", str(value)[:20])
            return None
        return value if isinstance(value, int) else int(number)

    def real(self, key: str, required: bool = False) -> float | None:
        """Return a numeric (int or float) value as float."""
        value = self._typed(key, (int, float), required, "a number")
        if value is None:
            return None
        number = parse_number(value)
        if number is None:
            self.issues.report(self.owner, self._name(key), "is not finite", str(value)[:20])
        return number

    def flag(self, key: str, required: bool = False) -> bool | None:
        """Return a boolean value."""
        value: bool | None = self._typed(key, (bool,), required, "a boolean")
        return value

    def obj(self, key: str, required: bool = False) -> JsonDict | None:
        """Return an object value."""
        value: JsonDict | None = self._typed(key, (dict,), required, "an object")
        return value

    def array(self, key: str, required: bool = False) -> JsonList | None:
        """Return a list value."""
        value: JsonList | None = self._typed(key, (list,), required, "a list")
        return value

    def objects(self, key: str, required: bool = False) -> list[JsonDict]:
        """Return the objects of a list value; non-object items are reported and skipped."""
        items = self.array(key, required) or []
        result: list[JsonDict] = []
        for item in items:
            if isinstance(item, dict):
                result.append(item)
            else:
                self.issues.report(self.owner, self._name(key), "has a non-object item")
        return result

    def child(self, key: str, required: bool = False) -> Reader:
        """Return a reader for the nested object ``key`` (empty if missing or wrong type)."""
        return Reader(self.obj(key, required) or {}, self.owner, self.issues, self._name(key))
