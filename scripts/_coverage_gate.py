"""The coverage gate of scripts/test: reads a coverage JSON report and checks the thresholds.

Usage: python scripts/_coverage_gate.py REPORT.json

Prints the total line coverage of `custom_components/anker_solix/` (the integration and its
library `solixapi/`) and of each fully covered file the gate names; exits 1 when the total is
below TOTAL_MINIMUM or a file of FULL_COVERAGE is below 100 %, 2 when the report is missing.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

TOTAL_MINIMUM = 95.0
"""Minimum percentage of covered statements over the whole package: the quality scale's
test-coverage rule. Measured on 2026-12-07: 97.09 % (Home Assistant 2025.4.4) and 97.02 %
(2026.10.4) (README.md#the-two-commands)."""

PACKAGE = "custom_components/anker_solix/"
FULL_COVERAGE = (
    "custom_components/anker_solix/config_flow.py",
    "custom_components/anker_solix/options_flow.py",
    "custom_components/anker_solix/flow_schemas.py",
)
"""Files every statement of which must run in the suite."""


def percent(summary: dict[str, Any]) -> float:
    """Covered share of the statements of one summary, in percent (100 when there are none)."""
    statements = int(summary["num_statements"])
    return 100.0 if statements == 0 else 100.0 * int(summary["covered_lines"]) / statements


def line_ranges(lines: list[int]) -> str:
    """Line numbers as ranges: ``[3, 4, 5, 9]`` → ``3-5, 9``."""
    spans: list[list[int]] = []
    for line in sorted(lines):
        if spans and line == spans[-1][1] + 1:
            spans[-1][1] = line
        else:
            spans.append([line, line])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in spans)


def check(report: dict[str, Any]) -> list[str]:
    """The gate's failures (empty when it passes); prints the figures it checked."""
    files: dict[str, Any] = {
        name.replace("\\", "/"): data for name, data in report["files"].items()
    }
    ours = {name: data for name, data in files.items() if name.startswith(PACKAGE)}
    covered = sum(int(data["summary"]["covered_lines"]) for data in ours.values())
    statements = sum(int(data["summary"]["num_statements"]) for data in ours.values())
    total = 100.0 * covered / statements if statements else 0.0
    failures: list[str] = []
    print(
        f"coverage of {PACKAGE}: {total:.2f} % ({covered} of {statements} statements,"
        f" {len(ours)} files; gate {TOTAL_MINIMUM:g} %)"
    )
    if total < TOTAL_MINIMUM:
        failures.append(f"total {total:.2f} % < {TOTAL_MINIMUM:g} %")
    for name in FULL_COVERAGE:
        data = files.get(name)
        if data is None:
            failures.append(f"{name}: not measured")
            continue
        share = percent(data["summary"])
        missing = data.get("missing_lines", [])
        print(f"coverage of {name}: {share:.2f} %")
        if missing:
            failures.append(f"{name}: {share:.2f} % < 100 %, lines not run: {line_ranges(missing)}")
    return failures


def main(argv: list[str]) -> int:
    """Run the gate on the report named by the only argument."""
    if len(argv) != 2:
        print(__doc__)
        return 2
    path = Path(argv[1])
    if not path.is_file():
        print(f"coverage gate: no report at {path}")
        return 2
    failures = check(json.loads(path.read_text(encoding="utf-8")))
    for failure in failures:
        print(f"coverage gate: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
