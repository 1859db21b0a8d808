#!/usr/bin/env bash
# Starts, on this machine and on loopback only, a three-node MariaDB Galera cluster
# (Debian's mariadb-server + galera-4), HAProxy in front of it and of two app nodes, and the
# two app nodes. Ports are free ones picked at start and written to $CLUSTER_DIR/ports.env.
# Stop everything with stop.sh. See docs/deploy.md.
#
#   src/test/cluster/start.sh            # galera + haproxy + two app nodes
#   src/test/cluster/start.sh --db-only  # galera + haproxy's database port (for the multi-node test)
set -euo pipefail
cd "$(dirname "$0")/../../.."
CLUSTER_DIR=${CLUSTER_DIR:-/tmp/crm-cluster}
DB_ONLY=false
[ "${1:-}" = "--db-only" ] && DB_ONLY=true

for tool in mariadbd mariadb-install-db haproxy rsync; do
	command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install mariadb-server galera-4 haproxy rsync" >&2; exit 1; }
done
[ -e /usr/lib/galera/libgalera_smm.so ] || { echo "missing galera-4: apt-get install galera-4" >&2; exit 1; }
if [ -e "$CLUSTER_DIR/ports.env" ]; then
	echo "$CLUSTER_DIR/ports.env exists: a cluster may be running. Run stop.sh first." >&2
	exit 1
fi
mkdir -p "$CLUSTER_DIR"
chmod 755 "$CLUSTER_DIR"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
{
	for n in 1 2 3; do
		echo "SQL_$n=$(free_port)"; echo "GCOMM_$n=$(free_port)"; echo "IST_$n=$(free_port)"; echo "SST_$n=$(free_port)"
	done
	echo "DB_PROXY=$(free_port)"; echo "APP_PROXY=$(free_port)"; echo "HAPROXY_STATS=$(free_port)"
	echo "APP_1=$(free_port)"; echo "APP_2=$(free_port)"
} > "$CLUSTER_DIR/ports.env"
# shellcheck disable=SC1091
. "$CLUSTER_DIR/ports.env"

sql() { mariadb --protocol=tcp -h127.0.0.1 -P"$1" -uroot "${@:2}"; }
ready() { sql "$1" -N -e "SHOW STATUS LIKE 'wsrep_ready'" 2>/dev/null | grep -q ON; }

start_node() {
	local n=$1 extra=${2:-}
	local dir="$CLUSTER_DIR/galera$n" sqlp gcomm ist sst
	sqlp=$(eval echo "\$SQL_$n"); gcomm=$(eval echo "\$GCOMM_$n"); ist=$(eval echo "\$IST_$n"); sst=$(eval echo "\$SST_$n")
	mkdir -p "$dir"
	# the nodes run as Debian's mysql user, as the packaged server does: the rsync state
	# transfer's daemon would otherwise drop from root to nobody and be refused the data dir
	chown mysql:mysql "$dir"
	cat > "$dir/my.cnf" <<CNF
[mysqld]
user=mysql
datadir=$dir/data
socket=$dir/mysqld.sock
pid-file=$dir/mysqld.pid
log-error=$dir/error.log
port=$sqlp
bind-address=127.0.0.1
character-set-server=utf8mb4
collation-server=utf8mb4_unicode_ci
binlog_format=ROW
default_storage_engine=InnoDB
innodb_autoinc_lock_mode=2
innodb_buffer_pool_size=128M
wsrep_on=ON
wsrep_provider=/usr/lib/galera/libgalera_smm.so
wsrep_cluster_name=crm_test_cluster
wsrep_cluster_address=gcomm://127.0.0.1:$GCOMM_1,127.0.0.1:$GCOMM_2,127.0.0.1:$GCOMM_3
wsrep_node_name=galera$n
wsrep_node_address=127.0.0.1:$gcomm
wsrep_provider_options="gmcast.listen_addr=tcp://127.0.0.1:$gcomm;ist.recv_addr=127.0.0.1:$ist;gcache.size=64M"
wsrep_sst_receive_address=127.0.0.1:$sst
wsrep_sst_method=rsync
CNF
	if [ ! -d "$dir/data/mysql" ]; then
		mariadb-install-db --defaults-file="$dir/my.cnf" --user=mysql --auth-root-authentication-method=normal \
			>"$dir/install.log" 2>&1
	fi
	# shellcheck disable=SC2086
	mariadbd --defaults-file="$dir/my.cnf" $extra >>"$dir/stdout.log" 2>&1 &
	echo $! > "$dir/launcher.pid"
	for _ in $(seq 1 120); do ready "$sqlp" && return 0; sleep 1; done
	echo "galera$n did not become ready; see $dir/error.log" >&2
	exit 1
}

