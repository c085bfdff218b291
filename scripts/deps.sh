#!/usr/bin/env bash
# Installs the Debian packages the demo and the tests use, only those missing (apt-get update once).
# dnsmasq-base, not dnsmasq: the binary without a system service that would grab port 53.
set -euo pipefail
want=(busybox dnsmasq-base ppp iproute2 musl-tools chromium isc-dhcp-client)
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
