#!/usr/bin/env bash
# Reunir quickstart: build the jars, start a local Elasticsearch (the official distribution from Maven
# Central), sync this machine's inventory into it with the agent, and answer a question from it. Ctrl-C or the end of the
# script stops everything it started.
set -euo pipefail
cd "$(dirname "$0")"

ES_PORT=${REUNIR_ES_PORT:-9250}
say() { printf '\n==> %s\n' "$*"; }

say "Building the agent and operator jars (mvn -B -q package -DskipTests)"
mvn -B -q package -DskipTests -Dslf4j.internal.verbosity=WARN

es_dist=$(ls -d agent/target/elasticsearch/elasticsearch-* | head -1)
work=$(mktemp -d /tmp/reunir-quickstart-XXXXXX)
es_pid=""
cleanup() {
  if [ -n "$es_pid" ] && kill -0 "$es_pid" 2>/dev/null; then
    say "Stopping Elasticsearch (pid $es_pid)"
    pkill -TERM -P "$es_pid" 2>/dev/null || true
    kill -TERM "$es_pid" 2>/dev/null || true
    wait "$es_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "Starting Elasticsearch $(basename "$es_dist") on http://127.0.0.1:$ES_PORT (data in $work)"
cp -a "$es_dist" "$work/home"
mkdir -p "$work/data" "$work/logs" "$work/tmp"
run_as=()
if [ "$(id -u)" = 0 ]; then
  # Elasticsearch refuses to run as root: hand its folders to the unprivileged user 65534.
  chown -R 65534:65534 "$work"
  chmod 755 "$work"
  run_as=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi
ES_JAVA_HOME=${ES_JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")} \
ES_JAVA_OPTS="-Xms512m -Xmx512m" ES_TMPDIR="$work/tmp" \
  "${run_as[@]}" "$work/home/bin/elasticsearch" -E discovery.type=single-node -E network.host=127.0.0.1 \
  -E http.port="$ES_PORT" -E path.data="$work/data" -E path.logs="$work/logs" \
  -E xpack.security.enabled=false -E cluster.routing.allocation.disk.threshold_enabled=false \
  >"$work/logs/console.log" 2>&1 &
es_pid=$!
for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$ES_PORT/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null 2>&1; then
    break
  fi
  if ! kill -0 "$es_pid" 2>/dev/null; then
    echo "Elasticsearch exited while starting; its log:" >&2
    tail -30 "$work/logs/console.log" >&2
    exit 1
  fi
  sleep 1
done
echo "Elasticsearch is up: $(curl -fsS "http://127.0.0.1:$ES_PORT/_cluster/health?filter_path=cluster_name,status")"

prefix=reunir
cat >"$work/agent.json" <<EOF
{
  "clusterName": "quickstart",
  "policy": "quickstart",
  "hostRoot": "/",
  "probes": ["os", "hardware", "packages", "services"],
  "elasticsearch": {"urls": ["http://127.0.0.1:$ES_PORT"], "indexPrefix": "$prefix"}
}
EOF
# The flags the agent's container uses: a small fixed heap (see README, "Running the agent").
agent=(java -Xmx48m -XX:+UseSerialGC -Xss512k -XX:TieredStopAtLevel=1 -jar agent/target/reunir-agent.jar)
say "Syncing this machine into Elasticsearch: reunir-agent run --config $work/agent.json --once"
"${agent[@]}" run --config "$work/agent.json" --once
curl -fsS -X POST "http://127.0.0.1:$ES_PORT/$prefix-*/_refresh" >/dev/null
say "Again: an unchanged node writes one document (the heartbeat)"
"${agent[@]}" run --config "$work/agent.json" --once
curl -fsS -X POST "http://127.0.0.1:$ES_PORT/$prefix-*/_refresh" >/dev/null

es() { curl -fsS -H 'Content-Type: application/json' "http://127.0.0.1:$ES_PORT/$1" ${2:+-d "$2"}; echo; }
say "Inventory summary"
printf 'Node and OS:      '
es "$prefix-nodes/_search?filter_path=hits.hits._source.host.os.full,hits.hits._source.host.name"
printf 'Packages:         '
es "$prefix-packages/_count?filter_path=count"
printf 'Running services: '
es "$prefix-services/_count?filter_path=count" '{"query":{"term":{"service.state":"running"}}}'

question='{
  "size": 100,
  "_source": ["host.name", "package.name", "package.version", "reunir.package.in_use"],
  "sort": [{"package.name": "asc"}],
  "query": {"bool": {"should": [
    {"term": {"package.name": "openssl"}},
    {"prefix": {"package.name": "libssl"}}
  ]}}
}'
say "Which openssl / libssl packages are installed, at which versions? (the body a Redash user pastes)"
echo "POST /$prefix-packages/_search"
echo "$question"
es "$prefix-packages/_search?filter_path=hits.hits._source" "$question"

# match exits 1 when it finds something (as osv-scanner does) and 4 when something was unreadable.
match() {
  local status=0
  "${agent[@]}" match --host-root "$1" --advisories advisories/src/test/resources/osv/distros || status=$?
  if [ "$status" -gt 1 ]; then
    echo "reunir-agent match exited $status: something above could not be read" >&2
  fi
}
say "Which advisories affect this machine? (reunir-agent match against the test OSV records: DNSpooq and others, per distribution release)"
match /
say "The same question for a Debian 10 host with buster's dnsmasq (a test fixture): affected, with the version buster fixed it in"
match agent/src/test/resources/hosts/fleet/debian10

say "The fleet answer, in Elasticsearch: five fixture hosts synced by the agent (Debian 10 and 12, Ubuntu 14.04 and 22.04, Alpine 3.18)"
for host in debian10 debian12 ubuntu1404 ubuntu2204 alpine318; do
  cat >"$work/fleet-$host.json" <<EOF
{
  "clusterName": "quickstart-fleet",
  "policy": "quickstart",
  "hostRoot": "$PWD/agent/src/test/resources/hosts/fleet/$host",
  "probes": ["os", "packages"],
  "elasticsearch": {"urls": ["http://127.0.0.1:$ES_PORT"], "indexPrefix": "$prefix"}
}
EOF
  NODE_NAME=$host-node "${agent[@]}" run --config "$work/fleet-$host.json" --once
done
curl -fsS -X POST "http://127.0.0.1:$ES_PORT/$prefix-*/_refresh" >/dev/null
say "Import the advisories and match them inside Elasticsearch, as an AdvisorySource does (reunir-operator advisories)"
java -Xmx256m -jar operator/target/reunir-operator.jar advisories \
  --export advisories/src/test/resources/osv/distros --elasticsearch "http://127.0.0.1:$ES_PORT" \
  --index-prefix "$prefix" --ecosystems Debian,Ubuntu,Alpine
say "Which nodes does CVE-2020-25681 (DNSpooq) affect, with the fixed version of each node's distribution? (Redash query 12, advisory = CVE-2020-25681)"
echo "POST /$prefix-findings/_search  (redash/queries/12-nodes-affected-by-advisory.json)"
es "$prefix-findings/_search?filter_path=hits.hits._source" \
  "$(sed -e '/"index":/d' -e 's/{{ advisory }}/CVE-2020-25681/g' redash/queries/12-nodes-affected-by-advisory.json)"

if [ -t 0 ]; then
  say "Elasticsearch keeps running on http://127.0.0.1:$ES_PORT for your own queries. Press Enter or Ctrl-C to stop it."
  read -r _ || true
else
  say "Done. Elasticsearch stops now; run ./quickstart.sh again to start over."
fi
