#!/usr/bin/env bash
# Installs the Debian packages the demo and the tests use, only those missing (apt-get update once).
# dnsmasq-base, not dnsmasq: the binary without a system service that would grab port 53.
# systemd: systemd-analyze verify; dbus: a private dbus-daemon; clang, lld, the aarch64 gcc and libc: the arm64
# cross link (reference/native-aot.md), binutils-aarch64-linux-gnu its tools; qemu-user-static runs the arm64
# binary in tests. dpkg-deb and readelf (make deb) come with dpkg and binutils, which every Debian has or clang pulls in.
set -euo pipefail
want=(busybox dnsmasq-base ppp iproute2 musl-tools chromium isc-dhcp-client
  python3 systemd dbus clang lld gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user-static)
# musl-dev:arm64 (make ipk ARCH=aarch64: the static OpenWrt binary for aarch64) is a foreign architecture's package:
# dpkg must know arm64 first. That only lets arm64 packages be installed beside the host's; nothing else changes.
want+=(musl-dev:arm64)
dpkg --print-foreign-architectures | grep -qx arm64 || dpkg --add-architecture arm64
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
# openresolv is only unpacked (by UpResolvconfTests), never installed: installed, it would take over this
# machine's /etc/resolv.conf (dhclient's hooks call it).
debs="$(dirname "$0")/../out/debs"
if ! ls "$debs"/openresolv_*.deb >/dev/null 2>&1; then
  # A machine that had every package above already may have no package lists yet: update once, then retry.
  mkdir -p "$debs" && (cd "$debs" && { apt-get download -qq openresolv 2>/dev/null || { apt-get update -qq && apt-get download -qq openresolv; }; })
fi
