#!/usr/bin/env bash
# Builds the service and runs it on :8080. With no APP_DB_URL it starts an embedded PostgreSQL (data kept in
# var/pgdata); with no APP_REDIS_URL the node cache is in memory. Any other argument is a subcommand
# (serve, migrate, worker).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-env.sh
if ! command -v mvn >/dev/null 2>&1; then
  echo "[run] installing Maven from Debian"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq maven >/dev/null
fi
mvn -B -q -ntp -pl service -am package -DskipTests
exec "$JAVA_HOME/bin/java" -jar service/target/nodes-service-0.1.0-SNAPSHOT.jar "$@"
