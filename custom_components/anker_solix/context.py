"""Cache contexts: which part of the coordinator's snapshot an entity or device reads."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from .coordinator import SolixCoordinator


class ContextKind(StrEnum):
    """Which cache entry an entity reads."""

    ACCOUNT = "account"
    SITE = "site"
    DEVICE = "device"
    VEHICLE = "vehicle"


@dataclass(frozen=True)
class SolixContext:
    """One cache entry (account, site, device or vehicle) inside a coordinator snapshot."""

    kind: ContextKind
    key: str
    data: Mapping[str, Any]
    user_id: str
    """The account's user id (the config entry's unique id)."""
    coordinator: SolixCoordinator | None = None
    """The coordinator, for values it keeps outside the snapshot (last error, session)."""

    @property
    def entry(self) -> Mapping[str, Any] | None:
        """The cache entry itself, None once it vanished from the snapshot."""
        if self.kind is ContextKind.ACCOUNT:
            return self.account
        if self.kind is ContextKind.VEHICLE:
            found = (self.account.get("vehicles") or {}).get(self.key)
        else:
            found = (self.data.get(f"{self.kind}s") or {}).get(self.key)
        return found if isinstance(found, Mapping) else None

    @property
    def account(self) -> Mapping[str, Any]:
        """The account cache."""
        account = self.data.get("account")
        return account if isinstance(account, Mapping) else {}

    @property
    def site(self) -> Mapping[str, Any] | None:
        """The site of a site or device context."""
        entry = self.entry
        if entry is None or self.kind in (ContextKind.ACCOUNT, ContextKind.VEHICLE):
            return None
        if self.kind is ContextKind.SITE:
            return entry
        found = (self.data.get("sites") or {}).get(entry.get("site_id") or "")
        return found if isinstance(found, Mapping) else None

    def site_devices(self) -> list[Mapping[str, Any]]:
        """The devices of this context's site (empty without a site)."""
        site = self.site
        if site is None:
            return []
        site_id = site.get("site_id")
        return [
            device
            for device in (self.data.get("devices") or {}).values()
            if isinstance(device, Mapping) and device.get("site_id") == site_id
        ]

    def is_stale(self) -> bool:
        """Whether the cloud marks this entry's live values as not current (§5.8, §5.6).

        Sites: ``data_valid`` false. Devices: their own or their site's ``data_valid`` false, or
        the cloud status offline (passive devices such as the power dock report no status of
        their own).
        """
        entry = self.entry
        if entry is None:
            return True
        site = self.site
        if site is not None and site.get("data_valid") is False:
            return True
        if self.kind is not ContextKind.DEVICE:
            return False
        if entry.get("data_valid") is False:
            return True
        return not entry.get("is_passive") and str(entry.get("status")) == "0"


def iter_contexts(coordinator: SolixCoordinator, user_id: str) -> Iterator[SolixContext]:
    """Every context of the coordinator's snapshot, parents before children (registry order)."""
    data: Mapping[str, Any] = coordinator.data or {}
    yield SolixContext(ContextKind.ACCOUNT, user_id, data, user_id, coordinator)
    for site_id in sorted(data.get("sites") or {}):
        yield SolixContext(ContextKind.SITE, site_id, data, user_id, coordinator)
    devices: Mapping[str, Any] = data.get("devices") or {}
    for serial in sorted(devices, key=lambda sn: (is_sub_device(devices[sn]), sn)):
        yield SolixContext(ContextKind.DEVICE, serial, data, user_id, coordinator)
    account = data.get("account") or {}
    for vehicle_id in sorted(account.get("vehicles") or {}):
        yield SolixContext(ContextKind.VEHICLE, vehicle_id, data, user_id, coordinator)


def is_sub_device(device: Mapping[str, Any]) -> bool:
    """Whether a device hangs below a main device (HES modules, §5.1)."""
    main_sn = device.get("main_sn")
    return bool(main_sn) and main_sn != device.get("device_sn")


def context_type(ctx: SolixContext) -> str:
    """The exclusion type of a context: device type, ``vehicle``, ``system`` or ``account``."""
    if ctx.kind is ContextKind.DEVICE:
        return str((ctx.entry or {}).get("type") or "")
    return {"account": "account", "site": "system", "vehicle": "vehicle"}[ctx.kind]
