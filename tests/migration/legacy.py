"""Registry fixtures of a community-integration user, built from the migration reference.

Their config entry (version 1.1 of 3.3.2 or 2.1 of 3.4–3.8, keys ``username``/``password``/
``country_code``…), their devices (identifier = cloud context; the account by its e-mail as
typed; model ``Account``, ``<Type> Site``, the product name) and their entity rows (unique id
``lower(<context>_<key>)``, entity ids as Home Assistant derived them from their English or
German names) are written into Home Assistant's registries before our code runs. The entry
also carries our custom-server keys (the simulator); the migration keeps those as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers import area_registry as ar
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import label_registry as lr
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.anker_solix.const import CONF_SERVER_PUBLIC_KEY, CONF_SERVER_URL, DOMAIN
from tests.integration.conftest import SimCloud

DEFAULT_EXCLUDE_332 = [
    "solarbank_energy",
    "smartmeter_energy",
    "solar_energy",
    "smartplug_energy",
    "powerpanel_energy",
    "hes_energy",
]
"""Their default exclusions (reference §1.6); a test user who wants energy removed them."""

OPTIONS_332: dict[str, Any] = {
    "scan_interval": 120.0,
    "dev_interval_mult": 10.0,
    "delay_time": 0.3,
    "timeout": 10.0,
    "endpoint_limit": 10.0,
    "skip_invalid": True,
    "exclude": ["smartmeter", "hes_energy"],
    "registered_excludes": ["smartmeter", "hes_energy"],
}
"""A 3.3.2 entry's flat options (numbers as floats, as their form stored them)."""

OPTIONS_38: dict[str, Any] = {
    "api_options": {
        "scan_interval": 60.0,
        "dev_interval_mult": 12.0,
        "delay_time": 0.5,
        "timeout": 20.0,
        "endpoint_limit": 12.0,
        "skip_invalid": False,
    },
    "mqtt_options": {"mqtt_usage": False, "trigger_timeout": 300.0},
    "exclude": ["hes", "charger_energy", "solarbank_pps", "site_price"],
    "registered_excludes": ["hes", "charger_energy", "solarbank_pps", "site_price"],
}
"""A fresh 3.8 entry's sectioned options."""


@dataclass
class LegacyRow:
    """One registry row of theirs."""

    platform: str
    context: str
    """The context string as their code used it (e-mail as typed, SN, site id)."""
    key: str
    object_id: str
    """The object id Home Assistant gave it (from their English or German name)."""
    settings: dict[str, Any] = field(default_factory=dict)
    """Registry settings of the user (name, area_id, labels, disabled_by, hidden_by)."""

    @property
    def unique_id(self) -> str:
        """Their unique id."""
        return f"{self.context}_{self.key}".lower()


def legacy_entry(
    cloud: SimCloud,
    *,
    version: int,
    minor_version: int,
    options: dict[str, Any],
    title: str,
    nickname: bool = False,
) -> MockConfigEntry:
    """Their config entry of the scenario account (plus our simulator keys)."""
    account = cloud.account
    data: dict[str, Any] = {
        "username": account["email"],
        "password": account["password"],
        "country_code": account["country"],
        "accept_terms": True,
        "examples": "/config/custom_components/anker_solix/examples",
        CONF_SERVER_URL: cloud.url,
        CONF_SERVER_PUBLIC_KEY: cloud.sim.public_key_hex,
    }
    if nickname:
        data["nickname"] = account["nick_name"]
    return MockConfigEntry(
        domain=DOMAIN,
        version=version,
        minor_version=minor_version,
        unique_id=account["email"].lower(),
        title=title,
        data=data,
        options=options,
    )


def add_device(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    identifier: str,
    name: str,
    model: str,
    via: dr.DeviceEntry | None = None,
    **settings: Any,
) -> dr.DeviceEntry:
    """One device of theirs (identifiers only, as their code created it)."""
    registry = dr.async_get(hass)
    device = registry.async_get_or_create(
        config_entry_id=entry.entry_id,
        identifiers={(DOMAIN, identifier)},
        name=name,
        manufacturer="Anker",
        model=model,
        serial_number=identifier,
    )
    if via is not None:  # by registry id: the identifier form is deprecated in 2026
        settings = {"via_device_id": via.id, **settings}
    if settings:
        device = registry.async_update_device(device.id, **settings) or device
    return device


def add_rows(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    devices: dict[str, dr.DeviceEntry],
    rows: list[LegacyRow],
) -> dict[str, er.RegistryEntry]:
    """Their entity rows (in list order: a clashing object id gets ``_2`` like theirs did)."""
    registry = er.async_get(hass)
    created: dict[str, er.RegistryEntry] = {}
    for row in rows:
        entity = registry.async_get_or_create(
            row.platform,
            DOMAIN,
            row.unique_id,
            suggested_object_id=row.object_id,
            config_entry=entry,
            device_id=devices[row.context.lower()].id,
        )
        if row.settings:
            entity = registry.async_update_entity(entity.entity_id, **row.settings)
        created[f"{row.platform}:{row.key}:{row.context.lower()}"] = entity
    return created


def area(hass: HomeAssistant, name: str) -> str:
    """An area id (created)."""
    return ar.async_get(hass).async_create(name).id


def label(hass: HomeAssistant, name: str) -> str:
    """A label id (created)."""
    return lr.async_get(hass).async_create(name).label_id


def registry_view(hass: HomeAssistant, entry_id: str) -> dict[str, tuple[Any, ...]]:
    """What a user sees of the entry's rows and devices (to compare two starts)."""
    entities = {
        entity.entity_id: (
            entity.unique_id,
            entity.name,
            entity.area_id,
            tuple(sorted(entity.labels)),
            entity.disabled_by,
            entity.hidden_by,
            entity.device_id,
        )
        for entity in er.async_entries_for_config_entry(er.async_get(hass), entry_id)
    }
    devices = {
        device.id: (
            tuple(sorted(device.identifiers)),
            device.name_by_user,
            device.area_id,
        )
        for device in dr.async_entries_for_config_entry(dr.async_get(hass), entry_id)
    }
    return {**entities, **devices}
