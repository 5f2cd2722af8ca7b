#!/usr/bin/env bash
# The benchmark of issue "Performance", end to end: builds bench-all.jar, makes two throw-away PKIs
# with certgen (EC P-256, the default, and RSA-2048), and runs the Java benchmark (our Java clients
# and Mosquitto's C clients), which starts its two brokers as the system tests start theirs
# (io.securemqtt.bench.BenchBrokers, through the testing module's MosquittoContainer: the image of
# mosquitto/'s Dockerfile, its config baked in, kept in Docker's cache under a tag made of
# mosquitto/'s contents) on free loopback ports, and removes the brokers and their volumes on exit.
# Prints the benchmark's table, and last its JSON line.
#
#   bench/run.sh [--quick] [--max-inflight N] [--bridge] [--stack] [--base-image IMAGE]
#                [--persistence LIST] [-- BENCH OPTIONS...]
#
#   --quick           a smoke run (~1 min) instead of the full one (~3-4 min)
#   --max-inflight N  run the brokers with max_inflight_messages N (the Receive Maximum they
#                     announce; mosquitto.conf sets 100; Mosquitto's default is 20), on a copy of the
#                     config: mosquitto/mosquitto.conf itself is not touched
#   --bridge          the clients reach the brokers at their addresses on a Docker network of
#                     the run's own, as the Compose stack's clients do, instead of through
#                     127.0.0.1 and Docker's userland proxy (docker-proxy)
#   --stack           also measure the Compose stack first (measure_stack below); skipped if a
#                     container named mosquitto exists, i.e. someone's stack is up
#   --base-image IMAGE  build the broker image on IMAGE instead of mosquitto/Dockerfile's FROM,
#                     e.g. eclipse-mosquitto:2.1.2 (the Dockerfile itself is not touched)
#   --persistence LIST  also start one broker per persistence variant in the comma-separated LIST
#                     and compare them (the benchmark's persistence section: QoS 1, 128 B, a
#                     subscriber with a persistent session, online and with a backlog). Each has
#                     mosquitto/mosquitto.conf without its persistence lines (persistence*,
#                     autosave_*, the persist-sqlite plugin with its plugin_opt_* lines), then:
#                       none       nothing: the baseline
#                       snapshot   persistence true, autosave_interval 10 (Mosquitto 2.0's way)
#                       sqlite     the persist-sqlite plugin (Mosquitto 2.1), plugin_opt_flush_period 0
#                       sqlite-sync-MODE  ... and plugin_opt_sync MODE: off, normal (the plugin's
#                                  default), full or extra
#                       sqlite[-sync-MODE]-flush-N  ... and plugin_opt_flush_period N (seconds)
#                     e.g. --persistence snapshot,sqlite,sqlite-sync-full. The database is in the
#                     container's /mosquitto/data volume, on the host's disk as in Compose. A full
#                     run takes 1-3 min more per variant (2 rounds of 4 cases of 50,000 messages).
#   -- ...            passed to the benchmark, e.g. -- --only throughput --receive-maximum 100
#                     (-- --only persistence: only the persistence section)
#
# Needs: Java 17, Maven, Docker, mosquitto_pub/mosquitto_sub (Debian: mosquitto-clients), stdbuf.
# Testcontainers reads its usual variables (e.g. TESTCONTAINERS_RYUK_DISABLED=true where there is no
# Ryuk image; then the JVM's shutdown hook and this script's cleanup remove the brokers).
# Never uses port 8883 or the container name mosquitto, so it can run beside the Compose stack;
# but everything on the machine shares its CPU, so figures taken beside other work are low.
set -euo pipefail
cd "$(dirname "$0")/.."

