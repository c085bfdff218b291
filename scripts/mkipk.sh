#!/usr/bin/env bash
# Builds OpenWrt packages for x86_64 or aarch64 on this machine, without an OpenWrt buildroot:
#   out/packages/huaweiwwan_<ver>_<arch>.ipk           the static-musl binary, netifd shim, rpcd plugin + ACL, hotplug
#   out/packages/luci-proto-huaweiwwan_<ver>_all.ipk   the LuCI form, status view, menu, ACL
# Same file layout and scripts as the feed Makefiles (feeds/), same outer format as OpenWrt's
# scripts/ipkg-build: a gzip'd tar of ./debian-binary ./data.tar.gz ./control.tar.gz.
# ARCH=<OpenWrt package architecture>: x86_64 (default), or an aarch64 one as the router's
# `opkg print-architecture` lists it (aarch64_cortex-a53, aarch64_cortex-a72, aarch64_generic; plain
# `aarch64` means aarch64_generic): the binary is static, so it runs on every aarch64 target.
# BIN=<path> packages an existing binary instead of publishing one (it must be static).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=${OUT:-out}
arch=${ARCH:-x86_64}
[ "$arch" != aarch64 ] || arch=aarch64_generic
pkgdir=$out/packages
work=$out/ipk/$arch
feed=feeds/huaweiwwan/Makefile
luci=feeds/luci-proto-huaweiwwan

die() { echo "mkipk: $*" >&2; exit 1; }

# --- the binary: Native AOT, statically linked against musl (reference/native-aot.md) ----------------
case "$arch" in
  x86_64) rid=linux-x64 publish=static-musl cc=musl-gcc ccpkg=musl-tools machine=X86-64 ;;
  aarch64_*) rid=linux-arm64 publish=static-musl-aarch64 cc=aarch64-linux-musl-gcc ccpkg=musl-dev:arm64 machine=AArch64 ;;
  *) die "ARCH=$arch: x86_64 or aarch64[_<cpu>] (Native AOT has no MIPS, PowerPC or 32-bit arm target here)" ;;
esac
if [ -z "${BIN:-}" ]; then
  command -v "$cc" >/dev/null || die "$cc not found: run scripts/deps.sh (Debian package $ccpkg)"
  dotnet publish proto/WwanProto/WwanProto.csproj -c Release -r "$rid" -p:StaticMusl=true \
    -o "$out/publish/$publish" -nologo -v q >&2
  BIN=$out/publish/$publish/huaweiwwan
fi
[ -x "$BIN" ] || die "no executable at $BIN"
readelf -hW "$BIN" 2>/dev/null | grep -q "Machine:.*$machine" || die "$BIN is not an $machine executable (ARCH=$arch)"
# A binary with an ELF interpreter needs a libc; OpenWrt's is musl, so a glibc-linked one would not run.
if readelf -lW "$BIN" 2>/dev/null | grep -q 'Requesting program interpreter'; then
  die "$BIN is dynamically linked (has PT_INTERP); build it with -p:StaticMusl=true"
fi

# --- values from the feed Makefile, the one place they are written ------------------------------------
mkvar() { sed -n "s/^$1:=//p" "$2" | head -n 1; }
# A `define Package/<pkg>/<name>` block, with make's $$ turned back into $.
mkdefine() { sed -n "\|^define Package/$1/$2\$|,\|^endef\$|p" "$3" | sed '1d;$d' | sed 's/\$\$/$/g'; }

version="$(mkvar PKG_VERSION "$feed")-r$(mkvar PKG_RELEASE "$feed")"
license=$(mkvar PKG_LICENSE "$feed")
maintainer=$(mkvar PKG_MAINTAINER "$feed")
url=$(sed -n 's/^ *URL:=//p' "$feed" | head -n 1)
# DEPENDS: the +packages, without the @arch condition.
depends=$(sed -n '/^define Package\/huaweiwwan$/,/^endef$/p' "$feed" | sed -n '/DEPENDS:=/,/^[^\t]*[^\\]$/p' \
  | tr -d '\\\t' | tr ' ' '\n' | sed -n 's/^+//p' | paste -sd, | sed 's/,/, /g')
[ -n "$depends" ] || die "could not read DEPENDS from $feed"
epoch=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}

rm -rf "$work"
mkdir -p "$pkgdir" "$work"
rm -f "$pkgdir"/huaweiwwan_*_"$arch".ipk "$pkgdir"/luci-proto-huaweiwwan_*.ipk

# OpenWrt's control scripts: postinst/prerm call base-files' default_postinst/default_prerm, which run
# the package's own <pkg>.postinst-pkg / <pkg>.prerm-pkg (include/package-pack.mk does the same).
write_wrappers() {
  local control=$1
  printf '%s\n' '#!/bin/sh' '[ "${IPKG_NO_SCRIPT}" = "1" ] && exit 0' \
    '[ -s ${IPKG_INSTROOT}/lib/functions.sh ] || exit 0' '. ${IPKG_INSTROOT}/lib/functions.sh' \
    'default_postinst $0 $@' > "$control/postinst"
  printf '%s\n' '#!/bin/sh' '[ -s ${IPKG_INSTROOT}/lib/functions.sh ] || exit 0' \
    '. ${IPKG_INSTROOT}/lib/functions.sh' 'default_prerm $0 $@' > "$control/prerm"
  chmod 0755 "$control/postinst" "$control/prerm"
}

