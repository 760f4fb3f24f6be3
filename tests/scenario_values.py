"""The personal values of a scenario: strings under the keys that name ids, serials and such."""

from __future__ import annotations

import contextlib
import json
import re
from typing import Any

from tests.conftest import SCENARIOS

MIN_LENGTH = 6
"""Shorter strings (flags, small numbers) are no identifiers."""


def values_under_keys(
    scenario: str, key: re.Pattern[str], *, skip: re.Pattern[str] | None = None
) -> set[str]:
    """Every string of at least `MIN_LENGTH` characters under a key matching `key` in any JSON
    file of the scenario (embedded JSON strings too), except those matching `skip`."""
    found: set[str] = set()

    def walk(value: Any, name: str = "") -> None:
        if isinstance(value, dict):
            for inner_name, inner in value.items():
                walk(inner, str(inner_name))
        elif isinstance(value, list):
            for item in value:
                walk(item, name)
        elif isinstance(value, str):
            if value.lstrip().startswith(("{", "[")):
                with contextlib.suppress(ValueError):
                    walk(json.loads(value), name)
            if key.match(name) and len(value) >= MIN_LENGTH and not (skip and skip.match(value)):
                found.add(value)

    for file in (SCENARIOS / scenario).glob("*.json"):
        walk(json.loads(file.read_text(encoding="utf-8")))
    return found
