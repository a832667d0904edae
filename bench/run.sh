#!/usr/bin/env bash
# Reunir benchmarks: ./bench/run.sh [--quick]
# Builds the jars (with the bench module, profile -Pbench), then measures each figure against its
# peer in the same run and writes bench/RESULTS.md: medians of several runs and the ratios.
# Separate from `mvn verify`: numbers live here, never in timed test assertions.
# Needs: hyperfine, lz4, facter, curl, python3 and the apt lists
#   (apt-get update && apt-get install -y hyperfine lz4 facter).
# Environment: BENCH_RUNS (default 7), BENCH_NODES (fleet size, default 1000),
#   BENCH_CYCLES (agent footprint cycles measured, default 8), BENCH_ES_PORT (default 9260),
#   BENCH_ADVISORY_RECORDS (OSV records, default 100000), BENCH_ADVISORY_NODES (default 5000).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${BENCH_RUNS:-7}
NODES=${BENCH_NODES:-1000}
CYCLES=${BENCH_CYCLES:-8}
ADV_RECORDS=${BENCH_ADVISORY_RECORDS:-100000}
ADV_NODES=${BENCH_ADVISORY_NODES:-5000}
if [ "${1:-}" = "--quick" ]; then
  RUNS=3 NODES=${BENCH_NODES:-100} CYCLES=${BENCH_CYCLES:-3}
  ADV_RECORDS=${BENCH_ADVISORY_RECORDS:-10000} ADV_NODES=${BENCH_ADVISORY_NODES:-200}
fi
ES_PORT=${BENCH_ES_PORT:-9260}
ES_URL="http://127.0.0.1:$ES_PORT"
INTERVAL=10
say() { printf '==> %s\n' "$*" >&2; }
for tool in hyperfine lz4 facter python3 curl; do
  command -v "$tool" >/dev/null || { echo "bench needs $tool: apt-get install -y $tool" >&2; exit 1; }
done

