"""The simulator's MQTT broker: amqtt in-process on loopback TLS with client certificates.

Mutual TLS as the real broker (protocol §1.2): the listener requires a client certificate signed
by the simulator's test CA (the TLS handshake fails without one or with a foreign one), the
certificate names the account, and per-account topic ACLs refuse subscriptions to devices the
account does not own with the SUBACK failure code 0x80 (§1.4).
"""

from __future__ import annotations

import asyncio
import logging
import ssl
from collections.abc import Callable
from typing import Any, cast

from amqtt.broker import Broker, Server  # type: ignore[import-untyped]
from amqtt.contexts import Action  # type: ignore[import-untyped]

from solixsim.mqtt.access import AccessPolicy
from solixsim.mqtt.certs import SimAuthority
from solixsim.mqtt.plugins import AUTH_PLUGIN, EVENTS_PLUGIN, TOPIC_PLUGIN, BrokerHooks

__all__ = ["SimBroker"]

_LISTENER = "default"
"""amqtt requires a listener of this name; it is our only one (TLS on loopback)."""
_LOGGERS = ("amqtt", "transitions")


class _RequiringBroker(Broker):  # type: ignore[misc]  # amqtt ships no type information
    """amqtt's broker with the TLS listener requiring (not just accepting) client certificates."""

    @staticmethod
    def _create_ssl_context(listener: Any) -> ssl.SSLContext:
        context = cast(ssl.SSLContext, Broker._create_ssl_context(listener))
        context.verify_mode = ssl.CERT_REQUIRED
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        context.maximum_version = ssl.TLSVersion.TLSv1_2
        return context

    async def _topic_filtering(self, session: Any, topic: str, action: Any) -> bool:
        """Deliveries follow the (already checked) subscriptions, decided without yielding.

        amqtt asks the plugins for every delivery while it iterates its subscription table; a
        plugin call yields to the event loop, and a subscription arriving meanwhile would change
        the table under that iteration.
        """
        if action == Action.RECEIVE:
            return True
        return bool(await super()._topic_filtering(session, topic, action))

    async def _create_server_instance(
        self,
        listener_name: str,
        listener_type: Any,
        address: str | None,
        port: int,
        ssl_context: ssl.SSLContext | None,
    ) -> asyncio.Server:
        """A plain TCP server that does the TLS handshake itself.

        A refused handshake (no or a foreign client certificate) then just closes that
        connection, instead of reaching the event loop's exception handler as an error.
        """

        async def connected(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            if ssl_context is not None:
                try:
                    await writer.start_tls(ssl_context)
                except (ssl.SSLError, OSError, ConnectionError):
                    writer.transport.abort()
                    return
                except AttributeError:  # aborted in the handshake (the broker stopped):
                    return  # CPython's start_tls then finds no TLS transport to switch to
            await self.stream_connected(reader, writer, listener_name=listener_name)

        return await asyncio.start_server(connected, address, port, reuse_address=True)


class _Listener(Server):  # type: ignore[misc]  # amqtt ships no type information
    """amqtt's listener entry, closed without waiting for connections nobody stops.

    amqtt stops its sessions, then waits until every connection of the listening server is
    closed (``asyncio.Server.wait_closed``). A connection that is no session at that moment
    (still in its TLS handshake or before its CONNECT, or a client that reconnected at once
    while the sessions were stopped) would be waited for forever; they are aborted instead.
    """

    async def close_instance(self) -> None:
        server = self.instance
        if isinstance(server, asyncio.Server):
            server.close()
            server.abort_clients()  # the sessions were already stopped in order
            await server.wait_closed()


def quiet_amqtt() -> None:
    """amqtt logs every connection at INFO and refused TLS handshakes as errors; keep it quiet."""
    for name in _LOGGERS:
        logging.getLogger(name).setLevel(logging.CRITICAL)


class SimBroker:
    """One broker on a loopback port that survives "broker down" faults (same port on restart)."""

    def __init__(
        self,
        authority: SimAuthority,
        access: AccessPolicy,
        on_publish: Callable[[str | None, str, bytes], None],
        *,
        host: str = "127.0.0.1",
    ) -> None:
        """Prepare the broker; :meth:`start` binds it."""
        self.authority = authority
        self.host = host
        self.port = 0
        self._hooks = BrokerHooks(
            user_of=authority.user_of, access=access, on_publish=on_publish, accounts={}
        )
        self._broker: Any = None
        self._files: tuple[str, str] | None = None

    @property
    def running(self) -> bool:
        """Whether the broker accepts connections right now."""
        return self._broker is not None

    def _config(self) -> dict[str, Any]:
        """amqtt configuration: one TLS listener on loopback, our three plugins, nothing else."""
        if self._files is None:
            cert_path, key_path = self.authority.write_server_files()
            self._files = (str(cert_path), str(key_path))
        plugin_config = {"hooks": self._hooks}
        return {
            "listeners": {
                _LISTENER: {
                    "type": "tcp",
                    "bind": f"{self.host}:{self.port}",
                    "max_connections": 64,
                    "ssl": True,
                    "cadata": self.authority.ca_pem,
                    "certfile": self._files[0],
                    "keyfile": self._files[1],
                },
            },
            "plugins": {
                AUTH_PLUGIN: plugin_config,
                TOPIC_PLUGIN: plugin_config,
                EVENTS_PLUGIN: plugin_config,
            },
        }

    async def start(self, port: int | None = None) -> int:
        """Start listening (``port`` 0 = a free port; None = the port of the previous start)."""
        if self._broker is not None:
            return self.port
        if port is not None:
            self.port = port
        quiet_amqtt()
        broker = _RequiringBroker(self._config(), loop=asyncio.get_running_loop())
        await broker.start()
        entry = broker._servers[_LISTENER]
        broker._servers[_LISTENER] = _Listener(
            entry.listener_name, entry.instance, entry.max_connections
        )
        server = entry.instance
        self.port = int(server.sockets[0].getsockname()[1])
        self._broker = broker
        return self.port

    async def stop(self) -> None:
        """Stop listening and drop every client (the port may be reused by :meth:`start`)."""
        broker, self._broker = self._broker, None
        self._hooks.accounts.clear()
        if broker is not None:
            # No new connection from here on: a client that reconnects at once (a manual
            # clock's back-off) would otherwise start a session while the others are stopped.
            broker._servers[_LISTENER].instance.close()
            handlers = [handler for _, handler in broker._sessions.values()]
            await broker.shutdown()
            await _cancel_write_timers(handlers)

    async def close(self) -> None:
        """Stop and remove the broker's certificate files."""
        await self.stop()
        self.authority.remove_files()
        self._files = None

    async def disconnect_clients(self) -> int:
        """Close every client connection (the broker keeps running); returns how many."""
        if self._broker is None:
            return 0
        sessions = dict(self._broker._sessions)
        for client_id in sessions:
            await self._broker._cleanup_session(client_id)
            self._hooks.accounts.pop(client_id, None)
        await _cancel_write_timers([handler for _, handler in sessions.values()])
        return len(sessions)

    def connected_accounts(self) -> dict[str, str]:
        """client id → account of the connected clients."""
        return dict(self._hooks.accounts)

    async def publish(self, topic: str, payload: bytes) -> bool:
        """Deliver a device message to the subscribers; False while the broker is down."""
        if self._broker is None:
            return False
        await self._broker.internal_message_broadcast(topic, payload, 0)
        return True


async def _cancel_write_timers(handlers: list[Any]) -> None:
    """Cancel the keep-alive timers amqtt's handlers may re-arm while they are stopped.

    A packet sent while a connection is torn down schedules the handler's write time-out again
    (amqtt 0.12); the timer would fire on a dead connection long after the broker stopped.
    """
    for _ in range(2):  # a send still in flight may re-arm it once more
        for handler in handlers:
            timer = getattr(handler, "_keepalive_task", None)
            if isinstance(timer, asyncio.TimerHandle):
                timer.cancel()
        await asyncio.sleep(0)
