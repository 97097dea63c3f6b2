#!/usr/bin/env bash
# The project's container images, built with podman and no registry (none is reachable here).
#
#   images.sh [build] [TAG]  mvn package, then localhost/nodes-service:TAG and localhost/nodes-operator:TAG from
#                            service/Dockerfile and operator/Dockerfile over the local Java base (TAG defaults to the
#                            project version without -SNAPSHOT, e.g. 0.1.0). Prints both names.
#   images.sh base [--check] the local base images, each built once (about 2 minutes the first time):
#                              localhost/debian:bookworm-minbase  Debian 12 minbase + ca-certificates, tzdata (mmdebstrap)
#                              localhost/temurin:25-jre           that + this machine's Temurin 25, jlinked to
#                                                                 /opt/java/openjdk, as eclipse-temurin:25-jre sets it up
#                              localhost/pause:3.4                the pod sandbox, from the Kubernetes source's pause.c
#                              localhost/redis:7.0                Debian's redis-server 7.0, USER 10002
#                            --check only says (exit status) whether they are all there
#   images.sh list           the localhost/ images podman has, with their sizes
#
# On a machine with Docker and a registry the same Dockerfiles build as they are, over the public base they name by
# default (eclipse-temurin:25-jre) after `mvn package`: docker build -f service/Dockerfile -t nodes-service:0.1.0 .
# Here every build runs with --network=none --pull=never and BASE_IMAGE=localhost/temurin:25-jre, so it downloads
# nothing. Environment: JDK (default /usr/lib/jvm/temurin-25-jdk-amd64), KUBE_BUILD_DIR (k8s-install.sh's source
# tree), DEBIAN_MIRROR (default http://deb.debian.org), SKIP_MVN=1 (images from what target/ already holds).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JDK=${JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}
K8S_SRC=${KUBE_BUILD_DIR:-$HOME/.cache/nodes-k8s-build}/src
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org}
BASE_IMAGE=localhost/temurin:25-jre
BASES=(localhost/debian:bookworm-minbase "$BASE_IMAGE" localhost/pause:3.4 localhost/redis:7.0)
APT_LINES=("deb $MIRROR/debian bookworm main" "deb $MIRROR/debian bookworm-updates main"
           "deb $MIRROR/debian-security bookworm-security main")
