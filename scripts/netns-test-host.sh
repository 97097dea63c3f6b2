#!/usr/bin/env bash
# A test host with its own address, on this machine only: a network namespace joined to the root
# namespace by a veth pair. For tests that need an address other than loopback (Kubernetes refuses
# loopback addresses in Endpoints, for example). Traffic never leaves the machine.
#   test-host.sh up NAME [INDEX]   create it; prints "HOST_IP=... PEER_IP=..." (INDEX 1..250, default 1)
#   test-host.sh down NAME         remove it
#   ip netns exec NAME CMD         run a server inside it, listening on HOST_IP
# Needs root and iproute2 (installed when missing). Keep INDEX < 128 while scripts/cluster.sh runs (its addresses are
# 10.253.128.0/17).
set -euo pipefail
cmd=${1:?up|down}; name=${2:?name}; idx=${3:-1}
veth=v${name:0:10}
command -v ip >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq iproute2 >/dev/null
case $cmd in
up)
  ip netns del "$name" 2>/dev/null || true
  ip link del "${veth}h" 2>/dev/null || true
  # no address in 10.253.0.0/16 ever leaves through the machine's own interface (more specific routes win)
  ip route replace unreachable 10.253.0.0/16
  ip netns add "$name"
  ip link add "${veth}h" type veth peer name "${veth}n"
  ip link set "${veth}n" netns "$name"
  ip addr add "10.253.$idx.1/30" dev "${veth}h"
  ip link set "${veth}h" up
  ip netns exec "$name" ip addr add "10.253.$idx.2/30" dev "${veth}n"
  ip netns exec "$name" ip link set "${veth}n" up
  ip netns exec "$name" ip link set lo up
  echo "HOST_IP=10.253.$idx.2 PEER_IP=10.253.$idx.1";;
down)
  ip netns del "$name" 2>/dev/null || true
  ip link del "${veth}h" 2>/dev/null || true;;
esac
