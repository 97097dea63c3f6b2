#!/usr/bin/env bash
# The project's local single-node Kubernetes 1.20.2 cluster: etcd, kube-apiserver, kube-controller-manager,
# kube-scheduler, kubelet + containerd (runc, CNI bridge), kube-proxy (iptables), dnsmasq for Service DNS. Everything
# it needs comes from scripts/k8s-install.sh (Debian's packages and Debian's kubernetes source); images from
# scripts/images.sh (podman, no registry).
#
#   cluster.sh demo           try the platform as a cluster admin: up, build and load the images, install the chart,
#                             apply the example NodesPlatform, wait for Ready, print how to call the API
#   cluster.sh up             start everything, wait for the node to be Ready, print the kubeconfig path (last line)
#   cluster.sh down           delete all pods, stop everything, remove netns/bridge/iptables chains/mounts/cgroups,
#                             restore the sysctls: everything up and demo did to the machine is undone
#   cluster.sh status         what runs
#   cluster.sh load IMAGE...  copy podman images (localhost/NAME:TAG) into the cluster's containerd
#   cluster.sh images         the images the cluster has
#   cluster.sh kubectl ARGS   kubectl with the admin kubeconfig, only while the cluster is up
#   cluster.sh kubeconfig     the admin kubeconfig's path, only while the cluster is up
#
# Addresses (all created here; nothing leaves the machine):
#   bridge k8sbr0 10.253.128.1/24  = node IP, apiserver https://10.253.128.1:6443, DNS 10.253.128.1:53,
#                                    forwards 10.253.128.1:5432 -> 127.0.0.1:5432 (the host's PostgreSQL)
#   pods     10.253.128.0/24 (host-local IPAM, .10-.250); pods route only 10.253.128.0/17 (no default route)
#   services 10.253.129.0/24 (kubernetes = 10.253.129.1), routed to k8sbr0 on the host
#   10.253.0.0/16 an unreachable catch-all route, kept after down on purpose: a client that outlives the cluster fails
#                 at once instead of following the machine's default route
# Environment: CLUSTER_STATE (default /tmp/nodes-cluster), K8S_BIN (k8s-install.sh's folder), NODE_BIN
# (default K8S_BIN), FORWARD_PORTS (default "5432"), KEEP_DATA=1 (keep etcd between ups),
# KEEP_ON_FAILURE=1 (a failed up leaves things as they are instead of running down).
# Needs root. Pods in this cluster: images localhost/NAME:TAG with imagePullPolicy IfNotPresent (never :latest),
# PostgreSQL at 10.253.128.1:5432; no CoreDNS (dnsmasq serves NAME.NS.svc ClusterIP records only), no PV
# provisioner, no NetworkPolicy, PodSecurityPolicy refuses host network/PID/IPC, host ports and privileged pods.
set -euo pipefail
S=${CLUSTER_STATE:-/tmp/nodes-cluster}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
K8S=${K8S_BIN:-${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}/k8s/1.20.2-linux-amd64}
NB=${NODE_BIN:-$K8S}
BR=k8sbr0 GW=10.253.128.1 POD_CIDR=10.253.128.0/24 POD_ROUTE=10.253.128.0/17 SVC_CIDR=10.253.129.0/24 API_SVC_IP=10.253.129.1
GUARD=K8SBR0-GUARD NET_NAME=k8sbr0 NODE=node-1 API_PORT=6443 ETCD_PORT=12379
FORWARD_PORTS=${FORWARD_PORTS:-"5432"}
LOOPBACK_PORTS="$ETCD_PORT $((ETCD_PORT + 1)) 10248 10249 10256"
OWNER=/run/kube-cluster.owner      # the state dir of the one cluster this machine runs
SYSCTLS="net.ipv4.ip_forward net.ipv4.conf.all.route_localnet net.bridge.bridge-nf-call-iptables vm.overcommit_memory vm.panic_on_oom kernel.panic kernel.panic_on_oops kernel.keys.root_maxkeys kernel.keys.root_maxbytes"
# folders outside the state dir that the kubelet, containerd's shims or CNI create; removed at down if up created them
HOST_DIRS="/var/log/pods /var/log/containers /var/lib/kubelet /var/lib/cni /run/containerd"
CTR="timeout 20 ctr -a $S/containerd.sock -n k8s.io"
# kubectl's discovery cache is keyed by the server's address, which every up reuses: `cluster.sh kubectl` keeps its
# own in the state dir, emptied at up, or a stale cache would not know the resources (a CRD) of the new cluster; the
# script's own calls (the DNS feed every 2 s) use another, so that they never cache discovery before a CRD exists
KCACHE=$S/kubectl-cache
KC="timeout 30 $K8S/kubectl --kubeconfig $S/admin.kubeconfig --cache-dir $S/kubectl-cache-internal --request-timeout=20s"
log() { echo "cluster: $*" >&2; }
die() { log "$*"; exit 1; }

