"""Shared checks of the seeded action and control fuzzers.

Every fuzzed call must end in one of three ways: success; a refusal (`ServiceValidationError`, or
Home Assistant's own schema refusal `vol.Invalid`) that sent no request; or a translated
`HomeAssistantError`. A refusal or error of this integration must name a key under
"exceptions" of translations/en.json whose placeholders it fills. Anything else (a bare
`ValueError`, `KeyError`, `TypeError`, an untranslated error) is a finding.
"""

from __future__ import annotations

import json
import math
import string
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import voluptuous as vol
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError

from custom_components.anker_solix.const import DOMAIN
from tests.conftest import REPO

NASTY: tuple[Any, ...] = (
    None,
    "",
    " ",
    "abc",
    "\x00",
    "ä€😀",
    "x" * 500,
    0,
    1,
    -1,
    7,
    13,
    24,
    100,
    3600,
    99999,
    10**20,
    -(10**20),
    0.5,
    -0.0,
    1e308,
    math.nan,
    math.inf,
    -math.inf,
    "nan",
    "inf",
    "-1",
    "1e9",
    "1,5",
    True,
    False,
    "on",
    "maybe",
    [],
    [1, 2],
    ["mon", "xyz"],
    [[]],
    {},
    {"hours": 2},
    {"unknown": 1},
    "08:00",
    "8:5",
    "23:59:59",
    "24:00",
    "25:00",
    "12:60",
    "-01:00",
    "00:00:00",
    "02:00:00",
    "2024-13-45",
    "2024-01-01 25:00",
    "2025-02-30T10:00:00",
    "0000-01-01",
    "9999-12-31T23:59:59+14:00",
    "2025-03-12T15:00:00+00:00",
    "2025-03-12 16:00:00",
    "2025-06-04T14:00:00+02:00",
    "2030-01-01T00:00:00Z",
)
"""Random and malformed values: wrong types, out of range, NaN, huge, empty, bad dates/times."""


@cache
def exception_messages() -> dict[str, str]:
    """The English messages of the integration's exceptions (translation key → text)."""
    path = REPO / "custom_components" / "anker_solix" / "translations" / "en.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return {key: value["message"] for key, value in data["exceptions"].items()}


def placeholders_of(message: str) -> set[str]:
    """The placeholder names a message uses."""
    return {name for _, name, _, _ in string.Formatter().parse(message) if name}


@dataclass
class FuzzReport:
    """What the calls ended in; findings are the calls that broke the rules."""

    outcomes: Counter[str] = field(default_factory=Counter)
    findings: list[str] = field(default_factory=list)
    schema_errors: list[str] = field(default_factory=list)
    calls: int = 0

    def check(self) -> None:
        """Fail with every finding (call, data and what went wrong)."""
        assert not self.findings, "\n".join(self.findings[:20])


async def fuzz_call(
    report: FuzzReport,
    label: str,
    call: Callable[[], Awaitable[Any]],
    requests: Callable[[], int],
) -> None:
    """Run one fuzzed call and check how it ended (see the module docstring)."""
    report.calls += 1
    before = requests()
    try:
        await call()
    except ServiceValidationError as err:
        report.outcomes[f"refused:{err.translation_domain}.{err.translation_key}"] += 1
        _check_translated(report, label, err)
        if requests() != before:
            report.findings.append(f"{label}: refused ({err.translation_key}) but sent a request")
    except HomeAssistantError as err:
        report.outcomes[f"error:{err.translation_domain}.{err.translation_key}"] += 1
        _check_translated(report, label, err)
    except vol.Invalid as err:
        report.outcomes["schema"] += 1
        report.schema_errors.append(f"{label}: {err}")
        if requests() != before:
            report.findings.append(f"{label}: schema refusal ({err}) but sent a request")
    except Exception as err:
        report.outcomes[f"bare:{type(err).__name__}"] += 1
        report.findings.append(f"{label}: {type(err).__name__}: {err}")
    else:
        report.outcomes["ok"] += 1


def _check_translated(report: FuzzReport, label: str, err: HomeAssistantError) -> None:
    """An error carries a translation; ours name a key of en.json and fill its placeholders."""
    if err.translation_domain is None or err.translation_key is None:
        report.findings.append(f"{label}: untranslated {type(err).__name__}: {err}")
        return
    if err.translation_domain != DOMAIN:
        return  # Home Assistant's own (translated) refusal, e.g. a number out of its range
    message = exception_messages().get(err.translation_key)
    if message is None:
        report.findings.append(f"{label}: no translation for {err.translation_key}")
        return
    missing = placeholders_of(message) - set(err.translation_placeholders or {})
    if missing:
        report.findings.append(f"{label}: {err.translation_key} lacks placeholders {missing}")
