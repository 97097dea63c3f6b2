#!/usr/bin/env bash
# Installs everything the operator tests and the local cluster need, once; a second run does nothing (under 1 s).
#
#   1. Debian packages: containerd, runc, CNI plugins, iptables, conntrack, dnsmasq, socat, podman, mmdebstrap, gcc,
#      etcd-server and Go (to build Kubernetes).
#   2. Kubernetes v1.20.2 built from Debian bookworm's own `kubernetes` source package (complete vendor/ tree,
#      built offline with Debian's Go; no registry serves these binaries): kube-apiserver, kube-controller-manager,
#      kube-scheduler, kubelet, kube-proxy; etcd and a matching kubectl from Debian. They go where fabric8's
#      kube-api-test looks before it would download anything:
#        ${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}/k8s/1.20.2-linux-amd64/
#   3. The base images for scripts/images.sh (`images.sh base`): Debian minbase, a jlinked Temurin 25 JRE, pause, Redis.
#
#   k8s-install.sh             all of it (what scripts/test.sh and scripts/cluster.sh need)
#   k8s-install.sh apiserver   steps 1-2 for the API server alone (the operator's real-API-server tests)
#
# Cold: about 15 minutes and 4 GB on 2 busy cores. Needs root (apt-get). Prints the binaries' folder on its last line.
# Facts this relies on (found the hard way): 1.20 builds only in GOPATH mode; the generated OpenAPI file is not in
# the source tarball (`make gen_openapi`); the vendored reflect2 1.0.1 crashes under Go >= 1.18 on the first custom
# resource create (Debian's 1.0.2 is API-compatible); without the -X version flags the server reports v0.0.0.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
VERSION=1.20.2
OUT=${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}/k8s/$VERSION-linux-amd64
WORK=${KUBE_BUILD_DIR:-$HOME/.cache/nodes-k8s-build}
WHAT=${1:-all}
SERVER_BINS=(kube-apiserver kube-controller-manager)
NODE_BINS=(kube-scheduler kubelet kube-proxy)
BUILD_PKGS=(etcd-server golang-go dpkg-dev make jq rsync openssl golang-github-modern-go-reflect2-dev)
NODE_PKGS=(containerd runc containernetworking-plugins iptables conntrack dnsmasq-base socat podman mmdebstrap
           curl gcc libc6-dev binutils iproute2 util-linux)
log() { echo "k8s-install: $*" >&2; }
took() { local t0=$SECONDS; "$@"; log "$1 took $((SECONDS - t0)) s"; }

have() { local b; for b in "$@"; do [[ -x $OUT/$b ]] || return 1; done; }
case $WHAT in
  apiserver) WANT=("${SERVER_BINS[@]}" etcd kubectl); PKGS=("${BUILD_PKGS[@]}") ;;
  all) WANT=("${SERVER_BINS[@]}" "${NODE_BINS[@]}" etcd kubectl); PKGS=("${BUILD_PKGS[@]}" "${NODE_PKGS[@]}") ;;
  *) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2 ;;
esac

missing_pkgs() {
  local p
  for p in "${PKGS[@]}"; do
    [[ $(dpkg-query -W -f='${Status}' "$p" 2>/dev/null) == *'ok installed' ]] || echo "$p"
  done
}
images_done() { [[ $WHAT != all ]] || { command -v podman >/dev/null && "$HERE/images.sh" base --check; }; }

if have "${WANT[@]}" && [[ -z $(missing_pkgs) ]] && images_done; then
  log "everything is in place ($OUT)"
  echo "$OUT"; exit 0
fi
[[ $(id -u) == 0 ]] || { log "needs root (apt-get)"; exit 1; }
mkdir -p "$OUT" "$WORK"

# 1. Debian packages. Nothing starts them (no systemd here; cluster.sh runs containerd with its own config).
mapfile -t missing < <(missing_pkgs)
if (( ${#missing[@]} )); then
  apt_install() {
    apt-get -o DPkg::Lock::Timeout=300 update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}" >&2
  }
  log "installing from Debian: ${missing[*]}"
  took apt_install
fi

# 2. the Kubernetes binaries, from one prepared source tree and one GOCACHE
prepare_source() {
  # deb-src for the machine's own Debian sources, once
  if ! ls /etc/apt/sources.list.d/*.sources 2>/dev/null | xargs -r grep -qs '^Types:.*deb-src'; then
    if [[ -f /etc/apt/sources.list.d/debian.sources ]]; then
      sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources > /etc/apt/sources.list.d/debian-src.sources
    else
      sed -n 's/^deb /deb-src /p' /etc/apt/sources.list > /etc/apt/sources.list.d/debian-src.list
    fi
    apt-get -o DPkg::Lock::Timeout=300 update -qq >&2
  fi
  cd "$WORK"
  log "fetching Debian's kubernetes source package"
  rm -rf src.partial
  apt-get source --download-only kubernetes >&2
  dpkg-source -x kubernetes_*.dsc src.partial >&2
  rm -rf src.partial/vendor/github.com/modern-go/reflect2
  mkdir -p src.partial/vendor/github.com/modern-go/reflect2
  cp /usr/share/gocode/src/github.com/modern-go/reflect2/*.go /usr/share/gocode/src/github.com/modern-go/reflect2/*.s \
     src.partial/vendor/github.com/modern-go/reflect2/
  mv src.partial src
}

build_bins() {
  local bins=() b targets=()
  for b in "$@"; do have "$b" || bins+=("$b"); done
  (( ${#bins[@]} )) || return 0
  [[ -d $WORK/src ]] || prepare_source
  export GO111MODULE=off GOPROXY=off CGO_ENABLED=0 GOTOOLCHAIN=local GOCACHE=$WORK/gocache GOPATH=$WORK/gopath
  mkdir -p "$GOPATH/src/k8s.io" && ln -sfn "$WORK/src" "$GOPATH/src/k8s.io/kubernetes"
  cd "$GOPATH/src/k8s.io/kubernetes"
  if [[ ! -f pkg/generated/openapi/zz_generated.openapi.go ]]; then
    log "generating OpenAPI definitions"
    make gen_openapi >&2
  fi
  local P=k8s.io/kubernetes/vendor
  local LDF="-s -w -X $P/k8s.io/component-base/version.gitVersion=v$VERSION -X $P/k8s.io/component-base/version.gitMajor=1 -X $P/k8s.io/component-base/version.gitMinor=20 -X $P/k8s.io/component-base/version.gitTreeState=clean -X $P/k8s.io/client-go/pkg/version.gitVersion=v$VERSION"
  for b in "${bins[@]}"; do targets+=("./cmd/$b"); done
  log "building ${bins[*]} v$VERSION into $OUT (minutes)"
  go build -o "$OUT/" -ldflags "$LDF" "${targets[@]}"
}
if [[ $WHAT == all ]]; then took build_bins "${SERVER_BINS[@]}" "${NODE_BINS[@]}"; else took build_bins "${SERVER_BINS[@]}"; fi

ln -sfn /usr/bin/etcd "$OUT/etcd"
if ! have kubectl; then
  # kubectl matching the server, from Debian's kubernetes-client package, unpacked (not installed)
  cd "$WORK"
  apt-get download kubernetes-client >&2
  dpkg-deb -x kubernetes-client_*.deb kubectl-pkg
  cp kubectl-pkg/usr/bin/kubectl "$OUT/kubectl"
fi
"$OUT/kube-apiserver" --version >&2

# 3. base images (the pause image needs the source tree's pause.c)
if [[ $WHAT == all ]]; then
  KUBE_BUILD_DIR=$WORK "$HERE/images.sh" base >&2
fi
echo "$OUT"
