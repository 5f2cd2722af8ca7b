#!/usr/bin/env bash
# How each broker persistence setting trades QoS 1 throughput against what a SIGKILL loses, with
# Mosquitto's own C clients against plain brokers (no TLS, no ACL: persistence alone differs).
#
# Per setting and round, on a fresh broker:
#   full: a persistent session (-c -x 86400) subscribes and leaves; N QoS 1 messages are published
#         with `mosquitto_pub -l` (timed: msg/s); the broker is killed (SIGKILL) once all are
#         acknowledged, started again, and the session comes back and counts what it gets.
#   mid:  the same, but the stream is paced (20 lines, then 10 ms) and the broker is killed while
#         it runs, once about KILL_AT messages are acknowledged; the publisher's own PUBACK log
#         says which ones were.
# Prints one tab-separated line per round; "lost" counts acknowledged messages that never arrived.
#
# Usage: scripts/measure-persistence.sh [ROUNDS] [N] [KILL_AT]   (defaults: 3 20000 5000)
set -euo pipefail

ROUNDS=${1:-3}
N=${2:-20000}
KILL_AT=${3:-5000}
# Message ids are 16 bits: the PUBACK log maps mid k to line k only below the wrap.
(( N < 65000 )) || { echo "N must be below 65000, not $N" >&2; exit 2; }

