#!/usr/bin/env bash
# The checks of one target: ruff, mypy and pytest with interpreter $1 (cwd = repository).
# Every check runs; the exit status is non-zero when any of them failed.
# Used by scripts/test on the host and inside the Debian testing chroot.
py=$1; shift
"$py" -c '
import sys
from homeassistant.const import __version__
print(f"Home Assistant {__version__} on Python {sys.version.split()[0]}", flush=True)
' || exit 1
failed=()
"$py" -m ruff check . || failed+=("ruff check")
"$py" -m ruff format --check . || failed+=("ruff format")
"$py" -m mypy || failed+=(mypy)
"$py" -m pytest -p no:cacheprovider "$@"
rc=$?
# pytest exit 5 = no tests collected: a suite that runs nothing is a failure here.
[[ $rc -eq 0 ]] || failed+=("pytest (exit $rc)")
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "FAILED checks: ${failed[*]}"
  exit 1
fi
echo "all checks passed"
