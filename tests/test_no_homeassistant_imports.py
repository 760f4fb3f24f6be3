"""The client library `solixapi/` imports nothing from Home Assistant."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.library_imports import LIBRARY, LIBRARY_MODULE, REPO, imports_of

# Imports the library with empty stand-ins for its parent packages: the integration's own
# __init__ (which imports Home Assistant) never runs, so every Home Assistant module found in
# sys.modules afterwards was pulled in by the library itself.
IMPORT_PROBE = """
import json, sys, types
for name, folder in (("custom_components", "custom_components"),
                     ("custom_components.anker_solix", "custom_components/anker_solix")):
    package = types.ModuleType(name)
    package.__path__ = [folder]
    sys.modules[name] = package
import custom_components.anker_solix.solixapi as library
found = sorted(m for m in sys.modules if m == "homeassistant" or m.startswith("homeassistant."))
print(json.dumps({"session": hasattr(library, "SolixSession"), "homeassistant": found}))
"""


def _leaves_the_library(name: str) -> bool:
    """A relative import above the repository, or one of the integration outside the library."""
    if name.startswith("."):
        return True
    inside = name == LIBRARY_MODULE or name.startswith(LIBRARY_MODULE + ".")
    return name.startswith("custom_components.anker_solix") and not inside


def _forbidden_imports(path: Path, root: Path = REPO) -> list[str]:
    """Home Assistant imports and imports leaving the library, as `file:line name`."""
    return [
        str(line)
        for line in imports_of(path, root)
        if line.module.split(".")[0] == "homeassistant" or _leaves_the_library(line.module)
    ]


def test_no_module_of_the_library_imports_homeassistant() -> None:
    """Static check of every module (also imports inside functions and TYPE_CHECKING blocks)."""
    modules = sorted(LIBRARY.rglob("*.py"))
    assert LIBRARY / "cloud" / "session.py" in modules
    forbidden = [line for module in modules for line in _forbidden_imports(module)]
    assert forbidden == []


def test_the_checker_finds_homeassistant_imports(tmp_path: Path) -> None:
    """The static check itself recognises the forms it must reject."""
    library = tmp_path / "custom_components" / "anker_solix" / "solixapi" / "cloud"
    library.mkdir(parents=True)
    sample = library / "sample.py"
    sample.write_text(
        "import homeassistant.core\n"
        "from homeassistant.helpers import entity\n"
        "from ... import const\n"
        "from ....... import far\n"
        "from ..common import errors\n"
        "from custom_components.anker_solix import const as integration_const\n"
        "from . import session\n"
        "def later():\n    import homeassistant\n",
        encoding="utf-8",
    )
    assert _forbidden_imports(sample, tmp_path) == [
        "sample.py:1 homeassistant.core",
        "sample.py:2 homeassistant.helpers",
        "sample.py:3 custom_components.anker_solix",
        "sample.py:4 .......",
        "sample.py:6 custom_components.anker_solix",
        "sample.py:9 homeassistant",
    ]


def test_importing_the_library_loads_no_homeassistant_module() -> None:
    """A fresh interpreter imports the library without any Home Assistant module."""
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_PROBE],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {
        "session": True,
        "homeassistant": [],
    }
