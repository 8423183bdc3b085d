#!/usr/bin/env bash
# Stops every component started by up.sh and removes the state dir
# ($BERTH_CLUSTER_DIR, default /tmp/berth-cluster). Idempotent, and safe after
# an interrupted up.sh: processes are found through the pid files and, as a
# fallback, through their command lines, which always name the state dir.
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

# The state dir must look like ours before anything in it is deleted.
case "$STATE_DIR" in
  ""|/|/tmp|/root|/home|"$HOME") die "refusing to use state dir '$STATE_DIR'" ;;
esac

pids=()
if [[ -d "$STATE_DIR" ]]; then
  while IFS= read -r pf; do
    pid="$(cat "$pf" 2>/dev/null || true)"
    [[ "$pid" =~ ^[0-9]+$ ]] && alive "$pid" && owned "$pid" && pids+=("$pid")
  done < <(find "$STATE_DIR" -path '*/pids/*.pid' -type f 2>/dev/null)
fi
# Fallback for a component whose pid file was never written (up.sh killed
# between spawning it and recording it): any process of one of our binaries
# whose arguments point into the state dir.
for p in /proc/[0-9]*; do
  pid="${p#/proc/}"
  [[ "$pid" == "$$" ]] && continue
  exe="$(readlink "$p/exe" 2>/dev/null || true)"
  case "$(basename "$exe")" in
    etcd|kube-apiserver|kube-controller-manager|kube-scheduler|kwok|metrics-server|berth-cluster-tool)
      alive "$pid" && owned "$pid" && pids+=("$pid") ;;
  esac
done

if ((${#pids[@]})); then
  mapfile -t pids < <(printf '%s\n' "${pids[@]}" | sort -un)
  log "stopping ${#pids[@]} processes: ${pids[*]}"
  kill -TERM "${pids[@]}" 2>/dev/null || true
  for _ in $(seq 1 50); do
    left=()
    for pid in "${pids[@]}"; do alive "$pid" && left+=("$pid"); done
    ((${#left[@]})) || break
    sleep 0.2
  done
  for pid in "${pids[@]}"; do
    if alive "$pid"; then
      log "pid $pid did not stop on TERM: killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
fi

rm -rf "$STATE_DIR"
log "clusters stopped; removed $STATE_DIR"
