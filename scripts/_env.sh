#!/usr/bin/env bash
# Shared helpers for scripts/*: provisions and caches the project's Python environments.
# Environments live in $ANKER_SOLIX_ENVS (default: <repo>/.envs, ignored by git).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ENVS="${ANKER_SOLIX_ENVS:-$REPO/.envs}"
CHROOT="$ENVS/forky-root"
mkdir -p "$ENVS"

log() { printf '[%s] %s\n' "$(basename "$0")" "$*" >&2; }

# python_at_least BIN MAJOR MINOR PATCH: true when BIN runs and is at least that version.
python_at_least() {
  "$1" -c "import sys; sys.exit(0 if sys.version_info[:3] >= ($2, $3, $4) else 1)" >/dev/null 2>&1
}

# find_python MAJOR MINOR PATCH [exact-minor]: prints an interpreter path or nothing.
find_python() {
  local major=$1 minor=$2 patch=$3 cand
  local -a cands=()
  for cand in "python$major.$minor" python3; do
    command -v "$cand" >/dev/null 2>&1 && cands+=("$(command -v "$cand")")
  done
  if command -v pyenv >/dev/null 2>&1; then
    local v
    for v in $(pyenv versions --bare 2>/dev/null); do
      [[ "$v" == "$major.$minor".* ]] && cands+=("$(pyenv root)/versions/$v/bin/python$major.$minor")
    done
  fi
  for cand in "${cands[@]}"; do
    if python_at_least "$cand" "$major" "$minor" "$patch" &&
       "$cand" -c "import sys; sys.exit(0 if sys.version_info[:2] == ($major, $minor) else 1)" 2>/dev/null; then
      echo "$cand"; return 0
    fi
  done
  return 0
}

# bootstrap_uv: a private uv binary (installed from PyPI into $ENVS/tools).
bootstrap_uv() {
  if [[ ! -x "$ENVS/tools/bin/uv" ]]; then
    log "installing uv into $ENVS/tools"
    python3 -m venv "$ENVS/tools"
    "$ENVS/tools/bin/pip" install --quiet uv
  fi
  echo "$ENVS/tools/bin/uv"
}

# requirement_files REQUIREMENTS: the file (relative to the repository) and, recursively, the
# files it includes with `-r` / `--requirement` (relative to the including file).
requirement_files() {
  local req=$1 line include
  echo "$req"
  while IFS= read -r line || [[ -n "$line" ]]; do
    line="${line%$'\r'}"
    case "$line" in
      "-r "* | "--requirement "* | "--requirement="*)
        include="${line#*[ =]}"
        include="${include#"${include%%[![:space:]]*}"}"
        requirement_files "$(dirname "$req")/${include%%[[:space:]]*}"
        ;;
    esac
  done <"$REPO/$req"
}

# requirements_sha REQUIREMENTS: the stamp of an environment installed from that file: a hash of
# it and the files it includes, so adding or changing another environment's file rebuilds nothing.
requirements_sha() {
  local file
  requirement_files "$1" | while IFS= read -r file; do cat "$REPO/$file"; done |
    sha256sum | cut -d' ' -f1
}

