"""Take over from the earlier community integration (same domain): entries, registry, restore data.

One job per module: ``entry`` (config entry versions), ``legacy_keys`` and ``keymap`` (their keys
and ours, as data), ``registry`` (re-keying their rows before our platforms set up), ``history``
(which of two duplicates holds more history), ``restore`` (their local customizations),
``leftovers`` (files their release left in our folder) and ``repairs`` (the issues and the fix
flow). Nothing of theirs is imported: no token, certificate or code.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from homeassistant.const import CONF_EMAIL
from homeassistant.core import HomeAssistant

from custom_components.anker_solix.const import DOMAIN, LOGGER

from .entry import LEGACY_MARK, MINOR_VERSION, VERSION, async_migrate_entry
from .leftovers import scan_leftovers
from .registry import LegacyReport, async_rekey_registry
from .repairs import (
    ISSUE_LEGACY_ENTITIES,
    ISSUE_LEGACY_FILES,
    async_delete_their_issue,
    async_refresh_leftover_entities,
    async_report_leftover_entities,
    async_report_leftover_files,
    legacy_fix_flow,
)
from .restore import async_take_over_restore_data

if TYPE_CHECKING:
    from custom_components.anker_solix.coordinator import SolixConfigEntry

__all__ = [
    "ISSUE_LEGACY_ENTITIES",
    "ISSUE_LEGACY_FILES",
    "LEGACY_MARK",
    "MINOR_VERSION",
    "VERSION",
    "async_adopt_account_id",
    "async_migrate_entry",
    "async_scan_leftover_files",
    "async_take_over",
    "legacy_fix_flow",
]


def async_adopt_account_id(
    hass: HomeAssistant, entry: SolixConfigEntry, user_id: str, email: str
) -> bool:
    """Move a community entry's unique id (its e-mail) to our account id after a login.

    Only when the login was made with that e-mail (same account) and no other entry of ours
    holds the account id already. True when the entry now carries ``user_id``.
    """
    current = entry.unique_id
    if current == user_id:
        return True
    if not current or "@" not in current or current.lower() != email.lower():
        return False
    if any(
        other.unique_id == user_id
        for other in hass.config_entries.async_entries(DOMAIN)
        if other.entry_id != entry.entry_id
    ):
        return False
    hass.config_entries.async_update_entry(entry, unique_id=user_id)
    return True


async def async_take_over(
    hass: HomeAssistant, entry: SolixConfigEntry, user_id: str, snapshot: Mapping[str, Any]
) -> LegacyReport | None:
    """Finish taking over a migrated community entry after its first successful poll.

    Runs before the platforms set up, once (the entry's ``LEGACY_MARK`` option is removed at the
    end): the unique id becomes the account id, their registry rows get our unique ids, their
    local customizations are restored into ours, rows without equivalent go to a repair issue.
    Later starts only keep that issue to the rows still there.
    """
    if not entry.options.get(LEGACY_MARK):
        async_refresh_leftover_entities(hass, entry.entry_id, entry.title)
        return None
    email = str(entry.data.get(CONF_EMAIL) or "")
    async_adopt_account_id(hass, entry, user_id, email)
    try:
        report = await async_rekey_registry(hass, entry.entry_id, entry.data, user_id, snapshot)
    except Exception:  # the entry still loads; the take-over is tried again at the next start
        LOGGER.exception("Taking over the registry rows of the community integration failed")
        return None
    restored = async_take_over_restore_data(hass, report.rekeyed)
    if restored:
        LOGGER.debug("Took over %s local customizations", len(restored))
    async_report_leftover_entities(hass, entry.entry_id, entry.title, report.leftovers)
    async_delete_their_issue(hass)
    options = {key: value for key, value in entry.options.items() if key != LEGACY_MARK}
    hass.config_entries.async_update_entry(entry, options=options)
    return report


async def async_scan_leftover_files(
    hass: HomeAssistant, package: Path | None = None, temp_dir: Path | None = None
) -> list[str]:
    """Report files of the community release in our folder (a repair issue; none: no issue)."""
    folder = package or Path(__file__).resolve().parent.parent
    paths = await hass.async_add_executor_job(scan_leftovers, folder, temp_dir)
    async_report_leftover_files(hass, paths)
    return paths
