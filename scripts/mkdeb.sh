#!/usr/bin/env bash
# Builds the Debian package: out/packages/huaweiwwan_<ver>_<arch>.deb (ARCH=amd64 or arm64, default this machine's; arm64 cross-builds on x86-64).
#   /usr/sbin/huaweiwwan                             the Native AOT binary (glibc)
#   /lib/systemd/system/huaweiwwan@.service          the template unit (huaweiwwan@wan runs `up --iface wan`)
#   /etc/config/network                              the example configuration (a conffile, mode 0600: PIN,
#                                                    password); `huaweiwwan config setup|import` rewrites it
# No udev rules: the session finds its modem itself (sysfs, uevents).
# BIN=<path> packages an existing binary instead of publishing one.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${OUT:-out}
# Default: this machine's architecture (make deb on a Raspberry Pi builds arm64 natively).
arch=${ARCH:-$(dpkg --print-architecture)}
feed=feeds/huaweiwwan/Makefile
die() { echo "mkdeb: $*" >&2; exit 1; }

case "$arch" in
  amd64) rid=linux-x64 ;;
  arm64|aarch64) arch=arm64; rid=linux-arm64 ;;
  *) die "ARCH=$arch: only amd64 and arm64 (Native AOT has no 32-bit arm pack here)" ;;
esac
if [ -z "${BIN:-}" ]; then
  make --no-print-directory publish RID="$rid" >&2
  BIN=$out/publish/$rid/huaweiwwan
fi
[ -x "$BIN" ] || die "no executable at $BIN"

mkvar() { sed -n "s/^$1:=//p" "$feed" | head -n 1; }
version="$(mkvar PKG_VERSION)-$(mkvar PKG_RELEASE)"
maintainer=$(mkvar PKG_MAINTAINER)

work=$out/deb/$arch
rm -rf "$work"
install -d "$work/DEBIAN" "$work/usr/sbin" "$work/lib/systemd/system" "$work/etc/config"
install -m 0755 "$BIN" "$work/usr/sbin/huaweiwwan"
install -m 0644 debian/huaweiwwan@.service "$work/lib/systemd/system/huaweiwwan@.service"
install -m 0600 debian/network.example "$work/etc/config/network"
# dpkg keeps a conffile the user changed (config setup does) across upgrades and removal; purge deletes it.
echo /etc/config/network > "$work/DEBIAN/conffiles"
# The newest glibc symbol version the binary needs (what dpkg-shlibdeps would find); readelf reads any arch.
glibc=$(readelf -V "$BIN" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/^GLIBC_//' | sort -V | tail -n 1)
[ -n "$glibc" ] || die "$BIN needs no glibc symbol versions: not a glibc binary (the static musl one is for OpenWrt)"
size=$(du -sk --exclude=DEBIAN "$work" | cut -f1)
cat > "$work/DEBIAN/control" <<CONTROL
Package: huaweiwwan
Version: $version
Architecture: $arch
Maintainer: $maintainer <wwanproto@localhost>
Installed-Size: $size
Depends: libc6 (>= $glibc), iproute2
Recommends: ppp, busybox | udhcpc
Suggests: isc-dhcp-client, resolvconf
Section: net
Priority: optional
Description: cellular WAN link for Huawei and 3GPP USB modems
 huaweiwwan brings a USB modem's data link up (NCM or PPP) and keeps it up:
 PIN, registration, reconnects, modem resets. "huaweiwwan up" runs standalone
 as the systemd service huaweiwwan@IFACE, configured by /etc/config/network.
CONTROL
# Maintainer scripts: systemd only learns of the unit file by a daemon-reload; a removed package stops its
# instances first. Nothing runs when systemd is not PID 1 or the package goes into another root (DPKG_ROOT).
cat > "$work/DEBIAN/postinst" <<'SCRIPT'
#!/bin/sh
set -e
if [ -z "$DPKG_ROOT" ] && [ -d /run/systemd/system ]; then systemctl daemon-reload || true; fi
exit 0
SCRIPT
cat > "$work/DEBIAN/prerm" <<'SCRIPT'
#!/bin/sh
set -e
if [ "$1" = remove ] && [ -z "$DPKG_ROOT" ] && [ -d /run/systemd/system ]; then
  systemctl stop 'huaweiwwan@*.service' || true
fi
exit 0
SCRIPT
# Purge also removes what `systemctl enable huaweiwwan@IFACE` made: links to a unit that no longer exists.
cat > "$work/DEBIAN/postrm" <<'SCRIPT'
#!/bin/sh
set -e
if [ "$1" = purge ]; then
  rm -f "$DPKG_ROOT"/etc/systemd/system/*.wants/huaweiwwan@*.service
fi
if [ -z "$DPKG_ROOT" ] && [ -d /run/systemd/system ]; then systemctl daemon-reload || true; fi
exit 0
SCRIPT
chmod 0755 "$work/DEBIAN/postinst" "$work/DEBIAN/prerm" "$work/DEBIAN/postrm"
mkdir -p "$out/packages"
file=$out/packages/huaweiwwan_${version}_${arch}.deb
rm -f "$file"
dpkg-deb --root-owner-group -Zxz --build "$work" "$file" >&2
echo "$file"
