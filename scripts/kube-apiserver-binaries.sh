#!/usr/bin/env bash
# Provides the real Kubernetes API server binaries (v1.20.2: kube-apiserver, kube-controller-manager,
# etcd, kubectl) that the operator's tests start through fabric8 kube-api-test. Idempotent: when they
# are already in place it does nothing and says so. Otherwise it builds them with the shared tool
# ../shared/tools/kube-apiserver/install.sh (about 5 minutes and 3 GB the first time; needs root).
# Prints what it did; the last line is the binaries' folder.
set -euo pipefail
VERSION=1.20.2
DIR=${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}/k8s/$VERSION-linux-amd64
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
INSTALL=$REPO_ROOT/../shared/tools/kube-apiserver/install.sh

have_all() {
  local b
  for b in kube-apiserver kube-controller-manager etcd kubectl; do
    [[ -x $DIR/$b ]] || return 1
  done
}

if have_all; then
  echo "kube-apiserver-binaries: already present in $DIR, nothing to do"
  echo "$DIR"
  exit 0
fi
if [[ ! -f $INSTALL ]]; then
  echo "kube-apiserver-binaries: missing $DIR and no installer at $INSTALL (shared/ must sit beside the repository)" >&2
  exit 1
fi
echo "kube-apiserver-binaries: $DIR incomplete; building with $INSTALL (about 5 minutes the first time)"
# the shared folder may be read-only: run the installer from it, it writes only under $HOME
bash "$INSTALL" >&2
if ! have_all; then
  echo "kube-apiserver-binaries: the installer finished but $DIR is still incomplete" >&2
  exit 1
fi
echo "kube-apiserver-binaries: installed into $DIR"
echo "$DIR"