IMAGE_21=eclipse-mosquitto:2.1.2
IMAGE_20=eclipse-mosquitto:2.0.22
# The clients of 2.0: 2.1.2's `mosquitto_pub -l` closed its connection after 6,000 to 9,000 of
# 20,000 lines and still exited 0, having published only those (seen here, against 2.0 and 2.1.2).
CLIENTS=$IMAGE_20
tag=pm$$
net=$tag-net
broker=$tag-broker
work=$(mktemp -d)
cleanup() {
  docker rm -f "$broker" "$tag-pub" >/dev/null 2>&1 || true
  docker network rm "$net" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
docker network create "$net" >/dev/null

# The deployment's queue limits (mosquitto/mosquitto.conf), so that nothing is dropped for a full queue.
common='listener 1883
allow_anonymous true
max_queued_messages 100000
max_queued_bytes 67108864
max_inflight_messages 100
log_dest stdout'

# label|image|persistence lines (\n-separated)
settings=(
  "2.0 snapshot autosave 10 s|$IMAGE_20|persistence true\npersistence_location /mosquitto/data/\nautosave_interval 10"
  "2.1.2 no persistence|$IMAGE_21|"
  "2.1.2 snapshot autosave 10 s|$IMAGE_21|persistence true\npersistence_location /mosquitto/data/\nautosave_interval 10"
  "2.1.2 sqlite flush 5 sync normal|$IMAGE_21|plugin /usr/lib/mosquitto_persist_sqlite.so\nplugin_opt_db_file /mosquitto/data/mosquitto.db"
  "2.1.2 sqlite flush 1 sync normal|$IMAGE_21|plugin /usr/lib/mosquitto_persist_sqlite.so\nplugin_opt_db_file /mosquitto/data/mosquitto.db\nplugin_opt_flush_period 1"
  "2.1.2 sqlite flush 0 sync off|$IMAGE_21|plugin /usr/lib/mosquitto_persist_sqlite.so\nplugin_opt_db_file /mosquitto/data/mosquitto.db\nplugin_opt_flush_period 0\nplugin_opt_sync off"
  "2.1.2 sqlite flush 0 sync normal|$IMAGE_21|plugin /usr/lib/mosquitto_persist_sqlite.so\nplugin_opt_db_file /mosquitto/data/mosquitto.db\nplugin_opt_flush_period 0\nplugin_opt_sync normal"
  "2.1.2 sqlite flush 0 sync full|$IMAGE_21|plugin /usr/lib/mosquitto_persist_sqlite.so\nplugin_opt_db_file /mosquitto/data/mosquitto.db\nplugin_opt_flush_period 0\nplugin_opt_sync full"
)
[[ -z ${ONLY:-} ]] || mapfile -t settings < <(printf '%s\n' "${settings[@]}" | grep -F -- "$ONLY")

client() { docker run --rm --network "$net" --entrypoint "$1" "$CLIENTS" "${@:2}"; }

await_running() { # COUNT: the broker has logged "running" COUNT times
  local deadline=$((SECONDS + 30))
  until (( $(docker logs "$broker" 2>&1 | grep -c 'mosquitto version .* running') >= $1 )); do
    (( SECONDS < deadline )) || { docker logs "$broker" >&2; echo "broker did not start" >&2; exit 1; }
    sleep 0.2
  done
}

start_broker() { # IMAGE CONFIG
  docker rm -f "$broker" >/dev/null 2>&1 || true
  printf '%s\n%b\n' "$common" "$2" >"$work/mosquitto.conf"
  chmod 0644 "$work/mosquitto.conf"
  docker run -d --name "$broker" --network "$net" -v "$work/mosquitto.conf:/c.conf:ro" "$1" mosquitto -c /c.conf >/dev/null
  await_running 1
  # The session that is away while the messages are published.
  client mosquitto_sub -h "$broker" -c -i away -q 1 -V mqttv5 -x 86400 -t m -E
}

kill_and_count() { # [PUBLISHER] -> received sequence numbers in $work/received
  docker kill -s KILL "$broker" >/dev/null
  # Stopped before the broker is back, the publisher's log holds what the killed broker acknowledged.
  [[ -z ${1:-} ]] || docker kill "$1" >/dev/null
  docker start "$broker" >/dev/null
  await_running 2
  client mosquitto_sub -h "$broker" -c -i away -q 1 -V mqttv5 -x 86400 -t m -C "$N" -W 15 2>/dev/null | grep -E '^[0-9]+$' >"$work/received" || true
}

printf 'setting\tround\tpublished\tacknowledged\treceived\tlost_acknowledged\tseconds\tmsg_per_s\n'
for round in $(seq "$ROUNDS"); do
  for setting in "${settings[@]}"; do
    IFS='|' read -r label image config <<<"$setting"

    start_broker "$image" "$config"
    timing=$(client sh -c "seq $N >/tmp/lines; start=\$(date +%s%N); mosquitto_pub -h $broker -q 1 -t m -l </tmp/lines; end=\$(date +%s%N); echo \$(( end - start ))")
    kill_and_count
    received=$(sort -un "$work/received" | grep -c . || true)
    lost=$(comm -23 <(seq "$N" | sort) <(sort -u "$work/received") | grep -c . || true)
    printf '%s\tfull\t%d\t%d\t%d\t%d\t%.2f\t%.0f\n' "$label" "$N" "$N" "$received" "$lost" \
      "$(bc -l <<<"$timing / 1000000000")" "$(bc -l <<<"$N / ($timing / 1000000000)")"

    start_broker "$image" "$config"
    docker run -d --name "$tag-pub" --network "$net" --entrypoint sh "$CLIENTS" \
      -c "seq $N | awk '{ print; fflush(); if (NR % 20 == 0) system(\"sleep 0.01\") }' | mosquitto_pub -h $broker -q 1 -t m -l -d" >/dev/null
    deadline=$((SECONDS + 60))
    until (( $(docker logs "$tag-pub" 2>&1 | grep -c 'received PUBACK') >= KILL_AT )); do
      (( SECONDS < deadline )) || { docker logs "$tag-pub" 2>&1 | grep -v PUB | tail >&2; echo "the stream did not reach $KILL_AT" >&2; exit 1; }
      sleep 0.05
    done
    kill_and_count "$tag-pub"
    docker logs "$tag-pub" 2>&1 | sed -n 's/.*received PUBACK (Mid: \([0-9]*\), RC:0).*/\1/p' | sort -u >"$work/acked"
    docker rm -f "$tag-pub" >/dev/null
    acked=$(grep -c . "$work/acked" || true)
    received=$(sort -un "$work/received" | grep -c . || true)
    lost=$(comm -23 "$work/acked" <(sort -u "$work/received") | grep -c . || true)
    printf '%s\tmid\t%s\t%d\t%d\t%d\t\t\n' "$label" "-" "$acked" "$received" "$lost"
  done
done
