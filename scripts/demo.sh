#!/usr/bin/env bash
# The main job, end to end, against the built-in modem simulator:
#   simulated Huawei stick (sysfs tree + AT ports on ptys + a veth pair as its NCM data link)
#   -> `huaweiwwan up` in a network namespace of its own -> probed, unlocked, registered, connected
#   -> interface configured from the modem's ^DHCP -> ping the modem-side gateway
#   -> simulated network drop -> automatic reconnect -> clean `huaweiwwan down`.
# Usage: scripts/demo.sh [PROFILE]   (or WWAN_DEMO_PROFILE=...; default e3372h-153)
# Everything it creates (namespaces, veth, temp files, processes) is removed on exit, also on Ctrl-C.
# Needs root (network namespaces). `make demo` builds what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."

PROFILE=${1:-${WWAN_DEMO_PROFILE:-e3372h-153}}
BIN=${HUAWEIWWAN_BIN:-$PWD/out/publish/linux-x64/huaweiwwan}
SIM_DLL=$PWD/tests/ModemSim/bin/Release/net10.0/wwan-sim.dll
NS=hwdemo-$$
WORK=$(mktemp -d)   # everything the demo writes lives here and goes away with it
SIM_PID=""
UP_PID=""

bold=$'\e[1m'; dim=$'\e[2m'; off=$'\e[0m'
[ -t 1 ] || { bold=""; dim=""; off=""; }
step=0
heading() { step=$((step + 1)); printf '\n%s== %d. %s%s\n' "$bold" "$step" "$*" "$off"; }
say() { printf '   %s\n' "$*"; }
show() { printf '%s   $ %s%s\n' "$dim" "$*" "$off"; "$@" 2>&1 | sed 's/^/     /'; }
fail() { printf '\n%sdemo failed: %s%s\n' "$bold" "$*" "$off" >&2; exit 1; }