# start NAME CMD...: a daemon in its own session (its pid is its process group), log $S/logs/NAME.log, pid $S/pids/NAME
start() {
  local name=$1; shift
  setsid "$@" > "$S/logs/$name.log" 2>&1 < /dev/null 9>&- &
  echo $! > "$S/pids/$name"
}
# stop NAME [group]: TERM (the whole process group with "group"), 10 s, then KILL
stop() {
  local f=$S/pids/$1 pid target
  [[ -f $f ]] || return 0
  pid=$(cat "$f"); target=$pid
  [[ ${2:-} == group ]] && target=-$pid
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "$target" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "$target" 2>/dev/null || true
  fi
  rm -f "$f"
}
running() { [[ -f $S/pids/$1 ]] && kill -0 "$(cat "$S/pids/$1")" 2>/dev/null; }
# wait_for SECONDS WHAT CMD...
wait_for() {
  local t=$1 what=$2; shift 2
  for _ in $(seq 1 $((t * 2))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.5; done
  log "timed out after ${t}s waiting for $what"; return 1
}
ours() { [[ -f $OWNER && $(cat "$OWNER") == "$S" ]]; }
# the bridge exists with the gateway address: only then may anything connect to 10.253.128.x/10.253.129.x (without
# it such a connection would follow the machine's default route)
bridge_up() { [[ $(ip -4 -o addr show dev "$BR" 2>/dev/null) == *" inet $GW/24 "* ]]; }
up_now() { ours && bridge_up && running apiserver; }
# processes other than this cluster's own with connections into 10.253.128.0/17: once the bridge is gone, their
# reconnects would take the default route
warn_clients() {
  local mine pid
  mine=" $(cat "$S"/pids/* 2>/dev/null | tr '\n' ' ') "
  for pid in $(ss -Htnp state established "dst $POD_ROUTE" 2>/dev/null | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u); do
    [[ $mine == *" $pid "* ]] && continue
    log "warning: process $pid ($(cat "/proc/$pid/comm" 2>/dev/null)) is still connected to the cluster; stop such clients before down"
  done
}

pki() {
  mkdir -p "$S/pki"
  [[ -f $S/pki/sa.pub ]] && return 0
  cd "$S/pki"
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -keyout ca.key -out ca.crt -subj "/CN=kube-cluster-ca" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -keyout apiserver.key -out apiserver.csr -subj "/CN=kube-apiserver" 2>/dev/null
  printf "subjectAltName=IP:$GW,IP:127.0.0.1,IP:$API_SVC_IP,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local\nextendedKeyUsage=serverAuth\n" > apiserver.ext
  openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 -extfile apiserver.ext -out apiserver.crt 2>/dev/null
  # the apiserver's client certificate towards the kubelet (kubectl logs/exec/port-forward)
  openssl req -newkey rsa:2048 -nodes -keyout kubelet-client.key -out kubelet-client.csr -subj "/O=system:masters/CN=kube-apiserver-kubelet-client" 2>/dev/null
  printf "extendedKeyUsage=clientAuth\n" > client.ext
  openssl x509 -req -in kubelet-client.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 -extfile client.ext -out kubelet-client.crt 2>/dev/null
  openssl genrsa -out sa.key 2048 2>/dev/null && openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
  cd /
}

# a token per component, each its own identity; new ones for each up (down deletes the kubeconfigs, so that no client
# can use them once the addresses are gone)
kubeconfigs() {
  local who name user group t
  # kept while any component that read them still runs
  if [[ -f $S/admin.kubeconfig ]]; then
    for name in apiserver controller-manager scheduler kubelet kube-proxy dns-sync; do running "$name" && return 0; done
  fi
  : > "$S/tokens.csv"; chmod 600 "$S/tokens.csv"
  for who in "admin,admin,system:masters" "kubelet,system:node:$NODE,system:nodes" "proxy,system:kube-proxy," \
             "scheduler,system:kube-scheduler," "controller-manager,system:kube-controller-manager,system:masters"; do
    IFS=, read -r name user group <<< "$who"
    t=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
    echo "$t,$user,$user-uid${group:+,\"$group\"}" >> "$S/tokens.csv"
    cat > "$S/$name.kubeconfig" <<KC
apiVersion: v1
kind: Config
clusters: [{name: kube-cluster, cluster: {server: "https://$GW:$API_PORT", certificate-authority: "$S/pki/ca.crt"}}]
users: [{name: $name, user: {token: "$t"}}]
contexts: [{name: kube-cluster, context: {cluster: kube-cluster, user: $name, namespace: default}}]
current-context: kube-cluster
KC
  done
}

preflight() {
  local b p
  [[ $(id -u) == 0 ]] || die "needs root"
  for b in "$K8S/kube-apiserver" "$K8S/kube-controller-manager" "$K8S/etcd" "$K8S/kubectl" "$NB/kubelet" "$NB/kube-scheduler" "$NB/kube-proxy"; do
    [[ -x $b ]] || die "missing $b: run scripts/k8s-install.sh"
  done
  for b in containerd ctr runc dnsmasq socat iptables iptables-save iptables-restore podman curl; do
    command -v "$b" >/dev/null || die "missing $b: run scripts/k8s-install.sh"
  done
  [[ -x /usr/lib/cni/bridge && -x /usr/lib/cni/host-local && -x /usr/lib/cni/loopback ]] || die "missing CNI plugins in /usr/lib/cni: run scripts/k8s-install.sh"
  # one cluster per machine: the bridge name and the addresses are fixed
  if [[ -f $OWNER ]] && ! ours; then
    die "this machine already runs a cluster (state $(cat "$OWNER")); stop it first: CLUSTER_STATE=$(cat "$OWNER") $0 down"
  fi
  if ! ours; then
    ip link show "$BR" >/dev/null 2>&1 && die "interface $BR exists but no cluster owns it (see $OWNER)"
    [[ -z $(ip route show root "$POD_ROUTE") && -z $(ip -4 -o addr show to "$POD_ROUTE") ]] \
      || die "addresses or routes in $POD_ROUTE exist already (a netns test host with INDEX >= 128?): $(ip route show root "$POD_ROUTE" | paste -sd';')"
    for p in $LOOPBACK_PORTS; do
      if [[ -n $(ss -Hltn "sport = :$p") ]]; then die "TCP port $p is in use on this machine; the cluster needs it"; fi
    done
  fi
  running containerd || podman image exists localhost/pause:3.4 || die "no localhost/pause:3.4 image: run scripts/k8s-install.sh"
}

net_up() {
  [[ -f $S/sysctl.saved ]] || sysctl -e $SYSCTLS 2>/dev/null | sed 's/ = /=/' > "$S/sysctl.saved"
  echo "$S" > "$OWNER"
  # a catch-all that outlives the cluster on purpose: no address in 10.253.0.0/16 ever leaves through the
  # machine's own interface, even when the bridge is gone and a stale client still dials the API server
  ip route replace unreachable 10.253.0.0/16
  if ! ip link show "$BR" >/dev/null 2>&1; then
    ip link add "$BR" type bridge
    ip addr add "$GW/24" dev "$BR"
    ip link set "$BR" up
  fi
  # a ClusterIP that kube-proxy does not rewrite goes to the bridge, never out through the machine's own interface;
  # the rest of 10.253.128.0/17 (and all of it, should the bridge go away while the cluster runs) is unreachable
  ip route replace "$SVC_CIDR" dev "$BR" src "$GW"
  ip route replace unreachable "$POD_ROUTE"
  sysctl -qw net.ipv4.ip_forward=1 net.bridge.bridge-nf-call-iptables=1
  # guard: what is forwarded from or to the pod bridge stays on it (mangle runs before kube-proxy's filter rules)
  if ! iptables -t mangle -nL "$GUARD" >/dev/null 2>&1; then
    iptables -t mangle -N "$GUARD"
    iptables -t mangle -A "$GUARD" -i "$BR" -o "$BR" -j RETURN
    iptables -t mangle -A "$GUARD" -i "$BR" -j DROP
    iptables -t mangle -A "$GUARD" -o "$BR" -j DROP
    iptables -t mangle -I FORWARD 1 -j "$GUARD"
  fi
}

# put FILE: stdin into FILE, only when that changes it (kube-proxy exits when its config file changes)
put() { local f=$1; cat > "$f.new"; if cmp -s "$f.new" "$f"; then rm -f "$f.new"; else mv "$f.new" "$f"; fi; }

configs() {
  mkdir -p "$S/cni/net.d" "$S/etc" "$S/etc/registry/_default"
  put "$S/cni/net.d/10-$NET_NAME.conflist" <<EOF
{
  "cniVersion": "0.4.0",
  "name": "$NET_NAME",
  "plugins": [
    {
      "type": "bridge", "bridge": "$BR", "isGateway": true, "isDefaultGateway": false,
      "ipMasq": false, "hairpinMode": true,
      "ipam": {
        "type": "host-local", "dataDir": "$S/cni/ipam",
        "ranges": [[{"subnet": "$POD_CIDR", "rangeStart": "10.253.128.10", "rangeEnd": "10.253.128.250", "gateway": "$GW"}]],
        "routes": [{"dst": "$POD_ROUTE"}]
      }
    }
  ]
}
EOF
  # containerd (Debian's 1.6): everything under the state dir, its own socket and CNI config dir (not /etc/cni/net.d,
  # where podman's 10.88.0.0/16 bridge config lives); the system's /etc/containerd and /var/lib/containerd are unused
  put "$S/etc/containerd.toml" <<EOF
version = 2
root = "$S/containerd/root"
state = "$S/containerd/state"
oom_score = 0
[grpc]
  address = "$S/containerd.sock"
[ttrpc]
  address = ""
[metrics]
  address = ""
[plugins]
  [plugins."io.containerd.grpc.v1.cri"]
    sandbox_image = "localhost/pause:3.4"
    # no CAP_SYS_RESOURCE here: never ask runc to lower oom_score_adj below containerd's own
    restrict_oom_score_adj = true
    stream_server_address = "127.0.0.1"
    stream_server_port = "0"
    enable_selinux = false
    [plugins."io.containerd.grpc.v1.cri".containerd]
      snapshotter = "overlayfs"
      default_runtime_name = "runc"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
        runtime_type = "io.containerd.runc.v2"
        [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
          SystemdCgroup = false
    [plugins."io.containerd.grpc.v1.cri".registry]
      # every registry resolves to a closed loopback port (_default/hosts.toml): an image that was not loaded fails
      # at once (ErrImagePull) and no registry, DNS name or address outside the machine is ever contacted
      config_path = "$S/etc/registry"
    [plugins."io.containerd.grpc.v1.cri".cni]
      bin_dir = "/usr/lib/cni"
      conf_dir = "$S/cni/net.d"
      max_conf_num = 1
  [plugins."io.containerd.internal.v1.opt"]
    path = "$S/containerd/opt"
EOF
  printf 'server = "http://127.0.0.1:9"\n[host."http://127.0.0.1:9"]\n  capabilities = ["pull", "resolve"]\n' | put "$S/etc/registry/_default/hosts.toml"
  echo "nameserver $GW" | put "$S/etc/resolv.conf"   # for dnsPolicy Default; ClusterFirst pods get clusterDNS anyway
  put "$S/etc/kubelet.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $GW
port: 10250
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: 10248
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: false}
  x509: {clientCAFile: $S/pki/ca.crt}
authorization: {mode: AlwaysAllow}
cgroupDriver: cgroupfs
clusterDomain: cluster.local
clusterDNS: [$GW]
resolvConf: $S/etc/resolv.conf
oomScoreAdj: 0
failSwapOn: false
maxPods: 50
serializeImagePulls: false
evictionHard: {memory.available: 200Mi, nodefs.available: 5%, imagefs.available: 5%}
imageGCHighThresholdPercent: 95
imageGCLowThresholdPercent: 90
runtimeRequestTimeout: 5m
featureGates: {TTLAfterFinished: true}
EOF
  put "$S/etc/kube-proxy.yaml" <<EOF
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection: {kubeconfig: $S/proxy.kubeconfig}
mode: iptables
bindAddress: $GW
clusterCIDR: $POD_CIDR
hostnameOverride: $NODE
healthzBindAddress: 127.0.0.1:10256
metricsBindAddress: 127.0.0.1:10249
nodePortAddresses: [$GW/32]
oomScoreAdj: 0
conntrack: {maxPerCore: 0, min: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s}
iptables: {syncPeriod: 30s, minSyncPeriod: 1s}
EOF
  # pods may not use the host's network, PID or IPC namespace, host ports or privileged mode: a pod in the host's
  # network namespace would have its default route. Everything else is allowed (any seccomp profile, user,
  # capability, volume; AppArmor is unrestricted without its annotation) and nothing is defaulted, so pod specs stay
  # exactly as written.
  put "$S/etc/psp.yaml" <<EOF
apiVersion: policy/v1beta1
kind: PodSecurityPolicy
metadata:
  name: no-host-access
  annotations:
    seccomp.security.alpha.kubernetes.io/allowedProfileNames: '*'
spec:
  privileged: false
  hostNetwork: false
  hostPID: false
  hostIPC: false
  allowPrivilegeEscalation: true
  allowedCapabilities: ['*']
  volumes: ['*']
  runAsUser: {rule: RunAsAny}
  runAsGroup: {rule: RunAsAny}
  seLinux: {rule: RunAsAny}
  supplementalGroups: {rule: RunAsAny}
  fsGroup: {rule: RunAsAny}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: psp-no-host-access}
rules: [{apiGroups: [policy], resources: [podsecuritypolicies], resourceNames: [no-host-access], verbs: [use]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: psp-no-host-access}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: psp-no-host-access}
subjects:
- {apiGroup: rbac.authorization.k8s.io, kind: Group, name: system:authenticated}
- {apiGroup: rbac.authorization.k8s.io, kind: Group, name: system:serviceaccounts}
EOF
}

