#!/usr/bin/env bash
# Starts two independent local Kubernetes control planes (etcd, kube-apiserver,
# kube-controller-manager, kube-scheduler, kwok, metrics-server), all bound to
# 127.0.0.1 with TLS, writes $BERTH_CLUSTER_DIR/kubeconfig and waits until both
# are ready. Idempotent: components that are already running are left alone.
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
need go "$KUBECTL" setsid base64 sha256sum

t_start=$(date +%s)
BIN="$(bash "$CLUSTER_SRC/build.sh" | tail -n 1)"
[[ -f "$BIN/.complete" ]] || die "build did not produce $BIN"
TOOL="$(tool_path)"
NODES_PER_CLUSTER="${BERTH_CLUSTER_NODES:-3}"
READY_TIMEOUT="${BERTH_CLUSTER_READY_TIMEOUT:-180}"

mkdir -p "$STATE_DIR"
echo "$BIN" > "$STATE_DIR/bin-dir"

# start NAME CLUSTER BINARY ARGS...: start a component in the background unless
# its pid file names a live process. Its output goes to logs/NAME.log.
start() {
  local name="$1" c="$2" bin="$3"; shift 3
  local d="$STATE_DIR/$c"
  local pf="$d/pids/$name.pid"
  if is_running "$pf"; then
    return 0
  fi
  mkdir -p "$d/pids" "$d/logs"
  local port=""
  case "$name" in
    etcd) port="$(etcd_port "$c")" ;;
    kube-apiserver) port="$(apiserver_port "$c")" ;;
    kube-controller-manager) port="$(kcm_port "$c")" ;;
    kube-scheduler) port="$(sched_port "$c")" ;;
    kwok) port="$(kwok_port "$c")" ;;
    metrics-server) port="$(ms_port "$c")" ;;
  esac
  if [[ -n "$port" ]] && port_open "$port"; then
    die "$c: cannot start $name: 127.0.0.1:$port is already in use by another process (run down.sh, or move the ports with BERTH_PORT_BASE_A/BERTH_PORT_BASE_B)"
  fi
  [[ "$bin" == /* ]] || bin="$BIN/$bin"
  # setsid: own process group, so an interrupted up.sh does not take it down
  # and down.sh can stop it by pid.
  setsid "$bin" "$@" >>"$d/logs/$name.log" 2>&1 < /dev/null &
  echo $! > "$pf.tmp" && mv "$pf.tmp" "$pf"
  log "$c: started $name (pid $(cat "$pf"))"
}

# wait_for DESCRIPTION TIMEOUT COMMAND...
wait_for() {
  local what="$1" timeout="$2"; shift 2
  local deadline=$(( $(date +%s) + timeout ))
  until "$@" >/dev/null 2>&1; do
    if (( $(date +%s) > deadline )); then
      die "timed out after ${timeout}s waiting for $what (logs in $STATE_DIR/*/logs)"
    fi
    sleep 0.5
  done
}

ckc() { local c="$1"; shift; "$KUBECTL" --kubeconfig "$STATE_DIR/$c/admin.kubeconfig" "$@"; }

