#!/usr/bin/env bash
# Runs the multi-node integration test (two app instances in one JVM) against the Galera
# cluster through HAProxy: start.sh --db-only first, stop.sh after.
set -euo pipefail
cd "$(dirname "$0")/../../.."
CLUSTER_DIR=${CLUSTER_DIR:-/tmp/crm-cluster}
# shellcheck disable=SC1091
. "$CLUSTER_DIR/ports.env"
mariadb --protocol=tcp -h127.0.0.1 -P"$DB_PROXY" -uroot -e "DROP DATABASE IF EXISTS crm_multinode;
	CREATE DATABASE crm_multinode CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
started=$(date +%s)
TEST_DATABASE_URL="jdbc:mariadb://127.0.0.1:$DB_PROXY/crm_multinode" TEST_DATABASE_USERNAME=root TEST_DATABASE_PASSWORD= \
	./mvnw -B -q test -Dtest='MultiNodeMySqlIntegrationTests,SyncRunsMySqlIntegrationTests' -Dsurefire.failIfNoSpecifiedTests=false
echo "Multi-node tests on Galera passed in $(($(date +%s) - started)) s"
grep -ho 'Multi-node [^<]*' target/surefire-reports/TEST-*MultiNode*.xml || true