# Service DNS without CoreDNS: dnsmasq serves $S/dns/hosts, NAME.NS.svc(.cluster.local) -> ClusterIP of every
# Service that has one. dns_sync writes it from the API (status 0 when it changed); the loop does so every 2 s and
# sends dnsmasq SIGHUP on a change.
dns_sync() {
  local hosts=$S/dns/hosts new
  [[ -e /sys/class/net/$BR ]] || return 1
  new=$($KC get svc -A -o jsonpath='{range .items[*]}{.spec.clusterIP} {.metadata.name}.{.metadata.namespace}.svc.cluster.local {.metadata.name}.{.metadata.namespace}.svc{"\n"}{end}' 2>/dev/null | grep -v '^None ') || return 1
  [[ -n $new && $new != "$(cat "$hosts" 2>/dev/null)" ]] || return 1
  echo "$new" > "$hosts.tmp" && mv "$hosts.tmp" "$hosts"
}
dns_sync_loop() {
  while :; do
    if dns_sync && running dnsmasq; then kill -HUP "$(cat "$S/pids/dnsmasq")"; fi
    sleep 2
  done
}

# up and down, one at a time on this machine: an flock on the /run folder itself, so no lock file stays behind
lock() { exec 9< /run; flock -w 300 9 || die "another cluster.sh up or down ran for 300 s; try again"; }