# ensure_venv NAME PYTHON REQUIREMENTS: creates/updates $ENVS/NAME when the requirements changed.
ensure_venv() {
  local name=$1 python=$2 req=$3 uv stamp
  uv="$(bootstrap_uv)"
  stamp="$ENVS/$name/.requirements.sha"
  local want
  want="$(requirements_sha "$req")"
  if [[ -x "$ENVS/$name/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    return 0
  fi
  log "creating environment $name with $python"
  rm -rf "$ENVS/$name"
  "$uv" venv --quiet --python "$python" "$ENVS/$name"
  SSL_CERT_FILE="${SSL_CERT_FILE:-/etc/ssl/certs/ca-certificates.crt}" \
    "$uv" pip install --quiet --python "$ENVS/$name/bin/python" -r "$REPO/$req"
  echo "$want" >"$stamp"
}

# ensure_chromium: Debian's chromium for the browser test (tests/browser), installed with apt-get
# when missing and running as root; never a browser download. False (with the reason) otherwise.
ensure_chromium() {
  command -v chromium >/dev/null 2>&1 && return 0
  if [[ "$(id -u)" != 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    log "no chromium, and installing it needs root and apt-get: the browser test cannot run"
    return 1
  fi
  log "installing Debian's chromium for the browser test"
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } \
    >"$ENVS/apt-chromium.log" 2>&1; then
    log "apt-get install chromium failed, see $ENVS/apt-chromium.log"
    return 1
  fi
  command -v chromium >/dev/null 2>&1
}

# --- Python >= 3.14.2 in a Debian testing chroot (root on Debian, no interpreter available) ---
chroot_mount() {
  mountpoint -q "$CHROOT/proc" || mount -t proc proc "$CHROOT/proc"
  mountpoint -q "$CHROOT/dev" || mount --bind /dev "$CHROOT/dev"
  mountpoint -q "$CHROOT/sys" || mount --bind /sys "$CHROOT/sys"
  mkdir -p "$CHROOT/repo"
  mountpoint -q "$CHROOT/repo" || mount --bind "$REPO" "$CHROOT/repo"
  cp /etc/resolv.conf "$CHROOT/etc/resolv.conf" 2>/dev/null || true
  [[ -f /etc/ssl/certs/ca-certificates.crt ]] && cp /etc/ssl/certs/ca-certificates.crt "$CHROOT/etc/ssl/certs/ca-certificates.crt"
  [[ -f /etc/pip.conf ]] && cp /etc/pip.conf "$CHROOT/etc/pip.conf"
  return 0
}

chroot_umount() {
  local m
  for m in repo sys dev proc; do
    mountpoint -q "$CHROOT/$m" 2>/dev/null && umount -l "$CHROOT/$m" || true
  done
}

ensure_chroot() {
  if [[ -x "$CHROOT/usr/bin/python3.14" && -f "$CHROOT/.complete" ]]; then
    return 0
  fi
  [[ "$(id -u)" == 0 ]] || { log "need root to build the Debian testing chroot"; return 1; }
  command -v apt-get >/dev/null || { log "no apt-get: cannot provision Python 3.14"; return 1; }
  chroot_umount
  rm -rf "$CHROOT"
  if ! command -v debootstrap >/dev/null; then
    log "installing debootstrap"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  fi
  log "bootstrapping Debian testing (forky) with python3.14 into $CHROOT (about 90 s)"
  debootstrap --variant=minbase --include=python3.14,python3.14-venv,ca-certificates \
    forky "$CHROOT" http://deb.debian.org/debian /usr/share/debootstrap/scripts/sid >"$ENVS/debootstrap.log" 2>&1 \
    || { log "debootstrap failed, see $ENVS/debootstrap.log"; return 1; }
  touch "$CHROOT/.complete"
}

# ensure_chroot_venv [VENV REQUIREMENTS]: a venv inside the chroot (default: /opt/ha with the
# 2026 test requirements), created/updated when its requirements changed.
ensure_chroot_venv() {
  local venv=${1:-/opt/ha} req=${2:-requirements/test-ha2026.txt}
  ensure_chroot
  chroot_mount
  local want stamp="$CHROOT$venv/.requirements.sha"
  want="$(requirements_sha "$req")"
  if [[ -f "$CHROOT$venv/pyvenv.cfg" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    return 0
  fi
  log "creating $venv inside the chroot"
  rm -rf "${CHROOT:?}$venv"
  chroot "$CHROOT" python3.14 -m venv "$venv"
  chroot "$CHROOT" "$venv/bin/pip" install --quiet uv
  chroot "$CHROOT" env SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt \
    "$venv/bin/uv" pip install --quiet --python "$venv/bin/python" -r "/repo/$req"
  echo "$want" >"$stamp"
}
