# Shared helpers for the Berth test-cluster scripts. Sourced, not executed.
# shellcheck shell=bash

CLUSTER_SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STATE_DIR="$(realpath -m "${BERTH_CLUSTER_DIR:-/tmp/berth-cluster}")"
CACHE_ROOT="${BERTH_CACHE_DIR:-${HOME:-/root}/.cache/berth}/cluster"
KUBECONFIG_OUT="$STATE_DIR/kubeconfig"
KUBECTL="${KUBECTL:-kubectl}"

# Every Go module whose pinned versions decide what gets built. Our own helper
# (tool/) is keyed separately so editing it does not relink the others.
GO_MODULES=(kube etcd kwok metrics)

# Fixed loopback ports. Cluster A uses base 16400, cluster B base 16500.
#   +43 kube-apiserver  +79/+80 etcd client/peer  +57 controller-manager
#   +59 scheduler       +47 kwok (kubelet-like)    +44 metrics-server
# shellcheck disable=SC2034 # used by the scripts that source this file
CLUSTERS=(a b)
# shellcheck disable=SC2034
UNREACHABLE_PORT="${BERTH_UNREACHABLE_PORT:-16999}"
port_base() { case "$1" in a) echo "${BERTH_PORT_BASE_A:-16400}" ;; b) echo "${BERTH_PORT_BASE_B:-16500}" ;; esac; }
apiserver_port() { echo $(( $(port_base "$1") + 43 )); }
etcd_port()      { echo $(( $(port_base "$1") + 79 )); }
etcd_peer_port() { echo $(( $(port_base "$1") + 80 )); }
kcm_port()       { echo $(( $(port_base "$1") + 57 )); }
sched_port()     { echo $(( $(port_base "$1") + 59 )); }
kwok_port()      { echo $(( $(port_base "$1") + 47 )); }
ms_port()        { echo $(( $(port_base "$1") + 44 )); }

log() { printf '[berth-cluster %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# cache_key: hash of everything that determines the binaries.
cache_key() {
  (
    cd "$CLUSTER_SRC" || exit 1
    for m in "${GO_MODULES[@]}"; do
      cat "$m/go.mod" "$m/go.sum" 2>/dev/null || true
      cat "$m"/*.go
    done
    cat build.sh
    go env GOVERSION GOOS GOARCH
  ) | sha256sum | cut -c1-16
}

bin_dir() { echo "$CACHE_ROOT/$(cache_key)/bin"; }

tool_key() {
  (cd "$CLUSTER_SRC/tool" && cat go.mod ./*.go && go env GOVERSION GOOS GOARCH) | sha256sum | cut -c1-16
}
tool_path() { echo "$CACHE_ROOT/tool-$(tool_key)/berth-cluster-tool"; }

# alive PID: running and not a zombie (a zombie still answers kill -0).
alive() {
  local st
  st="$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null || true)"
  [[ -n "$st" && "$st" != Z && "$st" != X ]]
}

# owned PID: the process's command line names our state dir, so a pid file
# left over from before a reboot never matches an unrelated process.
owned() {
  [[ -r "/proc/$1/cmdline" ]] && tr '\0' ' ' < "/proc/$1/cmdline" | grep -qF -- "$STATE_DIR/"
}

# is_running PIDFILE: true when the pid file names a live process of ours.
is_running() {
  local pf="$1" pid
  [[ -s "$pf" ]] || return 1
  pid="$(cat "$pf")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  alive "$pid" && owned "$pid"
}

# port_open PORT: true when something listens on 127.0.0.1:PORT.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

kc() { "$KUBECTL" --kubeconfig "$KUBECONFIG_OUT" "$@"; }

need() { # need COMMAND...: fail early with a clear message.
  local c
  for c in "$@"; do command -v "$c" >/dev/null || die "'$c' is not on PATH"; done
}