prepare() {
  local c="$1" d="$STATE_DIR/$1" p
  mkdir -p "$d/pids" "$d/logs" "$d/kwok/exec-root"
  p="$d/pki"
  "$TOOL" pki "$p"
  local server
  server="https://127.0.0.1:$(apiserver_port "$c")"
  for u in admin controller-manager scheduler kwok metrics-server; do
    "$TOOL" kubeconfig "$d/$u.kubeconfig" "berth-$c=$server,$p/ca.crt,$p/$u.crt,$p/$u.key"
  done

  cat > "$d/scheduler.yaml" <<EOF
apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
clientConnection:
  kubeconfig: $d/scheduler.kubeconfig
  qps: 500
  burst: 1000
leaderElection:
  leaderElect: false
EOF

  # Fake container output served by kwok for `kubectl logs` (current and
  # --previous), in the CRI log format a kubelet would read.
  if [[ ! -f "$d/kwok/container.log" ]]; then
    local i ts
    for i in $(seq 0 39); do
      ts="2025-01-01T00:$(printf %02d "$i"):00.000000000Z"
      printf '%s stdout F %s INFO berth-demo request %d handled path=/api/items status=200 duration=%dms\n' \
        "$ts" "${ts%%.*}Z" "$i" $(( i * 7 % 90 ))
    done > "$d/kwok/container.log.tmp"
    mv "$d/kwok/container.log.tmp" "$d/kwok/container.log"
    cat > "$d/kwok/previous.log" <<EOF
2025-01-01T00:00:00.000000000Z stdout F 2025-01-01T00:00:00Z INFO starting berth-demo
2025-01-01T00:00:01.000000000Z stderr F 2025-01-01T00:00:01Z ERROR failed to connect to database: connection refused
2025-01-01T00:00:01.100000000Z stderr F 2025-01-01T00:00:01Z FATAL exiting with code 1
EOF
  fi

  # kube-apiserver's "cluster" egress (kubelets = kwok, pods, services,
  # aggregated APIs) goes through our loopback-only CONNECT proxy.
  cat > "$d/egress-selector.yaml" <<EOF
apiVersion: apiserver.k8s.io/v1beta1
kind: EgressSelectorConfiguration
egressSelections:
- name: cluster
  connection:
    proxyProtocol: HTTPConnect
    transport:
      uds:
        udsName: $d/egress.sock
EOF

  local assets="$BIN/kwok-assets"
  {
    for f in pod-ready pod-complete pod-delete metrics-resource usage-from-annotation; do
      cat "$assets/$f.yaml"; printf '\n---\n'
    done
    cat "$CLUSTER_SRC/manifests/kwok-extra-stages.yaml"; printf '\n---\n'
    cat <<EOF
apiVersion: kwok.x-k8s.io/v1alpha1
kind: ClusterLogs
metadata:
  name: berth-logs
spec:
  logs:
  - logsFile: $d/kwok/container.log
    previousLogsFile: $d/kwok/previous.log
    follow: true
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: ClusterExec
metadata:
  name: berth-exec
spec:
  execs:
  - local:
      workDir: $d/kwok/exec-root
      envs:
      - name: BERTH_CLUSTER
        value: berth-$c
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: ClusterPortForward
metadata:
  name: berth-port-forward
spec:
  forwards:
  - command:
    - sh
    - -c
    - |
      read -r _line
      body="hello from berth-$c via kwok port-forward"
      printf 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s' "\${#body}" "\$body"
EOF
  } > "$d/kwok.yaml.tmp"
  mv "$d/kwok.yaml.tmp" "$d/kwok.yaml"
}

start_etcd() {
  local c="$1" d="$STATE_DIR/$1"
  start etcd "$c" etcd \
    --name="berth-$c" \
    --data-dir="$d/etcd-data" \
    --listen-client-urls="http://127.0.0.1:$(etcd_port "$c")" \
    --advertise-client-urls="http://127.0.0.1:$(etcd_port "$c")" \
    --listen-peer-urls="http://127.0.0.1:$(etcd_peer_port "$c")" \
    --initial-advertise-peer-urls="http://127.0.0.1:$(etcd_peer_port "$c")" \
    --initial-cluster="berth-$c=http://127.0.0.1:$(etcd_peer_port "$c")" \
    --listen-metrics-urls="" \
    --auto-compaction-retention=1 \
    --quota-backend-bytes=8589934592 \
    --unsafe-no-fsync=true \
    --log-level=warn
}

start_egress() {
  local c="$1" d="$STATE_DIR/$1"
  start egress-proxy "$c" "$TOOL" egress-proxy "$d/egress.sock"
}

start_apiserver() {
  local c="$1" d="$STATE_DIR/$1" p="$STATE_DIR/$1/pki"
  # berth-a serves lists as API servers did before streaming lists (and as many still do,
  # with their WatchList feature off): the app pages its lists there, and streams berth-b's.
  local gates=()
  [[ "$c" == a ]] && gates=(--feature-gates=WatchList=false)
  start kube-apiserver "$c" kube-apiserver "${gates[@]}" \
    --etcd-servers="http://127.0.0.1:$(etcd_port "$c")" \
    --bind-address=127.0.0.1 \
    --advertise-address=127.0.0.1 \
    --endpoint-reconciler-type=none \
    --egress-selector-config-file="$d/egress-selector.yaml" \
    --secure-port="$(apiserver_port "$c")" \
    --tls-cert-file="$p/apiserver.crt" --tls-private-key-file="$p/apiserver.key" \
    --client-ca-file="$p/ca.crt" \
    --service-account-key-file="$p/sa.pub" \
    --service-account-signing-key-file="$p/sa.key" \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-cluster-ip-range=198.19.0.0/16 \
    --authorization-mode=Node,RBAC \
    --allow-privileged=true \
    --kubelet-client-certificate="$p/apiserver-kubelet-client.crt" \
    --kubelet-client-key="$p/apiserver-kubelet-client.key" \
    --kubelet-preferred-address-types=InternalIP \
    --proxy-client-cert-file="$p/front-proxy-client.crt" \
    --proxy-client-key-file="$p/front-proxy-client.key" \
    --requestheader-client-ca-file="$p/front-proxy-ca.crt" \
    --requestheader-allowed-names=front-proxy-client \
    --requestheader-username-headers=X-Remote-User \
    --requestheader-group-headers=X-Remote-Group \
    --requestheader-extra-headers-prefix=X-Remote-Extra- \
    --max-requests-inflight=1000 \
    --event-ttl=168h \
    --max-mutating-requests-inflight=500 \
    --profiling=false
}

