#!/usr/bin/env bash
# Seeds the test clusters with a realistic mix of objects (see
# manifests/seed.yaml). Default: both berth-a and berth-b. Idempotent.
#   seed.sh [--context NAME]...
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
need "$KUBECTL"

contexts=()
while (($#)); do
  case "$1" in
    --context) contexts+=("$2"); shift 2 ;;
    --context=*) contexts+=("${1#*=}"); shift ;;
    -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
    *) die "unknown argument: $1" ;;
  esac
done
((${#contexts[@]})) || contexts=(berth-a berth-b)
[[ -f "$KUBECONFIG_OUT" ]] || die "no kubeconfig at $KUBECONFIG_OUT: run up.sh first"
M="$CLUSTER_SRC/manifests"

wait_until() { # wait_until DESCRIPTION TIMEOUT COMMAND...
  local what="$1" timeout="$2"; shift 2
  local deadline=$(( $(date +%s) + timeout ))
  until "$@" >/dev/null 2>&1; do
    (( $(date +%s) <= deadline )) || die "timed out after ${timeout}s waiting for $what"
    sleep 1
  done
}

seed_one() {
  local ctx="$1" t0
  t0=$(date +%s)
  k() { kc --context "$ctx" "$@"; }
  apply() { k apply --server-side --force-conflicts --field-manager=berth-seed "$@" >/dev/null; }
  log "$ctx: seeding"

  # Namespaces first: pods need each namespace's default service account.
  apply -f "$M/namespaces.yaml"
  for ns in team-a team-b shop data batch monitoring; do
    wait_until "service account default in $ns" 60 k -n "$ns" get serviceaccount default
  done
  apply -f "$M/seed.yaml"

  # A Deployment caught mid rolling update.
  # (Re-run safe: skipped once the template is at v2.)
  if [[ "$(k -n shop get deployment frontend -o jsonpath='{.spec.template.metadata.labels.version}' 2>/dev/null || true)" != v2 ]]; then
    apply -f "$M/frontend-v1.yaml"
    k -n shop rollout status deployment/frontend --timeout=120s >/dev/null
    k -n shop patch deployment frontend --type=strategic -p '{"spec":{"template":{"metadata":{"labels":{"version":"v2","berth.dev/simulate":"unready"}},"spec":{"containers":[{"name":"frontend","image":"ghcr.io/berth/frontend:2.0.0"}]}}}}' >/dev/null
    k -n shop annotate deployment frontend kubernetes.io/change-cause="roll out frontend 2.0.0" --overwrite >/dev/null
  fi

  # Events that a real kubelet would have recorded for the crash-looping pod.
  wait_until "pod team-a/crashloop-demo" 60 k -n team-a get pod crashloop-demo
  local uid now
  uid="$(k -n team-a get pod crashloop-demo -o jsonpath='{.metadata.uid}')"
  now="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  apply -f - <<YAML
apiVersion: v1
kind: Event
metadata: {name: crashloop-demo.backoff, namespace: team-a}
involvedObject: {apiVersion: v1, kind: Pod, name: crashloop-demo, namespace: team-a, uid: "$uid", fieldPath: "spec.containers{app}"}
reason: BackOff
message: Back-off restarting failed container app in pod crashloop-demo_team-a($uid)
type: Warning
count: 5
firstTimestamp: "$now"
lastTimestamp: "$now"
source: {component: kubelet, host: kwok-a-node-0}
---
apiVersion: v1
kind: Event
metadata: {name: crashloop-demo.pulled, namespace: team-a}
involvedObject: {apiVersion: v1, kind: Pod, name: crashloop-demo, namespace: team-a, uid: "$uid", fieldPath: "spec.containers{app}"}
reason: Pulled
message: Container image "ghcr.io/berth/crashy:0.1.0" already present on machine
type: Normal
count: 6
firstTimestamp: "$now"
lastTimestamp: "$now"
source: {component: kubelet, host: kwok-a-node-0}
YAML

  # Wait until the simulated workloads have settled.
  k -n team-a wait --for=jsonpath='{.status.phase}'=Running pod/multi-container-demo pod/crashloop-demo --timeout=120s >/dev/null
  k -n team-a wait --for=condition=Available deployment/api --timeout=120s >/dev/null
  k -n team-b wait --for=condition=Available deployment/worker --timeout=120s >/dev/null
  k -n shop wait --for=condition=Available deployment/cart --timeout=120s >/dev/null
  k -n data wait --for=jsonpath='{.status.readyReplicas}'=2 statefulset/postgres --timeout=180s >/dev/null
  k -n data wait --for=jsonpath='{.status.phase}'=Bound pvc/backups pvc/data-postgres-0 pvc/data-postgres-1 --timeout=120s >/dev/null
  k -n batch wait --for=condition=Complete job/db-migrate --timeout=120s >/dev/null
  k -n monitoring rollout status daemonset/node-exporter --timeout=120s >/dev/null
  # metrics-server needs two scrapes (15 s apart) before PodMetrics exist.
  wait_until "PodMetrics for team-a/multi-container-demo" 180 \
    k get --raw /apis/metrics.k8s.io/v1beta1/namespaces/team-a/pods/multi-container-demo
  log "$ctx: seeded in $(( $(date +%s) - t0 ))s"
}

# Clusters are seeded in parallel; any failure fails the whole run.
pids=()
for ctx in "${contexts[@]}"; do seed_one "$ctx" & pids+=($!); done
rc=0
for pid in "${pids[@]}"; do wait "$pid" || rc=1; done
exit "$rc"
