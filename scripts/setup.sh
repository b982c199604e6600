#!/usr/bin/env bash
# Installs and starts what the build and the tests need on a fresh Debian machine. Idempotent; run as root.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { echo "setup: $*" >&2; }

apt_updated=0
apt_install() {
  if [ "$apt_updated" -eq 0 ]; then
    apt-get update -qq >&2
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}

if ! command -v dotnet >/dev/null 2>&1; then
  log "installing the .NET SDK"
  apt_install dotnet-sdk-10.0
fi
dotnet --version >/dev/null

# The official Python client, run with Debian's python3, is one of the real clients the API must satisfy.
if ! /usr/bin/python3 -c "import kubernetes" >/dev/null 2>&1; then
  log "installing python3-kubernetes"
  apt_install python3-kubernetes
fi

# Pod networks through the real CNI plugins (bridge, host-local, portmap, loopback in /usr/lib/cni), ip netns
# for the process runtime's pods, and busybox-static for its busybox:local image.
if [ ! -x /usr/lib/cni/bridge ] || ! command -v ip >/dev/null 2>&1 || [ ! -x /bin/busybox ]; then
  log "installing containernetworking-plugins, iproute2, busybox-static"
  apt_install containernetworking-plugins iproute2 busybox-static
fi

# The service proxy's nftables mode drives the kernel with nft, and deletes stale UDP flows with conntrack.
if [ ! -x /usr/sbin/nft ] || [ ! -x /usr/sbin/conntrack ]; then
  log "installing nftables, conntrack"
  apt_install nftables conntrack
fi

# dnsmasq, the baseline resolver of the dns benchmark (run on loopback with --no-resolv and a hosts file of its own).
if ! command -v dnsmasq >/dev/null 2>&1; then
  log "installing dnsmasq-base"
  apt_install dnsmasq-base
fi

# kubectl 1.27-1.33 come with the machine image (google-cloud-cli); Debian's kubernetes-client conflicts with them.
if ! command -v kubectl >/dev/null 2>&1; then
  log "warning: kubectl is not on this machine; the kubectl tests will fail"
fi

# Every package restores from the registry through the central versions in Directory.Packages.props.
log "restoring packages"
dotnet restore Orchestrator.sln --verbosity quiet >&2

# The Docker runtime's engine and the pod network's CNI plugins (Debian's packages): docker.io (dockerd, containerd,
# runc and docker-init, the tini that --init runs), the CNI plugins in /usr/lib/cni, ip for namespaces, and a static
# busybox for the local pod-infra and test image (no image registry is reachable here).
for pkg in docker.io containernetworking-plugins iproute2 busybox-static; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    log "installing $pkg"
    apt_install "$pkg"
  fi
done

# A private engine, so the tests never touch (or depend on) a system dockerd: no iptables rules, no bridge (pods get
# their network from CNI), vfs storage (works on any filesystem, inside a container too).
DOCKER_RUN=/var/run/orchestrator-docker
DOCKER_SOCK="$DOCKER_RUN/docker.sock"
DOCKER_PID="$DOCKER_RUN/docker.pid"
DOCKER_LOG=/var/log/orchestrator-docker.log
docker_cli() { /usr/bin/docker -H "unix://$DOCKER_SOCK" "$@"; }
docker_answers() { docker_cli version >/dev/null 2>&1; }

# An engine seen wedged (after some hundreds of force-removes): `version` still answered while `info` and
# container calls hung. Ours (its pid file) is stopped, then started again below.
if [ -f "$DOCKER_PID" ] && kill -0 "$(cat "$DOCKER_PID")" 2>/dev/null && docker_answers \
    && ! timeout 30 /usr/bin/docker -H "unix://$DOCKER_SOCK" info >/dev/null 2>&1; then
  wedged="$(cat "$DOCKER_PID")"
  log "dockerd $wedged answers but hangs on \`docker info\`; restarting it"
  kill -TERM "$wedged" 2>/dev/null || true
  for _ in $(seq 1 60); do
    kill -0 "$wedged" 2>/dev/null || break
    sleep 0.5
  done
  kill -KILL "$wedged" 2>/dev/null || true
  rm -f "$DOCKER_PID"
fi

if [ -f "$DOCKER_PID" ] && kill -0 "$(cat "$DOCKER_PID")" 2>/dev/null && docker_answers; then
  :
else
  if [ -f "$DOCKER_PID" ] && kill -0 "$(cat "$DOCKER_PID")" 2>/dev/null; then
    log "dockerd $(cat "$DOCKER_PID") is starting; waiting for it"
  else
    log "starting dockerd on $DOCKER_SOCK (log: $DOCKER_LOG)"
    mkdir -p "$DOCKER_RUN" /var/lib/orchestrator-docker
    rm -f "$DOCKER_PID"
    # setsid + nohup: the engine outlives this script and its terminal. Its own containerd namespaces: dockerd
    # joins a system containerd when one runs, and must not share the system engine's "moby" namespace there.
    setsid nohup /usr/sbin/dockerd --iptables=false --ip6tables=false --bridge=none --storage-driver=vfs \
      --host="unix://$DOCKER_SOCK" --data-root=/var/lib/orchestrator-docker --exec-root="$DOCKER_RUN/exec" \
      --pidfile="$DOCKER_PID" --containerd-namespace=orchestrator --containerd-plugins-namespace=orchestrator-plugins \
      >>"$DOCKER_LOG" 2>&1 </dev/null &
  fi
  for _ in $(seq 1 120); do
    docker_answers && break
    sleep 0.5
  done
  if ! docker_answers; then
    log "error: dockerd did not answer on $DOCKER_SOCK within 60 s; the end of $DOCKER_LOG:"
    tail -n 20 "$DOCKER_LOG" >&2 || true
    exit 1
  fi
fi

# busybox:local, the pod-infra image and the tests' image: a root filesystem of just /bin/busybox and its applet
# links (about 2 MB, which matters with vfs copying the root filesystem per container).
if ! docker_cli image inspect busybox:local >/dev/null 2>&1; then
  log "importing busybox:local"
  rootfs=$(mktemp -d)
  mkdir -p "$rootfs/bin" "$rootfs/tmp" "$rootfs/etc" "$rootfs/proc" "$rootfs/sys" "$rootfs/dev" "$rootfs/root"
  chmod 1777 "$rootfs/tmp"
  cp /bin/busybox "$rootfs/bin/busybox"
  for applet in $("$rootfs/bin/busybox" --list); do
    [ "$applet" = busybox ] || ln -s busybox "$rootfs/bin/$applet"
  done
  echo "root:x:0:0:root:/root:/bin/sh" >"$rootfs/etc/passwd"
  echo "root:x:0:" >"$rootfs/etc/group"
  tar -C "$rootfs" -c . | docker_cli import -c 'ENV PATH=/bin' -c 'CMD ["/bin/sh"]' - busybox:local >/dev/null
  rm -rf "$rootfs"
fi
