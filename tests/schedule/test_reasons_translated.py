"""Every refusal reason of the schedule modules has an en/de/fr message with its placeholders."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "custom_components" / "anker_solix"
MODULES = [*ROOT.glob("solixapi/schedule/*.py"), *ROOT.glob("solixapi/control/schedule_*.py")]
REASON = re.compile(r'Solix(?:Validation|NotAllowed)Error\(\s*"([a-z0-9_]+)"')
REASONS = sorted({m for path in MODULES for m in REASON.findall(path.read_text(encoding="utf-8"))})
REASONS += ["sb1_only", "sb2_only"]


def test_reasons_found() -> None:
    assert {"not_owner", "sb1_schedule_enforced", "increase_blocked", "no_usable_plan"} <= set(
        REASONS
    )


@pytest.mark.parametrize("language", sorted(p.stem for p in (ROOT / "translations").glob("*.json")))
def test_every_reason_has_a_message(language: str) -> None:
    messages = json.loads((ROOT / "translations" / f"{language}.json").read_text(encoding="utf-8"))
    exceptions = messages["exceptions"]
    missing = [reason for reason in REASONS if "message" not in exceptions.get(reason, {})]
    assert not missing
    english = json.loads((ROOT / "translations" / "en.json").read_text(encoding="utf-8"))
    for reason in REASONS:
        wanted = set(re.findall(r"{(\w+)}", english["exceptions"][reason]["message"]))
        assert set(re.findall(r"{(\w+)}", exceptions[reason]["message"])) == wanted, reason
