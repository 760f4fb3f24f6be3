"""Repair issues of the take-over: rows without an equivalent (fixable: remove them) and files.

``legacy_entities_<entry id>`` lists the entity ids of the community's registry rows that have no
equivalent here; its fix flow removes exactly those rows (after confirmation), so nothing is
deleted silently. ``legacy_files`` names what the community release left in the integration
folder (modules, login tokens and MQTT certificates); it is informational (the user deletes the
files, or our next update through HACS replaces the folder).
"""

from __future__ import annotations

from typing import Any, Final

import voluptuous as vol
from homeassistant import data_entry_flow
from homeassistant.components.repairs import RepairsFlow
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import issue_registry as ir

from custom_components.anker_solix.const import DOMAIN

ISSUE_LEGACY_ENTITIES: Final = "legacy_entities"
ISSUE_LEGACY_FILES: Final = "legacy_files"
ISSUE_THEIR_DUPLICATES: Final = "duplicate_devices"
"""The persistent issue id the community integration used (no entry suffix)."""
_SHOWN: Final = 40
"""Entity ids listed in the issue text (all of them are removed by the fix)."""


def entities_issue_id(entry_id: str) -> str:
    """The issue id of an entry's rows without equivalent."""
    return f"{ISSUE_LEGACY_ENTITIES}_{entry_id}"


def _listing(entity_ids: list[str]) -> str:
    """The entity ids as a Markdown list (shortened after `_SHOWN`)."""
    lines = [f"- `{entity_id}`" for entity_id in entity_ids[:_SHOWN]]
    if len(entity_ids) > _SHOWN:
        lines.append(f"- … (+{len(entity_ids) - _SHOWN})")
    return "\n".join(lines)


def async_report_leftover_entities(
    hass: HomeAssistant, entry_id: str, title: str, entity_ids: list[str]
) -> None:
    """Create (or delete, when none are left) the entry's issue of rows without equivalent."""
    issue = entities_issue_id(entry_id)
    if not entity_ids:
        ir.async_delete_issue(hass, DOMAIN, issue)
        return
    ir.async_create_issue(
        hass,
        DOMAIN,
        issue,
        is_fixable=True,
        is_persistent=True,
        severity=ir.IssueSeverity.WARNING,
        translation_key=ISSUE_LEGACY_ENTITIES,
        translation_placeholders={
            "title": title,
            "count": str(len(entity_ids)),
            "entities": _listing(entity_ids),
        },
        data={"entry_id": entry_id, "entity_ids": ",".join(entity_ids)},
    )


def async_refresh_leftover_entities(hass: HomeAssistant, entry_id: str, title: str) -> None:
    """Keep an entry's issue to the rows still there (the user may have removed some)."""
    issue = ir.async_get(hass).async_get_issue(DOMAIN, entities_issue_id(entry_id))
    if issue is None or not issue.data:
        return
    listed = [item for item in str(issue.data.get("entity_ids") or "").split(",") if item]
    registry = er.async_get(hass)
    present = [entity_id for entity_id in listed if registry.async_get(entity_id) is not None]
    if present != listed:
        async_report_leftover_entities(hass, entry_id, title, present)


def async_report_leftover_files(hass: HomeAssistant, paths: list[str]) -> None:
    """Create (or delete, when none are left) the issue of files of the community release."""
    if not paths:
        ir.async_delete_issue(hass, DOMAIN, ISSUE_LEGACY_FILES)
        return
    ir.async_create_issue(
        hass,
        DOMAIN,
        ISSUE_LEGACY_FILES,
        is_fixable=False,
        is_persistent=False,
        severity=ir.IssueSeverity.WARNING,
        translation_key=ISSUE_LEGACY_FILES,
        translation_placeholders={"files": "\n".join(f"- `{path}`" for path in paths)},
    )


def async_delete_their_issue(hass: HomeAssistant) -> None:
    """Drop the community's persistent shared-devices issue (ours carries the entry id)."""
    ir.async_delete_issue(hass, DOMAIN, ISSUE_THEIR_DUPLICATES)


class LegacyEntitiesRepairFlow(RepairsFlow):
    """Confirm, then remove the listed registry rows of the community integration."""

    def __init__(self, entity_ids: list[str]) -> None:
        """Remember the rows the issue listed."""
        self._entity_ids = entity_ids

    async def async_step_init(
        self, user_input: dict[str, Any] | None = None
    ) -> data_entry_flow.FlowResult:
        """Start with the confirmation."""
        return await self.async_step_confirm()

    async def async_step_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> data_entry_flow.FlowResult:
        """Remove the rows once the user confirms."""
        if user_input is not None:
            registry = er.async_get(self.hass)
            for entity_id in self._entity_ids:
                if registry.async_get(entity_id) is not None:
                    registry.async_remove(entity_id)
            return self.async_create_entry(data={})  # type: ignore[return-value,unused-ignore]
        return self.async_show_form(  # type: ignore[return-value,unused-ignore]
            step_id="confirm",
            data_schema=vol.Schema({}),  # type: ignore[arg-type,unused-ignore]
            description_placeholders={"count": str(len(self._entity_ids))},
        )


def legacy_fix_flow(issue_id: str, data: dict[str, Any] | None) -> RepairsFlow | None:
    """The fix flow of a take-over issue (None for other issues)."""
    if not issue_id.startswith(f"{ISSUE_LEGACY_ENTITIES}_") or not data:
        return None
    entity_ids = [item for item in str(data.get("entity_ids") or "").split(",") if item]
    return LegacyEntitiesRepairFlow(entity_ids)
