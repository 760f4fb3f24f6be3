"""Download of the `export_systems` zips: an authenticated view, never a public `/local/` file.

The zips lie in `<config>/anker_solix/exports/<entry_id>/` (outside `www/`, which Home Assistant
serves to anyone). `ExportDownloadView` answers `GET /api/anker_solix/exports/<entry_id>/<zip>`
for authenticated requests only: a bearer token, or the signed link the action returns (valid for
`LINK_VALIDITY`, so it opens in the browser of the logged-in user). It serves only the export zips
of that folder: any other name (other extensions, path separators, `..`) and unknown files answer
404.
"""

from __future__ import annotations

import re
from datetime import timedelta
from http import HTTPStatus
from pathlib import Path
from typing import Final
from urllib.parse import quote

from aiohttp import hdrs, web
from homeassistant.components.http.auth import async_sign_path
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.http import KEY_HASS, HomeAssistantView

from .const import DOMAIN

EXPORT_URL_BASE: Final = f"/api/{DOMAIN}/exports"
LINK_VALIDITY: Final = timedelta(hours=24)
"""How long the signed download link of an export works (a restart also ends it)."""
ENTRY_ID_PATTERN: Final = re.compile(r"^[A-Za-z0-9_]{1,64}$")
"""A config entry id (a ULID in current releases)."""
ZIP_NAME_PATTERN: Final = re.compile(r"^[A-Za-z0-9_.-]{1,150}_\d{4}-\d{2}-\d{2}_\d{4}\.zip$")
"""An export zip: `<folder>_<YYYY-MM-DD_HHMM>.zip`, the folder made of letters, digits, `-_.`."""


def exports_root(hass: HomeAssistant) -> Path:
    """Folder of all exports: `<config>/anker_solix/exports` (not served by Home Assistant)."""
    return Path(hass.config.path(DOMAIN, "exports"))


def entry_export_dir(hass: HomeAssistant, entry_id: str) -> Path:
    """Folder of one entry's exports (its zips and the latest unzipped export folder)."""
    return exports_root(hass) / entry_id


def is_export_name(entry_id: str, name: str) -> bool:
    """Whether `entry_id` and `name` can name an export zip (nothing else is ever served)."""
    return (
        ENTRY_ID_PATTERN.fullmatch(entry_id) is not None
        and ZIP_NAME_PATTERN.fullmatch(name) is not None
        and ".." not in name
    )


def export_path(hass: HomeAssistant, entry_id: str, name: str) -> Path | None:
    """The zip a download names, or None for a name that is not an export zip of the folder."""
    if not is_export_name(entry_id, name):
        return None
    root = exports_root(hass).resolve()
    path = (root / entry_id / name).resolve()
    if path.parent != root / entry_id:
        return None
    return path


def export_url(entry_id: str, name: str) -> str:
    """The unsigned download path of an export (works with a bearer token)."""
    return f"{EXPORT_URL_BASE}/{quote(entry_id)}/{quote(name)}"


@callback
def async_signed_export_url(hass: HomeAssistant, entry_id: str, name: str) -> str:
    """The download path signed for the calling user (an automation: Home Assistant's content
    user), valid for `LINK_VALIDITY`."""
    return async_sign_path(hass, export_url(entry_id, name), LINK_VALIDITY)


def _existing_file(hass: HomeAssistant, entry_id: str, name: str) -> Path | None:
    """The export zip if it exists (blocking: asks the file system)."""
    path = export_path(hass, entry_id, name)
    return path if path is not None and path.is_file() else None


class ExportDownloadView(HomeAssistantView):
    """Serves an entry's export zips to authenticated users."""

    url = EXPORT_URL_BASE + "/{entry_id}/{name}"
    name = f"api:{DOMAIN}:exports"
    requires_auth = True

    async def get(self, request: web.Request, entry_id: str, name: str) -> web.StreamResponse:
        """The zip as an attachment; 404 for anything that is not an existing export zip."""
        hass = request.app[KEY_HASS]
        path = await hass.async_add_executor_job(_existing_file, hass, entry_id, name)
        if path is None:
            return web.Response(status=HTTPStatus.NOT_FOUND)
        return web.FileResponse(
            path,
            headers={
                hdrs.CONTENT_TYPE: "application/zip",
                hdrs.CONTENT_DISPOSITION: f'attachment; filename="{path.name}"',
                hdrs.CACHE_CONTROL: "no-store",
            },
        )


@callback
def async_register_export_view(hass: HomeAssistant) -> None:
    """Register the download view (once, from `async_setup`)."""
    hass.http.register_view(ExportDownloadView())
