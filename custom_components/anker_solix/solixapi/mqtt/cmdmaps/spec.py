"""Types of the command tables (MQTT protocol §6.7): one `CommandSpec` per model/command row."""

from __future__ import annotations

from dataclasses import dataclass

KIND_SETTING = "setting"
"""A command that changes a device setting."""
KIND_REQUEST = "request"
"""Status request, real-time trigger, theme/timer request: asks for data, changes nothing."""
KIND_POWER = "power"
"""Restart or shutdown: only with an explicit confirmation."""
PLAIN_ENCODING = 1
"""`CommandSpec.encoding_type` of the commands whose payload names none (§3.3)."""


@dataclass(frozen=True)
class ParamSpec:
    """One field (or sub-value of a structured field) of a command.

    `encoding` is normalised: ``u8``, ``s16``, ``u16``, ``s32``, ``u32``, ``text:N`` (zero padded),
    ``text``, ``bytes``, ``bytes:N``, ``time2`` (minute, hour), ``time3`` (second, minute, hour),
    ``mask:0xNN`` (bits of a shared byte), ``struct:TT[:N]`` (a structured field, type TT, N data
    bytes; its sub-values follow with their `offset`), ``u8xN`` (N one-byte slots).
    `name` is the status value the parameter sets (§6.7 "Sets / means"; empty for containers).
    """

    field: str
    offset: int | None
    encoding: str
    name: str
    options: tuple[tuple[float, str], ...] = ()
    """Allowed values with their labels (label empty for "one of" lists)."""
    minimum: float | None = None
    maximum: float | None = None
    step: float | None = None
    divider: float | None = None
    """raw = value ÷ divider (§6.5)."""
    default: float | None = None
    fill: str | None = None
    """When not given: the current value of this status name (§6.5)."""
    min_from: str | None = None
    """Dynamic minimum: the current value of this name (§6.5)."""
    max_from: str | None = None
    derive: tuple[tuple[float, float], ...] = ()
    """Derived from the command's first parameter: (its value, this value) pairs (§6.5)."""
    clamp: tuple[int, int] | None = None
    """Backup SOC rule (§6.5): the filled value is clamped to cut-off + low … max SOC − high."""
    rule: str | None = None
    """A named special rule the control code knows (e.g. ``auto_off_active``)."""

    @property
    def container(self) -> bool:
        """Whether this is a structured field holding sub-values."""
        return self.encoding.startswith("struct:")


@dataclass(frozen=True)
class CommandSpec:
    """One command of one model (§6.7 row group)."""

    id: str
    """Stable slug of the title (unique per model)."""
    msg_type: str
    title: str
    time_form: str
    """``fe`` (u32 Unix seconds) or ``fd`` (Unix milliseconds as text), §6.1."""
    params: tuple[ParamSpec, ...]
    kind: str = KIND_SETTING
    exposed: bool = True
    """False for the rows the reference deliberately does not offer as controls (§6.6)."""
    encoding_type: int = PLAIN_ENCODING
    """Payload ``encoding_type`` (§3.4); 2 for a few EV charger commands."""

    @property
    def payload_encoding(self) -> int | None:
        """The ``encoding_type`` the envelope's payload carries (None: the field is left out)."""
        return None if self.encoding_type == PLAIN_ENCODING else self.encoding_type

    def names(self) -> tuple[str, ...]:
        """The status names this command carries (containers left out)."""
        return tuple(p.name for p in self.params if p.name and not p.container)
