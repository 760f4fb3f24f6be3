"""Repair issues of a config entry: shared devices, wrong region, locked login, refused live data,
the encrypted transport forced by the cloud.

Every issue's text tells the user what to do (remove the other entry, wait for the lock to
end, ...). The wrong-region issue is fixable: its flow asks for a country of the other cloud
server and reconfigures the entry with it (the entry reloads; the issue comes back only if that
server lists no systems either). Each issue id carries the entry id, so every entry has its own
issue and removing the entry removes them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final

from homeassistant.components.repairs import ConfirmRepairFlow, RepairsFlow
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResult
from homeassistant.helpers import issue_registry as ir

from .const import CONF_COUNTRY, DOMAIN
from .migration.repairs import ISSUE_LEGACY_ENTITIES, legacy_fix_flow

if TYPE_CHECKING:
    from .coordinator import SolixConfigEntry

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
FIXABLE: Final = frozenset({ISSUE_WRONG_REGION})
"""Issues with a fix flow (their issue data names the entry)."""
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
        is_fixable=kind in FIXABLE,
        is_persistent=False,
        data={"entry_id": entry_id} if kind in FIXABLE else None,
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
    """The fix flow of a fixable issue: the other region, the community rows without
    equivalent (migration/)."""
    if issue_id.startswith(f"{ISSUE_WRONG_REGION}_") and data:
        return OtherRegionFixFlow(str(data.get("entry_id") or ""))
    return legacy_fix_flow(issue_id, data) or ConfirmRepairFlow()


def _account_country(entry: SolixConfigEntry) -> str | None:
    """The country the account was registered in, from a loaded entry's last poll."""
    coordinator = getattr(getattr(entry, "runtime_data", None), "coordinator", None)
    data = getattr(coordinator, "data", None)
    account = data.get("account") if isinstance(data, dict) else None
    country = account.get("country") if isinstance(account, dict) else None
    return country.upper() if isinstance(country, str) and country else None


class OtherRegionFixFlow(RepairsFlow):
    """Reconfigure an entry without systems with a country of the other cloud server."""

    def __init__(self, entry_id: str) -> None:
        """Remember the entry the issue belongs to."""
        super().__init__()
        self._entry_id = entry_id

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> FlowResult:
        """Start with the country choice."""
        return await self.async_step_country()

    async def async_step_country(self, user_input: dict[str, Any] | None = None) -> FlowResult:
        """Ask for a country of the other server; store it and reload the entry."""
        from .flow_schemas import other_region_schema  # imported late: it imports the coordinator

        entry = self.hass.config_entries.async_get_entry(self._entry_id)
        if entry is None:
            return self.async_abort(reason="entry_removed")  # type: ignore[return-value,unused-ignore]
        country = str(entry.data.get(CONF_COUNTRY) or "")
        if user_input is not None:
            data = {**entry.data, CONF_COUNTRY: user_input[CONF_COUNTRY]}
            # A loaded entry reloads from its update listener when its data changed.
            if (
                not self.hass.config_entries.async_update_entry(entry, data=data)
                or not entry.update_listeners
            ):
                self.hass.config_entries.async_schedule_reload(entry.entry_id)
            return self.async_create_entry(data={})  # type: ignore[return-value,unused-ignore]
        home = _account_country(entry) or country
        return self.async_show_form(  # type: ignore[return-value,unused-ignore]
            step_id="country",
            data_schema=other_region_schema(country, home),  # type: ignore[arg-type,unused-ignore]
            description_placeholders={"title": entry.title, "country": country},
        )


def transport_switch_notifier(hass: HomeAssistant, entry_id: str, title: str) -> Callable[[], None]:
    """The session callback that tells the user the cloud forced the encrypted transport."""

    def notify() -> None:
        create_issue(hass, ISSUE_TRANSPORT_SWITCHED, entry_id, {"title": title})

    return notify
