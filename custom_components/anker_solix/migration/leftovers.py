"""Files the community release leaves in our folder when HACS installs us over it.

HACS extracts our release on top of theirs without removing their files (reference §2), so their
modules, their login-token cache and their MQTT certificates (``solixapi/authcache/<e-mail>.json``,
``<e-mail>_mqtt_*.crt``) stay until our next update replaces the folder. Nothing here is read:
the scan only lists names (tokens and certificates by count, their file names carry the e-mail)
for the repair issue. Our own files never live in those places: our client library keeps all
its modules in subpackages (``solixapi/__init__.py`` is the only module at its top level), and
our logins are stored in Home Assistant's storage.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Final

THEIR_TOP_LEVEL: Final = ("api_client.py", "images")
"""Top-level names only their release ships (we ship no ``images/`` in the package)."""
OUR_LIBRARY_MODULES: Final = frozenset({"__init__.py"})
"""Modules of ours at the top level of ``solixapi/`` (everything else is in subpackages)."""
AUTHCACHE: Final = "authcache"


def _cache_entry(folder: Path, shown: str) -> list[str]:
    """The token cache folder as one line with its file count (names carry the e-mail)."""
    if not folder.is_dir():
        return []
    files = [item for item in folder.iterdir() if item.is_file()]
    return [f"{shown}/ ({len(files)})"]


def scan_leftovers(package: Path, temp_dir: Path | None = None) -> list[str]:
    """Paths (relative to the config folder where possible) that their release left behind."""
    found: list[str] = []
    shown_root = f"custom_components/{package.name}"
    for name in THEIR_TOP_LEVEL:
        if (package / name).exists():
            found.append(f"{shown_root}/{name}")
    library = package / "solixapi"
    if library.is_dir():
        found += sorted(
            f"{shown_root}/solixapi/{item.name}"
            for item in library.glob("*.py")
            if item.name not in OUR_LIBRARY_MODULES
        )
        found += _cache_entry(library / AUTHCACHE, f"{shown_root}/solixapi/{AUTHCACHE}")
    temp = temp_dir if temp_dir is not None else Path(tempfile.gettempdir())
    found += _cache_entry(temp / AUTHCACHE, str(temp / AUTHCACHE))
    return found