start_rest() {
  local c="$1" d="$STATE_DIR/$1" p="$STATE_DIR/$1/pki"
  start kube-controller-manager "$c" kube-controller-manager \
    --kubeconfig="$d/controller-manager.kubeconfig" \
    --authentication-kubeconfig="$d/controller-manager.kubeconfig" \
    --authorization-kubeconfig="$d/controller-manager.kubeconfig" \
    --bind-address=127.0.0.1 --secure-port="$(kcm_port "$c")" \
    --root-ca-file="$p/ca.crt" \
    --service-account-private-key-file="$p/sa.key" \
    --cluster-signing-cert-file="$p/ca.crt" --cluster-signing-key-file="$p/ca.key" \
    --use-service-account-credentials=true \
    --leader-elect=false \
    --kube-api-qps=500 --kube-api-burst=1000 \
    --concurrent-deployment-syncs=10 --concurrent-replicaset-syncs=10 \
    --profiling=false
  start kube-scheduler "$c" kube-scheduler \
    --config="$d/scheduler.yaml" \
    --authentication-kubeconfig="$d/scheduler.kubeconfig" \
    --authorization-kubeconfig="$d/scheduler.kubeconfig" \
    --bind-address=127.0.0.1 --secure-port="$(sched_port "$c")" \
    --profiling=false
  start kwok "$c" kwok \
    --kubeconfig="$d/kwok.kubeconfig" \
    --config="$d/kwok.yaml" \
    --manage-all-nodes=false \
    --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake \
    --node-ip=127.0.0.1 \
    --node-name=localhost \
    --node-port="$(kwok_port "$c")" \
    --server-address="127.0.0.1:$(kwok_port "$c")" \
    --tls-cert-file="$p/kwok.crt" --tls-private-key-file="$p/kwok.key" \
    --node-lease-duration-seconds=40 \
    --cidr=198.18.0.0/16
  start metrics-server "$c" metrics-server \
    --kubeconfig="$d/metrics-server.kubeconfig" \
    --authentication-kubeconfig="$d/metrics-server.kubeconfig" \
    --authorization-kubeconfig="$d/metrics-server.kubeconfig" \
    --bind-address=127.0.0.1 --secure-port="$(ms_port "$c")" \
    --tls-cert-file="$p/metrics-server.crt" --tls-private-key-file="$p/metrics-server.key" \
    --kubelet-preferred-address-types=InternalIP \
    --kubelet-use-node-status-port \
    --kubelet-insecure-tls \
    --metric-resolution=15s
}

bootstrap() {
  local c="$1" d="$STATE_DIR/$1" i nodes=""
  local cabundle
  cabundle="$(base64 -w0 < "$d/pki/ca.crt")"
  for ((i = 0; i < NODES_PER_CLUSTER; i++)); do
    nodes+="$(node_manifest "kwok-$c-node-$i" "$i")"$'\n---\n'
  done
  ckc "$c" apply --server-side --force-conflicts --field-manager=berth-cluster -f - >/dev/null <<EOF
$nodes
apiVersion: v1
kind: Service
metadata:
  name: metrics-server
  namespace: kube-system
  labels: {app.kubernetes.io/name: metrics-server}
spec:
  type: ExternalName
  externalName: localhost
  ports:
  - name: https
    port: $(ms_port "$c")
    protocol: TCP
---
apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata:
  name: v1beta1.metrics.k8s.io
spec:
  group: metrics.k8s.io
  version: v1beta1
  groupPriorityMinimum: 100
  versionPriority: 100
  caBundle: $cabundle
  service:
    name: metrics-server
    namespace: kube-system
    port: $(ms_port "$c")
EOF
  if [[ "$c" == a ]]; then
    ckc "$c" apply --server-side --force-conflicts --field-manager=berth-cluster \
      -f "$CLUSTER_SRC/manifests/readonly-rbac.yaml" >/dev/null
  fi
}

