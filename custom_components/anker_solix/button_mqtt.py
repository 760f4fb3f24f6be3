"""Buttons of device actions over MQTT (issue 15): the EV charger's charge start/stop/boost.

`MQTT_ACTIONS` names the action parameters offered; each option of the model's command (MQTT
protocol §6.7, EV charger `0105`: start, stop, skip the start delay, boost) becomes one button,
for owners of a device with live data. A press sends the command through the one write path
(`helpers.async_run_write`, translated refusals, the cloud-polling-off refusal, one command per
device per second) and waits until the device's status shows the effect (the library's
``ACTION_EFFECTS``: a started charge reports "charging", a stopped one "charger paused", a boost
the boost flag); otherwise the translated ``mqtt_not_confirmed`` error is raised. Skipping the
start delay has no status value of its own and returns once sent.

Restart and shutdown are deliberately no buttons: a button press has no confirmation step, so
they are offered only as the `device_power_action` action with ``confirm: true``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Final

from homeassistant.components.button import ButtonEntity, ButtonEntityDescription
from homeassistant.core import callback
from homeassistant.helpers.entity_platform import AddEntitiesCallback

from .context import ContextKind, SolixContext
from .coordinator import SolixConfigEntry, SolixCoordinator
from .entity_control import SolixControlDescription, SolixControlEntity, invalid_value, is_owner
from .entity_setup import async_setup_dynamic_entities
from .helpers import async_run_write
from .mqtt_controls import link_active, link_for
from .mqtt_link import link_of
from .solixapi import mqtt_commands_setting, mqtt_send_settings

MQTT_ACTIONS: Final[tuple[str, ...]] = ("charge_action",)
"""Action parameters (command table names) whose options become buttons."""


@dataclass(frozen=True)
class MqttAction:
    """One option of an action command of one model."""

    name: str
    """The command parameter (``charge_action``)."""
    label: str
    """The option's label in the command table (``start_charge``)."""
    value: int

    @property
    def key(self) -> str:
        """Entity key and translation key (``live_<label>``)."""
        return f"live_{self.label}"


@functools.cache
def model_actions(pn: str) -> tuple[MqttAction, ...]:
    """The action buttons a model's command table offers (offered setting commands only)."""
    found: list[MqttAction] = []
    for name in MQTT_ACTIONS:
        for spec in mqtt_commands_setting(pn, name):
            if not spec.exposed or spec.kind != "setting":
                continue
            for param in spec.params:
                if param.name != name or param.container:
                    continue
                found.extend(
                    MqttAction(name, label, int(value)) for value, label in param.options if label
                )
            break
    return tuple(found)


def actions_for(ctx: SolixContext) -> tuple[MqttAction, ...]:
    """The action buttons of a device context (owners with live data on)."""
    link = link_for(ctx)
    if link is None or not link.shows(ctx.key):
        return ()
    if ctx.kind is not ContextKind.DEVICE or ctx.entry is None or not is_owner(ctx):
        return ()
    return model_actions(str(ctx.entry.get("device_pn") or ""))


@dataclass(frozen=True, kw_only=True)
class MqttButtonDescription(ButtonEntityDescription, SolixControlDescription):
    """A button of one action option."""

    action: MqttAction


@functools.cache
def describe_button(action: MqttAction) -> MqttButtonDescription:
    """The description of an action option's button."""
    return MqttButtonDescription(
        key=action.key,
        translation_key=action.key,
        kind=ContextKind.DEVICE,
        action=action,
        needs_value=False,
        confirm=False,
        value_fn=lambda _ctx: None,
        supported_fn=lambda _ctx: True,
    )


class SolixMqttButton(SolixControlEntity, ButtonEntity):
    """A device action sent as an MQTT command."""

    entity_description: MqttButtonDescription

    def _read_value(self) -> None:
        """Buttons have no state of their own."""

    @property
    def available(self) -> bool:
        """Available while the live-data session exists."""
        return link_active(self.coordinator) and super().available

    async def async_press(self) -> None:
        """Send the action and wait for the device's status to show it (see the module text)."""
        link = link_of(self.coordinator)
        session = link.session if link is not None else None
        if session is None:
            raise invalid_value("live_data_off")
        action = self.entity_description.action
        await async_run_write(
            self.coordinator,
            mqtt_send_settings(session, self._key, {action.name: action.value}),
            confirm=False,
            live=True,
        )


def _factory(
    coordinator: SolixCoordinator, ctx: SolixContext, description: MqttButtonDescription
) -> SolixMqttButton:
    return SolixMqttButton(coordinator, ctx, description)


@callback
def async_setup_mqtt_buttons(
    entry: SolixConfigEntry, async_add_entities: AddEntitiesCallback
) -> None:
    """Add the action buttons for every device now and after every poll."""
    async_setup_dynamic_entities(
        entry,
        async_add_entities,
        lambda ctx: tuple(describe_button(action) for action in actions_for(ctx)),
        lambda _ctx, _description: True,
        _factory,
    )
