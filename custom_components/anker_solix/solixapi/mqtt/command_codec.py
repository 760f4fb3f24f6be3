"""Setting commands on the wire (MQTT protocol §6.1, §6.5): frames from the command tables.

`encode_command(spec, values, timestamp=...)` builds the frame of one command from complete values
(every parameter of the command, in the units of the tables); `decode_command(pn, frame)` finds
the command a frame carries and gives its values back (the simulator's devices use it);
`check_value(param, value, ...)` is the static check both sides apply: one of the options, or
inside min…max and on the step (counted from the minimum). Refusals are `SolixValidationError`s
with reasons ``mqtt_value_type``, ``mqtt_value_option``, ``mqtt_value_range``, ``mqtt_value_step``,
``mqtt_value_text``. The reference integration rounds a value between two steps to the nearer one
(§6.5); we refuse it, naming both neighbours, so nothing is sent that the user did not ask for.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..common.errors import SolixValidationError
from .cmdmaps import CommandSpec, ParamSpec, commands_for
from .commands import COMMAND_MARKER
from .frame import TYPE_S16, TYPE_S32, TYPE_TEXT, TYPE_U8, Frame, RawField, build_frame
from .values import write_int

CommandValue = int | float | str
"""A command parameter value in table units (numbers; text for text fields)."""

_INT_SIZES = {"u8": (1, False), "s16": (2, True), "u16": (2, False), "s32": (4, True)}
_INT_SIZES |= {"u32": (4, False), "time2": (2, False), "time3": (3, False)}
_INT_SIZES |= {"bytes:1": (1, False)}
_WIRE_TYPES = {"u8": TYPE_U8, "bytes:1": TYPE_U8, "s16": TYPE_S16, "u16": TYPE_S16}
_WIRE_TYPES |= {"time2": TYPE_S16, "s32": TYPE_S32, "u32": TYPE_S32}
UNSUPPORTED_PREFIXES = ("bytes", "u8x")
"""Variable byte strings and slot lists: only in commands the reference does not offer."""


@dataclass(frozen=True)
class DecodedCommand:
    """The command a frame carries and its parameter values (by status name)."""

    spec: CommandSpec
    values: dict[str, CommandValue]


def supported(spec: CommandSpec) -> bool:
    """Whether every parameter of `spec` has an encoding we can write."""
    return all(
        param.encoding in _INT_SIZES
        or param.container
        or param.encoding.startswith(("text", "mask:"))
        for param in spec.params
    )


def _number(value: object) -> float | None:
    """A plain number (bools count as 0/1), else None."""
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float) and value == value:
        return float(value)
    return None


def _whole(number: float) -> int | float:
    return int(number) if float(number).is_integer() else number


_TIME_SIZES = {"time2": 2, "time3": 3}


def _time_raw(encoding: str, text: str) -> int | str:
    """``"HH:MM"`` (2 bytes minute, hour) or ``"HH:MM:SS"`` (3 bytes second, minute, hour) as
    the little-endian number the tables range over (§4.7); other text stays as it is."""
    parts = text.split(":")
    if len(parts) not in (2, 3) or not all(part.isdigit() for part in parts):
        return text
    numbers = [int(part) for part in reversed(parts)]  # (s,) m, h
    if _TIME_SIZES[encoding] == 2 and len(numbers) == 3:
        numbers = numbers[1:]
    return sum(number << (8 * index) for index, number in enumerate(numbers))


def check_value(
    param: ParamSpec,
    value: object,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
) -> CommandValue:
    """`value` as the command sends it, or a `SolixValidationError` naming the parameter.

    Options may be given by label (``"on"``), times as ``"HH:MM[:SS]"``; a value between two
    steps is refused; `minimum` and `maximum` replace the table's limits (dynamic limits, §6.5).
    """
    name = param.name or param.field
    if param.encoding.startswith("text"):
        size = int(param.encoding.split(":")[1]) if ":" in param.encoding else None
        if not isinstance(value, str) or (size is not None and len(value.encode()) > size):
            raise SolixValidationError(
                "mqtt_value_text", field=name, placeholders={"name": name, "max": str(size or "")}
            )
        return value
    if isinstance(value, str) and param.encoding in _TIME_SIZES:
        value = _time_raw(param.encoding, value)
    if isinstance(value, str) and param.options:
        labels = {label: option for option, label in param.options if label}
        if value in labels:
            value = labels[value]
    number = _number(value)
    if number is None:
        raise SolixValidationError("mqtt_value_type", field=name, placeholders={"name": name})
    if param.options:
        allowed = [option for option, _label in param.options]
        if number not in allowed:
            raise SolixValidationError(
                "mqtt_value_option",
                field=name,
                placeholders={
                    "name": name,
                    "value": f"{number:g}",
                    "options": ", ".join(f"{option:g}" for option in allowed),
                },
            )
        return _whole(number)
    low = param.minimum if minimum is None else minimum
    high = param.maximum if maximum is None else maximum
    if param.step and param.minimum is not None:
        _check_step(name, number, param.minimum, param.step)
    if (low is not None and number < low) or (high is not None and number > high):
        raise SolixValidationError(
            "mqtt_value_range",
            field=name,
            placeholders={
                "name": name,
                "value": f"{number:g}",
                "min": "" if low is None else f"{low:g}",
                "max": "" if high is None else f"{high:g}",
            },
        )
    return _whole(number)


def _raw_int(param: ParamSpec, value: CommandValue) -> int:
    number = _number(value)
    if number is None:
        raise ValueError(f"{param.name}: not a number")
    if param.divider:
        number = number / param.divider
    return round(number)


def _int_bytes(param: ParamSpec, value: CommandValue) -> bytes:
    size, signed = _INT_SIZES[param.encoding]
    raw = _raw_int(param, value)
    if size == 3:
        return (raw % (1 << 24)).to_bytes(3, "little")
    return write_int(raw, size, signed=signed)


def _container_bytes(
    container: ParamSpec, subs: list[ParamSpec], values: Mapping[str, CommandValue]
) -> bytes:
    """The data bytes of a structured field from its sub-values (unused bytes 00)."""
    parts = container.encoding.split(":")
    data = bytearray(int(parts[2]) if len(parts) > 2 else 0)
    for sub in subs:
        offset = sub.offset or 0
        value = values[sub.name]
        if sub.encoding.startswith("mask:"):
            chunk = bytes([int(sub.encoding[5:], 16) if _raw_int(sub, value) else 0])
            current = data[offset] if offset < len(data) else 0
            chunk = bytes([current | chunk[0]])
        elif sub.encoding.startswith("text"):
            chunk = str(value).encode()
        else:
            chunk = _int_bytes(sub, value)
        if len(data) < offset + len(chunk):
            data.extend(bytes(offset + len(chunk) - len(data)))
        data[offset : offset + len(chunk)] = chunk
    return bytes(data)


def _time_field(form: str, timestamp: float) -> RawField:
    """``fe 05 03 <u32 seconds>`` or ``fd <n+1> 00 <Unix ms digits>`` (§6.1)."""
    if form == "fd":
        return RawField(0xFD, TYPE_TEXT, str(int(timestamp * 1000)).encode())
    return RawField(0xFE, TYPE_S32, write_int(int(timestamp), 4, signed=False))


def encode_command(
    spec: CommandSpec, values: Mapping[str, CommandValue], *, timestamp: float
) -> bytes:
    """The command frame of `spec` with complete `values` (status name → value, table units)."""
    if not supported(spec):
        raise ValueError(f"command {spec.id} has an encoding we cannot write")
    fields = [COMMAND_MARKER]
    subs: dict[str, list[ParamSpec]] = {}
    for param in spec.params:
        if param.offset is not None:
            subs.setdefault(param.field, []).append(param)
    for param in spec.params:
        if param.offset is not None:
            continue
        key = int(param.field, 16)
        if param.container:
            type_byte = int(param.encoding.split(":")[1], 16)
            raw = _container_bytes(param, subs.get(param.field, []), values)
            fields.append(RawField(key, type_byte, raw))
        elif param.encoding.startswith("text"):
            size = param.encoding.split(":")[1] if ":" in param.encoding else None
            text = str(values[param.name]).encode()
            raw = text.ljust(int(size), b"\x00") if size else text
            fields.append(RawField(key, TYPE_TEXT, raw))
        else:
            fields.append(
                RawField(key, _WIRE_TYPES[param.encoding], _int_bytes(param, values[param.name]))
            )
    fields.append(_time_field(spec.time_form, timestamp))
    return build_frame(spec.msg_type, fields, device=False)


def _read_param(param: ParamSpec, raw: bytes) -> CommandValue | None:
    """One parameter's value from its bytes (None when they do not fit)."""
    if param.encoding.startswith("text"):
        return raw.rstrip(b"\x00").decode(errors="replace")
    if param.encoding.startswith("mask:"):
        return 1 if raw[:1] and raw[0] & int(param.encoding[5:], 16) else 0
    size, signed = _INT_SIZES.get(param.encoding, (0, False))
    if not size or len(raw) < size:
        return None
    number = int.from_bytes(raw[:size], "little", signed=signed)
    return _whole(number * param.divider) if param.divider else number


