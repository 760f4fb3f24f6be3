"""`HomeAssistantTokenStore`: the library's `TokenStore` kept in Home Assistant's storage.

The login `data` of an account lives in `.storage/anker_solix.<user id>` (private, mode 0600),
never in the integration folder. The setup flow saves its login there, so the entry it creates
starts with the flow's token instead of logging in a second time.
"""

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers.storage import Store

from .const import DOMAIN

STORAGE_VERSION = 1


def token_storage_key(user_id: str) -> str:
    """The storage key of an account's login data."""
    return f"{DOMAIN}.{user_id}"


class HomeAssistantTokenStore:
    """Keeps one account's login data in a private Home Assistant `Store` (cached in memory)."""

    def __init__(self, hass: HomeAssistant, user_id: str) -> None:
        """Use the store of the account `user_id`."""
        self._store: Store[dict[str, Any]] = Store(
            hass, STORAGE_VERSION, token_storage_key(user_id), private=True
        )
        self._data: dict[str, Any] | None = None
        self._loaded = False

    async def load(self) -> dict[str, Any] | None:
        """Return a copy of the login data (read from disk on the first call only)."""
        if not self._loaded:
            stored = await self._store.async_load()
            self._data = stored if isinstance(stored, dict) and stored else None
            self._loaded = True
        return dict(self._data) if self._data is not None else None

    async def save(self, data: dict[str, Any]) -> None:
        """Replace the login data on disk."""
        self._data, self._loaded = dict(data), True
        await self._store.async_save(self._data)

    async def clear(self) -> None:
        """Forget the login data and delete the file."""
        self._data, self._loaded = None, True
        await self._store.async_remove()


async def async_remove_token(hass: HomeAssistant, user_id: str) -> None:
    """Delete the stored login data of an account (its config entry was removed)."""
    await HomeAssistantTokenStore(hass, user_id).clear()