work=$(mktemp -d /tmp/reunir-bench-XXXXXX)
es_pid="" agent_pid=""
stop() { # pid: TERM the process and its children, then wait for it
  [ -n "$1" ] && kill -0 "$1" 2>/dev/null || return 0
  pkill -TERM -P "$1" 2>/dev/null || true
  kill -TERM "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
cleanup() { stop "$agent_pid"; stop "$es_pid"; rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

say "Building (mvn -B -q -Pbench -pl contract,advisories,agent,operator,bench package -DskipTests)"
mvn -B -q -Pbench -pl contract,advisories,agent,operator,bench package -DskipTests -Dslf4j.internal.verbosity=WARN >&2
AGENT=agent/target/reunir-agent.jar
BENCH_CP="$AGENT:bench/target/reunir-bench.jar"
OPS_CP="$AGENT:operator/target/reunir-operator.jar:bench/target/reunir-bench.jar"
# The image as shipped: agent/Dockerfile's ENTRYPOINT flags and its class-data archive, trained by
# the Dockerfile's own RUN command, with the image's paths mapped to this checkout.
dockerfile_exec() { # ENTRYPOINT|RUN: that exec-form line's arguments, one per line, paths mapped
  python3 - "$1" "$AGENT" "$work/agent.jsa" <<'PY'
import json, re, sys
kind, jar, archive = sys.argv[1:]
text = open("agent/Dockerfile").read().replace("\\\n", " ")
args = json.loads(re.search(r"^%s\s+(\[.*\])\s*$" % kind, text, re.M).group(1))
paths = {"/app/reunir-agent.jar": jar, "/app/reunir-agent.jsa": archive, "/app/cds-host": "agent/cds/host"}
for arg in args:
    for image_path, local in paths.items():
        arg = arg.replace(image_path, local)
    print(arg)
PY
}
mapfile -t training < <(dockerfile_exec RUN)
"${training[@]}" >/dev/null 2>&1
[ -f "$work/agent.jsa" ] || { echo "the Dockerfile's training run wrote no $work/agent.jsa" >&2; exit 1; }
mapfile -t entrypoint < <(dockerfile_exec ENTRYPOINT)
image_flags=("${entrypoint[@]:1}")                  # drop "java"
image_flags=("${image_flags[@]:0:${#image_flags[@]}-2}") # drop "-jar" and the jar
JAVA_FLAGS=${AGENT_JAVA_FLAGS:-"${image_flags[*]}"}
# The same without the archive: what the class-data archive saves.
NO_CDS_FLAGS=$(tr ' ' '\n' <<<"$JAVA_FLAGS" | grep -v '^-XX:SharedArchiveFile=' | xargs)

median() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"]; print(" ".join("%.4f" % x["median"] for x in r))' "$1"; }
ratio() { python3 -c "print('%.2f' % ($1/$2))"; }
calc() { python3 -c "print($1)"; }

say "1. Package parsing: a dpkg status built from Debian's package index"
host="$work/host60k"
mkdir -p "$host/var/lib/dpkg/updates" "$host/var/lib/dpkg/info"
stanzas=$(python3 bench/make-status.py "$host/var/lib/dpkg/status")
status_file="$host/var/lib/dpkg/status"
status_mb=$(calc "'%.1f' % ($(stat -c %s "$status_file")/1e6)")
# The timing means something only if collect really read every package, with no probe error (a
# refusal, say a package budget too small for the heap, would be quick and empty).
collected=$(java $JAVA_FLAGS -jar $AGENT collect --host-root "$host" --probes packages 2>"$work/collect.err" \
  | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["packages"]))')
listed=$(dpkg-query --admindir="$host/var/lib/dpkg" -W | wc -l)
if [ "$collected" != "$listed" ] || [ -s "$work/collect.err" ]; then
  echo "collect read $collected packages, dpkg-query lists $listed:" >&2; cat "$work/collect.err" >&2; exit 1
fi
hyperfine -N --warmup 2 --runs "$RUNS" --export-json "$work/parse.json" \
  "java $JAVA_FLAGS -jar $AGENT collect --host-root $host --probes packages --output /dev/null" \
  "dpkg-query --admindir=$host/var/lib/dpkg -W" \
  "java $NO_CDS_FLAGS -jar $AGENT collect --host-root $host --probes packages --output /dev/null" >&2
read -r t_agent t_dpkg t_agent_nocds <<<"$(median "$work/parse.json")"
# The image runs C1 only (TieredStopAtLevel=1); the default JIT shows what the parser can do.
# 256m: the whole 34 MB file is held in memory so the disk is not measured.
mbs_c1=$(java -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$BENCH_CP" io.reunir.bench.ParseThroughput "$status_file" 5)
mbs_c2=$(java -Xmx256m -XX:+UseSerialGC -cp "$BENCH_CP" io.reunir.bench.ParseThroughput "$status_file" 5)

say "2. Full collection on this machine: collect (default probes) vs facter --json"
# facter exits 1 in a sandbox that denies /proc/1/environ although its JSON is complete, so failures
# are ignored in the timing; the agent's own exit status is checked here first.
java $JAVA_FLAGS -jar $AGENT collect --host-root / --output /dev/null
hyperfine -N -i --warmup 1 --runs "$RUNS" --export-json "$work/collect.json" \
  "java $JAVA_FLAGS -jar $AGENT collect --host-root / --output /dev/null" \
  "facter --json" \
  "java $NO_CDS_FLAGS -jar $AGENT collect --host-root / --output /dev/null" >&2
read -r t_collect t_facter t_collect_nocds <<<"$(median "$work/collect.json")"
peak_rss() { # median over RUNS of /usr/bin/time's maximum resident set, KiB
  for _ in $(seq "$RUNS"); do { /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null || true; } | tail -1; done |
    sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
rss_collect=$(peak_rss java $JAVA_FLAGS -jar $AGENT collect --host-root / --output /dev/null)
rss_facter=$(peak_rss facter --json)

say "Starting Elasticsearch on $ES_URL for the footprint and the fleet"
es_dist=$(ls -d agent/target/elasticsearch/elasticsearch-* | head -1)
cp -a "$es_dist" "$work/es"
mkdir -p "$work/es-data" "$work/es-logs" "$work/es-tmp"
run_as=()
if [ "$(id -u)" = 0 ]; then
  # Elasticsearch refuses to run as root: its folders go to the unprivileged user 65534.
  chown -R 65534:65534 "$work/es" "$work/es-data" "$work/es-logs" "$work/es-tmp"
  chmod 755 "$work"
  run_as=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi
ES_JAVA_HOME=${ES_JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")} \
ES_JAVA_OPTS="-Xms1g -Xmx1g" ES_TMPDIR="$work/es-tmp" \
  "${run_as[@]}" "$work/es/bin/elasticsearch" -E discovery.type=single-node -E network.host=127.0.0.1 \
  -E http.port="$ES_PORT" -E path.data="$work/es-data" -E path.logs="$work/es-logs" \
  -E xpack.security.enabled=false -E cluster.routing.allocation.disk.threshold_enabled=false \
  >"$work/es-console.log" 2>&1 &
es_pid=$!
until curl -fsS "$ES_URL/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null 2>&1; do
  kill -0 "$es_pid" 2>/dev/null || { tail -30 "$work/es-console.log" >&2; exit 1; }
  sleep 1
done
es_version=$(curl -fsS "$ES_URL/_cat/nodes?h=version" | head -1)

say "3. Agent footprint: run mode every ${INTERVAL}s, 2 warm-up cycles then $CYCLES measured"
cat >"$work/agent.json" <<JSON
{"clusterName": "bench", "policy": "bench", "hostRoot": "/", "interval": "${INTERVAL}s", "jitter": "0s",
 "probes": ["os", "hardware", "packages", "services"],
 "elasticsearch": {"urls": ["$ES_URL"], "indexPrefix": "benchagent"}}
JSON
NODE_NAME=bench-agent java $JAVA_FLAGS -jar $AGENT run --config "$work/agent.json" 2>"$work/agent.log" &
agent_pid=$!
cycles_done() { grep -c 'Synced:' "$work/agent.log" || true; }
wait_cycles() { # n: wait until the agent has logged n finished cycles
  while [ "$(cycles_done)" -lt "$1" ]; do
    kill -0 "$agent_pid" 2>/dev/null || { cat "$work/agent.log" >&2; exit 1; }
    sleep 0.2
  done
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$agent_pid/stat"; }
status_kib() { awk -v k="$1:" '$1 == k {print $2}' "/proc/$agent_pid/status"; }
wait_cycles 2
ticks0=$(cpu_ticks)
: >"$work/rss.txt"
for n in $(seq 3 $((CYCLES + 2))); do
  wait_cycles "$n"
  echo "$(status_kib VmRSS) $(status_kib Threads)" >>"$work/rss.txt"
done
ticks1=$(cpu_ticks)
hwm=$(status_kib VmHWM)
stop "$agent_pid"; agent_pid=""
hz=$(getconf CLK_TCK)
cpu_per_cycle=$(calc "'%.3f' % (($ticks1 - $ticks0) / $hz / $CYCLES)")
rss_steady=$(sort -n "$work/rss.txt" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
rss_max=$(sort -n "$work/rss.txt" | tail -1 | cut -d' ' -f1)
threads=$(sort -k2 -n "$work/rss.txt" | tail -1 | cut -d' ' -f2)
cycle_line=$(grep 'Synced:' "$work/agent.log" | tail -1 | sed 's/^.* - //')

say "4. Fleet simulation: $NODES nodes syncing into Elasticsearch"
es_server=$(pgrep -P "$es_pid" java | head -1) # the launcher's child is the server JVM
es_cpu() { awk '{print $14 + $15}' "/proc/$es_server/stat"; }
java -Xmx2g -cp "$BENCH_CP" io.reunir.bench.FleetSim --es "$ES_URL" --index "$status_file" \
  --nodes "$NODES" --threads 4 --prefix benchfleet --ndjson "$work/ndjson" --es-pid "$es_server" \
  >"$work/fleet.env"
# shellcheck disable=SC1091
. "$work/fleet.env"
say "4b. The same initial documents as raw _bulk NDJSON with curl (4 at a time, like the simulator)"
raw_cpu0=$(es_cpu)
raw_start=$(date +%s.%N)
find "$work/ndjson" -name '*.ndjson' -print0 | sort -z |
  xargs -0 -P 4 -I{} curl -fsS -o /dev/null -H 'Content-Type: application/x-ndjson' \
    --data-binary @{} "$ES_URL/_bulk"
raw_end=$(date +%s.%N)
raw_es_cpu=$(calc "'%.2f' % (($(es_cpu) - $raw_cpu0) / $(getconf CLK_TCK))")
raw_seconds=$(calc "'%.3f' % ($raw_end - $raw_start)")
curl -fsS -X POST "$ES_URL/benchfleet-*,${raw_prefix}-*/_refresh" >/dev/null
count() { curl -fsS "$ES_URL/$1/_count" | python3 -c 'import json,sys; print(json.load(sys.stdin)["count"])'; }
fleet_pkgs=$(count benchfleet-packages) raw_pkgs=$(count "${raw_prefix}-packages")
[ "$fleet_pkgs" = "$raw_pkgs" ] || echo "WARNING: raw _bulk indexed $raw_pkgs package documents, the fleet $fleet_pkgs" >&2
store() { curl -fsS "$ES_URL/$1/_stats/store" | python3 -c 'import json,sys; print(json.load(sys.stdin)["_all"]["primaries"]["store"]["size_in_bytes"])'; }
fleet_store=$(store 'benchfleet-*')
raw_docs_per_s=$(calc "'%.0f' % ($raw_docs / $raw_seconds)")

say "5. Operator status queries for 5,000 nodes (its InventoryStore against this Elasticsearch)"
java -cp "$OPS_CP" io.reunir.bench.ReportingCount "$ES_URL" 5000 >"$work/ops.env"
# shellcheck disable=SC1091
. "$work/ops.env"
say "5b. Operator reconcile at that scale: the Fabric8 CRUD mock server with 5,000 Nodes"
java -cp "bench/target/reunir-bench.jar:$(cat bench/target/classpath.txt)" io.reunir.bench.PolicyReconcile \
  "$ES_URL" crds/collectionpolicies.reunir.io-v1.yml 5000 >"$work/rc.env" 2>"$work/rc.log" ||
  { tail -30 "$work/rc.log" >&2; exit 1; }
# shellcheck disable=SC1091
. "$work/rc.env"
say "6. A node with 100 running containers of 20 images: the containers probe and its sync"
java $NO_CDS_FLAGS -cp "$BENCH_CP" io.reunir.bench.ContainerNode /var/lib/dpkg/status 100 20 --es "$ES_URL" \
  >"$work/ctr.env" 2>"$work/ctr.log" || { tail -30 "$work/ctr.log" >&2; exit 1; }
# shellcheck disable=SC1091
. "$work/ctr.env"

say "7. Containers: a 5,000-node DaemonSet of one image, deduplicated or one package list per container"
java -Xmx1g -cp "$BENCH_CP" io.reunir.bench.ContainerDedup "$ES_URL" /var/lib/dpkg/status 5000 >"$work/dedup.env"
# shellcheck disable=SC1091
. "$work/dedup.env"

say "8. Advisories: import of $ADV_RECORDS OSV records, match of a $ADV_NODES-node fleet"
adv_start=$(date +%s)
java -cp "$OPS_CP" io.reunir.bench.OsvExport "$status_file" "$ADV_RECORDS" "$work/osv" "$work/osv-changed" \
  >"$work/adv.env"
osv_zip_bytes=$(du -cb "$work"/osv/*/all.zip | tail -1 | cut -f1)
# Each import is a process of its own with the operator's small heap, so its peak RSS is its own.
# "all": every ecosystem of the export is written, the import's whole work. The match reads
# benchadv-advisories after its own import of the fleet's ecosystem, as the operator's default would.
adv_import() { # export label ecosystems prefix
  /usr/bin/time -f "$2_rss_kib=%M\n$2_cpu_user=%U\n$2_cpu_sys=%S" -a -o "$work/adv.env" java -Xmx64m -XX:+UseSerialGC -cp "$OPS_CP" \
    io.reunir.operator.advisories.AdvisoryImportRun "$ES_URL" "$4" "$1" "$2" "$3" >>"$work/adv.env" 2>"$work/adv-$2.log" ||
    { tail -20 "$work/adv-$2.log" >&2; exit 1; }
}
adv_import "$work/osv" import all benchadvall
adv_import "$work/osv" reimport all benchadvall
adv_import "$work/osv-changed" changed all benchadvall
adv_import "$work/osv-changed" fleetimport Debian benchadv
java -Xmx2g -cp "$OPS_CP" io.reunir.bench.AdvisoryMatch "$ES_URL" "$status_file" "$ADV_NODES" benchadv \
  >>"$work/adv.env" 2>"$work/adv-match.log" || { tail -30 "$work/adv-match.log" >&2; exit 1; }
# shellcheck disable=SC1091
. "$work/adv.env"
adv_seconds=$(( $(date +%s) - adv_start ))
[ "$reimport_written" = 0 ] || echo "WARNING: the unchanged re-import wrote $reimport_written documents" >&2
[ "$changed_written" = "$osv_changed_documents" ] ||
  echo "WARNING: the 1% changed import wrote $changed_written documents, the changed records have $osv_changed_documents" >&2
[ "$match_findings" = "$per_package_findings" ] ||
  echo "WARNING: the match found $match_findings findings, the per-package queries $per_package_findings" >&2

say "Writing bench/RESULTS.md"
mib() { calc "'%.1f' % ($1 / 1024)"; }
verdict() { python3 -c "print('met' if $1 else 'missed')"; }
{
  echo "# Reunir benchmark results"
  echo
  echo "Regenerate with \`./bench/run.sh\` (hyperfine medians of $RUNS runs; the fleet and footprint are one run each)."
  echo "Machine: \`$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB,"
  echo "$(uname -r), $(java -version 2>&1 | head -1), Elasticsearch $es_version (1 GiB heap, same machine)\`."
  echo "Agent JVM flags \`$JAVA_FLAGS\`. Measured $(date -u +%Y-%m-%dT%H:%MZ)."
  echo
  echo "| figure | Reunir | peer | ratio (Reunir/peer) | goal | |"
  echo "|---|---|---|---|---|---|"
  echo "| packages-only collect, $stanzas stanzas ($status_mb MB), whole process | ${t_agent} s | dpkg-query -W ${t_dpkg} s | $(ratio "$t_agent" "$t_dpkg") | ≤ 1.0 | $(verdict "$t_agent <= $t_dpkg") |"
  echo "| the same without the image's class-data archive | ${t_agent_nocds} s | dpkg-query -W ${t_dpkg} s | $(ratio "$t_agent_nocds" "$t_dpkg") | — | |"
  echo "| in-process dpkg status parse, image JIT (C1 only) | $mbs_c1 MB/s | — | — | ≥ 300 MB/s | $(verdict "$mbs_c1 >= 300") |"
  echo "| in-process dpkg status parse, default JIT (C2) | $mbs_c2 MB/s | — | — | ≥ 300 MB/s | $(verdict "$mbs_c2 >= 300") |"
  echo "| default collect on this machine, wall | ${t_collect} s | facter --json ${t_facter} s | $(ratio "$t_collect" "$t_facter") | < 0.5 | $(verdict "$t_collect < 0.5 * $t_facter") |"
  echo "| the same without the image's class-data archive | ${t_collect_nocds} s | facter --json ${t_facter} s | $(ratio "$t_collect_nocds" "$t_facter") | — | |"
  echo "| default collect, peak RSS (median) | $(mib "$rss_collect") MiB | facter $(mib "$rss_facter") MiB | $(ratio "$rss_collect" "$rss_facter") | — | |"
  echo "| agent \`run\`, RSS after warm-up (median of $CYCLES cycles) | $(mib "$rss_steady") MiB (max $(mib "$rss_max")) | — | — | ≤ 64 MiB | $(verdict "$rss_steady <= 65536") |"
  echo "| agent \`run\`, peak RSS (VmHWM) | $(mib "$hwm") MiB | — | — | — | |"
  echo "| agent \`run\`, CPU per unchanged cycle (utime+stime, idle time included) | $cpu_per_cycle s | — | — | < 0.2 s | $(verdict "$cpu_per_cycle < 0.2") |"
  echo "| agent \`run\`, threads | $threads | — | — | — | |"
  echo "| fleet: initial sync, $nodes nodes ($sets package sets) | $initial_docs_per_s docs/s ($initial_docs docs, $(calc "'%.0f' % ($initial_bytes/1e6)") MB, ${initial_seconds} s) | raw \`_bulk\` with curl $raw_docs_per_s docs/s ($raw_docs docs, $(calc "'%.0f' % ($raw_bytes/1e6)") MB, ${raw_seconds} s) | $(ratio "$initial_docs_per_s" "$raw_docs_per_s") | ≥ 0.8 | $(verdict "$initial_docs_per_s >= 0.8 * $raw_docs_per_s") |"
  echo "| fleet: initial sync, Elasticsearch CPU per 1,000 documents | $(calc "'%.3f' % ($initial_es_cpu_seconds * 1000 / $initial_docs)") s | raw \`_bulk\` $(calc "'%.3f' % ($raw_es_cpu * 1000 / $raw_docs)") s | $(ratio "($initial_es_cpu_seconds / $initial_docs)" "($raw_es_cpu / $raw_docs)") | — | |"
  echo "| fleet: initial sync, simulator CPU per 1,000 documents (render, hash, serialize, HTTP) | $(calc "'%.3f' % ($initial_agent_cpu_seconds * 1000 / $initial_docs)") s | — | — | — | |"
  echo "| fleet: unchanged cycle, documents per node | $unchanged_docs_per_node (${unchanged_seconds} s, $(calc "'%.1f' % ($unchanged_bytes/1e6)") MB) | — | — | 1 | $(verdict "$unchanged_docs_per_node <= 1") |"
  echo "| fleet: 5% of nodes ($upgrade_changed_nodes) upgrade 20 packages | $upgrade_docs docs ($upgrade_written upserts, $upgrade_events change events, ${upgrade_seconds} s) | — | — | — | |"
  echo "| fleet: 5% of nodes ($relabel_changed_nodes) move to another node pool (a label every document carries) | $relabel_written upserts of their $relabel_node_documents documents, $relabel_events change events (${relabel_seconds} s) | — | — | each document once, no event | $(verdict "$relabel_written == $relabel_node_documents and $relabel_events == 0") |"
  echo "| fleet: Elasticsearch store per node (primaries, all indices) | $(calc "'%.1f' % ($fleet_store / $nodes / 1024)") KiB | — | — | — | |"
  echo "| operator: \`nodes.reporting\` count for $ops_nodes nodes (median of 21) | $ops_reporting_ms ms | — | — | — | |"
  echo "| operator: node names for stale-node cleanup, $ops_nodes nodes (median of 21) | $ops_names_ms ms | — | — | — | |"
  echo "| operator: new policy, create → \`status.observedGeneration\` ($rc_nodes Nodes in the mock server, $rc_nodes heartbeats) | $rc_first_ms ms | — | — | — | |"
  echo "| operator: config-only policy change (schedule), edit → \`status.observedGeneration\` (median of 11) | $rc_config_ms ms | — | — | — | |"
  echo "| operator: policy change that rolls the DaemonSet (probes), edit → \`status.observedGeneration\` (median of 11) | $rc_rollout_ms ms | — | — | — | |"
  echo "| containers probe, 100 containers of 20 images ($containers_packages_per_image packages each): first collect (every image hashed and parsed) | ${containers_first_collect_ms} ms | — | — | — | |"
  echo "| the same, unchanged collect (stats only: $((containers_unchanged_hashed - containers_first_hashed)) hashed, $((containers_unchanged_parsed - containers_first_parsed)) parsed) | ${containers_unchanged_collect_ms} ms | — | — | — | |"
  echo "| the same, JVM RSS after both cycles (image heap flags) | $(mib "$containers_vmrss_kib") MiB (VmHWM $(mib "$containers_vmhwm_kib")) | — | — | — | |"
  echo "| the same, documents of the first sync | $containers_first_docs ($containers_first_image_docs image, $containers_first_container_docs container documents, $(calc "'%.1f' % ($containers_first_bytes/1e6)") MB) | — | — | — | |"
  echo "| the same, documents of an unchanged sync | $containers_unchanged_docs ($containers_unchanged_image_docs image documents) | — | — | 1 | $(verdict "$containers_unchanged_docs <= 1") |"
  echo "| containers: $dedup_nodes nodes running one DaemonSet image ($dedup_image_packages packages), documents | $dedup_docs ($dedup_images_docs images + $dedup_containers_docs containers) | one package list per container $flat_docs | $(ratio "$dedup_docs" "$flat_docs") (1/$dedup_docs_ratio) | — | |"
  echo "| containers: the same, primary store after a force merge | $(calc "'%.1f' % ($dedup_bytes/1e6)") MB | $(calc "'%.1f' % ($flat_bytes/1e6)") MB | $(ratio "$dedup_bytes" "$flat_bytes") (1/$dedup_bytes_ratio) | — | |"
  echo "| advisories: import of $osv_records OSV records ($(calc "'%.0f' % ($osv_json_bytes/1e6)") MB of JSON, $(calc "'%.0f' % ($osv_zip_bytes/1e6)") MB zipped; Debian, Ubuntu, Alpine, AlmaLinux), every ecosystem | ${import_seconds} s, $import_written documents, $import_requests requests, importer CPU $(calc "'%.1f' % ($import_cpu_user + $import_cpu_sys)") s | — | — | — | |"
  echo "| advisories: the import's peak RSS (-Xmx64m) | $(mib "$import_rss_kib") MiB (re-import $(mib "$reimport_rss_kib"), 1% changed $(mib "$changed_rss_kib")) | — | — | — | |"
  echo "| advisories: re-import of the unchanged export | ${reimport_seconds} s, $reimport_written written ($reimport_unchanged unchanged, $reimport_requests requests) | — | — | 0 written | $(verdict "$reimport_written == 0") |"
  echo "| advisories: import with 1% of records changed ($osv_changed_records records, $osv_changed_documents documents) | ${changed_seconds} s, $changed_written written | — | — | only those | $(verdict "$changed_written == $osv_changed_documents") |"
  echo "| advisories: import of the fleet's ecosystem only (Debian, the operator's default for this fleet) | ${fleetimport_seconds} s, $fleetimport_written documents ($fleetimport_skipped skipped) | — | — | — | |"
  echo "| advisories: full match (\`FindingsMatch.matchAll\`), $fleet_nodes nodes ($fleet_packages package documents) × $match_advisories advisory documents | ${match_seconds} s, $match_findings findings, $match_requests requests | one query per distinct installed package: ${per_package_seconds} s, $per_package_findings findings, $per_package_requests requests ($per_package_installed packages) | $(ratio "$match_seconds" "$per_package_seconds") | — | |"
  echo "| advisories: the two matches' findings, id for id | $compare_only_match only in the match | $compare_only_per_package only per package | — | 0 and 0 | $(verdict "$compare_only_match == 0 and $compare_only_per_package == 0") |"
  echo "| advisories: $upgrade_node upgrades $upgrade_package, then the per-node re-match (\`FindingsMatch.matchHosts\`) | ${rematch_seconds} s, $rematch_written written, $rematch_deleted deleted, $rematch_requests requests; finding closed: $upgrade_finding_closed | — | — | closed | $(verdict "'$upgrade_finding_closed' == 'true'") |"
  echo "| advisories: store after a merge to one segment | \`-advisories\` $(calc "'%.1f' % ($store_advisories_bytes/2**20)") MiB ($store_advisories_docs docs), \`-findings\` $(calc "'%.1f' % ($store_findings_bytes/2**20)") MiB ($store_findings_docs docs) | — | — | — | |"
  echo
  echo "Advisory step: $adv_seconds s in all (the fleet loaded in ${fleet_load_seconds} s as plain bulk index actions)."
  echo "Last agent cycle logged: \`$cycle_line\`."
  echo "Not converged nodes: initial $initial_not_converged, unchanged $unchanged_not_converged, upgrade $upgrade_not_converged."
  echo "Before the fleet's initial sync an untimed warm-up syncs 100 other nodes (another prefix), so the"
  echo "initial sync and the raw \`_bulk\` after it both meet a warm Elasticsearch; the initial sync includes"
  echo "each node's start-up requests (template check, state read-back), as a fresh agent makes them."
  echo "Raw \`_bulk\` files are cut at the agent's batch size (2 MiB) and sent 4 at a time, as the simulator's 4 threads do."
} > bench/RESULTS.md
cat bench/RESULTS.md
