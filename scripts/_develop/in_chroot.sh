#!/usr/bin/env bash
# scripts/develop --ha 2026 without Python >= 3.14.2 on the machine: provisions /opt/develop in
# the Debian testing chroot and runs the launcher there (Home Assistant 2026.10.4 and the
# simulator; the chroot shares the host's network, so 127.0.0.1:8123 is reachable from the host).
# Started by scripts/develop as root inside a private mount namespace (unshare --mount), so every
# mount made here disappears with the run's last process.
# Usage: in_chroot.sh HOST_CONFIG_DIR [HOST_SCENARIO_DIR] [launcher options...]
source "$(dirname "$0")/../_env.sh"
VENV=/opt/develop

# seen_from_chroot HOST_PATH: the path of HOST_PATH inside the chroot. The repository is /repo;
# a folder elsewhere is bind-mounted under /mnt/host; anything else is passed unchanged.
seen_from_chroot() {
  local host=$1
  if [[ "$host" == "$REPO" || "$host" == "$REPO"/* ]]; then
    echo "/repo${host#"$REPO"}"
  elif [[ "$host" == /* && -d "$host" ]]; then
    mkdir -p "$CHROOT/mnt/host$host"
    mountpoint -q "$CHROOT/mnt/host$host" || mount --bind "$host" "$CHROOT/mnt/host$host"
    echo "/mnt/host$host"
  else
    echo "$host"
  fi
}

# ensure_native_builds: assist_pipeline's requirements (set up by default since Home Assistant
# 2026) have no Python 3.14 wheels: build them once with Debian's compiler, so Home Assistant
# neither fails to set it up nor tries to build them on every start. Failing here is harmless
# for this integration.
ensure_native_builds() {
  local manifest=$VENV/lib/python3.14/site-packages/homeassistant/components/assist_pipeline/manifest.json
  local -a reqs
  read -ra reqs < <(chroot "$CHROOT" "$VENV/bin/python" -c \
    'import json, sys; print(" ".join(json.load(open(sys.argv[1]))["requirements"]))' "$manifest")
  chroot "$CHROOT" "$VENV/bin/uv" pip install --quiet --offline --python "$VENV/bin/python" \
    "${reqs[@]}" >/dev/null 2>&1 && return 0
  log "building ${reqs[*]} for assist_pipeline (no Python 3.14 wheels; once)"
  if ! chroot "$CHROOT" sh -c 'command -v g++' >/dev/null; then
    # the machine clock may be past the archive's Valid-Until: do not let that block the update
    chroot "$CHROOT" apt-get -o Acquire::Check-Valid-Until=false update -qq &&
      chroot "$CHROOT" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends g++ python3.14-dev >/dev/null ||
      { log "could not install g++: assist_pipeline will not set up"; return 0; }
  fi
  chroot "$CHROOT" env SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt \
    "$VENV/bin/uv" pip install --quiet --python "$VENV/bin/python" "${reqs[@]}" ||
    log "could not build ${reqs[*]}: assist_pipeline will not set up"
}

ensure_chroot_venv "$VENV" requirements/develop-2026.txt # also mounts /proc, /dev, /sys, /repo
ensure_native_builds
host_config=$1
shift
args=(--config-dir "$(seen_from_chroot "$host_config")" --host-config-dir "$host_config")
if [[ $# -gt 0 && "$1" != -* ]]; then
  args+=("$(seen_from_chroot "$1")")
  shift
fi
exec chroot "$CHROOT" /usr/bin/env -i PATH="$VENV/bin:/usr/bin:/bin" HOME=/root LANG=C.UTF-8 \
  SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt \
  /bin/sh -c 'cd /repo && exec "$@"' sh "$VENV/bin/python" -m scripts._develop.launch "${args[@]}" "$@"
