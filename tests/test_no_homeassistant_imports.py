"""The client library `solixapi/` imports nothing from Home Assistant."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LIBRARY = REPO / "custom_components" / "anker_solix" / "solixapi"

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


def _forbidden_imports(path: Path) -> list[str]:
    """Home Assistant imports and imports reaching above the package, as `file:line name`."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level > 1:
                names = ["." * node.level + (node.module or "")]
            elif node.level == 0 and node.module:
                names = [node.module]
        for name in names:
            if name.split(".")[0] == "homeassistant" or name.startswith(".."):
                found.append(f"{path.name}:{node.lineno} {name}")
            if name.startswith("custom_components.anker_solix") and ".solixapi" not in name:
                found.append(f"{path.name}:{node.lineno} {name}")
    return found


def test_no_module_of_the_library_imports_homeassistant() -> None:
    """Static check of every module (also imports inside functions and TYPE_CHECKING blocks)."""
    modules = sorted(LIBRARY.rglob("*.py"))
    assert LIBRARY / "session.py" in modules
    forbidden = [line for module in modules for line in _forbidden_imports(module)]
    assert forbidden == []


def test_the_checker_finds_homeassistant_imports(tmp_path: Path) -> None:
    """The static check itself recognises the forms it must reject."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import homeassistant.core\n"
        "from homeassistant.helpers import entity\n"
        "from .. import const\n"
        "from custom_components.anker_solix import const as integration_const\n"
        "from . import session\n"
        "def later():\n    import homeassistant\n",
        encoding="utf-8",
    )
    assert _forbidden_imports(sample) == [
        "sample.py:1 homeassistant.core",
        "sample.py:2 homeassistant.helpers",
        "sample.py:3 ..",
        "sample.py:4 custom_components.anker_solix",
        "sample.py:7 homeassistant",
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
