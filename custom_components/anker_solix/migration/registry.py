"""Re-key the community integration's registry rows to our identifiers before the platforms set up.

Their devices are identified as ours except the account (their e-mail, our user id); their
entity unique ids are ``lower(<context>_<key>)``, ours ``<context>_<our key>`` with the context
as the cloud spells it (see ``keymap``). Each row of theirs with an equivalent of ours gets our
unique id in place (``async_update_entity(new_unique_id=…)``), so it keeps its entity id, the
user's name, area, labels, disabled/hidden state and its recorded history. Two rows of theirs
that mean the same entity of ours (their own renames left both, the newer one with a ``_2`` id)
are resolved in favour of the one with the longer history. Rows without an equivalent are kept
and reported (``LegacyReport.leftovers``) for the repair issue, never deleted here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from homeassistant.const import CONF_EMAIL
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er

from custom_components.anker_solix.const import DOMAIN, LOGGER

from .history import async_history_sizes
from .keymap import FITTING_KEY, KEY_MAP, Target, target_for
from .legacy_keys import LEGACY_KEYS


@dataclass(frozen=True)
class LegacyContext:
    """One context of theirs: its kind, our key for it and the device type (devices)."""

    kind: str
    key: str
    device_type: str | None = None
    fittings: tuple[str, ...] = ()
    """Accessory serials of a Solarbank 1 (as the cloud spells them)."""


@dataclass
class LegacyReport:
    """What the registry step did."""

    rekeyed: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Entity id → (platform, our new unique id)."""
    leftovers: list[str] = field(default_factory=list)
    """Entity ids of rows of theirs without an equivalent (or the shorter of two duplicates)."""
    devices: int = 0
    """Devices whose identifiers changed (the account)."""


_LEGACY_KEYS_BY_PLATFORM: dict[str, frozenset[str]] = {}
for _row in LEGACY_KEYS:
    _LEGACY_KEYS_BY_PLATFORM[_row.platform] = _LEGACY_KEYS_BY_PLATFORM.get(
        _row.platform, frozenset()
    ) | {_row.key}

_MODEL_KINDS = (("Account", "account"), ("Vehicle", "vehicle"))


def _contexts(
    hass: HomeAssistant, entry_id: str, email: str, user_id: str, data: Mapping[str, Any]
) -> dict[str, LegacyContext]:
    """Their lower-cased context strings → the context of ours (snapshot first, then registry)."""
    contexts: dict[str, LegacyContext] = {}
    for device in dr.async_entries_for_config_entry(dr.async_get(hass), entry_id):
        for domain, identifier in device.identifiers:
            if domain != DOMAIN:
                continue
            kind = next((k for model, k in _MODEL_KINDS if device.model == model), None)
            if kind is None:
                kind = "site" if (device.model or "").endswith("Site") else "device"
            key = user_id if kind == "account" else identifier
            contexts[identifier.lower()] = LegacyContext(kind, key)
    contexts[email.lower()] = LegacyContext("account", user_id)
    for site_id in data.get("sites") or {}:
        contexts[str(site_id).lower()] = LegacyContext("site", str(site_id))
    for serial, device in (data.get("devices") or {}).items():
        fittings = device.get("fittings") if isinstance(device, Mapping) else None
        contexts[str(serial).lower()] = LegacyContext(
            "device",
            str(serial),
            str(device.get("type") or "") or None if isinstance(device, Mapping) else None,
            tuple(str(sn) for sn in fittings) if isinstance(fittings, Mapping) else (),
        )
    for vehicle_id in (data.get("account") or {}).get("vehicles") or {}:
        contexts[str(vehicle_id).lower()] = LegacyContext("vehicle", str(vehicle_id))
    return contexts


def _split(
    unique_id: str, contexts: Mapping[str, LegacyContext]
) -> tuple[LegacyContext, str] | None:
    """Their unique id as (context, key); the longest matching context wins."""
    best: tuple[LegacyContext, str] | None = None
    best_len = -1
    for lowered, ctx in contexts.items():
        if unique_id.startswith(f"{lowered}_") and len(lowered) > best_len:
            best, best_len = (ctx, unique_id[len(lowered) + 1 :]), len(lowered)
    return best


def _new_unique_id(
    platform: str, ctx: LegacyContext, key: str, snapshot: Mapping[str, Any], user_id: str
) -> str | None:
    """Our unique id for their key on a context; None without an equivalent."""
    if platform == "sensor" and ctx.kind == "device" and key.endswith(f"_{FITTING_KEY}"):
        lowered = key.removesuffix(f"_{FITTING_KEY}")
        serial = next((sn for sn in ctx.fittings if sn.lower() == lowered), lowered.upper())
        return f"{ctx.key}_fitting_{serial}"
    ambiguous = ctx.device_type is None and ctx.kind == "device"
    target: Target | None = target_for(platform, ctx.kind, key, ctx.device_type)
    if target is None or (ambiguous and target.device_type is None and _typed(platform, key)):
        return None
    if platform == "sensor" and not _kept_sensor(target.key, ctx, snapshot, user_id):
        return None
    if not _has_control(platform, target.key, ctx, snapshot, user_id):
        return None
    return f"{ctx.key}_{target.key}"