cleanup() {
  set +e
  if [ -n "$UP_PID" ] && kill -0 "$UP_PID" 2>/dev/null; then
    kill -TERM "$UP_PID" 2>/dev/null; wait "$UP_PID" 2>/dev/null
  fi
  if [ -n "$SIM_PID" ] && kill -0 "$SIM_PID" 2>/dev/null; then
    kill -TERM "$SIM_PID" 2>/dev/null; wait "$SIM_PID" 2>/dev/null
  fi
  ip netns del "$NS" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# waits up to $1 seconds for the command after it to succeed (polls every 0.1 s)
wait_for() {
  local limit=$1; shift
  local tries=$((limit * 10))
  until "$@" >/dev/null 2>&1; do
    tries=$((tries - 1))
    [ "$tries" -gt 0 ] || return 1
    sleep 0.1
  done
}
json_field() { sed -n "s/^ *\"$1\": \"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\}$/\1/p" "$2" | head -n 1; }

[ "$(id -u)" -eq 0 ] || fail "run as root (network namespaces)"
[ -x "$BIN" ] || fail "$BIN is missing: run 'make publish' (or 'make demo')"
if [ ! -f "$SIM_DLL" ]; then
  say "building the simulator..."
  dotnet build tests/ModemSim/ModemSim.csproj -c Release -v q -nologo >/dev/null
fi

heading "A simulated $PROFILE USB modem"
ip netns add "$NS"
say "network namespace $NS holds our side of the modem's data link, so the demo never touches this machine's network"
mkfifo "$WORK/control"
dotnet "$SIM_DLL" --profile "$PROFILE" --root "$WORK/sim" --card pin:1234:3 --netdev wwan0 --veth --host-netns "$NS" \
  --control "$WORK/control" --info "$WORK/info.json" 2>"$WORK/sim.log" &
SIM_PID=$!
wait_for 30 test -s "$WORK/info.json" || { cat "$WORK/sim.log" >&2; fail "the simulator did not start"; }
SYSFS=$(json_field sysfs "$WORK/info.json"); DEVROOT=$(json_field devroot "$WORK/info.json")
LOCKDIR=$(json_field lockdir "$WORK/info.json"); USBPATH=$(json_field usbpath "$WORK/info.json")
GATEWAY=$(json_field gateway "$WORK/info.json")
say "USB device $USBPATH, SIM locked with PIN 1234 (3 attempts), ports:"
sed -n '/"ports"/,/}/p' "$WORK/info.json" | sed '1d;$d;s/^ */     /'
say "modem-side gateway $GATEWAY; the data link wwan0 is a veth pair into the modem's namespace"

heading "Configuration: a UCI file with the same options as under OpenWrt's netifd"
cat >"$WORK/network" <<EOF
config interface 'wan'
	option proto 'huaweiwwan'
	option device '$USBPATH'
	option apn 'internet'
	option pincode '1234'
EOF
sed 's/^/     /' "$WORK/network"

export HUAWEIWWAN_SYSFS=$SYSFS HUAWEIWWAN_DEVROOT=$DEVROOT HUAWEIWWAN_STATEDIR=$WORK/state HUAWEIWWAN_LOCKDIR=$LOCKDIR
RESOLV=$WORK/resolv.conf.d/huaweiwwan-wan

heading "huaweiwwan up: probe, unlock, register, connect (its log, as systemd's journal would show it)"
start=$(date +%s%3N)
ip netns exec "$NS" "$BIN" up --config "$WORK/network" --iface wan --resolv "$RESOLV" \
  2> >(sed -u 's/^/     [up] /') &
UP_PID=$!
connected() { "$BIN" status --iface wan --json > "$WORK/status.out" 2>&1; grep -q '"state": "connected"' "$WORK/status.out"; }

wait_for 90 connected || { cat "$WORK/status.out" >&2; fail "the link did not come up within 90 s"; }
elapsed=$(( $(date +%s%3N) - start ))
printf '   connected after %d.%03d s\n' $((elapsed / 1000)) $((elapsed % 1000))

heading "The interface, configured from the modem's ^DHCP answer"
show ip -n "$NS" -4 addr show dev wwan0
show ip -n "$NS" -4 route show
say "DNS servers went to $RESOLV (never /etc/resolv.conf):"
sed 's/^/     /' "$RESOLV"
show "$BIN" status --iface wan

heading "Traffic across the link: ping the modem-side gateway"
show ip netns exec "$NS" busybox ping -c 3 -W 2 "$GATEWAY" || fail "no answer from $GATEWAY"

heading "The network drops the call (simulated ^NDISSTAT:0): huaweiwwan reconnects by itself"
reconnects_before=$("$BIN" status --iface wan --json | sed -n 's/.*"reconnects": \([0-9]*\).*/\1/p')
drop_at=$(date +%s%3N)
echo "drop 36" >"$WORK/control"
say "sent 'drop' to the simulator"
reconnected() {
  local s; s=$("$BIN" status --iface wan --json) || return 1
  grep -q '"state": "connected"' <<<"$s" && ! grep -q '"connected_since": null' <<<"$s" \
    && [ "$(sed -n 's/.*"reconnects": \([0-9]*\).*/\1/p' <<<"$s")" -gt "$reconnects_before" ]
}
wait_for 60 reconnected || fail "no reconnect within 60 s"
elapsed=$(( $(date +%s%3N) - drop_at ))
printf '   reconnected %d.%03d s after the drop:\n' $((elapsed / 1000)) $((elapsed % 1000))
show "$BIN" status --iface wan
show ip netns exec "$NS" busybox ping -c 2 -W 2 "$GATEWAY" || fail "no answer from $GATEWAY after the reconnect"

heading "huaweiwwan down: hang up, remove the configuration, exit"
show "$BIN" down --iface wan
wait "$UP_PID" && rc=0 || rc=$?
UP_PID=""
say "'up' exited with status $rc (0 = clean stop)"
show ip -n "$NS" -4 addr show dev wwan0
[ -e "$RESOLV" ] && fail "$RESOLV was left behind"
say "address, route and DNS file are gone"

heading "Done: removing the simulator, the namespace and the temp files"
