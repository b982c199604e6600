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

# kubectl 1.27-1.33 come with the machine image (google-cloud-cli); Debian's kubernetes-client conflicts with them.
if ! command -v kubectl >/dev/null 2>&1; then
  log "warning: kubectl is not on this machine; the kubectl tests will fail"
fi

# Every package restores from the registry through the central versions in Directory.Packages.props.
log "restoring packages"
dotnet restore Orchestrator.sln --verbosity quiet >&2