SLIM=(--dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*')
# never podman's default network (a 10.88.0.0/16 bridge with masquerading), never a registry
BUILD=(timeout 1800 podman build --network=none --pull=never)
DEBOOTSTRAP=(timeout 900 mmdebstrap --quiet --variant=minbase "${SLIM[@]}")
log() { echo "images: $*" >&2; }

tmp=
trap '[[ -z $tmp ]] || rm -rf "$tmp"' EXIT
work() { [[ -n $tmp ]] || tmp=$(mktemp -d -p "${TMPDIR:-/tmp}" images.XXXXXX); }
took() { local t0=$SECONDS; "$@"; log "$1 took $((SECONDS - t0)) s"; }

minbase() {
  work
  "${DEBOOTSTRAP[@]}" --include=ca-certificates,tzdata bookworm "$tmp/minbase.tar" "${APT_LINES[@]}"
  podman import --quiet --change 'CMD ["/bin/bash"]' "$tmp/minbase.tar" localhost/debian:bookworm-minbase >/dev/null
  rm -f "$tmp/minbase.tar"
}

temurin() {
  work
  [[ -x $JDK/bin/jlink ]] || { log "no JDK at $JDK (set JDK to a Temurin 25 JDK)"; return 1; }
  # JDK 25 has no jmods/ (JEP 493): link from the run-time image with an explicit module list, leaving out the
  # development tools as a JRE does
  local mods
  mods=$("$JDK/bin/java" --list-modules | sed 's/@.*//' | grep -v -E '^jdk\.(hotspot\.agent|jpackage|jlink|javadoc|jshell|jconsole|internal\.(ed|le|opt|vm\.ci)|graal\..*|editpad|jdeps|jartool|jstatd|compiler|incubator\..*|jdi|jdwp\.agent|jsobject|accessibility)$' | paste -sd,)
  mkdir -p "$tmp/temurin"
  "$JDK/bin/jlink" --add-modules "$mods" --strip-debug --no-man-pages --no-header-files --generate-cds-archive \
    --output "$tmp/temurin/jre" >/dev/null
  cat > "$tmp/temurin/Dockerfile" <<'EOF'
FROM localhost/debian:bookworm-minbase
COPY jre /opt/java/openjdk
ENV JAVA_HOME=/opt/java/openjdk PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8
EOF
  "${BUILD[@]}" -q -t "$BASE_IMAGE" "$tmp/temurin" >/dev/null
  rm -rf "$tmp/temurin"
}

pause() {
  work
  [[ -f $K8S_SRC/build/pause/linux/pause.c ]] || { log "no $K8S_SRC/build/pause/linux/pause.c (run scripts/k8s-install.sh)"; return 1; }
  mkdir -p "$tmp/pause"
  gcc -Os -Wall -Werror -static -DVERSION=v3.4-local -o "$tmp/pause/pause" "$K8S_SRC/build/pause/linux/pause.c"
  strip "$tmp/pause/pause"
  printf 'FROM scratch\nADD pause /pause\nUSER 65535:65535\nENTRYPOINT ["/pause"]\n' > "$tmp/pause/Dockerfile"
  "${BUILD[@]}" -q -t localhost/pause:3.4 "$tmp/pause" >/dev/null
}

redis() {
  work
  "${DEBOOTSTRAP[@]}" --include=redis-server,redis-tools bookworm "$tmp/redis.tar" "${APT_LINES[@]}"
  podman import --quiet --change 'ENTRYPOINT ["/usr/bin/redis-server"]' --change 'USER 10002:10002' "$tmp/redis.tar" localhost/redis:7.0 >/dev/null
  rm -f "$tmp/redis.tar"
}

base() {
  local img fns=(minbase temurin pause redis) i
  if [[ ${1:-} == --check ]]; then
    for img in "${BASES[@]}"; do podman image exists "$img" || return 1; done
    return 0
  fi
  for i in "${!BASES[@]}"; do
    img=${BASES[$i]}
    podman image exists "$img" && continue
    log "building $img"
    took "${fns[$i]}"
  done
  list
}

project_version() {
  sed -n 's:^    <version>\(.*\)</version>:\1:p' "$ROOT/pom.xml" | head -n 1
}

build() {
  # a Kubernetes image tag: the project version without -SNAPSHOT (":latest" or no tag would mean pull Always)
  local tag=${1:-$(project_version | sed 's/-SNAPSHOT$//')} t0=$SECONDS
  [[ $tag =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]*$ && $tag != latest ]] || { log "bad tag '$tag' (and never latest)"; exit 2; }
  base --check || { log "base images missing: run scripts/k8s-install.sh (or images.sh base)"; exit 1; }
  if [[ ${SKIP_MVN:-0} != 1 ]]; then
    source "$ROOT/scripts/java-env.sh"
    log "mvn package (service, operator, profiling)"
    (cd "$ROOT" && mvn -B -q -ntp package -DskipTests -pl service,operator,profiling -am)
  fi
  "${BUILD[@]}" -q --build-arg "BASE_IMAGE=$BASE_IMAGE" \
    -f "$ROOT/service/Dockerfile" -t "localhost/nodes-service:$tag" "$ROOT" >/dev/null
  "${BUILD[@]}" -q --build-arg "BASE_IMAGE=$BASE_IMAGE" \
    -f "$ROOT/operator/Dockerfile" -t "localhost/nodes-operator:$tag" "$ROOT" >/dev/null
  log "built in $((SECONDS - t0)) s: $(podman images --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep -E "^localhost/nodes-(service|operator):$tag " | paste -sd' ')"
  echo "localhost/nodes-service:$tag"
  echo "localhost/nodes-operator:$tag"
}

list() { podman images --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep '^localhost/' || true; }

case ${1:-build} in
  base) shift; base "$@" ;;
  build) shift || true; build "$@" ;;
  list) list ;;
  -h|--help|help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2 ;;
  *) build "$@" ;;
esac
