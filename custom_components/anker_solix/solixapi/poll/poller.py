"""SolixPoller: builds the ``account`` / ``sites`` / ``devices`` caches (§5, §7, §8, §11)."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from ..cloud.api import SolixApi
from ..common.errors import SolixError
from ..common.jsonutil import JsonDict, Reader, finite_json
from ..common.products import HES_SITE_TYPES
from .context import PollContext, StepCounts
from .detail_groups import detail_groups
from .details import poll_device_details
from .energy import poll_energy
from .energy_cadence import energy_cadence
from .hes import poll_hes_site, poll_power_panel_averages
from .scene import poll_scene_site
from .site_details import poll_site_details
from .vehicles import poll_vehicles
from .virtual import VIRTUAL_PREFIX, poll_virtual_status

LIST_REUSE = 60.0
"""A site list read this many seconds ago serves the details step (s)."""
SITE_LIST_GROUP = "site_list"
"""The detail group of the site list (account scope): read at the cadence its answers change."""
ACCOUNT_SCOPE = "account"


class SolixPoller:
    """Polls the cloud through a :class:`SolixApi` and keeps the merged caches."""

    def __init__(self, api: SolixApi) -> None:
        """Start with empty caches for the session's account."""
        self.api = api
        session = api.session
        self.ctx = PollContext(api=api)
        self._listed: tuple[set[str], set[str]] | None = None
        """Site ids the last site poll listed and serials found in their scene data."""
        self._site_list: JsonDict | None = None
        """The last site list the cloud answered (reused between details polls and failures)."""
        self._list_due = True
        """Read the site list in the next live poll (first poll, unknown device in a scene)."""
        self._list_read: float | None = None
        """Session clock time of the last site list answer."""
        self._found: dict[str, set[str]] = {}
        """Serials each site's last read found (kept for sites a live poll leaves out)."""
        self.ctx.account.update(
            {
                "type": "account",
                "email": getattr(session, "email", ""),
                "country": getattr(session, "country", ""),
                "server": getattr(session, "server_url", ""),
                "use_files": False,
                "vehicles": {},
            }
        )

    @property
    def account(self) -> JsonDict:
        """The account cache (vehicles under ``vehicles``)."""
        return self.ctx.account

    @property
    def sites(self) -> dict[str, JsonDict]:
        """The site caches keyed by site id."""
        return self.ctx.sites

    @property
    def devices(self) -> dict[str, JsonDict]:
        """The device caches keyed by serial."""
        return self.ctx.devices

    @property
    def last_failure(self) -> tuple[str, float] | None:
        """The newest failed endpoint call (message, session clock time), also a local one."""
        return self.ctx.last_failure

    async def _timed(self, prefix: str, step: Callable[[], Awaitable[None]]) -> None:
        start = self.ctx.now()
        self.ctx.tier = prefix
        self.ctx.step = StepCounts()
        try:
            await step()
        finally:
            end = self.ctx.now()
            self.account[f"{prefix}_poll_time"] = self.ctx.time_text(end)
            self.account[f"{prefix}_poll_seconds"] = round(end - start, 3)
            self._update_account_metrics()

    def _update_account_metrics(self) -> None:
        session: Any = self.api.session
        nickname = getattr(session, "nick_name", None)
        if nickname:
            self.account["nickname"] = nickname
        stats = getattr(session, "stats", None)
        if stats is not None:
            self.account["requests_last_min"] = stats.requests_last_minute()
            self.account["requests_last_hour"] = stats.requests_last_hour()

    async def update_sites(
        self,
        skip: frozenset[str] = frozenset(),
        *,
        read_list: bool = False,
        live: frozenset[str] = frozenset(),
    ) -> None:
        """Site poll: scene info per site (HES / power panel / inverter status).

        Sites in ``skip`` (not due, :class:`PollScheduler`) keep their data. The site list is
        read on the first poll, with the details when its detail group is due
        (:meth:`update_device_details`), after a scene or the bind list named a device not seen
        before, when every other request of the poll failed, while the last list named no
        system, and when ``read_list`` asks for it. Power Panel / X1 sites in
        ``live`` (their devices send live data, ``PollPlan.live``) read no 5-minute averages:
        the live values stand for them; the checks resume at the first read without.
        """
        self._list_due |= read_list
        self.ctx.live_sites = live
        await self._timed("sites", lambda: self._update_sites(skip))

    async def _read_site_list(self) -> SolixError | None:
        """Read the site list; keep the last one on failure (the error is returned).

        Every read counts for the list's detail group: an unchanged (or failed) answer makes
        the next details read of it later, a changed one sets it back to its base interval.
        """
        ctx = self.ctx
        groups = detail_groups(ctx)
        if self._site_list is None:
            # No list yet (first poll): any error fails the poll (setup retries).
            self._site_list = await ctx.api.get_site_list()
            ctx.step.answered += 1
            self._list_read = ctx.now()
            groups.seen(SITE_LIST_GROUP, ACCOUNT_SCOPE, self._site_list)
            return None
        answer, error = await ctx.attempt("account", "get_site_list", ctx.api.get_site_list())
        if answer is not None:
            self._site_list = answer
            self._list_read = ctx.now()
        groups.seen(SITE_LIST_GROUP, ACCOUNT_SCOPE, answer)
        return error

    def _drop_unlisted(self) -> None:
        """Sites the fresh site list no longer names count as vanished (§5.1)."""
        if self._listed is None:
            return
        listed = {
            str(item.get("site_id"))
            for item in Reader(self._site_list or {}, "account", self.ctx.issues).objects(
                "site_list"
            )
        }
        gone = self._listed[0] - listed
        found = set(self._listed[1])
        for site_id in gone:
            found -= self._found.pop(site_id, set())
        self._listed = (self._listed[0] & listed, found)

    async def _update_sites(self, skip: frozenset[str]) -> None:
        ctx = self.ctx
        list_error: SolixError | None = None
        no_sites = self._listed is not None and not self._listed[0]
        if self._list_due or self._site_list is None or no_sites:
            # an account without systems reads only the list, on every poll
            list_error = await self._read_site_list()
            self._list_due = list_error is not None
        data = self._site_list or {}
        seen = set(ctx.devices) | ctx.bind_serials
        entries = Reader(data, "account", ctx.issues).objects("site_list", required=True)
        found: set[str] = set()
        active: set[str] = set()
        for site_info in entries:
            site_id = Reader(site_info, "account", ctx.issues, "site_list item").text(
                "site_id", True
            )
            if not site_id:
                continue
            active.add(site_id)
            power_site_type = site_info.get("power_site_type")
            if not isinstance(power_site_type, int):  # a junk type (a list …) reads as missing
                power_site_type = None
            if site_id in skip and site_id in ctx.sites:
                found |= self._found.get(site_id, set())
                continue
            if power_site_type in HES_SITE_TYPES:
                site_found = await poll_hes_site(ctx, site_id, site_info)
            else:
                site_found = await poll_scene_site(ctx, site_id, site_info)
                if power_site_type == 4:
                    await poll_power_panel_averages(ctx, site_id)
            self._found[site_id] = site_found
            found |= site_found
        if self._listed is not None and found - seen:
            self._list_due = True  # a device not seen before: the list may hold a new site
        await self._load_account_lists()
        await poll_virtual_status(ctx)
        if list_error is None and ctx.step.answered == 0 and ctx.step.failed > 0:
            # Every request failed: the site list tells whether the cloud is out of reach.
            list_error = await self._read_site_list()
        if list_error is not None and ctx.step.answered == 0 and ctx.step.failed > 1:
            # The site list and every other request of the step failed: the cloud is out of
            # reach, so the poll fails (entities go unavailable) instead of freezing.
            self._list_due = True
            raise list_error
        self._listed = (active, found)
        self._remove_vanished()

    async def _load_account_lists(self) -> None:
        """Currency list once; product catalogue once for member accounts (§11.1)."""
        ctx = self.ctx
        if "currency_list" not in ctx.account:
            data = await ctx.optional("account", "currency_list", ctx.api.get_currency_list())
            if data is not None:
                reader = Reader(data, "account", ctx.issues)
                ctx.account["currency_list"] = reader.objects("currency_list")
                ctx.account["default_currency"] = reader.obj("default_currency")
        members = any(not site.get("site_admin") for site in ctx.sites.values())
        if members and "products" not in ctx.account:
            await self.load_products()

    async def load_products(self) -> None:
        """Merge the product catalogue into ``account.products`` (names by product code)."""
        ctx = self.ctx
        platforms = await ctx.optional("account", "product_categories", ctx.api.get_products())
        if platforms is None:
            return
        products: JsonDict = {}
        for platform in platforms:
            if not isinstance(platform, dict):
                continue
            for product in platform.get("products") or []:
                if isinstance(product, dict) and isinstance(product.get("product_code"), str):
                    products[product["product_code"]] = {
                        "name": product.get("name"),
                        "platform": platform.get("name"),
                    }
        ctx.account["products"] = products
        for entry in ctx.devices.values():
            pn = entry.get("device_pn")
            if (
                pn in products
                and products[pn].get("name")
                and entry.get("name") == entry.get("alias")
            ):
                entry["name"] = products[pn]["name"]

    def _remove_vanished(self) -> None:
        """Drop sites no longer listed and devices found neither in a site nor bound (§5.1).

        Runs after the site poll and again after the details poll, whose fresh bind list may
        drop devices at once (no poll later). Virtual sites count while they exist (the poll
        steps drop those of inverters no longer bound).
        """
        if self._listed is None:
            return
        ctx = self.ctx
        virtual = {sid for sid, site in ctx.sites.items() if site.get("site_type") == "virtual"}
        active = self._listed[0] | virtual
        found = self._listed[1] | {sid.removeprefix(VIRTUAL_PREFIX) for sid in virtual}
        for site_id in [sid for sid in ctx.sites if sid not in active]:
            del ctx.sites[site_id]
            ctx.params.pop(site_id, None)
        keep = found | ctx.bind_serials
        for serial in list(ctx.devices):
            entry = ctx.devices[serial]
            passive = entry.get("is_passive") and entry.get("site_id") in active
            if serial not in keep and not passive:
                del ctx.devices[serial]

    async def update_device_details(self, *, full: bool = False) -> None:
        """Device details poll (site list, bind devices, and the detail groups that are due).

        Each group (firmware, Wi-Fi, schedules, …) is read at its own cadence and after our
        writes to it (:mod:`.detail_groups`); ``full`` reads every group (refresh button).
        Devices that left the fresh bind list and the last site poll are dropped right away.
        """
        await self._timed("details", lambda: self._update_device_details(full))

    async def _update_device_details(self, full: bool) -> None:
        # the site list when its group is due (a list read by this poll's live step serves):
        # a new or removed system shows up within its longest interval, or earlier when a
        # scene or the bind list names a device not seen before
        groups = detail_groups(self.ctx)
        recent = self._list_read is not None and self.ctx.now() - self._list_read < LIST_REUSE
        due = full or groups.due(SITE_LIST_GROUP, ACCOUNT_SCOPE)
        if due and not recent and await self._read_site_list() is None:
            self._list_due = False
            self._drop_unlisted()
        bound = set(self.ctx.bind_serials)
        await poll_device_details(self.ctx, full=full)
        self._note_new_bound(bound)
        self._remove_vanished()

    def _note_new_bound(self, before: set[str]) -> None:
        """A device the bind list names for the first time and no scene named (a new system's)
        makes the next live poll read the site list."""
        found = self._listed[1] if self._listed is not None else set()
        if before and self.ctx.bind_serials - before - found:
            self._list_due = True

    async def update_site_details(self, *, full: bool = False) -> None:
        """Site details poll (prices, power limits, CO2, AI status, dynamic prices) when due.

        ``full`` reads every group (refresh button).
        """
        await self._timed("details", lambda: poll_site_details(self.ctx, full=full))

    def read_all_details(self) -> None:
        """Let the next details step read every detail group and the next energy step every
        system's energy (as ``full=True`` does)."""
        detail_groups(self.ctx).full = True
        energy_cadence(self.ctx).full = True

    @property
    def detail_groups(self) -> dict[str, Any]:
        """Reads per detail group and its current interval (JSON-serialisable)."""
        return detail_groups(self.ctx).as_dict()

    @property
    def energy_reads(self) -> dict[str, int]:
        """Site energy reads and energy polls that left a site out (JSON-serialisable)."""
        return energy_cadence(self.ctx).as_dict()

    async def update_energy(self, *, full: bool = False) -> None:
        """Energy poll (today / yesterday per site, solar forecast).

        A site whose daily values stood still is read less often (up to hourly, at once when
        its energy day turns); ``full`` reads every site.
        """
        await self._timed("energy", lambda: poll_energy(self.ctx, full=full))

    async def update_vehicles(self) -> None:
        """Vehicle list and details only (§4.9), for the account's refresh-vehicles button."""
        await self._timed("details", lambda: poll_vehicles(self.ctx))

    async def refresh_all(self) -> None:
        """The integration's refresh sequence: sites, device details, site details, energy."""
        await self.update_sites()
        await self.update_device_details(full=True)
        await self.update_site_details(full=True)
        await self.update_energy(full=True)

    def snapshot(self) -> JsonDict:
        """JSON-serialisable copy of the caches with sorted keys (NaN / ±inf read as None)."""
        data = {"account": self.account, "sites": self.sites, "devices": self.devices}
        result: JsonDict = finite_json(json.loads(json.dumps(data, sort_keys=True, default=str)))
        return result
