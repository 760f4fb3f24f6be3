"""Arguments the scenario commands share: the scenario folder and an optional clock start."""

from __future__ import annotations

import argparse
import sys

from .scenario import load_meta
from .sitetime import parse_time_value


def scenario_missing(args: argparse.Namespace) -> bool:
    """Whether ``--scenario`` is not a folder (the message is printed)."""
    if args.scenario.is_dir():
        return False
    print(f"scenario folder not found: {args.scenario}", file=sys.stderr)
    return True


def clock_start(args: argparse.Namespace) -> float | None:
    """``--clock`` as Unix seconds (naive times are the scenario's local time), else None."""
    if not args.clock:
        return None
    return parse_time_value(args.clock, load_meta(args.scenario).utc_offset_minutes)