def _has_control(
    platform: str, key: str, ctx: LegacyContext, snapshot: Mapping[str, Any], user_id: str
) -> bool:
    """False for an MQTT control of ours (``live_<setting>``) that the device does not get on
    this platform (members, other models, the cloud's control of the same setting): their row
    stays for the repair issue instead of waiting under our id for an entity that never comes."""
    from homeassistant.const import Platform

    from custom_components.anker_solix.context import ContextKind, SolixContext
    from custom_components.anker_solix.mqtt_controls import PLATFORMS, device_controls

    if platform not in {str(p) for p in PLATFORMS} or not key.startswith("live_"):
        return True
    ours = SolixContext(ContextKind(ctx.kind), ctx.key, snapshot, user_id)
    return any(item.key == key for item in device_controls(ours, Platform(platform)))


def _kept_sensor(key: str, ctx: LegacyContext, snapshot: Mapping[str, Any], user_id: str) -> bool:
    """False for a sensor of ours that a control replaces here (the cleanup would remove it)."""
    from custom_components.anker_solix.cleanup import REPLACED_SENSORS
    from custom_components.anker_solix.context import ContextKind, SolixContext

    if key not in REPLACED_SENSORS:
        return True
    still_exists = REPLACED_SENSORS[key]
    ours = SolixContext(ContextKind(ctx.kind), ctx.key, snapshot, user_id)
    return ours.entry is not None and still_exists is not None and still_exists(ours)


def _typed(platform: str, key: str) -> bool:
    """Whether the key maps to different entities of ours per device type."""
    return any(
        target.device_type is not None
        for (p, _kind, k), targets in KEY_MAP.items()
        if p == platform and k == key
        for target in targets
    )


def _is_theirs(entity: er.RegistryEntry, key: str) -> bool:
    """Whether a row parsed as (context, key) is one of theirs (their spelling, their key)."""
    known = _LEGACY_KEYS_BY_PLATFORM.get(entity.domain, frozenset())
    return entity.unique_id == entity.unique_id.lower() and (
        key in known or (entity.domain == "sensor" and key.endswith(f"_{FITTING_KEY}"))
    )


@dataclass
class _Plan:
    """Rows of theirs grouped by the unique id of ours they become."""

    moves: dict[tuple[str, str], list[er.RegistryEntry]] = field(default_factory=dict)
    leftovers: list[str] = field(default_factory=list)


def _plan(
    registry: er.EntityRegistry,
    entry_id: str,
    contexts: Mapping[str, LegacyContext],
    snapshot: Mapping[str, Any],
    user_id: str,
) -> _Plan:
    """Which row becomes which unique id, and which rows have no equivalent."""
    plan = _Plan()
    for entity in er.async_entries_for_config_entry(registry, entry_id):
        if entity.platform != DOMAIN:
            continue
        parsed = _split(entity.unique_id, contexts)
        if parsed is None or not _is_theirs(entity, parsed[1]):
            continue
        new_unique_id = _new_unique_id(entity.domain, *parsed, snapshot, user_id)
        if new_unique_id is None:
            plan.leftovers.append(entity.entity_id)
        elif new_unique_id != entity.unique_id:
            plan.moves.setdefault((entity.domain, new_unique_id), []).append(entity)
    return plan


async def async_rekey_registry(
    hass: HomeAssistant,
    entry_id: str,
    entry_data: Mapping[str, Any],
    user_id: str,
    snapshot: Mapping[str, Any],
) -> LegacyReport:
    """Give every row of theirs our identifiers; report the rows that have no equivalent."""
    report = LegacyReport()
    email = str(entry_data.get(CONF_EMAIL) or "")
    report.devices = _rekey_account_device(hass, entry_id, email, user_id)
    contexts = _contexts(hass, entry_id, email, user_id, snapshot)
    registry = er.async_get(hass)
    plan = _plan(registry, entry_id, contexts, snapshot, user_id)
    report.leftovers.extend(plan.leftovers)
    duplicates = [row.entity_id for rows in plan.moves.values() if len(rows) > 1 for row in rows]
    sizes = await async_history_sizes(hass, duplicates)
    for (platform, new_unique_id), rows in plan.moves.items():
        if registry.async_get_entity_id(platform, DOMAIN, new_unique_id) is not None:
            # A row of ours already holds it (created before this step): theirs stay for repair.
            report.leftovers.extend(row.entity_id for row in rows)
            continue
        keep = max(rows, key=lambda row: (sizes.get(row.entity_id, (0, 0)), _original(row)))
        registry.async_update_entity(keep.entity_id, new_unique_id=new_unique_id)
        report.rekeyed[keep.entity_id] = (platform, new_unique_id)
        report.leftovers.extend(row.entity_id for row in rows if row is not keep)
    LOGGER.info(
        "Took over %s entities of the community integration; %s have no equivalent here",
        len(report.rekeyed),
        len(report.leftovers),
    )
    return report


def _original(row: er.RegistryEntry) -> int:
    """1 for an entity id without a ``_<n>`` clash suffix (the older row when history is equal)."""
    tail = row.entity_id.rsplit("_", 1)[-1]
    return 0 if tail.isdigit() and row.entity_id.count("_") else 1


def _rekey_account_device(hass: HomeAssistant, entry_id: str, email: str, user_id: str) -> int:
    """Their account device (identified by the e-mail) becomes ours (the user id)."""
    registry = dr.async_get(hass)
    devices = dr.async_entries_for_config_entry(registry, entry_id)
    if any((DOMAIN, user_id) in device.identifiers for device in devices):
        return 0
    for device in devices:
        if any(
            domain == DOMAIN and identifier.lower() == email.lower()
            for domain, identifier in device.identifiers
        ):
            registry.async_update_device(device.id, new_identifiers={(DOMAIN, user_id)})
            return 1
    return 0
