#!/usr/bin/env python3
"""Generate the MQTT command tables (solixapi/mqtt/cmdmaps/data.py) from the protocol document.

Reads the per-model tables of section 6.7 of ``anker-mqtt-protocol.md`` (one ``#### PN (product)``
heading per model) and writes them as Python data: ``COMMANDS`` (product code → tuple of
`CommandSpec`). The "Values" column becomes options, range, step, divider, default, the status
value to fill from when not given, dynamic limits, derived values and the backup-SOC clamp (§6.5).
Unknown encodings stop the generator, so a new term in the document is noticed.

Usage: ``python scripts/gen_mqtt_commands.py [DOC] [--check]`` (DOC defaults to
``../shared/docs/anker-mqtt-protocol.md`` beside the repository; ``--check`` writes nothing and
exits 1 when the generated module differs). Output is passed through ``ruff format``.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DOC = REPO.parent / "shared" / "docs" / "anker-mqtt-protocol.md"
OUT = REPO / "custom_components" / "anker_solix" / "solixapi" / "mqtt" / "cmdmaps"
MODULE = "data.py"

SECTION_START = "### 6.7 Per-model command tables"
SECTION_END = "### 6.8"
NOT_EXPOSED = " (not a reference control)"
FIXED_ENCODINGS = {
    "": "",
    "u8": "u8",
    "s16": "s16",
    "u16": "u16",
    "s32": "s32",
    "u32": "u32",
    "text": "text",
    "bytes": "bytes",
    "2 B minute, hour": "time2",
    "3 B second, minute, hour": "time3",
}
NUMBER = r"-?\d+(?:\.\d+)?"
SPECIAL_RULES = {"the reference sends 0 when bc = 1": "auto_off_active"}
"""Phrases of the Values column that name a rule the control code implements."""


@dataclass
class Param:
    """A parsed parameter row."""

    field: str
    offset: int | None
    encoding: str
    name: str
    note: str
    args: dict[str, object] = field(default_factory=dict)


@dataclass
class Command:
    """A parsed command row group."""

    pn: str
    msg_type: str
    title: str
    time_form: str
    exposed: bool
    kind: str
    params: list[Param] = field(default_factory=list)
    encoding_type: int = 1
    id: str = ""


def slug(text: str) -> str:
    """``AC output on/off`` → ``ac_output_on_off``."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def encoding_of(cell: str) -> str:
    """The normalised encoding of a table cell (see cmdmaps/spec.py)."""
    if cell in FIXED_ENCODINGS:
        return FIXED_ENCODINGS[cell]
    if match := re.fullmatch(r"text, (\d+) B zero-padded", cell):
        return f"text:{match.group(1)}"
    if match := re.fullmatch(r"bytes\[(\d+)\]", cell):
        return f"bytes:{match.group(1)}"
    if match := re.fullmatch(r"bit mask (0x[0-9a-f]{2}) in shared byte", cell):
        return f"mask:{match.group(1)}"
    if match := re.fullmatch(r"structured: type (\d\d), (\d+) data bytes", cell):
        return f"struct:{match.group(1)}:{match.group(2)}"
    if match := re.fullmatch(r"structured: type (\d\d), length as needed", cell):
        return f"struct:{match.group(1)}"
    if match := re.fullmatch(r"(\d+) × u8", cell):
        return f"u8x{match.group(1)}"
    raise ValueError(f"unknown command encoding {cell!r}")


def number(text: str) -> float | int:
    """A number of the document as int when whole."""
    value = int(text, 16) if text.startswith("0x") else float(text)
    return int(value) if float(value).is_integer() else value


