"""The devices an MQTT session listens to."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MqttDevice:
    """A device to subscribe: serial, product code as the cloud reports it, and whether the
    account owns it (commands — status requests, real-time triggers — go to owned devices only).
    """

    sn: str
    pn: str
    owned: bool = True
