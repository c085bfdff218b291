#!/bin/sh
# netifd discovers protocol handlers as /lib/netifd/proto/*.sh and runs them as
#   ./huaweiwwan.sh <proto> <action> <interface> '<config JSON>' [<device>]
# (and "./huaweiwwan.sh '' dump" at start). Everything is done by the binary.
# HUAWEIWWAN_BIN is for tests and development trees; netifd never sets it.
exec "${HUAWEIWWAN_BIN:-/usr/sbin/huaweiwwan}" netifd "$@"
