"""Typed coordinator data and config entries: `SolixData` from every snapshot, `SolixConfigEntry`
in every signature of the integration."""

from __future__ import annotations

import ast

import pytest
from homeassistant.core import HomeAssistant

from custom_components.anker_solix.coordinator import solix_data
from tests.conftest import REPO
from tests.integration.conftest import SimCloud, setup_entry

INTEGRATION = REPO / "custom_components" / "anker_solix"


async def test_coordinator_data_has_the_three_caches(hass: HomeAssistant, cloud: SimCloud) -> None:
    """After setup the data holds the account, the systems and the devices, nothing else."""
    entry = await setup_entry(hass, cloud)
    data = entry.runtime_data.coordinator.data
    assert set(data) == {"account", "sites", "devices"}
    assert data["sites"]
    assert data["devices"]
    assert data["account"]
    assert all(isinstance(site, dict) for site in data["sites"].values())
    assert all(isinstance(device, dict) for device in data["devices"].values())


@pytest.mark.parametrize(
    "snapshot",
    [{}, {"account": None, "sites": [], "devices": "x"}, {"sites": 3, "other": {"a": 1}}],
)
def test_malformed_caches_read_as_empty(snapshot: dict[str, object]) -> None:
    """A missing or malformed cache is an empty dict; unknown top-level keys are dropped."""
    assert solix_data(snapshot) == {"account": {}, "sites": {}, "devices": {}}


def test_caches_are_taken_as_they_are() -> None:
    """The caches are not copied (the live overlay and the entities read the same records)."""
    devices = {"sn1": {"type": "solarbank"}}
    data = solix_data({"account": {}, "sites": {}, "devices": devices})
    assert data["devices"] is devices


def _config_entry_annotations(tree: ast.AST) -> list[str]:
    """Annotations of arguments and variables that name the bare `ConfigEntry`."""
    found: list[str] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.arg | ast.AnnAssign) or node.annotation is None:
            continue
        annotation = node.annotation
        names = {n.id for n in ast.walk(annotation) if isinstance(n, ast.Name)}
        names |= {n.attr for n in ast.walk(annotation) if isinstance(n, ast.Attribute)}
        if "ConfigEntry" in names:
            found.append(ast.unparse(annotation))
    return found


def test_every_config_entry_parameter_is_typed_with_its_runtime_data() -> None:
    """No signature of the integration takes a bare `ConfigEntry` (`SolixConfigEntry` carries the
    runtime data's type); the library has no Home Assistant types at all."""
    bare = {
        str(path.relative_to(INTEGRATION)): found
        for path in sorted(INTEGRATION.rglob("*.py"))
        if "solixapi" not in path.parts
        and (found := _config_entry_annotations(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert bare == {}
