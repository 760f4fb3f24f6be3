"""The library's shape: one subpackage per concern, imported one way only, one public surface.

The allowed directions are the table in `solixapi/__init__.py`; every subpackage's docstring
repeats its own row. Code outside the library (integration, simulator, scripts) imports only the
top-level package; tests may also import a subpackage's own surface, never a module inside it.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from tests.library_imports import LIBRARY, LIBRARY_MODULE, REPO, imports_of, module_name

ALLOWED: dict[str, set[str]] = {
    "common": set(),
    "cloud": {"common"},
    "derive": {"common"},
    "schedule": {"common"},
    "poll": {"common", "cloud", "derive"},
    "control": {"common", "cloud", "derive", "schedule", "poll"},
    "export": {"common", "cloud", "poll", "mqtt"},
    "replay": {"common", "cloud"},
    "mqtt": {"common", "cloud"},
    "history": {"common", "cloud"},
}


def _subpackage_of(module: str) -> str | None:
    """`cloud` for `...solixapi.cloud.session`; None outside the library or for the top level."""
    if not module.startswith(LIBRARY_MODULE + "."):
        return None
    return module.removeprefix(LIBRARY_MODULE + ".").split(".")[0]


def _direction_violations(library: Path, root: Path) -> list[str]:
    """Imports from one subpackage into another that the table does not allow."""
    found = []
    for path in sorted(library.rglob("*.py")):
        own = _subpackage_of(module_name(path, root))
        if own is None:
            continue
        for line in imports_of(path, root):
            target = _subpackage_of(line.module)
            if target is not None and target != own and target not in ALLOWED.get(own, set()):
                found.append(f"{own} -> {target}: {line}")
    return found


def _private_imports(paths: list[Path], *, tests: bool) -> list[str]:
    """Imports of a module inside a subpackage (tests: also of a subpackage) from outside."""
    found = []
    depth = 1 if tests else 0  # how many levels below `solixapi` an outside import may name
    for path in paths:
        for line in imports_of(path):
            if not line.module.startswith(LIBRARY_MODULE + "."):
                continue
            levels = line.module.removeprefix(LIBRARY_MODULE + ".").split(".")
            if len(levels) > depth:
                found.append(f"{path.relative_to(REPO)}:{line.line} {line.module}")
    return found


def test_the_library_has_only_subpackages_at_its_top() -> None:
    """No module lives beside `__init__.py`; every subpackage is one of the table's rows."""
    assert sorted(p.name for p in LIBRARY.glob("*.py")) == ["__init__.py"]
    packages = sorted(p.name for p in LIBRARY.iterdir() if (p / "__init__.py").exists())
    assert packages == sorted(ALLOWED)


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_each_subpackage_says_what_it_owns_and_may_import(package: str) -> None:
    """The docstring names the subpackage's allowed imports exactly as the test enforces them."""
    doc = importlib.import_module(f"{LIBRARY_MODULE}.{package}").__doc__ or ""
    match = re.search(r"May import from the library: ([a-z, ]+)\.", doc)
    assert match, doc
    said = {name.strip() for name in match.group(1).split(",")} - {"nothing"}
    assert said == ALLOWED[package]


def test_imports_between_subpackages_go_one_way() -> None:
    """No subpackage imports one that the table does not allow (and the table has no cycle)."""
    assert _direction_violations(LIBRARY, REPO) == []
    order: list[str] = []
    pending = dict(ALLOWED)
    while pending:
        ready = [name for name, needs in pending.items() if needs <= set(order)]
        assert ready, f"cycle among {sorted(pending)}"
        order += sorted(ready)
        for name in ready:
            del pending[name]


def test_the_direction_check_finds_a_wrong_import(tmp_path: Path) -> None:
    """A cloud module that imports the poller is reported; one that imports common is not."""
    cloud = tmp_path / "custom_components" / "anker_solix" / "solixapi" / "cloud"
    cloud.mkdir(parents=True)
    (cloud / "session.py").write_text(
        "from ..common import errors\n"
        "from ..poll.poller import SolixPoller\n"
        "def later():\n    from custom_components.anker_solix.solixapi.control import checks\n",
        encoding="utf-8",
    )
    assert _direction_violations(cloud.parent, tmp_path) == [
        "cloud -> poll: session.py:2 custom_components.anker_solix.solixapi.poll.poller",
        "cloud -> control: session.py:4 custom_components.anker_solix.solixapi.control",
    ]


def test_integration_and_simulator_use_only_the_public_surface() -> None:
    """The integration, the simulator and the scripts import `solixapi` itself, nothing below it."""
    paths = [
        *sorted((REPO / "custom_components" / "anker_solix").glob("*.py")),
        *sorted((REPO / "solixsim").rglob("*.py")),
        *sorted((REPO / "scripts").rglob("*.py")),
    ]
    assert _private_imports(paths, tests=False) == []


def test_tests_use_no_private_module() -> None:
    """Tests import `solixapi` or a subpackage's surface, never a module inside a subpackage."""
    assert _private_imports(sorted((REPO / "tests").rglob("*.py")), tests=True) == []


def test_every_public_name_resolves() -> None:
    """Each name in an `__all__` of the library exists (a re-export cannot go stale silently)."""
    for package in ["", *sorted(ALLOWED)]:
        module = importlib.import_module(f"{LIBRARY_MODULE}.{package}".rstrip("."))
        missing = [name for name in module.__all__ if not hasattr(module, name)]
        assert missing == [], package