def values_of(note: str) -> dict[str, object]:
    """Options, range, step, divider, default, fill, limits, derivation of a Values cell."""
    args: dict[str, object] = {}
    text = re.sub(r"\s*\((?:see )?\d+\.\d+\)", "", note)
    for phrase, rule in SPECIAL_RULES.items():
        if phrase in text:
            args["rule"] = rule
            text = text.split(phrase)[0]
    options = re.findall(rf"(?<![\w.])({NUMBER}) \(([a-z0-9_ ]+)\)", text)
    if options:
        args["options"] = tuple((number(v), label) for v, label in options)
    if match := re.search(r"one of ([\d., ]+)", text):
        values = [v.strip() for v in match.group(1).split(",") if v.strip()]
        args["options"] = tuple((number(v), "") for v in values)
    if match := re.search(rf"(?<![\w.+])({NUMBER})–({NUMBER})", text):
        args["minimum"], args["maximum"] = number(match.group(1)), number(match.group(2))
    if match := re.search(rf"step ({NUMBER})", text):
        args["step"] = number(match.group(1))
    if match := re.search(r"raw = value ÷ ([\d.]+)", text):
        args["divider"] = number(match.group(1))
    if match := re.search(rf"default (0x[0-9A-Fa-f]+|{NUMBER})", text):
        args["default"] = number(match.group(1))
    if match := re.search(r"if not given: current ([a-z0-9_]+)", text):
        args["fill"] = match.group(1)
    if match := re.search(r"min taken from state ([a-z0-9_]+)", text):
        args["min_from"] = match.group(1)
    if match := re.search(r"max taken from state ([a-z0-9_]+)", text):
        args["max_from"] = match.group(1)
    if match := re.search(r"derived from [a-z_]+: ((?:\d+→\d+(?:, )?)+)", text):
        pairs = [pair.split("→") for pair in match.group(1).split(", ")]
        args["derive"] = tuple((number(a), number(b)) for a, b in pairs)
    if match := re.search(r"clamped to cut-off \+ (\d+) … max SOC(?: − (\d+))?", text):
        args["clamp"] = (int(match.group(1)), int(match.group(2) or 0))
    return args


def cells(line: str) -> list[str]:
    """The cells of a markdown table row."""
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def kind_of(title: str, fields: str) -> str:
    """``request`` (asks for data), ``power`` (restart/shutdown) or ``setting``."""
    lowered = title.lower()
    if "request" in lowered or "real-time trigger" in lowered or fields.startswith("(a1"):
        return "request"
    if re.match(r"(restart|shutdown)\b", lowered):
        return "power"
    return "setting"


def parse_field(cell: str) -> tuple[str, int | None]:
    """``a3 +0`` → (``a3``, 0); ``a6 (mode 8 form) +0…+48`` → (``a6``, 0)."""
    match = re.fullmatch(r"([a-f0-9]{2})(?: \([^)]*\))?(?: \+(\d+)(?:…\+\d+)?)?", cell)
    if match is None:
        raise ValueError(f"unknown command field {cell!r}")
    return match.group(1), int(match.group(2)) if match.group(2) else None


def parse_commands(lines: list[str]) -> tuple[dict[str, list[Command]], set[str]]:
    """Product code → its commands (document order); also every product code with a heading."""
    start = lines.index(SECTION_START)
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith(SECTION_END))
    models: dict[str, list[Command]] = {}
    pn = ""
    current: Command | None = None
    for line in lines[start:end]:
        if match := re.match(r"#### (\S+) \(", line):
            pn = match.group(1)
            models[pn] = []
            current = None
            continue
        if match := re.match(r"Payload `encoding_type`: (.*)$", line):
            for msg_type, title, value in re.findall(
                r"(\w{4}) ([^:;]+): payload encoding_type (\d)", match.group(1)
            ):
                for command in models[pn]:
                    if command.msg_type == msg_type and command.title == title.strip():
                        command.encoding_type = int(value)
            continue
        if not line.startswith("| ") or line.startswith(("| Msg", "|---")):
            continue
        msg, title, time_form, field_cell, encoding, name, note = cells(line)
        if msg:
            exposed = NOT_EXPOSED not in title
            title = title.replace(NOT_EXPOSED, "")
            kind = kind_of(title, field_cell)
            current = Command(pn, msg, title, time_form, exposed and kind != "request", kind)
            models[pn].append(current)
        if current is None or field_cell.startswith("(a1"):
            continue
        field_id, offset = parse_field(field_cell)
        name = name if re.fullmatch(r"[a-z0-9_]+", name) else ""
        args = values_of(note)
        if args.get("fill") == "value":
            # "if not given: current value": the parameter's own status value (§6.5).
            args["fill"] = name
        current.params.append(Param(field_id, offset, encoding_of(encoding), name, note, args))
    for commands in models.values():
        seen: set[str] = set()
        for command in commands:
            command.id = slug(command.title)
            if command.id in seen:
                command.id = f"{command.id}_{command.msg_type}"
            if command.id in seen:
                raise ValueError(f"duplicate command id {command.pn} {command.id}")
            seen.add(command.id)
    return {pn: commands for pn, commands in models.items() if commands}, set(models)