def _values_of(spec: CommandSpec, frame: Frame) -> dict[str, CommandValue] | None:
    """Every named value of `spec` read from `frame` (None when a field is missing)."""
    values: dict[str, CommandValue] = {}
    for param in spec.params:
        if param.container or not param.name:
            continue
        item = frame.field(param.field)
        if item is None:
            return None
        raw = item.raw[param.offset :] if param.offset is not None else item.raw
        value = _read_param(param, raw)
        if value is None:
            return None
        values[param.name] = value
    return values


def decode_command(pn: str, frame: Frame) -> DecodedCommand | None:
    """The setting command of model `pn` that `frame` carries, with its values (None: none).

    Commands sharing a message type are told apart by their field set; variants with the same
    fields (USB charger ports) by the selector values their defaults name.
    """
    present = {item.id for item in frame.fields} - {"a1", "fe", "fd"}
    best: tuple[int, DecodedCommand] | None = None
    for spec in commands_for(pn):
        if spec.msg_type != frame.msg_type or not supported(spec):
            continue
        if {param.field for param in spec.params} != present:
            continue
        values = _values_of(spec, frame)
        if values is None:
            continue
        score = sum(
            1
            for param in spec.params
            if param.default is not None
            and param.fill is None
            and values.get(param.name) == param.default
        )
        if best is None or score > best[0]:
            best = (score, DecodedCommand(spec, values))
    return None if best is None else best[1]


STEP_TOLERANCE = 1e-6
"""Steps (fractions of one) a value may differ from a whole step: float noise, not a choice."""


def _check_step(name: str, number: float, minimum: float, step: float) -> None:
    """Refuse ``number`` unless it is ``minimum`` plus a whole number of ``step``."""
    steps = (number - minimum) / step
    if abs(steps - round(steps)) <= STEP_TOLERANCE:
        return
    below = minimum + (steps // 1) * step
    raise SolixValidationError(
        "mqtt_value_step",
        field=name,
        placeholders={
            "name": name,
            "value": f"{number:g}",
            "step": f"{step:g}",
            "lower": f"{round(below, 6):g}",
            "upper": f"{round(below + step, 6):g}",
        },
    )
