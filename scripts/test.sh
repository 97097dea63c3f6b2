#!/usr/bin/env bash
# The whole test suite: starts or installs what the tests need, then runs every module's tests.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-env.sh
bash scripts/ensure-backends.sh
if [ -f scripts/kube-apiserver-binaries.sh ]; then
  bash scripts/kube-apiserver-binaries.sh
fi
if ! command -v mvn >/dev/null 2>&1; then
  echo "[test] installing Maven from Debian"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq maven >/dev/null
fi
exec mvn -B -ntp verify "$@"
