"""Helpers of the support tests: personal values of a scenario, snapshot remapping."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from custom_components.anker_solix.solixapi.export import TEXT_KINDS, Anonymizer
from tests.conftest import SCENARIOS
from tests.scenario_values import MIN_LENGTH, values_under_keys

PERSONAL_KEY = re.compile(
    r"^(site_id|siteId|site_ids|user_id|owner_user_id|member_id|vehicle_id|station_id|trace_id|"
    r"email|sn|sns|pcsSns|.*_sn|.*Sn|wifi_name|ssid|wifi_mac|bt_ble_mac|bt_ble_id|mac_addr|"
    r"token|auth_token)$"
)
ANONYMOUS = re.compile(r"^(wifi-network-\d+|anonymous-\d+@domain\.com)$")
"""Values that already have the replacement form (the scenarios are synthetic)."""
VOLATILE_ACCOUNT_KEYS = frozenset(
    {
        "server",
        "email",
        "requests_last_min",
        "requests_last_hour",
        "sites_poll_time",
        "sites_poll_seconds",
        "details_poll_time",
        "details_poll_seconds",
        "energy_poll_time",
        "energy_poll_seconds",
    }
)


def personal_values(scenario: str) -> set[str]:
    """Every id, serial, e-mail, MAC, SSID and token of a scenario's files."""
    found = values_under_keys(scenario, PERSONAL_KEY, skip=ANONYMOUS)
    meta = json.loads((SCENARIOS / scenario / "scenario.json").read_text(encoding="utf-8"))
    return found | {meta["account"]["email"], meta["account"]["user_id"]}


def leaks(folder: Path, values: set[str]) -> list[str]:
    """`file: value` for every value found in a file's name or content."""
    found = []
    for file in sorted(folder.iterdir()):
        text = file.name + "\n" + file.read_text(encoding="utf-8")
        found += [f"{file.name}: {value}" for value in values if value in text]
    return found


def remap(value: Any, anonymizer: Anonymizer) -> Any:
    """`value` with every known value replaced as the export replaced it."""
    mapping = anonymizer.mapping
    pairs = sorted(
        (
            (str(original), str(replacement))
            for original, replacement in mapping.items()
            if isinstance(original, str)
            and len(original) >= MIN_LENGTH
            and anonymizer.kind_of(original) in TEXT_KINDS
        ),
        key=lambda pair: -len(pair[0]),
    )

    def text(item: str) -> Any:
        if item in mapping:
            return mapping[item]
        for original, replacement in pairs:
            item = item.replace(original, replacement)
        return item

    def walk(item: Any) -> Any:
        if isinstance(item, dict):
            return {text(k) if isinstance(k, str) else k: walk(v) for k, v in item.items()}
        if isinstance(item, list):
            return [walk(v) for v in item]
        if isinstance(item, str):
            return text(item)
        return item

    return walk(value)


def comparable(snapshot: dict[str, Any]) -> dict[str, Any]:
    """A poller snapshot without the values that differ between two runs (server, timings)."""
    account = {k: v for k, v in snapshot["account"].items() if k not in VOLATILE_ACCOUNT_KEYS}
    return {**snapshot, "account": account}
