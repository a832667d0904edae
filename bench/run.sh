#!/usr/bin/env bash
# Reunir benchmarks: ./bench/run.sh [--quick]
# Builds the jars, then measures each figure against its peer in the same run and writes
# bench/RESULTS.md (the medians of several runs and the ratios). Separate from `mvn verify`:
# numbers live here, never in timed test assertions. Needs: hyperfine, lz4, facter, apt lists
# (apt-get update && apt-get install -y hyperfine lz4 facter).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${BENCH_RUNS:-7}
[ "${1:-}" = "--quick" ] && RUNS=3
work=$(mktemp -d /tmp/reunir-bench-XXXXXX)
trap 'rm -rf "$work"' EXIT
say() { printf '==> %s\n' "$*" >&2; }
for tool in hyperfine lz4 facter python3; do
  command -v "$tool" >/dev/null || { echo "bench needs $tool: apt-get install -y $tool" >&2; exit 1; }
done

say "Building (mvn -B -q package -DskipTests)"
mvn -B -q package -DskipTests
AGENT=agent/target/reunir-agent.jar
# The container's JVM flags (agent/Dockerfile): the same process people run.
JAVA_FLAGS=${AGENT_JAVA_FLAGS:-"-Xmx64m -XX:+UseSerialGC -Xss512k -XX:TieredStopAtLevel=1 -Xshare:auto"}

median() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"]; print(" ".join("%.4f" % x["median"] for x in r))' "$1"; }

say "1. Package parsing: a dpkg status built from Debian's package index"
host="$work/host60k"
mkdir -p "$host/var/lib/dpkg/updates" "$host/var/lib/dpkg/info"
stanzas=$(python3 bench/make-status.py "$host/var/lib/dpkg/status")
status_mb=$(python3 -c "import os; print('%.1f' % (os.path.getsize('$host/var/lib/dpkg/status')/1e6))")
hyperfine -N --warmup 2 --runs "$RUNS" --export-json "$work/parse.json" \
  "java $JAVA_FLAGS -jar $AGENT collect --host-root $host --probes packages --output /dev/null" \
  "dpkg-query --admindir=$host/var/lib/dpkg -W" >&2
read -r t_agent t_dpkg <<<"$(median "$work/parse.json")"
throughput=$(java -cp "$AGENT" io.reunir.agent.probe.packages.ParseThroughput "$host/var/lib/dpkg/status" 2>/dev/null || echo "n/a")

say "2. Full collection on this machine: collect (default probes) vs facter --json"
hyperfine -N --warmup 1 --runs "$RUNS" --export-json "$work/collect.json" \
  "java $JAVA_FLAGS -jar $AGENT collect --host-root / --output /dev/null" \
  "facter --json" >&2
read -r t_collect t_facter <<<"$(median "$work/collect.json")"
rss() { /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1; }
rss_collect=$(rss java $JAVA_FLAGS -jar $AGENT collect --host-root / --output /dev/null)
rss_facter=$(rss facter --json)

ratio() { python3 -c "print('%.2f' % ($1/$2))"; }
{
  echo "# Reunir benchmark results"
  echo
  echo "Regenerate with \`./bench/run.sh\` (medians of $RUNS runs, hyperfine). Machine:"
  echo "\`$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -r), $(java -version 2>&1 | head -1)\`,"
  echo "agent JVM flags \`$JAVA_FLAGS\`. Measured $(date -u +%Y-%m-%dT%H:%MZ)."
  echo
  echo "| figure | Reunir | peer | ratio (Reunir/peer) | goal |"
  echo "|---|---|---|---|---|"
  echo "| packages-only collect, $stanzas stanzas ($status_mb MB), whole process | ${t_agent} s | dpkg-query -W ${t_dpkg} s | $(ratio "$t_agent" "$t_dpkg") | ≤ 1.0 |"
  echo "| in-process dpkg status parse | $throughput | — | — | ≥ 300 MB/s |"
  echo "| default collect on this machine, wall | ${t_collect} s | facter --json ${t_facter} s | $(ratio "$t_collect" "$t_facter") | < 0.5 |"
  echo "| default collect, peak RSS | $((rss_collect / 1024)) MiB | facter $((rss_facter / 1024)) MiB | $(ratio "$rss_collect" "$rss_facter") | — |"
} > bench/RESULTS.md
cat bench/RESULTS.md