# node_manifest NAME INDEX: a kwok-managed fake node on 127.0.0.1.
node_manifest() {
  cat <<EOF
apiVersion: v1
kind: Node
metadata:
  name: $1
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: "0"
    metrics.k8s.io/resource-metrics-path: "/metrics/nodes/$1/metrics/resource"
  labels:
    beta.kubernetes.io/arch: amd64
    beta.kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    kubernetes.io/hostname: $1
    kubernetes.io/os: linux
    kubernetes.io/role: agent
    node-role.kubernetes.io/agent: ""
    topology.kubernetes.io/zone: zone-$(( $2 % 3 ))
    type: kwok
spec:
  podCIDR: 198.18.$(( $2 % 256 )).0/24
  podCIDRs: [198.18.$(( $2 % 256 )).0/24]
status:
  allocatable: {cpu: "32", memory: 256Gi, pods: "250", ephemeral-storage: 1Ti}
  capacity: {cpu: "32", memory: 256Gi, pods: "250", ephemeral-storage: 1Ti}
  nodeInfo:
    architecture: amd64
    operatingSystem: linux
    osImage: kwok simulated node
EOF
}

all_nodes_ready() {
  local c="$1" want="$2" n
  n="$(ckc "$c" get nodes -l type=kwok -o jsonpath='{range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' | grep -c '^True$' || true)"
  (( n >= want ))
}

apiservice_available() {
  ckc "$1" get apiservice v1beta1.metrics.k8s.io \
    -o jsonpath='{.status.conditions[?(@.type=="Available")].status}' | grep -qx True
}

sa_ready() { ckc "$1" -n default get serviceaccount default; }

write_kubeconfig() {
  local pa="$STATE_DIR/a/pki" pb="$STATE_DIR/b/pki"
  "$TOOL" kubeconfig "$KUBECONFIG_OUT" \
    "berth-a=https://127.0.0.1:$(apiserver_port a),$pa/ca.crt,$pa/admin.crt,$pa/admin.key" \
    "berth-b=https://127.0.0.1:$(apiserver_port b),$pb/ca.crt,$pb/admin.crt,$pb/admin.key" \
    "berth-a-readonly=https://127.0.0.1:$(apiserver_port a),$pa/ca.crt,$pa/readonly.crt,$pa/readonly.key,team-a" \
    "berth-unreachable=https://127.0.0.1:$UNREACHABLE_PORT,$pa/ca.crt,$pa/admin.crt,$pa/admin.key" \
    --current berth-a
}

if port_open "$UNREACHABLE_PORT"; then
  die "something listens on 127.0.0.1:$UNREACHABLE_PORT, which must stay closed for the berth-unreachable context (set BERTH_UNREACHABLE_PORT)"
fi

for c in "${CLUSTERS[@]}"; do prepare "$c"; done
for c in "${CLUSTERS[@]}"; do start_etcd "$c"; start_egress "$c"; done
for c in "${CLUSTERS[@]}"; do
  wait_for "etcd $c" 60 port_open "$(etcd_port "$c")"
  wait_for "egress proxy $c" 30 test -S "$STATE_DIR/$c/egress.sock"
done
for c in "${CLUSTERS[@]}"; do start_apiserver "$c"; done
for c in "${CLUSTERS[@]}"; do
  wait_for "kube-apiserver $c /readyz" "$READY_TIMEOUT" ckc "$c" get --raw /readyz
done
for c in "${CLUSTERS[@]}"; do start_rest "$c"; done
for c in "${CLUSTERS[@]}"; do bootstrap "$c"; done
write_kubeconfig
for c in "${CLUSTERS[@]}"; do
  wait_for "kwok nodes ready in $c" "$READY_TIMEOUT" all_nodes_ready "$c" "$NODES_PER_CLUSTER"
  wait_for "default service account in $c" "$READY_TIMEOUT" sa_ready "$c"
  wait_for "metrics.k8s.io APIService in $c" "$READY_TIMEOUT" apiservice_available "$c"
done

log "both clusters ready in $(( $(date +%s) - t_start ))s; KUBECONFIG=$KUBECONFIG_OUT (contexts: berth-a, berth-b, berth-a-readonly, berth-unreachable)"
