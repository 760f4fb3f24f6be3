"""quality_scale.yaml: every rule of the installed Home Assistant, done or exempt, with evidence.

hassfest's rule list (script/hassfest/quality_scale.py) is not part of the wheel; every core
integration's quality_scale.yaml must list all rules, so the rules of the installed release are
those its core integrations' files list.
"""

from __future__ import annotations

import re
from pathlib import Path

import homeassistant.components
import pytest
import yaml

from tests.conftest import REPO

INTEGRATION = REPO / "custom_components" / "anker_solix"
PATH_PATTERN = re.compile(
    r"(?<![\w/.#-])((?:[\w.-]+/)*[\w.@-]+\.(?:py|json|yaml|md|png|toml|typed))\b"
)
ANCHOR_PATTERN = re.compile(r"\b((?:README|INFO)\.md)#([\w-]+)")
NEWER_RULES = frozenset({"docs-conditions", "docs-triggers"})
"""Rules of newer releases of the scale than some supported ones (listed ahead, exempt)."""


def installed_rules() -> set[str]:
    """Every rule named by a core integration's quality_scale.yaml of this Home Assistant."""
    components = Path(homeassistant.components.__path__[0])
    files = sorted(components.glob("*/quality_scale.yaml"))
    assert len(files) > 50, "the installed Home Assistant ships no quality scale files"
    rules: set[str] = set()
    for path in files:
        content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        rules.update((content.get("rules") or {}).keys())
    return rules


def our_rules() -> dict[str, dict[str, str]]:
    """Our rules, each as {"status": ..., "comment": ...}."""
    content = yaml.safe_load((INTEGRATION / "quality_scale.yaml").read_text(encoding="utf-8"))
    rules = content["rules"]
    return {
        name: value if isinstance(value, dict) else {"status": value}
        for name, value in rules.items()
    }


def headings(page: str) -> set[str]:
    """GitHub anchors of a Markdown page's headings."""
    anchors = set()
    for line in (REPO / page).read_text(encoding="utf-8").splitlines():
        if match := re.match(r"#{1,6} (.+)", line):
            text = re.sub(r"[^\w\- ]", "", match.group(1).strip().lower())
            anchors.add(text.replace(" ", "-"))
    return anchors


def test_every_rule_of_the_installed_release_is_listed() -> None:
    """No rule of hassfest's scale is missing; no name is unknown (typos)."""
    installed = installed_rules()
    ours = set(our_rules())
    assert installed - ours == set()
    assert ours - installed <= NEWER_RULES


OPEN_RULES: set[str] = set()
"""Rules still to do, each with a comment that says what is missing (the README says so too)."""


def test_every_rule_is_done_or_exempt_with_a_reason() -> None:
    """Platinum means no rule left to do: done with its evidence, or exempt with the reason.

    The rules still open are named here, so a rule cannot silently fall back to "todo".
    """
    todo = set()
    for name, rule in our_rules().items():
        assert rule["status"] in {"done", "exempt", "todo"}, name
        assert len(str(rule.get("comment", "")).split()) >= 4, f"{name}: say why"
        if rule["status"] == "todo":
            todo.add(name)
    assert todo == OPEN_RULES


def test_rules_of_newer_releases_are_exempt_only_when_we_lack_the_feature() -> None:
    """docs-triggers / docs-conditions are exempt because we ship no triggers or conditions."""
    for name, filename in (
        ("docs-triggers", "triggers.yaml"),
        ("docs-conditions", "conditions.yaml"),
    ):
        if our_rules()[name]["status"] == "exempt":
            assert not (INTEGRATION / filename).exists()
            assert not (INTEGRATION / "device_trigger.py").exists()
            assert not (INTEGRATION / "device_condition.py").exists()


def find(reference: str) -> Path | None:
    """A named file: relative to the integration, the repository or the tests folder."""
    for base in (INTEGRATION, REPO, REPO / "tests", INTEGRATION / "solixapi"):
        if (base / reference).exists():
            return base / reference
    matches = [p for p in INTEGRATION.rglob(Path(reference).name) if str(p).endswith(reference)]
    return matches[0] if matches else None


@pytest.mark.parametrize("name", sorted(our_rules()))
def test_the_evidence_named_in_each_comment_exists(name: str) -> None:
    """Every file and every README/INFO section a done rule's comment names is there."""
    rule = our_rules()[name]
    if rule["status"] != "done":
        pytest.skip("an exempt rule's comment may name what we do not have")
    comment = str(rule.get("comment", ""))
    for page, anchor in ANCHOR_PATTERN.findall(comment):
        assert anchor in headings(page), f"{name}: {page}#{anchor}"
    for reference in PATH_PATTERN.findall(ANCHOR_PATTERN.sub("", comment)):
        assert find(reference) is not None, f"{name}: {reference}"


def test_done_rules_name_their_evidence() -> None:
    """A rule marked done names at least one module, test or documentation section."""
    for name, rule in our_rules().items():
        if rule["status"] == "done":
            comment = str(rule.get("comment", ""))
            assert PATH_PATTERN.search(comment) or ANCHOR_PATTERN.search(comment), name