started=$(date +%s)
echo "Bootstrapping galera1 on 127.0.0.1:$SQL_1 ..."
start_node 1 --wsrep-new-cluster
sql "$SQL_1" -e "CREATE DATABASE IF NOT EXISTS crm CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
	CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY ''; GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;"
for n in 2 3; do
	echo "Joining galera$n (state transfer by rsync) ..."
	start_node "$n"
done
size=$(sql "$SQL_1" -N -e "SHOW STATUS LIKE 'wsrep_cluster_size'" | awk '{print $2}')
echo "Galera cluster size: $size ($(($(date +%s) - started)) s)"

# One writer at a time (galera2 and 3 are backups): no certification conflicts between nodes in
# normal running; HAProxy moves to a backup when the writer stops answering.
cat > "$CLUSTER_DIR/haproxy.cfg" <<CFG
global
	daemon
	pidfile $CLUSTER_DIR/haproxy.pid
	maxconn 512
defaults
	timeout connect 5s
	timeout client 1h
	timeout server 1h
listen galera
	bind 127.0.0.1:$DB_PROXY
	mode tcp
	option tcpka
	server galera1 127.0.0.1:$SQL_1 check
	server galera2 127.0.0.1:$SQL_2 check backup
	server galera3 127.0.0.1:$SQL_3 check backup
listen app
	bind 127.0.0.1:$APP_PROXY
	mode http
	balance roundrobin
	option httpchk GET /actuator/health
	# a killed node: a refused connection is tried again, on the other node (redispatch), and
	# the health check takes the node out within about 2 s and back after two good answers
	retries 3
	option redispatch 1
	default-server inter 1s fall 2 rise 2
	timeout client 120s
	timeout server 120s
	server app1 127.0.0.1:$APP_1 check
	server app2 127.0.0.1:$APP_2 check
listen stats
	bind 127.0.0.1:$HAPROXY_STATS
	mode http
	stats enable
	stats uri /
CFG
haproxy -f "$CLUSTER_DIR/haproxy.cfg"
echo "HAProxy: database on 127.0.0.1:$DB_PROXY, app on http://127.0.0.1:$APP_PROXY, stats on :$HAPROXY_STATS"

if ! $DB_ONLY; then
	jar=$(ls target/whiskeysocket-crm-*.jar 2>/dev/null | grep -v plain | head -1 || true)
	if [ -z "$jar" ]; then
		echo "Packaging the app (./mvnw -q -DskipTests package) ..."
		./mvnw -q -DskipTests package
		jar=$(ls target/whiskeysocket-crm-*.jar | grep -v plain | head -1)
	fi
	# One node at a time: the first one migrates the schema (Flyway) before the second starts, since
	# two nodes migrating a fresh database at once deadlock on Galera (see docs/deploy.md).
	for n in 1 2; do
		port=$(eval echo "\$APP_$n")
		DB_URL="jdbc:mariadb://127.0.0.1:$DB_PROXY/crm" DB_USERNAME=root DB_PASSWORD= PORT=$port \
			BASE_URL="http://127.0.0.1:$APP_PROXY" CRM_ADMIN_PASSWORD="${CRM_ADMIN_PASSWORD:-cluster-admin-password}" \
			CRM_ENV_FILE=/nonexistent java -Dcrm.sync.node-id="app$n" -jar "$jar" >"$CLUSTER_DIR/app$n.log" 2>&1 &
		echo $! > "$CLUSTER_DIR/app$n.pid"
		for _ in $(seq 1 180); do
			curl -fs "http://127.0.0.1:$port/actuator/health" >/dev/null 2>&1 && break
			sleep 1
		done
		curl -fs "http://127.0.0.1:$port/actuator/health" >/dev/null || { echo "app$n did not start; see $CLUSTER_DIR/app$n.log" >&2; exit 1; }
	done
	echo "App nodes on :$APP_1 and :$APP_2; open http://127.0.0.1:$APP_PROXY (admin / \$CRM_ADMIN_PASSWORD)"
fi
echo "Started in $(($(date +%s) - started)) s. Ports: $CLUSTER_DIR/ports.env"
