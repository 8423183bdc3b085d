#!/usr/bin/env bash
# Builds (once) every binary the Berth test clusters need, from the versions
# pinned in the go.mod files beside this script, into
#   ${BERTH_CACHE_DIR:-$HOME/.cache/berth}/cluster/<key>/bin
# where <key> hashes the component go.mod/go.sum/tools.go files, this script
# and the Go version (our own tool/ is cached under tool-<its own key>).
# A second run with the same key does nothing. Prints the bin dir on stdout.
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
need go flock sha256sum

# Fixed build settings (not inherited), so the cache key describes the output.
export GOFLAGS=-buildvcs=false
export CGO_ENABLED=0

BIN="$(bin_dir)"
KEYDIR="$(dirname "$BIN")"
start=$(date +%s)

# Our helper (PKI, kubeconfig, egress proxy): stdlib only, seconds to build.
TOOL="$(tool_path)"
if [[ ! -x "$TOOL" ]]; then
  mkdir -p "$(dirname "$TOOL")"
  (cd "$CLUSTER_SRC/tool" && go build -ldflags='-s -w' -o "$TOOL.$$.tmp" .) || die "building berth-cluster-tool failed"
  mv "$TOOL.$$.tmp" "$TOOL"
  log "build: berth-cluster-tool built"
fi

# Drop cache entries of other pinned versions not used for a week.
prune() {
  touch "$KEYDIR" "$(dirname "$TOOL")"
  find "$CACHE_ROOT" -mindepth 1 -maxdepth 1 -type d -mtime +7 \
    ! -name "$(basename "$KEYDIR")" ! -name "$(basename "$(dirname "$TOOL")")" \
    -exec rm -rf {} + 2>/dev/null || true
}

if [[ -f "$BIN/.complete" ]]; then
  prune
  log "build: warm cache hit ($BIN), 0s"
  echo "$BIN"
  exit 0
fi

mkdir -p "$KEYDIR"
exec 9>"$KEYDIR/.lock"
flock 9
if [[ -f "$BIN/.complete" ]]; then   # another build finished while we waited
  log "build: warm cache hit after wait ($BIN)"
  echo "$BIN"
  exit 0
fi

TMP="$KEYDIR/bin.partial"
mkdir -p "$TMP"
kver="$(cd "$CLUSTER_SRC/kube" && go list -m -f '{{.Version}}' k8s.io/kubernetes)"
kminor="$(echo "$kver" | cut -d. -f2)"
V=k8s.io/component-base/version
LDK="-s -w -X $V.gitVersion=$kver -X $V.gitMajor=1 -X $V.gitMinor=$kminor -X $V.gitTreeState=clean -X $V.buildDate=1970-01-01T00:00:00Z"

step() { # step NAME MODULE_DIR OUT go-build-args...
  local name="$1" dir="$2" out="$3"; shift 3
  local t0; t0=$(date +%s)
  if [[ -f "$TMP/.done-$name" ]]; then log "build: $name already built"; return; fi
  log "build: $name ..."
  (cd "$CLUSTER_SRC/$dir" && go build -o "$out" "$@") || die "building $name failed"
  touch "$TMP/.done-$name"
  log "build: $name done in $(( $(date +%s) - t0 ))s"
}

step kube kube "$TMP/" -ldflags="$LDK" \
  k8s.io/kubernetes/cmd/kube-apiserver \
  k8s.io/kubernetes/cmd/kube-controller-manager \
  k8s.io/kubernetes/cmd/kube-scheduler
step etcd etcd "$TMP/etcd" -ldflags='-s -w' go.etcd.io/etcd/server/v3
step kwok kwok "$TMP/" -ldflags='-s -w' sigs.k8s.io/kwok/cmd/kwok
step metrics metrics "$TMP/" -ldflags='-s -w' sigs.k8s.io/metrics-server/cmd/metrics-server

# kwok's own stage/metric definitions, taken from the pinned kwok module so they
# always match the kwok binary.
kwokdir="$(cd "$CLUSTER_SRC/kwok" && go list -m -f '{{.Dir}}' sigs.k8s.io/kwok)"
mkdir -p "$TMP/kwok-assets"
for f in stage/pod/fast/pod-ready.yaml stage/pod/fast/pod-complete.yaml stage/pod/fast/pod-delete.yaml \
         metrics/resource/metrics-resource.yaml metrics/usage/usage-from-annotation.yaml; do
  cp "$kwokdir/kustomize/$f" "$TMP/kwok-assets/$(basename "$f")"
done

for b in kube-apiserver kube-controller-manager kube-scheduler etcd kwok metrics-server; do
  [[ -x "$TMP/$b" ]] || die "missing $b after build"
done
rm -f "$TMP"/.done-*
rm -rf "$BIN"
mv "$TMP" "$BIN"
touch "$BIN/.complete"
prune
log "build: cache miss, built in $(( $(date +%s) - start ))s -> $BIN"
echo "$BIN"
