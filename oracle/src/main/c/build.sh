#!/bin/sh
# Builds the native helper crlinux (docs/linux-helper.md) into
# OUTDIR/org/croracle/oracle/linux/crlinux, so that the oracle jar carries it.
# Maven runs it in the generate-resources phase of the oracle module:
#   sh oracle/src/main/c/build.sh oracle/target/classes
# Without gcc (or off Linux) it says so and succeeds: only `./cr run --on-linux` and the
# Linux comparison tests need the helper, and they say it is missing. A compilation error fails.
set -eu

if [ "$#" -ne 1 ]; then
    echo "usage: build.sh OUTDIR" >&2
    exit 2
fi

case $0 in
    */*) here=${0%/*} ;;
    *) here=. ;;
esac
src=$here/crlinux.c
dir=$1/org/croracle/oracle/linux
bin=$dir/crlinux

if ! command -v gcc >/dev/null 2>&1; then
    echo "crlinux: gcc not found, the Linux comparison (./cr run --on-linux) is not built"
    exit 0
fi
if [ "$(uname -s)" != Linux ]; then
    echo "crlinux: this is not Linux, the Linux comparison (./cr run --on-linux) is not built"
    exit 0
fi

# Up to date: the binary exists and neither the source nor this script is newer
# (find -newer is POSIX; test -nt is not).
if [ -f "$bin" ] && [ -z "$(find "$src" "$0" -newer "$bin" 2>/dev/null)" ]; then
    exit 0
fi

mkdir -p "$dir"
obj=$bin.$$.o
tmp=$bin.$$.tmp
trap 'rm -f "$obj" "$tmp"' EXIT

gcc -std=gnu11 -O2 -Wall -Wextra -Werror -c -o "$obj" "$src"
# Static where the libc allows it (Debian's libc6-dev ships libc.a): the binary then runs
# wherever the jar goes. Otherwise a dynamic binary, for this machine's libc.
if ! gcc -static -o "$tmp" "$obj" 2>/dev/null; then
    gcc -o "$tmp" "$obj"
fi
chmod 755 "$tmp"
mv -f "$tmp" "$bin"
