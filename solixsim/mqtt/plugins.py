"""amqtt plugins of the simulated broker: certificate login, topic ACLs, command delivery.

amqtt loads plugins by dotted path and hands each a dataclass ``Config``; ours carries the
:class:`BrokerHooks` of the simulator's broker (``Config(hooks=...)``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from amqtt.contexts import Action  # type: ignore[import-untyped]
from amqtt.plugins.base import (  # type: ignore[import-untyped]
    BaseAuthPlugin,
    BasePlugin,
    BaseTopicPlugin,
)
from amqtt.session import ApplicationMessage, Session  # type: ignore[import-untyped]

from solixsim.mqtt.access import AccessPolicy
from solixsim.mqtt.certs import certificate_id_of

__all__ = ["AUTH_PLUGIN", "EVENTS_PLUGIN", "TOPIC_PLUGIN", "BrokerHooks"]

AUTH_PLUGIN = "solixsim.mqtt.plugins.CertificateAuth"
TOPIC_PLUGIN = "solixsim.mqtt.plugins.DeviceTopics"
EVENTS_PLUGIN = "solixsim.mqtt.plugins.CommandEvents"


@dataclass
class BrokerHooks:
    """What the plugins ask the simulator: the account of a certificate, ACLs, command sink."""

    user_of: Callable[[str], str | None]
    access: AccessPolicy
    on_publish: Callable[[str | None, str, bytes], None]
    """Called with (account, topic, payload) for every permitted client publish."""
    accounts: dict[str, str]
    """client id → account of connected clients (filled at login)."""


def _hooks(plugin: BasePlugin[Any]) -> BrokerHooks:
    """The hooks in a plugin's config."""
    hooks = getattr(plugin.context.config, "hooks", None)
    if not isinstance(hooks, BrokerHooks):
        raise TypeError("solixsim broker plugin without hooks")
    return hooks


class CertificateAuth(BaseAuthPlugin):  # type: ignore[misc]  # amqtt ships no types
    """Accept a client only with a certificate our CA issued to a known account (mutual TLS)."""

    @dataclass
    class Config:
        """Plugin configuration: the simulator's hooks."""

        hooks: Any = None

    async def authenticate(self, *, session: Session) -> bool | None:
        """True when the TLS peer certificate belongs to an account (the TLS layer verified it)."""
        ssl_object = session.ssl_object
        der = ssl_object.getpeercert(binary_form=True) if ssl_object is not None else None
        if not der:
            return False
        hooks = _hooks(self)
        user_id = hooks.user_of(certificate_id_of(der))
        if user_id is None:
            return False
        session.username = user_id
        if session.client_id:
            hooks.accounts[session.client_id] = user_id
        return True


class DeviceTopics(BaseTopicPlugin):  # type: ignore[misc]  # amqtt ships no types
    """Per-account topic ACLs (subscribe and publish) from the :class:`AccessPolicy`."""

    @dataclass
    class Config:
        """Plugin configuration: the simulator's hooks."""

        hooks: Any = None

    async def topic_filtering(
        self,
        *,
        session: Session | None = None,
        topic: str | None = None,
        action: Action | None = None,
    ) -> bool | None:
        """Subscribe/publish by the account's own devices; deliveries follow the subscriptions."""
        if topic is None or action is None:
            return False
        access = _hooks(self).access
        user_id = session.username if session is not None else None
        if action == Action.SUBSCRIBE:
            return access.may_subscribe(user_id, topic)
        if action == Action.PUBLISH:
            return access.may_publish(user_id, topic)
        return True


class CommandEvents(BasePlugin[Any]):  # type: ignore[misc]  # amqtt ships no types
    """Hands every message a client publishes to the simulator (commands to its devices)."""

    @dataclass
    class Config:
        """Plugin configuration: the simulator's hooks."""

        hooks: Any = None

    async def on_broker_message_received(
        self, *, client_id: str, message: ApplicationMessage | None
    ) -> None:
        """Forward a client publish when the account may send it."""
        if message is None or not message.topic:
            return
        hooks = _hooks(self)
        user_id = hooks.accounts.get(client_id)
        if hooks.access.may_publish(user_id, message.topic):
            hooks.on_publish(user_id, message.topic, bytes(message.data or b""))
