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
# The browser test (marker `browser`) runs apart, with $BROWSER_PYTHON (set by scripts/test for
# the ha2025 target: its environment has the frontend and Playwright), on full runs only.
"$py" -m pytest -p no:cacheprovider -m "not browser" "$@"
rc=$?
# pytest exit 5 = no tests collected: a suite that runs nothing is a failure here.
[[ $rc -eq 0 ]] || failed+=("pytest (exit $rc)")
if [[ -n "${BROWSER_PYTHON:-}" ]]; then
  if [[ $# -eq 0 ]]; then
    "$BROWSER_PYTHON" -m pytest -p no:cacheprovider -m browser tests/browser
    rc=$?
    [[ $rc -eq 0 ]] || failed+=("browser test (exit $rc)")
  else
    echo "browser test not run (pytest arguments given): $BROWSER_PYTHON -m pytest -m browser tests/browser"
  fi
fi
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "FAILED checks: ${failed[*]}"
  exit 1
fi
echo "all checks passed"
