#!/usr/bin/env bash
# Creates a large cluster state for benchmarks: N extra kwok nodes and M pods
# spread over Deployments of up to 100 replicas in namespace "scale".
#   scale.sh --nodes N --pods M [--context NAME] [--no-wait]
#   scale.sh --reset [--context NAME]   (deletes namespace scale and the scale nodes)
# Idempotent: re-running with the same numbers changes nothing; a smaller
# --pods shrinks the Deployments (extra nodes are kept until --reset).
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
need "$KUBECTL"

nodes=100 pods=5000 ctx=berth-a wait=1 reset=0
while (($#)); do
  case "$1" in
    --nodes) nodes="$2"; shift 2 ;;
    --pods) pods="$2"; shift 2 ;;
    --context) ctx="$2"; shift 2 ;;
    --no-wait) wait=0; shift ;;
    --reset) reset=1; shift ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) die "unknown argument: $1" ;;
  esac
done
[[ "$nodes" =~ ^[0-9]+$ && "$pods" =~ ^[0-9]+$ ]] || die "--nodes and --pods take numbers"
(( nodes <= 480 )) || die "at most 480 scale nodes (pod CIDRs come from 198.18.0.0/15)"
(( nodes > 0 || pods == 0 )) || die "--pods needs --nodes > 0"
(( pods <= nodes * 240 )) || die "$pods pods do not fit on $nodes nodes (240 pods per node)"
[[ -f "$KUBECONFIG_OUT" ]] || die "no kubeconfig at $KUBECONFIG_OUT: run up.sh first"
k() { kc --context "$ctx" "$@"; }
apply() { k apply --server-side --force-conflicts --field-manager=berth-scale -f - >/dev/null; }
t0=$(date +%s)

if (( reset )); then
  log "$ctx: deleting namespace scale and the scale nodes"
  k delete namespace scale --ignore-not-found --timeout=600s >/dev/null
  k delete nodes -l berth.dev/scale=true --ignore-not-found >/dev/null
  rm -f "$STATE_DIR/.scale-deployments-$ctx"
  log "$ctx: reset done in $(( $(date +%s) - t0 ))s"
  exit 0
fi

gen_nodes() {
  local i idx name
  for ((i = 0; i < nodes; i++)); do
    idx=$(( i + 32 ))   # indexes 0-31 are left to up.sh's nodes
    name="kwok-scale-node-$i"
    cat <<YAML
apiVersion: v1
kind: Node
metadata:
  name: $name
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: "0"
    metrics.k8s.io/resource-metrics-path: "/metrics/nodes/$name/metrics/resource"
  labels:
    kubernetes.io/arch: amd64
    kubernetes.io/hostname: $name
    kubernetes.io/os: linux
    node-role.kubernetes.io/agent: ""
    topology.kubernetes.io/zone: zone-$(( i % 3 ))
    type: kwok
    berth.dev/scale: "true"
spec:
  podCIDR: 198.$(( 18 + idx / 256 )).$(( idx % 256 )).0/24
  podCIDRs: [198.$(( 18 + idx / 256 )).$(( idx % 256 )).0/24]
status:
  allocatable: {cpu: "64", memory: 512Gi, pods: "250"}
  capacity: {cpu: "64", memory: 512Gi, pods: "250"}
  nodeInfo: {architecture: amd64, operatingSystem: linux, osImage: kwok simulated node}
---
YAML
  done
}

gen_deployments() {
  local per=100 d=0 left="$pods" n
  echo "apiVersion: v1"; echo "kind: Namespace"; echo "metadata: {name: scale, labels: {berth.dev/scale: \"true\"}}"; echo "---"
  while (( left > 0 )); do
    n=$(( left < per ? left : per ))
    cat <<YAML
apiVersion: apps/v1
kind: Deployment
metadata:
  name: load-$d
  namespace: scale
  labels: {app: load-$d, berth.dev/scale: "true"}
spec:
  replicas: $n
  selector: {matchLabels: {app: load-$d}}
  template:
    metadata:
      labels: {app: load-$d}
    spec:
      nodeSelector: {berth.dev/scale: "true"}
      containers:
      - name: app
        image: ghcr.io/berth/load:1.0.0
        resources: {requests: {cpu: 1m, memory: 1Mi}}
---
YAML
    left=$(( left - n )); d=$(( d + 1 ))
  done
  echo "$d" > "$STATE_DIR/.scale-deployments-$ctx"
}

if (( nodes > 0 )); then
  log "$ctx: applying $nodes nodes"
  gen_nodes | apply
  deadline=$(( $(date +%s) + 300 ))
  until [[ "$(k get nodes -l berth.dev/scale=true -o jsonpath='{range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' | grep -c '^True$' || true)" -ge "$nodes" ]]; do
    (( $(date +%s) < deadline )) || die "scale nodes not Ready after 300s"
    sleep 2
  done
  log "$ctx: $nodes nodes Ready after $(( $(date +%s) - t0 ))s"
fi

if (( pods > 0 )); then
  k get namespace scale >/dev/null 2>&1 || { printf 'apiVersion: v1\nkind: Namespace\nmetadata: {name: scale}\n' | apply; }
  deadline=$(( $(date +%s) + 60 ))
  until k -n scale get serviceaccount default >/dev/null 2>&1; do
    (( $(date +%s) < deadline )) || die "no default service account in namespace scale"; sleep 1
  done
  log "$ctx: applying $pods pods in Deployments of 100"
  gen_deployments | apply
  # Shrinking: drop Deployments beyond the ones just applied.
  want="$(cat "$STATE_DIR/.scale-deployments-$ctx")"
  for dep in $(k -n scale get deployments -o name); do
    n="${dep##*/load-}"
    [[ "$n" =~ ^[0-9]+$ ]] && (( n >= want )) && k -n scale delete "$dep" --wait=false >/dev/null
  done
  if (( wait )); then
    deadline=$(( $(date +%s) + ${BERTH_SCALE_TIMEOUT:-1800} ))
    while :; do
      # Counted from the Deployments' status: listing 30,000 pods to count
      # them cost the API server about 6 s of CPU, slowing the very build.
      ready="$(k -n scale get deployments -o jsonpath='{range .items[*]}{.status.readyReplicas}{"\n"}{end}' 2>/dev/null | awk '{ n += $1 } END { print n + 0 }')"
      log "$ctx: $ready/$pods pods ready ($(( $(date +%s) - t0 ))s)"
      (( ready >= pods )) && break
      (( $(date +%s) < deadline )) || die "only $ready/$pods pods ready before timeout"
      sleep 10
    done
  fi
fi
log "$ctx: scale done in $(( $(date +%s) - t0 ))s"
