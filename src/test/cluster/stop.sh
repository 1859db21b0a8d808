#!/usr/bin/env bash
# Stops what start.sh started (app nodes, HAProxy, the three Galera nodes) and, with --clean,
# deletes their data directories.
set -uo pipefail
CLUSTER_DIR=${CLUSTER_DIR:-/tmp/crm-cluster}
[ -d "$CLUSTER_DIR" ] || { echo "nothing to stop in $CLUSTER_DIR"; exit 0; }

stop_pid() {
	local file=$1 pid
	[ -e "$file" ] || return 0
	pid=$(cat "$file")
	if kill "$pid" 2>/dev/null; then
		for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
	fi
	rm -f "$file"
}

for n in 1 2; do stop_pid "$CLUSTER_DIR/app$n.pid"; done
stop_pid "$CLUSTER_DIR/haproxy.pid"
# the last node to stop is the safe one to bootstrap from next time
for n in 3 2 1; do stop_pid "$CLUSTER_DIR/galera$n/mysqld.pid"; rm -f "$CLUSTER_DIR/galera$n/launcher.pid"; done
rm -f "$CLUSTER_DIR/ports.env"
if [ "${1:-}" = "--clean" ]; then
	rm -rf "$CLUSTER_DIR"
	echo "Stopped and removed $CLUSTER_DIR"
else
	echo "Stopped; data kept in $CLUSTER_DIR (stop.sh --clean removes it)"
fi
