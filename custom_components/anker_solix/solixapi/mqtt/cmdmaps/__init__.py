"""Command tables of all models (MQTT protocol §6.7) as data, generated from the document.

`COMMANDS` (product code → its `CommandSpec`s, document order); `commands_for(pn)`,
`command_by_id(pn, id)` and `commands_setting(pn, name)` answer per model. The table module
`data.py` is written by `scripts/gen_mqtt_commands.py`.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from .data import COMMANDS as _COMMANDS
from .data import MODELS_WITHOUT_COMMANDS
from .spec import KIND_POWER, KIND_REQUEST, KIND_SETTING, CommandSpec, ParamSpec

__all__ = [
    "COMMANDS",
    "KIND_POWER",
    "KIND_REQUEST",
    "KIND_SETTING",
    "MODELS_WITHOUT_COMMANDS",
    "CommandSpec",
    "ParamSpec",
    "command_by_id",
    "commands_for",
    "commands_setting",
]

COMMANDS: Mapping[str, tuple[CommandSpec, ...]] = MappingProxyType(_COMMANDS)
LEGACY_MARK = "(legacy)"


def commands_for(pn: str) -> tuple[CommandSpec, ...]:
    """Every command of a model's table (empty for models without one)."""
    return COMMANDS.get(pn, ())


def command_by_id(pn: str, command_id: str) -> CommandSpec | None:
    """The model's command with this id (slug of its title), or None."""
    return next((spec for spec in commands_for(pn) if spec.id == command_id), None)


def _settable(spec: CommandSpec, name: str) -> ParamSpec | None:
    """The parameter of `spec` that sets `name` (not a derived or rule-computed one)."""
    return next(
        (
            param
            for param in spec.params
            if param.name == name and not param.derive and param.rule is None
        ),
        None,
    )


def commands_setting(pn: str, name: str) -> list[CommandSpec]:
    """The model's commands that can set status value `name`, best first.

    Preference: commands that are not legacy variants, then those where `name` is the chosen
    parameter (neither filled from the current state nor defaulted) over those that only repeat
    it (§6.5). Requests (trigger, status request) are left out.
    """
    found: list[tuple[tuple[bool, bool], int, CommandSpec]] = []
    for index, spec in enumerate(commands_for(pn)):
        if spec.kind == KIND_REQUEST:
            continue
        param = _settable(spec, name)
        if param is None:
            continue
        repeated = param.fill is not None or param.default is not None
        found.append(((LEGACY_MARK in spec.title, repeated), index, spec))
    return [spec for _key, _index, spec in sorted(found, key=lambda item: item[:2])]
