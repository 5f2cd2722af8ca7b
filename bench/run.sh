#!/usr/bin/env bash
# The benchmark of issue "Performance", end to end: builds bench-all.jar, makes two throw-away PKIs
# with certgen (EC P-256, the default, and RSA-2048), builds the project's broker image (mosquitto/,
# its config baked in) under a tag of this run's own, starts two brokers from it on free loopback
# ports, runs the Java benchmark against them (our Java clients and Mosquitto's C clients), and
# removes the brokers, their volumes and the tag on exit. Prints the benchmark's table, and last its
# JSON line.
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
CONTAINERS=()
NETWORK=""
# The run's own tag: building securemqtt/mosquitto:local would change the image under a Compose
# stack or smoke test that someone else runs meanwhile.
IMAGE="securemqtt/mosquitto-bench:$$"
IMAGE_BUILT=false
STACK_UP=false
cleanup() {
  local status=$?
  # -v: the image declares /mosquitto/data and /mosquitto/log volumes, which would be left behind.
  for c in "${CONTAINERS[@]}"; do docker rm -f -v "$c" >/dev/null 2>&1 || true; done
  if $IMAGE_BUILT; then docker rmi "$IMAGE" >/dev/null 2>&1 || true; fi
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

DOCKERFILE=mosquitto/Dockerfile
if [[ -n "$BASE_IMAGE" ]]; then
  (( $(grep -c '^FROM ' mosquitto/Dockerfile) == 1 )) \
    || { log "--base-image: mosquitto/Dockerfile does not have exactly one FROM line"; exit 1; }
  DOCKERFILE="$WORK/Dockerfile"
  sed -E "s|^FROM[[:space:]]+[^[:space:]]+|FROM $BASE_IMAGE|" mosquitto/Dockerfile > "$DOCKERFILE"
fi
BASE=$(awk '$1 == "FROM" { print $2; exit }' "$DOCKERFILE")
log "building the broker image $IMAGE: mosquitto/ on $BASE"
IMAGE_BUILT=true
docker build -q -f "$DOCKERFILE" -t "$IMAGE" mosquitto >/dev/null

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
# unknown variant by name), checked before any broker starts.
VARIANT_CONFIGS=()
for i in "${!PERSISTENCE[@]}"; do
  VARIANT_CONFIGS[i]="$WORK/mosquitto-${PERSISTENCE[i]}.conf"
  java -cp "$JAR" io.securemqtt.bench.PersistenceVariant "${PERSISTENCE[i]}" mosquitto/mosquitto.conf "${VARIANT_CONFIGS[i]}" \
    || exit 2
  with_max_inflight "${VARIANT_CONFIGS[i]}"
  if grep -q '^plugin .*persist_sqlite' "${VARIANT_CONFIGS[i]}" \
      && ! docker run --rm --entrypoint sh "$IMAGE" -c 'test -e /usr/lib/mosquitto_persist_sqlite.so'; then
    log "--persistence ${PERSISTENCE[i]}: $BASE has no /usr/lib/mosquitto_persist_sqlite.so (Mosquitto 2.1's plugin): try --base-image eclipse-mosquitto:2.1.2"
    exit 1
  fi
done

# start_broker NAME PKI_DIR [IP] [CONFIG]: starts it and sets BROKER_HOST, BROKER_PORT, BROKER_PID and
# BROKER_PROXY (the docker-proxy's PID, empty if Docker runs without its userland proxy, or with IP:
# then the broker has that address on $NETWORK and publishes no port). CONFIG, if given, replaces
# the image's mosquitto.conf.
start_broker() {
  local name=$1 pki=$2 ip=${3:-} config=${4:-} stage="$WORK/stage-$1"
  mkdir -p "$stage"
  cp "$pki"/{ca.crt,server.crt,server.key,crl.pem} "$stage/"
  if [[ -n "$ip" ]]; then
    docker create --name "$name" --label io.securemqtt.bench=1 --network "$NETWORK" --ip "$ip" "$IMAGE" >/dev/null
  else
    # A free loopback port chosen by Docker; never 8883, which the Compose stack publishes.
    docker create --name "$name" --label io.securemqtt.bench=1 -p 127.0.0.1::8883 "$IMAGE" >/dev/null
  fi
  CONTAINERS+=("$name")
  # As MosquittoContainer does: the broker identity under /mosquitto/certs, where the image's
  # entrypoint hands everything to the broker's user (uid 1883) before it drops root.
  docker cp -q "$stage/." "$name:/mosquitto/certs/"
  if [[ -n "$config" ]]; then
    docker cp -q "$config" "$name:/mosquitto/config/mosquitto.conf"
  fi
  docker start "$name" >/dev/null
  local deadline=$((SECONDS + 30))
  until docker logs "$name" 2>&1 | grep -q "mosquitto version .* running"; do
    if (( SECONDS >= deadline )) || [[ $(docker inspect -f '{{.State.Running}}' "$name") != true ]]; then
      log "broker $name did not start:"; docker logs "$name" >&2; return 1
    fi
    sleep 0.1
  done
  BROKER_PID=$(docker inspect -f '{{.State.Pid}}' "$name")
  if [[ -n "$ip" ]]; then
    BROKER_HOST=$ip BROKER_PORT=8883 BROKER_PROXY=""
    return 0
  fi
  BROKER_HOST=localhost
  BROKER_PORT=$(docker port "$name" 8883/tcp | head -n 1 | sed 's/.*://')
  # Docker's userland proxy carries connections to 127.0.0.1:PORT (not in the Compose stack,
  # where containers talk over a bridge network): its CPU is reported, as it competes.
  BROKER_PROXY=$(ps -eo pid=,args= | awk -v p="-host-port $BROKER_PORT " '$0 ~ /docker-proxy/ && index($0 " ", p) { print $1; exit }')
}

MAIN_CONFIG=""
if [[ -n "$MAX_INFLIGHT" ]]; then MAIN_CONFIG=$CONFIG; fi
start_broker "securemqtt-bench-ec-$$" "$WORK/pki-ec" "$EC_IP" "$MAIN_CONFIG"
EC_HOST=$BROKER_HOST EC_PORT=$BROKER_PORT EC_PID=$BROKER_PID EC_PROXY=$BROKER_PROXY
VERSION=$(docker logs "securemqtt-bench-ec-$$" 2>&1 | sed -n 's/.*mosquitto version \([^ ]*\) running.*/\1/p' | head -n 1)
start_broker "securemqtt-bench-rsa-$$" "$WORK/pki-rsa" "$RSA_IP" "$MAIN_CONFIG"
RSA_HOST=$BROKER_HOST RSA_PORT=$BROKER_PORT
log "brokers: Mosquitto $VERSION, EC on $EC_HOST:$EC_PORT, RSA-2048 on $RSA_HOST:$RSA_PORT${MAX_INFLIGHT:+, max_inflight_messages $MAX_INFLIGHT}"
VARIANTS=()
for i in "${!PERSISTENCE[@]}"; do
  start_broker "securemqtt-bench-${PERSISTENCE[i]}-$$" "$WORK/pki-ec" "${VARIANT_IPS[i]:-}" "${VARIANT_CONFIGS[i]}"
  VARIANTS+=(--variant "${PERSISTENCE[i]},$BROKER_HOST,$BROKER_PORT,$BROKER_PID${BROKER_PROXY:+,$BROKER_PROXY}")
  log "broker for --persistence ${PERSISTENCE[i]} on $BROKER_HOST:$BROKER_PORT"
done

PIDS=(--broker-pid "$EC_PID")
if [[ -n "$EC_PROXY" ]]; then PIDS+=(--proxy-pid "$EC_PROXY"); fi
LABEL="brokers: Mosquitto $VERSION ($IMAGE: mosquitto/ on $BASE), max_inflight_messages ${MAX_INFLIGHT:-$(awk '$1 == "max_inflight_messages" { print $2 }' mosquitto/mosquitto.conf)}"
if $BRIDGE; then LABEL+=", clients reach them on a bridge network (--bridge)"; fi
if (( ${#PERSISTENCE[@]} > 0 )); then LABEL+=", persistence variants: ${PERSISTENCE[*]}"; fi

set +e
# WARN: the product's per-message INFO lines would measure the console, not MQTT.
java -jar "$JAR" \
  --host "$EC_HOST" --port "$EC_PORT" --pki "$WORK/pki-ec" \
  --rsa-host "$RSA_HOST" --rsa-port "$RSA_PORT" --rsa-pki "$WORK/pki-rsa" \
  "${PIDS[@]}" "${VARIANTS[@]}" --label "$LABEL" "${QUICK[@]}" "${FIGURES[@]}" \
  --figure "run_sh_setup_s=$((SECONDS - START))" "${BENCH_ARGS[@]}"
status=$?
# What the brokers said beyond the ordinary (a deprecated option, a plugin's complaint), and how much
# each persistence variant wrote: evidence that its store was in use.
for c in "${CONTAINERS[@]}"; do
  docker logs "$c" 2>&1 | grep -i -E 'warning|error|deprecated' | sed 's/^[0-9T:-]*: //' | sort | uniq -c | sort -rn | head -n 10 \
    | sed "s|^|run.sh: $c: |" >&2
done
for i in "${!PERSISTENCE[@]}"; do
  log "--persistence ${PERSISTENCE[i]}: /mosquitto/data holds $(docker exec "securemqtt-bench-${PERSISTENCE[i]}-$$" du -sk /mosquitto/data | cut -f1) KiB after the run"
done
set -e
log "done in $((SECONDS - START)) s (benchmark exit status $status)"
exit "$status"
