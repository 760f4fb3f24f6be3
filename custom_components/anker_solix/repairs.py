"""Repair issues of a config entry: shared devices, wrong region, locked login, refused live data,
the encrypted transport forced by the cloud.

The issues are informational (not fixable by a flow): their text tells the user what to do
(remove the other entry, reconfigure the country, wait for the lock to end). Each issue id
carries the entry id, so every entry has its own issue and removing the entry removes them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from homeassistant.components.repairs import ConfirmRepairFlow, RepairsFlow
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir

from .const import DOMAIN
from .migration.repairs import ISSUE_LEGACY_ENTITIES, legacy_fix_flow

ISSUE_DUPLICATE_DEVICES: Final = "duplicate_devices"
ISSUE_WRONG_REGION: Final = "wrong_region"
ISSUE_LOGIN_LOCKED: Final = "login_locked"
ISSUE_MQTT_REFUSED: Final = "mqtt_refused"
"""The MQTT broker refused the live-data subscription of devices (they keep cloud values)."""
ISSUE_TRANSPORT_SWITCHED: Final = "transport_switched"
"""The cloud refused the plain protocol: the account uses the encrypted transport (§2.7)."""
ISSUES: Final = (
    ISSUE_DUPLICATE_DEVICES,
    ISSUE_WRONG_REGION,
    ISSUE_LOGIN_LOCKED,
    ISSUE_MQTT_REFUSED,
    ISSUE_LEGACY_ENTITIES,
    ISSUE_TRANSPORT_SWITCHED,
)
LOGIN_LOCK_HOURS: Final = 24
"""How long the cloud refuses logins after too many attempts (code 100053)."""


def issue_id(kind: str, entry_id: str) -> str:
    """The issue id of `kind` for one config entry."""
    return f"{kind}_{entry_id}"


def create_issue(
    hass: HomeAssistant, kind: str, entry_id: str, placeholders: dict[str, str]
) -> None:
    """Create (or update) the issue `kind` of an entry."""
    ir.async_create_issue(
        hass,
        DOMAIN,
        issue_id(kind, entry_id),
        is_fixable=False,
        is_persistent=False,
        severity=ir.IssueSeverity.ERROR if kind == ISSUE_LOGIN_LOCKED else ir.IssueSeverity.WARNING,
        translation_key=kind,
        translation_placeholders=placeholders,
    )


def delete_issue(hass: HomeAssistant, kind: str, entry_id: str) -> None:
    """Delete the issue `kind` of an entry if it exists."""
    ir.async_delete_issue(hass, DOMAIN, issue_id(kind, entry_id))


def delete_all_issues(hass: HomeAssistant, entry_id: str) -> None:
    """Delete every issue of an entry (the entry was removed)."""
    for kind in ISSUES:
        delete_issue(hass, kind, entry_id)


async def async_create_fix_flow(
    hass: HomeAssistant, issue_id: str, data: dict[str, Any] | None
) -> RepairsFlow:
    """The fix flow of a fixable issue (the community rows without equivalent, migration/)."""
    return legacy_fix_flow(issue_id, data) or ConfirmRepairFlow()


def transport_switch_notifier(hass: HomeAssistant, entry_id: str, title: str) -> Callable[[], None]:
    """The session callback that tells the user the cloud forced the encrypted transport."""

    def notify() -> None:
        create_issue(hass, ISSUE_TRANSPORT_SWITCHED, entry_id, {"title": title})

    return notify