def param_source(param: Param) -> str:
    """`ParamSpec(...)` with only the non-default arguments."""
    parts = [repr(param.field), repr(param.offset), repr(param.encoding), repr(param.name)]
    parts += [f"{key}={value!r}" for key, value in param.args.items()]
    return f"ParamSpec({', '.join(parts)})"


def module_source(models: dict[str, list[Command]], headings: set[str]) -> str:
    """The generated module."""
    out = [
        '"""Command tables of all models (MQTT protocol §6.7) as data.\n\n'
        "Generated by scripts/gen_mqtt_commands.py from the protocol document; do not edit by "
        "hand:\nchange the generator or the document and run it again.\n"
        '"""\n\n',
        "from .spec import CommandSpec, ParamSpec\n\n",
        f"MODELS_WITHOUT_COMMANDS: tuple[str, ...] = {tuple(sorted(headings - set(models)))!r}\n",
        '"""Models whose table says only the generic trigger and status request are sent."""\n\n',
        "COMMANDS: dict[str, tuple[CommandSpec, ...]] = {\n",
    ]
    for pn, commands in models.items():
        out.append(f"    {pn!r}: (\n")
        for command in commands:
            extra = []
            if command.kind != "setting":
                extra.append(f"kind={command.kind!r}")
            if not command.exposed:
                extra.append("exposed=False")
            if command.encoding_type != 1:
                extra.append(f"encoding_type={command.encoding_type}")
            params = "".join(f"            {param_source(p)},\n" for p in command.params)
            out.append(
                f"        CommandSpec({command.id!r}, {command.msg_type!r}, {command.title!r}, "
                f"{command.time_form!r}, (\n{params}        )"
                + "".join(f", {item}" for item in extra)
                + "),\n"
            )
        out.append("    ),\n")
    out.append("}\n")
    return "".join(out)


def ruff_format(source: str) -> str:
    """`source` formatted by ruff (as the repository's lint would)."""
    ruff = REPO / ".envs" / "ha2025" / "bin" / "ruff"
    command = [str(ruff)] if ruff.exists() else [sys.executable, "-m", "ruff"]
    result = subprocess.run(
        [*command, "format", "--stdin-filename", str(OUT / MODULE), "-"],
        input=source,
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    return result.stdout


def generate(doc: Path) -> str:
    """The formatted source of the generated module."""
    models, headings = parse_commands(doc.read_text(encoding="utf-8").splitlines())
    return ruff_format(module_source(models, headings))


def main(argv: list[str] | None = None) -> int:
    """Write (or with --check compare) the generated module."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("doc", nargs="?", type=Path, default=DEFAULT_DOC)
    parser.add_argument("--check", action="store_true", help="compare only, write nothing")
    args = parser.parse_args(argv)
    source = generate(args.doc)
    target = OUT / MODULE
    stale = not target.exists() or target.read_text(encoding="utf-8") != source
    if args.check:
        if stale:
            print(f"out of date: {MODULE}", file=sys.stderr)
        return 1 if stale else 0
    if stale:
        target.write_text(source, encoding="utf-8")
        print(f"wrote {MODULE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
