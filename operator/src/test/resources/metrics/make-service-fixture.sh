#!/usr/bin/env bash
# Regenerates service-metrics-1.txt and service-metrics-2.txt: two /metrics scrapes of the REAL
# service, with known traffic in between, for the operator's parser and p95 tests.
#   bash operator/src/test/resources/metrics/make-service-fixture.sh     (from the repository root)
# Builds the service jar, runs it on 127.0.0.1:18099 with its embedded PostgreSQL (no APP_DB_URL) and
# the in-memory node cache (no APP_REDIS_URL), mints an HS256 token with a throwaway secret, drives
# requests, and saves /metrics before and after a second batch. Nothing leaves loopback.
set -euo pipefail
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
root=$(cd "$(dirname "$0")/../../../../.." && pwd)
out=$(cd "$(dirname "$0")" && pwd)
cd "$root"
mvn -B -q -ntp -pl service -am package -DskipTests
port=18099
secret=fixture-secret-0123456789abcdef0123456789
work=$(mktemp -d)
APP_HTTP_PORT=$port APP_JWT_SECRET=$secret APP_WORKERS_ENABLED=false \
  "$JAVA_HOME/bin/java" -jar service/target/nodes-service-0.1.0-SNAPSHOT.jar >"$work/service.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 1; done
token=$(python3 - "$secret" <<'PY'
import base64, hashlib, hmac, json, sys, time
b64 = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
head = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
body = b64(json.dumps({"sub": "fixture-user", "role": "admin", "exp": int(time.time()) + 3600}).encode())
sig = b64(hmac.new(sys.argv[1].encode(), f"{head}.{body}".encode(), hashlib.sha256).digest())
print(f"{head}.{body}.{sig}")
PY
)
api() { curl -s -o /dev/null -w '%{http_code}\n' -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$@"; }
ids=()
for i in 1 2 3; do
  id=$(curl -s -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"title\":\"Fixture $i\",\"content\":\"text $i\",\"is_public\":true,\"status\":\"published\"}" \
    "http://127.0.0.1:$port/v1/nodes" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  ids+=("$id")
done
for id in "${ids[@]}"; do for _ in 1 2 3 4 5; do api "http://127.0.0.1:$port/v1/nodes/$id"; done; done >/dev/null
api "http://127.0.0.1:$port/v1/nodes/00000000-0000-0000-0000-000000000000" >/dev/null
for _ in 1 2 3; do api "http://127.0.0.1:$port/v1/notifications/unread-count"; done >/dev/null
curl -s "http://127.0.0.1:$port/metrics" >"$out/service-metrics-1.txt"
# the second batch: 40 reads of existing nodes (cache hits), 10 of a missing one, 10 listings,
# 30 unread counts and 20 inbox pages
for _ in $(seq 1 40); do api "http://127.0.0.1:$port/v1/nodes/${ids[0]}"; done >/dev/null
for _ in $(seq 1 10); do api "http://127.0.0.1:$port/v1/nodes/00000000-0000-0000-0000-000000000000"; done >/dev/null
for _ in $(seq 1 10); do api "http://127.0.0.1:$port/v1/nodes?limit=5"; done >/dev/null
for _ in $(seq 1 30); do api "http://127.0.0.1:$port/v1/notifications/unread-count"; done >/dev/null
for _ in $(seq 1 20); do api "http://127.0.0.1:$port/v1/notifications?limit=10"; done >/dev/null
curl -s "http://127.0.0.1:$port/metrics" >"$out/service-metrics-2.txt"
echo "wrote $out/service-metrics-1.txt and service-metrics-2.txt"