# ipkg-build: data.tar.gz of the tree, Installed-Size = its uncompressed size, control.tar.gz, outer tar.
pack() {
  local name=$1 arch=$2 data=$3 control=$4 tmp
  tmp=$work/$name.pack
  mkdir -p "$tmp"
  local tarflags=(--format=gnu --numeric-owner --owner=0 --group=0 --sort=name --mtime="@$epoch")
  (cd "$data" && tar "${tarflags[@]}" -cpf - .) | gzip -n > "$tmp/data.tar.gz"
  local size
  size=$(zcat "$tmp/data.tar.gz" | wc -c)
  sed -i "s/^Installed-Size: .*/Installed-Size: $size/" "$control/control"
  (cd "$control" && tar "${tarflags[@]}" -cf - .) | gzip -n > "$tmp/control.tar.gz"
  echo "2.0" > "$tmp/debian-binary"
  local file=$pkgdir/${name}_${version}_${arch}.ipk
  rm -f "$file"
  (cd "$tmp" && tar "${tarflags[@]}" -cf - ./debian-binary ./data.tar.gz ./control.tar.gz) | gzip -n > "$file"
  echo "$file"
}

# --- huaweiwwan ---------------------------------------------------------------------------------------
d=$work/huaweiwwan/data
c=$work/huaweiwwan/CONTROL
install -d "$d/usr/sbin" "$d/lib/netifd/proto" "$d/usr/libexec/rpcd" "$d/usr/share/rpcd/acl.d" "$c"
install -m 0755 "$BIN" "$d/usr/sbin/huaweiwwan"
install -m 0755 proto/netifd/huaweiwwan.sh "$d/lib/netifd/proto/huaweiwwan.sh"
for h in ppp-up ppp6-up ppp-down; do install -m 0755 "proto/netifd/huaweiwwan-$h" "$d/lib/netifd/huaweiwwan-$h"; done
install -m 0755 feeds/huaweiwwan/files/huaweiwwan.rpcd "$d/usr/libexec/rpcd/huaweiwwan"
install -m 0644 feeds/huaweiwwan/files/huaweiwwan.acl.json "$d/usr/share/rpcd/acl.d/huaweiwwan.json"
# hotplug/<subsystem> -> /etc/hotplug.d/<subsystem>/25-huaweiwwan (hotplug/README.md).
for f in hotplug/*; do
  [ -f "$f" ] && [ -x "$f" ] || continue
  sub=$(basename "$f")
  install -d "$d/etc/hotplug.d/$sub"
  install -m 0755 "$f" "$d/etc/hotplug.d/$sub/25-huaweiwwan"
done
description=$(mkdefine huaweiwwan description "$feed" | sed 's/^[[:space:]]*/ /')
{
  echo "Package: huaweiwwan"
  echo "Version: $version"
  echo "Depends: $depends"
  echo "Source: feeds/huaweiwwan/huaweiwwan"
  echo "SourceName: huaweiwwan"
  echo "License: $license"
  echo "Section: net"
  echo "SourceDateEpoch: $epoch"
  [ -z "$url" ] || echo "URL: $url"
  echo "Maintainer: $maintainer"
  echo "Architecture: $arch"
  echo "Installed-Size: 0"
  printf 'Description:%s\n' "$description"
} > "$c/control"
write_wrappers "$c"
mkdefine huaweiwwan postinst "$feed" > "$c/postinst-pkg"
mkdefine huaweiwwan prerm "$feed" > "$c/prerm-pkg"
chmod 0755 "$c/postinst-pkg" "$c/prerm-pkg"
conffiles=$(mkdefine huaweiwwan conffiles "$feed")
if [ -n "$conffiles" ]; then printf '%s\n' "$conffiles" > "$c/conffiles"; fi
chmod 0644 "$c/control"
pack huaweiwwan "$arch" "$d" "$c"

# --- luci-proto-huaweiwwan (luci.mk layout: htdocs -> /www, root -> /) --------------------------------
d=$work/luci-proto-huaweiwwan/data
c=$work/luci-proto-huaweiwwan/CONTROL
install -d "$d/www" "$c"
cp -r "$luci/htdocs/." "$d/www/"
cp -r "$luci/root/." "$d/"
find "$d" -type d -exec chmod 0755 {} + && find "$d" -type f -exec chmod 0644 {} +
{
  echo "Package: luci-proto-huaweiwwan"
  echo "Version: $version"
  echo "Depends: libc, huaweiwwan"
  echo "Source: feeds/huaweiwwan/luci-proto-huaweiwwan"
  echo "SourceName: luci-proto-huaweiwwan"
  echo "License: $license"
  echo "Section: luci"
  echo "SourceDateEpoch: $epoch"
  echo "Maintainer: $maintainer"
  echo "Architecture: all"
  echo "Installed-Size: 0"
  echo "Description:  LuCI support for huaweiwwan: interface form, Status -> Cellular modems, rpcd ACL"
} > "$c/control"
write_wrappers "$c"
# What luci.mk's postinst does: drop LuCI's caches, make rpcd reread the ACLs.
printf '%s\n' '#!/bin/sh' '[ -n "${IPKG_INSTROOT}" ] && exit 0' 'rm -f /tmp/luci-indexcache.*' \
  'rm -rf /tmp/luci-modulecache/' 'killall -HUP rpcd 2>/dev/null' 'exit 0' > "$c/postinst-pkg"
chmod 0755 "$c/postinst-pkg"
chmod 0644 "$c/control"
pack luci-proto-huaweiwwan all "$d" "$c"
