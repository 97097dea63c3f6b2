#!/usr/bin/env bash
# The whole test suite: starts or installs what the tests need, then runs every module's tests.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-env.sh
bash scripts/ensure-backends.sh
# Chromium, Node.js and playwright-core for the tests that open flame graphs in a real browser
bash scripts/ensure-browser.sh
# the Kubernetes binaries (real API server for the operator tests, the local cluster for the end-to-end suite) and
# the base images: built once from Debian's packages and source, nothing to do afterwards
bash scripts/k8s-install.sh all
if ! command -v mvn >/dev/null 2>&1; then
  echo "[test] installing Maven from Debian"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq maven >/dev/null
fi
exec mvn -B -ntp verify "$@"
