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
# Full runs (no pytest arguments) measure line coverage of custom_components/anker_solix/ (the
# integration and its library; settings in pyproject.toml [tool.coverage.*]) and gate it with
# scripts/_coverage_gate.py (its thresholds: the total, and 100 % of the config and options flows
# and their schemas). The data and reports (JSON, HTML) go to htmlcov/ha<Home Assistant version>/.
# Full runs also spread the tests over the machine's cores (pytest-xdist, a dependency of
# pytest-homeassistant-custom-component): ANKER_SOLIX_TEST_WORKERS, default 2 (0 = one process).
cov_args=()
if [[ $# -eq 0 ]]; then
  workers="${ANKER_SOLIX_TEST_WORKERS:-2}"
  [[ "$workers" == 0 ]] || cov_args+=(-n "$workers")
  cov_dir="htmlcov/ha$("$py" -c 'from homeassistant.const import __version__; print(__version__)')"
  rm -rf "$cov_dir" && mkdir -p "$cov_dir"
  export COVERAGE_FILE="$cov_dir/.coverage"
  cov_args+=(--cov=custom_components/anker_solix --cov-report=term:skip-covered
    --cov-report="json:$cov_dir/coverage.json" --cov-report="html:$cov_dir")
fi
"$py" -m pytest -p no:cacheprovider -m "not browser" "${cov_args[@]}" "$@"
rc=$?
# pytest exit 5 = no tests collected: a suite that runs nothing is a failure here.
[[ $rc -eq 0 ]] || failed+=("pytest (exit $rc)")
if [[ ${#cov_args[@]} -gt 0 ]]; then
  "$py" scripts/_coverage_gate.py "$cov_dir/coverage.json" || failed+=("coverage gate")
  unset COVERAGE_FILE
fi
# The browser test (marker `browser`) runs apart, with $BROWSER_PYTHON (set by scripts/test for
# the ha2025 target: its environment has the frontend and Playwright), on full runs only, and
# is not part of the coverage figure.
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