QUICK=()
MAX_INFLIGHT=""
STACK=false
BRIDGE=false
BASE_IMAGE=""
PERSISTENCE=()
BENCH_ARGS=()
while (( $# > 0 )); do
  case "$1" in
    --quick) QUICK=(--quick); shift ;;
    --max-inflight) MAX_INFLIGHT=${2:?--max-inflight needs a number}; shift 2 ;;
    --stack) STACK=true; shift ;;
    --bridge) BRIDGE=true; shift ;;
    --base-image) BASE_IMAGE=${2:?--base-image needs an image, e.g. eclipse-mosquitto:2.1.2}; shift 2 ;;
    --persistence) IFS=, read -r -a PERSISTENCE <<< "${2:?--persistence needs a list, e.g. snapshot,sqlite}"; shift 2 ;;
    --) shift; BENCH_ARGS=("$@"); break ;;
    -h|--help) sed -n '2,/^set -euo pipefail/{/^set -euo/d;p}' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [[ -n "$MAX_INFLIGHT" && ! "$MAX_INFLIGHT" =~ ^[0-9]+$ ]]; then
  echo "run.sh: --max-inflight expects a number, got $MAX_INFLIGHT" >&2; exit 2
fi
if (( ${#PERSISTENCE[@]} > 20 )); then
  echo "run.sh: --persistence: at most 20 variants, got ${#PERSISTENCE[@]}" >&2; exit 2
fi
if [[ -n "$(printf '%s\n' "${PERSISTENCE[@]}" | sort | uniq -d)" ]]; then
  echo "run.sh: --persistence names a variant twice: ${PERSISTENCE[*]}" >&2; exit 2
fi
for tool in java mvn docker mosquitto_pub mosquitto_sub stdbuf; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is not installed" >&2; exit 1; }
done

log() { echo "run.sh: $*" >&2; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/securemqtt-bench.XXXXXX")
NETWORK=""
STACK_UP=false
cleanup() {
  local status=$?
  # The benchmark's JVM removes its brokers; should it have been killed, they go by the run's label.
  # -v: the image declares /mosquitto/data and /mosquitto/log volumes, which would be left behind.
  docker ps -aq --filter "label=io.securemqtt.bench=$$" | xargs -r docker rm -f -v >/dev/null 2>&1 || true
  if [[ -n "$NETWORK" ]]; then docker network rm "$NETWORK" >/dev/null 2>&1 || true; fi
  if $STACK_UP; then docker compose down -v --remove-orphans >/dev/null 2>&1 || true; fi
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------------------------------------
# HOOK measure_stack: the Compose stack as a user runs it. Appends its figures to FIGURES as
# "--figure KEY=NUMBER", which the benchmark puts into its table and JSON line:
#   compose_first_article_s      `docker compose up -d` (images already built) until the subscriber
#                                logs its first "football article received"
#   publisher_rss_mb, subscriber_rss_mb
#                                `docker stats` MEM USAGE after ~60 s: the container's cgroup memory
#                                less its page cache (inactive file pages on cgroup v2), i.e. the
#                                JVM's resident memory plus some kernel memory; the images are
#                                distroless, so `docker exec ... ps` cannot be used instead
#   publisher_image_mb, subscriber_image_mb, certgen_image_mb, mosquitto_image_mb
#                                `docker image inspect` Size, in MB (10^6 bytes)
# It takes the stack down (docker compose down -v) before and after: never run it while someone
# else's stack is up, which it refuses to do when a container named mosquitto exists.
# ---------------------------------------------------------------------------------------------
FIGURES=()
measure_stack() {
  if docker ps -a --format '{{.Names}}' | grep -qx mosquitto; then
    log "a container named mosquitto exists (someone's Compose stack?): NOT measuring the stack"
    return 0
  fi
  log "measure_stack: docker compose build"
  docker compose build -q >&2
  docker compose down -v --remove-orphans >/dev/null 2>&1 || true
  STACK_UP=true
  local t0 t1 deadline
  t0=$(date +%s.%N)
  docker compose up -d >&2
  deadline=$((SECONDS + 180))
  until docker compose logs --no-color subscriber 2>/dev/null | grep -q "football article received"; do
    (( SECONDS < deadline )) || { log "measure_stack: no football article within 180 s"; docker compose down -v >/dev/null 2>&1; STACK_UP=false; return 1; }
    sleep 0.2
  done
  t1=$(date +%s.%N)
  FIGURES+=(--figure "compose_first_article_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')")
  # Memory after a minute of steady work, not at start-up.
  local wait_until
  wait_until=$(awk -v a="$t0" 'BEGIN { printf "%d", a + 60 }')
  while (( $(date +%s) < wait_until )); do sleep 1; done
  local name usage service mb
  while read -r name usage; do
    for service in publisher subscriber; do
      if [[ "$name" == *-"$service"-* ]]; then
        mb=$(awk -v u="$usage" 'BEGIN { n = u + 0; if (u ~ /GiB/) n *= 1024; else if (u ~ /KiB/) n /= 1024; else if (u ~ /[0-9]B$/) n /= 1048576; printf "%.1f", n * 1.048576 }')
        FIGURES+=(--figure "${service}_rss_mb=$mb")
      fi
    done
  done < <(docker stats --no-stream --format '{{.Name}} {{.MemUsage}}' | sed 's| / .*||')
  local image size
  for image in publisher subscriber certgen mosquitto; do
    if size=$(docker image inspect -f '{{.Size}}' "securemqtt/$image:local" 2>/dev/null); then
      FIGURES+=(--figure "${image}_image_mb=$(awk -v s="$size" 'BEGIN { printf "%.1f", s / 1e6 }')")
    fi
  done
  docker compose down -v --remove-orphans >/dev/null 2>&1
  STACK_UP=false
  log "measure_stack: ${FIGURES[*]}"
}

START=$SECONDS
log "building bench-all.jar"
# Test sources are not compiled: the benchmark needs none, and the build does not then depend on them.
mvn -B -q -pl bench -am package -Dmaven.test.skip=true >&2 # stdout: only the table and JSON
JAR=bench/target/bench-all.jar

if $STACK; then measure_stack; fi

# --bridge: a network of the run's own, and an address on it for each broker, fixed before the
# brokers start so that their certificates can name them (the clients verify the host name).
EC_IP="" RSA_IP=""
EC_NAMES=() RSA_NAMES=()
VARIANT_IPS=()
if $BRIDGE; then
  NETWORK="securemqtt-bench-$$"
  # Docker gives fixed addresses only on a subnet given by the user: let it choose a free one first,
  # then create the network again on that subnet, given explicitly.
  docker network create "$NETWORK" >/dev/null
  subnet=$(docker network inspect -f '{{ (index .IPAM.Config 0).Subnet }}' "$NETWORK")
  docker network rm "$NETWORK" >/dev/null
  [[ "$subnet" =~ ^([0-9]+\.[0-9]+\.[0-9]+)\.0/([0-9]+)$ ]] && (( BASH_REMATCH[2] <= 24 )) \
    || { log "--bridge: Docker chose the subnet $subnet; expected an IPv4 /24 or wider"; NETWORK=""; exit 1; }
  docker network create --subnet "$subnet" "$NETWORK" >/dev/null
  EC_IP="${BASH_REMATCH[1]}.10" RSA_IP="${BASH_REMATCH[1]}.11"
  EC_NAMES=(--server-name "$EC_IP") RSA_NAMES=(--server-name "$RSA_IP")
  # The persistence variants' brokers use the EC PKI: its server certificate names them too.
  for i in "${!PERSISTENCE[@]}"; do
    VARIANT_IPS[i]="${BASH_REMATCH[1]}.$((12 + i))"
    EC_NAMES+=(--server-name "${VARIANT_IPS[i]}")
  done
fi

log "generating the PKIs (certgen inside bench-all.jar) in $WORK"
java -cp "$JAR" io.securemqtt.certgen.Main --out "$WORK/pki-ec" "${EC_NAMES[@]}" >/dev/null
java -cp "$JAR" io.securemqtt.certgen.Main --out "$WORK/pki-rsa" --key-type rsa-2048 "${RSA_NAMES[@]}" >/dev/null

# The broker image's directory: mosquitto/ itself, or with --base-image a copy whose FROM names
# IMAGE (mosquitto/Dockerfile itself is not touched).
MOSQUITTO_DIR=mosquitto
if [[ -n "$BASE_IMAGE" ]]; then
  (( $(grep -c '^FROM ' mosquitto/Dockerfile) == 1 )) \
    || { log "--base-image: mosquitto/Dockerfile does not have exactly one FROM line"; exit 1; }
  MOSQUITTO_DIR="$WORK/mosquitto"
  cp -R mosquitto "$MOSQUITTO_DIR"
  sed -E -i "s|^FROM[[:space:]]+[^[:space:]]+|FROM $BASE_IMAGE|" "$MOSQUITTO_DIR/Dockerfile"
fi
BASE=$(awk '$1 == "FROM" { print $2; exit }' "$MOSQUITTO_DIR/Dockerfile")

# with_max_inflight FILE: --max-inflight's line at the end of a config copy.
with_max_inflight() {
  if [[ -n "$MAX_INFLIGHT" ]]; then
    printf '\n# bench/run.sh --max-inflight\nmax_inflight_messages %s\n' "$MAX_INFLIGHT" >> "$1"
  fi
}
CONFIG="$WORK/mosquitto.conf"
cp mosquitto/mosquitto.conf "$CONFIG"
with_max_inflight "$CONFIG"

# One config per persistence variant (io.securemqtt.bench.PersistenceVariant, which refuses an
# unknown variant by name), checked before any broker starts; the benchmark starts a broker for each.
BROKERS=(--mosquitto "$MOSQUITTO_DIR" --ec-pki "$WORK/pki-ec" --rsa-pki "$WORK/pki-rsa" --run-id "$$")
if [[ -n "$MAX_INFLIGHT" ]]; then BROKERS+=(--config "$CONFIG"); fi
if $BRIDGE; then BROKERS+=(--network "$NETWORK" --ec-ip "$EC_IP" --rsa-ip "$RSA_IP"); fi
for i in "${!PERSISTENCE[@]}"; do
  VARIANT_CONFIG="$WORK/mosquitto-${PERSISTENCE[i]}.conf"
  java -cp "$JAR" io.securemqtt.bench.PersistenceVariant "${PERSISTENCE[i]}" mosquitto/mosquitto.conf "$VARIANT_CONFIG" \
    || exit 2
  with_max_inflight "$VARIANT_CONFIG"
  BROKERS+=(--variant "${PERSISTENCE[i]}=$VARIANT_CONFIG${VARIANT_IPS[i]:+@${VARIANT_IPS[i]}}")
done

# {version} and {image}: the benchmark fills them in once its brokers run.
LABEL="brokers: Mosquitto {version} ({image}: mosquitto/ on $BASE), max_inflight_messages ${MAX_INFLIGHT:-$(awk '$1 == "max_inflight_messages" { print $2 }' mosquitto/mosquitto.conf)}"
if $BRIDGE; then LABEL+=", clients reach them on a bridge network (--bridge)"; fi
if (( ${#PERSISTENCE[@]} > 0 )); then LABEL+=", persistence variants: ${PERSISTENCE[*]}"; fi
log "the benchmark starts its brokers: mosquitto/ on $BASE"

set +e
# WARN: the product's per-message INFO lines would measure the console, not MQTT.
java -cp "$JAR" io.securemqtt.bench.BenchBrokers "${BROKERS[@]}" -- \
  --label "$LABEL" "${QUICK[@]}" "${FIGURES[@]}" \
  --figure "run_sh_setup_s=$((SECONDS - START))" "${BENCH_ARGS[@]}"
status=$?
set -e
log "done in $((SECONDS - START)) s (benchmark exit status $status)"
exit "$status"
