#!/usr/bin/env bash
# cr: the cr-oracle command line. Builds cli/target/cr.jar with Maven when it is missing or older
# than the sources, then runs it. Needs only Java 17 and Maven.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="$root/cli/target/cr.jar"

stale() {
  [ ! -f "$jar" ] && return 0
  [ -n "$(find "$root/pom.xml" "$root/model" "$root/impl" "$root/oracle" "$root/cli" \
          \( -path '*/target' -prune \) -o \( -type f \( -name '*.java' -o -name 'pom.xml' \) -newer "$jar" -print \) \
          2>/dev/null | head -n 1)" ]
}

if stale; then
  echo "cr: building cli/target/cr.jar (mvn -q -B -DskipTests -pl cli -am package)..." >&2
  if ! (cd "$root" && mvn -q -B -DskipTests -pl cli -am package >&2); then
    echo "cr: the build failed (see above)" >&2
    exit 2
  fi
fi

# The young generation. The oracle allocates fast and keeps little; ParallelGC's adaptive sizing
# grows eden to gigabytes, and then every collection cycle sweeps fresh memory (cache and TLB
# misses, page faults after each resize): the oracle checked steps at a quarter of its speed for
# seconds at a time, and at about half on average. A bounded young generation keeps its speed
# steady. A tree of 100,000 tasks keeps hundreds of megabytes alive and is faster with the
# adaptive one: the commands that may hold one keep it.
young=(-Xmn256m)
case "${1:-}" in
  plan|snapshot|ckptinfo|restart|checkpoint) young=() ;;
  bench)
    [ $# -eq 1 ] && young=()
    for arg in "$@"; do
      case "$arg" in restart|image) young=() ;; esac
    done ;;
esac

# TLC extracts its standard modules into java.io.tmpdir: give this run its own.
tmp="$(mktemp -d "${TMPDIR:-/tmp}/cr.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
status=0
java -XX:+UseParallelGC ${young[@]+"${young[@]}"} -Djava.io.tmpdir="$tmp" -Dcr.specs="$root/specs" -jar "$jar" "$@" || status=$?
exit "$status"
