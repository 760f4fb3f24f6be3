#!/usr/bin/env bash
# Runs inside the Debian testing chroot (see scripts/test): same checks as run_checks().
set -euo pipefail
py=/opt/ha/bin/python
"$py" -c '
import sys
from homeassistant.const import __version__
print(f"Home Assistant {__version__} on Python {sys.version.split()[0]}", flush=True)
'
"$py" -m ruff check .
"$py" -m ruff format --check .
"$py" -m mypy
"$py" -m pytest -p no:cacheprovider "$@"