up() {
  local t0=$SECONDS p d
  lock
  preflight
  mkdir -p "$S/logs" "$S/pids" "$S/dns"
  # from here on, a failure (or a signal) tears down what was started (unless KEEP_ON_FAILURE=1)
  UP_OK=0
  trap up_exit EXIT
  trap 'exit 130' INT TERM HUP
  pki; kubeconfigs; net_up; configs
  rm -rf "$KCACHE" "$S/kubectl-cache-internal" "$HOME/.kube/cache/discovery/${GW}_$API_PORT"
  # a fresh cluster each time (images stay in containerd); KEEP_DATA=1 keeps the etcd data
  running etcd || [[ ${KEEP_DATA:-0} == 1 ]] || rm -rf "$S/etcd"
  for d in $HOST_DIRS; do [[ -e $d ]] || touch "$S/created${d//\//_}"; done
  running containerd || start containerd containerd --config "$S/etc/containerd.toml"
  wait_for 30 containerd $CTR version
  $CTR images ls -q | grep -x localhost/pause:3.4 >/dev/null || load localhost/pause:3.4   # the sandbox image, from podman
  running etcd || start etcd "$K8S/etcd" --name "$NODE" --data-dir "$S/etcd" \
    --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$((ETCD_PORT + 1))" --initial-advertise-peer-urls "http://127.0.0.1:$((ETCD_PORT + 1))" \
    --initial-cluster "$NODE=http://127.0.0.1:$((ETCD_PORT + 1))"
  running apiserver || start apiserver "$K8S/kube-apiserver" --etcd-servers="http://127.0.0.1:$ETCD_PORT" \
    --bind-address=$GW --advertise-address=$GW --secure-port=$API_PORT --insecure-port=0 \
    --tls-cert-file="$S/pki/apiserver.crt" --tls-private-key-file="$S/pki/apiserver.key" --client-ca-file="$S/pki/ca.crt" \
    --token-auth-file="$S/tokens.csv" --authorization-mode=Node,RBAC \
    --service-account-issuer=https://kubernetes.default.svc \
    --service-account-key-file="$S/pki/sa.pub" --service-account-signing-key-file="$S/pki/sa.key" \
    --service-cluster-ip-range=$SVC_CIDR --enable-admission-plugins=NodeRestriction,PodSecurityPolicy \
    --kubelet-client-certificate="$S/pki/kubelet-client.crt" --kubelet-client-key="$S/pki/kubelet-client.key" \
    --kubelet-preferred-address-types=InternalIP \
    --feature-gates=TTLAfterFinished=true --cert-dir="$S/apiserver-certs"
  wait_for 60 "kube-apiserver /readyz" $KC get --raw /readyz
  $KC apply -f "$S/etc/psp.yaml" >/dev/null   # before anything can create a pod
  running controller-manager || start controller-manager "$K8S/kube-controller-manager" \
    --kubeconfig="$S/controller-manager.kubeconfig" --leader-elect=false --controllers='*' \
    --service-account-private-key-file="$S/pki/sa.key" --root-ca-file="$S/pki/ca.crt" \
    --cluster-cidr=$POD_CIDR --service-cluster-ip-range=$SVC_CIDR \
    --feature-gates=TTLAfterFinished=true --port=0 --secure-port=0
  running scheduler || start scheduler "$NB/kube-scheduler" --kubeconfig="$S/scheduler.kubeconfig" \
    --leader-elect=false --port=0 --secure-port=0
  running kubelet || start kubelet "$NB/kubelet" --config="$S/etc/kubelet.yaml" --kubeconfig="$S/kubelet.kubeconfig" \
    --container-runtime=remote --container-runtime-endpoint="unix://$S/containerd.sock" \
    --node-ip=$GW --hostname-override=$NODE --root-dir="$S/kubelet" --cert-dir="$S/kubelet/pki" \
    --volume-plugin-dir="$S/kubelet/volume-plugins" --v=1
  running kube-proxy || start kube-proxy "$NB/kube-proxy" --config="$S/etc/kube-proxy.yaml"
  for p in $FORWARD_PORTS; do
    running "forward-$p" || start "forward-$p" socat "TCP-LISTEN:$p,bind=$GW,reuseaddr,fork" "TCP:127.0.0.1:$p"
  done
  : > "$S/dns/hosts"; dns_sync || true
  running dnsmasq || start dnsmasq dnsmasq --keep-in-foreground --no-resolv --no-hosts --no-poll --bind-interfaces \
    --listen-address=$GW --except-interface=lo --addn-hosts="$S/dns/hosts" --local=/cluster.local/ --domain-needed \
    --log-facility=- --pid-file=
  wait_for 10 "dnsmasq on $GW:53" bash -c "[[ -n \$(ss -Hlun 'src $GW:53') ]]"
  export S KC BR; export -f dns_sync dns_sync_loop running
  running dns-sync || start dns-sync bash -c dns_sync_loop
  wait_for 60 "kube-proxy healthz" curl -s -o /dev/null -m 2 http://127.0.0.1:10256/healthz
  wait_for 120 "node $NODE Ready" bash -c "$KC get node $NODE -o jsonpath='{.status.conditions[?(@.type==\"Ready\")].status}' | grep -qx True"
  # the kubelet (vm.overcommit_memory, vm.panic_on_oom, kernel.panic*, kernel.keys.*) and kube-proxy (route_localnet)
  # set these machine-wide once at start; put the machine's values back (only ip_forward and bridge-nf-call-iptables
  # are needed while the cluster runs)
  grep -vE '^net.ipv4.ip_forward=|^net.bridge.bridge-nf-call-iptables=' "$S/sysctl.saved" | while IFS= read -r kv; do sysctl -qw "$kv" || true; done
  UP_OK=1
  log "up in $((SECONDS - t0)) s; kubeconfig: $S/admin.kubeconfig"
  echo "$S/admin.kubeconfig"
}

