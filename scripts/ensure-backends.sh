#!/usr/bin/env bash
# Makes sure the tests' PostgreSQL and Redis answer on 127.0.0.1 (and promtool is there), and says what it did.
#   PostgreSQL: started if installed but stopped, installed from Debian if missing; copes with trust and
#     scram-sha-256 by creating its own role (nodes_test / nodes_test, CREATEDB) through the local socket.
#   Redis: started if installed but stopped, installed from Debian if missing.
set -euo pipefail

PG_HOST=127.0.0.1
PG_PORT=${NODES_TEST_PG_PORT:-5432}
TEST_ROLE=nodes_test
TEST_PASSWORD=nodes_test
REDIS_PORT=${NODES_TEST_REDIS_PORT:-6379}

say() { echo "[backends] $*"; }
source "$(dirname "$0")/apt.sh"

as_postgres() { runuser -u postgres -- "$@"; }

ensure_postgres() {
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    say "PostgreSQL is not installed"
    apt_install postgresql postgresql-client
  fi
  if ! pg_isready -q -h "$PG_HOST" -p "$PG_PORT"; then
    version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -z "$version" ]; then
      version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
      say "creating PostgreSQL $version cluster 'main'"
      pg_createcluster "$version" main --port "$PG_PORT" >/dev/null
    fi
    say "starting PostgreSQL $version/main"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    for _ in $(seq 1 30); do pg_isready -q -h "$PG_HOST" -p "$PG_PORT" && break; sleep 1; done
    pg_isready -q -h "$PG_HOST" -p "$PG_PORT" || { say "PostgreSQL did not come up on $PG_HOST:$PG_PORT"; exit 1; }
  else
    say "PostgreSQL answers on $PG_HOST:$PG_PORT"
  fi
  # Our own role with a password works under both trust and scram-sha-256 authentication.
  if PGPASSWORD=$TEST_PASSWORD psql -h "$PG_HOST" -p "$PG_PORT" -U "$TEST_ROLE" -d postgres -tAc 'select 1' >/dev/null 2>&1; then
    say "role $TEST_ROLE can log in"
  else
    say "creating role $TEST_ROLE (password auth, CREATEDB) through the local socket"
    local sql="DO \$\$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$TEST_ROLE') THEN
          CREATE ROLE $TEST_ROLE LOGIN CREATEDB PASSWORD '$TEST_PASSWORD';
        ELSE
          ALTER ROLE $TEST_ROLE LOGIN CREATEDB PASSWORD '$TEST_PASSWORD';
        END IF; END \$\$;"
    if ! as_postgres psql -p "$PG_PORT" -d postgres -qc "$sql" 2>/dev/null; then
      psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -qc "$sql"
    fi
    PGPASSWORD=$TEST_PASSWORD psql -h "$PG_HOST" -p "$PG_PORT" -U "$TEST_ROLE" -d postgres -tAc 'select 1' >/dev/null \
      || { say "role $TEST_ROLE still cannot log in over TCP: check pg_hba.conf"; exit 1; }
  fi
}

ensure_redis() {
  if redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; then
    say "Redis answers on 127.0.0.1:$REDIS_PORT"
    return
  fi
  if ! command -v redis-server >/dev/null 2>&1; then
    say "Redis is not installed"
    apt_install redis-server
  fi
  say "starting Redis on 127.0.0.1:$REDIS_PORT"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$REDIS_PORT" --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/nodes-tests.log
  for _ in $(seq 1 20); do redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG && break; sleep 0.5; done
  redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping | grep -q PONG || { say "Redis did not come up"; exit 1; }
}

# promtool (from Debian's prometheus package) checks the service's /metrics exposition in the tests
ensure_promtool() {
  if command -v promtool >/dev/null 2>&1; then
    say "promtool present"
  else
    apt_install --no-install-recommends prometheus
  fi
}

ensure_postgres
ensure_redis
ensure_promtool