up_exit() {
  local rc=$?
  [[ $UP_OK == 1 ]] && return 0
  log "up failed (exit $rc); logs in $S/logs"
  if [[ ${KEEP_ON_FAILURE:-0} == 1 ]]; then log "KEEP_ON_FAILURE=1: left as it is; run $0 down"; else down_locked; fi
  exit 1
}

down() {
  lock
  down_locked
  drop_demo_database
}

down_locked() {
  if [[ ! -d $S/pids ]] && ! ours; then log "nothing to stop in $S"; return 0; fi
  # best effort from here on: every step runs even if one before it failed
  set +e +o pipefail
  local t0=$SECONDS netns=() id f n d c m ipt
  # 1. workloads and pods away while the kubelet still runs (it tears down sandboxes, CNI DEL included);
  #    controllers and scheduler first, so that nothing recreates or binds a pod any more
  stop controller-manager; stop scheduler
  if bridge_up && running apiserver && running kubelet; then
    $KC delete pods --all -A --grace-period=0 --force >/dev/null 2>&1 || true
    wait_for 60 "containers gone" bash -c "[[ -z \$($CTR tasks ls -q 2>/dev/null) ]]" || true
  fi
  stop dns-sync group; stop dnsmasq group
  for f in "$S"/pids/forward-*; do
    if [[ -f $f ]]; then stop "$(basename "$f")" group; fi
  done
  stop kube-proxy
  if [[ -x $NB/kube-proxy ]]; then timeout 30 "$NB/kube-proxy" --cleanup >/dev/null 2>&1; fi
  warn_clients
  stop kubelet; stop apiserver; stop etcd
  # 2. whatever containerd still holds: kill tasks, delete containers, remember the sandboxes' netns
  if running containerd; then
    for id in $($CTR containers ls -q 2>/dev/null); do
      mapfile -t -O "${#netns[@]}" netns < <($CTR containers info "$id" 2>/dev/null | grep -o '"/var/run/netns/cni-[0-9a-f-]*"' | tr -d '"')
      $CTR tasks kill -s SIGKILL "$id" >/dev/null 2>&1 || true
    done
    sleep 1
    for id in $($CTR containers ls -q 2>/dev/null); do
      $CTR tasks delete -f "$id" >/dev/null 2>&1 || true
      $CTR containers delete "$id" >/dev/null 2>&1 || true
    done
  fi
  # shims of this containerd (pid files in its state dir)
  for f in "$S"/containerd/state/io.containerd.runtime.v2.task/k8s.io/*/shim.pid; do
    if [[ -f $f ]]; then kill -9 "$(cat "$f")" 2>/dev/null; fi
  done
  stop containerd
  for n in "${netns[@]}"; do ip netns del "$(basename "$n")" 2>/dev/null || true; done
  # 3. mounts under the state dir (rootfs overlays, shm, pod volumes), deepest first
  findmnt -rn -o TARGET | grep "^$S/" | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
  if ours; then
    # 4. kubelet/kube-proxy iptables chains and the guard, in every table; then the route and the bridge
    for ipt in iptables ip6tables; do
      if $ipt-save 2>/dev/null | grep -qE "KUBE-|$GUARD"; then
        $ipt-save | grep -vE "KUBE-|$GUARD" | $ipt-restore
      fi
    done
    ip route del "$SVC_CIDR" dev "$BR" 2>/dev/null || true
    ip link del "$BR" 2>/dev/null || true
    ip route del unreachable "$POD_ROUTE" 2>/dev/null || true
    # 5. the kubelet's QoS cgroups (empty now), the sysctls as they were
    for c in /sys/fs/cgroup/*/kubepods; do
      if [[ -d $c ]]; then find "$c" -depth -type d -exec rmdir {} \; 2>/dev/null; fi
    done
    if [[ -f $S/sysctl.saved ]]; then
      while IFS= read -r kv; do sysctl -qw "$kv" 2>/dev/null || true; done < "$S/sysctl.saved"
      rm -f "$S/sysctl.saved"
    fi
    rm -f /var/lib/cni/results/"$NET_NAME"-* 2>/dev/null
    rm -f "$OWNER"
  fi
  rm -f "$S"/*.kubeconfig "$S/tokens.csv"
  # 6. folders outside the state dir, where this cluster's up created them (pod logs, kubelet's device-plugins
  #    socket, the CNI result cache, containerd's shim sockets and runc state)
  for d in $HOST_DIRS; do
    if [[ -f $S/created${d//\//_} ]]; then rm -rf "$d" "$S/created${d//\//_}"; fi
  done
  log "down in $((SECONDS - t0)) s"
}

status() {
  local n f
  printf '%-20s %s\n' "state" "$S$(ours && echo " (owns $BR)" || true)"
  for n in containerd etcd apiserver controller-manager scheduler kubelet kube-proxy dnsmasq dns-sync; do
    printf '%-20s %s\n' "$n" "$(running "$n" && echo "running (pid $(cat "$S/pids/$n"))" || echo stopped)"
  done
  for f in "$S"/pids/forward-*; do
    [[ -f $f ]] || continue
    n=$(basename "$f")
    printf '%-20s %s\n' "$n" "$(running "$n" && echo "running (pid $(cat "$f"))" || echo stopped)"
  done
  if up_now; then $KC get nodes -o wide || true; fi
}

load() {
  (( $# )) || die "usage: $0 load localhost/NAME:TAG..."
  running containerd || die "the cluster is not up"
  local img tar t0
  for img in "$@"; do
    podman image exists "$img" || die "podman has no image $img (build it with scripts/images.sh)"
    tar=$(mktemp -p "${TMPDIR:-/tmp}" image.XXXXXX.tar)
    t0=$SECONDS
    timeout 600 podman save --quiet --format docker-archive -o "$tar" "$img" >/dev/null || { rm -f "$tar"; die "podman save $img failed"; }
    timeout 600 ctr -a "$S/containerd.sock" -n k8s.io images import "$tar" >/dev/null || { rm -f "$tar"; die "import of $img failed"; }
    rm -f "$tar"
    log "loaded $img in $((SECONDS - t0)) s"
  done
}

images() {
  running containerd || die "the cluster is not up"
  $CTR images ls | awk 'NR == 1 {print "IMAGE", "SIZE"; next} $1 !~ /^sha256:/ {print $1, $4 $5}'
}

# demo: the platform as a cluster admin meets it (see ClusterDemo in e2e/). Builds with Maven, so it takes a few
# minutes the first time; the database it creates on the host's PostgreSQL is dropped again by down.
demo() {
  local kc tag secret
  bash "$ROOT/scripts/k8s-install.sh" all >/dev/null
  bash "$ROOT/scripts/ensure-backends.sh" >&2
  source "$ROOT/scripts/java-env.sh"
  command -v mvn >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq maven >/dev/null
  log "building the jars (mvn package)"
  (cd "$ROOT" && mvn -B -q -ntp package -DskipTests -pl e2e -am) || die "mvn package failed"
  tag=$(SKIP_MVN=1 bash "$ROOT/scripts/images.sh" build | tail -n 1); tag=${tag##*:}
  kc=$(up | tail -n 1)
  load "localhost/nodes-operator:$tag" "localhost/nodes-service:$tag" localhost/redis:7.0
  echo nodes_demo > "$S/demo-database"
  secret=$S/demo-jwt-secret
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$ROOT/e2e/target/classes:$ROOT/e2e/target/libs/*" dev.nodes.e2e.ClusterDemo "$tag" "$secret" \
    || die "the demo did not come up; look with: $0 kubectl get all -A, and $0 kubectl -n demo describe np nodes"
  log "kubeconfig: $kc (export KUBECONFIG=$kc to use your own kubectl)"
}

# the database demo created on the host's PostgreSQL
drop_demo_database() {
  [[ -f $S/demo-database ]] || return 0
  PGPASSWORD=nodes_test psql -h 127.0.0.1 -U nodes_test -d postgres -qc "DROP DATABASE IF EXISTS $(cat "$S/demo-database") WITH (FORCE)" \
    >/dev/null 2>&1 || log "could not drop the demo database $(cat "$S/demo-database")"
  rm -f "$S/demo-database" "$S/demo-jwt-secret"
}

case ${1:-} in
  demo) demo ;;
  kubeconfig) up_now || die "the cluster is not up"; echo "$S/admin.kubeconfig" ;;
  up) up ;;
  down) down ;;
  status) status ;;
  load) shift; load "$@" ;;
  images) images ;;
  kubectl) shift; up_now || die "the cluster is not up"; exec "$K8S/kubectl" --kubeconfig "$S/admin.kubeconfig" --cache-dir "$KCACHE" "$@" ;;
  *) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2 ;;
esac
