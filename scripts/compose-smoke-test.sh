#!/usr/bin/env bash
# The Compose stack end to end, as a new user runs it: build and start it, wait for the first
# football article at the subscriber, run the README's manual checks exactly as printed (the
# operator's watch and hand-published article: accepted, and seen by the subscriber and on its
# page; without a certificate or TLS: refused), restart the broker and see the flow resume, then
# tear everything down. Exits non-zero on the first failure, saying what failed.
set -euo pipefail
cd "$(dirname "$0")/.."

TEST_NAME="SMOKE TEST"
# shellcheck source=scripts/compose-lib.sh
source scripts/compose-lib.sh
trap cleanup EXIT

# The README's manual checks: the first ```sh block after each marker, one command a line.
readme_block() {
  awk -v marker="$1" '
    index($0, marker) { found = 1; next }
    found && /^```sh/ { inside = 1; next }
    inside && /^```/ { exit }
    inside && NF { print }
  ' README.md
}

cleanup
clear_container_name
step "build contexts: nothing .gitignore keeps out of git (keys, certificates, a PKI anywhere) reaches Docker"
bash scripts/build-context-check.sh || fail "a build context holds what .gitignore keeps out of git"

step "docker build . without --target stops and names the targets"
out=$(docker build . 2>&1) && fail "docker build . without --target built an image:\n$out"
grep -q "choose an image with --target certgen|publisher|subscriber|exporter" <<<"$out" \
  || fail "docker build . without --target failed without naming the targets: $out"

step "the broker's configuration as built into its image passes mosquitto --test-config"
start=$SECONDS
docker compose build mosquitto
out=$(docker run --rm --entrypoint mosquitto securemqtt/mosquitto:local --test-config -c /mosquitto/config/mosquitto.conf 2>&1) \
  || fail "mosquitto --test-config refused the broker's configuration: $out"
echo "$out"
grep -q "Configuration file is OK." <<<"$out" || fail "mosquitto --test-config did not say the configuration is OK: $out"

step "docker compose up --build -d"
docker compose up --build -d
await_log subscriber "football article received" 1
echo "first football article after $((SECONDS - start)) s (build included)"

step "the broker: Mosquitto 2.1.2, the ACL and persistence plugins loaded, nothing deprecated"
broker_log=$(docker compose logs --no-color mosquitto)
grep -q "mosquitto version 2.1.2 running" <<<"$broker_log" || fail "the broker is not Mosquitto 2.1.2"
grep -q "Loading plugin: /usr/lib/mosquitto_acl_file.so" <<<"$broker_log" || fail "the broker did not load the acl-file plugin"
grep -q "Loading plugin: /usr/lib/mosquitto_persist_sqlite.so" <<<"$broker_log" || fail "the broker did not load the persist-sqlite plugin"
if grep -i "deprecat" <<<"$broker_log"; then fail "the broker logged a deprecation warning"; fi

step "only 127.0.0.1 ports are published: 8883 (mTLS), 8080 (subscriber HTTP), 8090 (publisher HTTP)"
ports=$(docker port mosquitto)
echo "$ports"
[[ "$ports" == "8883/tcp -> 127.0.0.1:8883" ]] || fail "unexpected published ports: $ports"
[[ $(docker port "$(docker compose ps -q subscriber)") == "8080/tcp -> 127.0.0.1:8080" ]] || fail "subscriber ports: $(docker port "$(docker compose ps -q subscriber)")"
[[ $(docker port "$(docker compose ps -q publisher)") == "8080/tcp -> 127.0.0.1:8090" ]] || fail "publisher ports: $(docker port "$(docker compose ps -q publisher)")"

step "keys: each owned by the uid that reads it, mode 0600; each client sees only its own"
[[ $(docker exec mosquitto stat -c '%u %a' /mosquitto/certs/server.key) == "1883 600" ]] || fail "server.key is not 1883/0600"
# The Java images have no shell or ls: docker cp shows what the container sees at /certs.
for client in publisher subscriber; do
  listing=$(docker cp "$(docker compose ps -q "$client")":/certs - | tar -tv --numeric-owner)
  files=$(sed -n 's|.* certs/||p' <<<"$listing" | grep . | sort | xargs)
  [[ $files == "ca.crt $client.clientid $client.crt $client.key" ]] || fail "the $client container sees more or less than its own identity: $files"
  # The key and the secret client-id suffix: the reader's alone (uid 10001, 0600).
  for secret in "$client.key" "$client.clientid"; do
    grep -qE "^-rw------- 10001/10001 .* certs/$secret$" <<<"$listing" || fail "$secret is not 10001/0600: $listing"
  done
done
docker exec mosquitto test ! -e /mosquitto/certs/ca.key -a ! -e /mosquitto/certs/private || fail "the CA key reached the broker"

step "the broker's container: read-only, no capability, no new privileges, as uid 1883"
hardening=$(docker inspect -f '{{.HostConfig.ReadonlyRootfs}} {{.HostConfig.CapDrop}} {{.HostConfig.SecurityOpt}} {{.Config.User}}' mosquitto)
echo "$hardening"
[[ $hardening == "true [ALL] [no-new-privileges:true] 1883:1883" ]] || fail "the broker's container is not hardened as docker-compose.yml says: $hardening"
# What the kernel enforces on the broker (PID 1), not only what Docker was asked for.
status=$(docker exec mosquitto grep -E '^(Uid|CapEff|CapPrm|NoNewPrivs):' /proc/1/status | tr -s ' \t' ' ')
echo "$status"
grep -q "^Uid: 1883 " <<<"$status" && grep -q "^CapEff: 0000000000000000$" <<<"$status" \
  && grep -q "^CapPrm: 0000000000000000$" <<<"$status" && grep -q "^NoNewPrivs: 1$" <<<"$status" \
  || fail "the broker runs with privileges: $status"
if out=$(docker exec mosquitto sh -c ': >/mosquitto/config/probe' 2>&1); then fail "the broker's root file system is writable"; fi
echo "writing outside the data and log volumes refused: $out"

step "certgen-renewer: running, checking every hour, with certgen's privileges and no network"
[[ -n $(docker compose ps --status running -q certgen-renewer) ]] || fail "certgen-renewer is not running"
deadline=$((SECONDS + 30))
until docker compose logs --no-color certgen-renewer | grep "renew-loop: checking /pki every 1h (renewal window 30d,"; do
  (( SECONDS < deadline )) || fail "certgen-renewer did not say it checks every hour"
  sleep 1
done
renewer=$(docker inspect -f '{{.HostConfig.ReadonlyRootfs}} {{.HostConfig.CapDrop}} {{.HostConfig.CapAdd}} {{.HostConfig.NetworkMode}} {{.HostConfig.RestartPolicy.Name}}' \
  "$(docker compose ps -q certgen-renewer)")
echo "$renewer"
[[ $renewer == "true [ALL] [CHOWN DAC_READ_SEARCH FOWNER] none unless-stopped" ]] || fail "certgen-renewer is not confined as certgen: $renewer"

step "log limits: every service's output is json-file, 3 files of 10 MB at most"
for service in certgen certgen-renewer mosquitto publisher subscriber; do
  config=$(docker inspect -f '{{.HostConfig.LogConfig.Type}} {{index .HostConfig.LogConfig.Config "max-size"}} {{index .HostConfig.LogConfig.Config "max-file"}}' \
    "$(docker compose ps -a -q "$service")")
  echo "$service: $config"
  [[ $config == "json-file 10m 3" ]] || fail "$service's log is not bounded: $config"
done

step "the broker's log file: its healthcheck rotates mosquitto.log over MOSQUITTO_LOG_MAX_BYTES"
probe=$(docker inspect -f '{{index .Config.Healthcheck.Test 1}}' mosquitto)
[[ $(docker inspect -f '{{index .Config.Healthcheck.Test 0}}' mosquitto) == CMD-SHELL && $probe == "mosquitto-rotate-log && "* ]] \
  || fail "the broker's healthcheck does not rotate its log first: $(docker inspect -f '{{json .Config.Healthcheck.Test}}' mosquitto)"
docker inspect -f '{{range .Config.Env}}{{println .}}{{end}}' mosquitto | grep -qx 'MOSQUITTO_LOG_MAX_BYTES=10485760' \
  || fail "the broker's log limit is not MOSQUITTO_LOG_MAX_BYTES=10485760 by default"
# The healthcheck's own command, with a limit of one byte: it rotates, then still proves the round trip.
out=$(docker exec -e MOSQUITTO_LOG_MAX_BYTES=1 mosquitto sh -c "$probe" 2>&1) || fail "the healthcheck failed with a 1-byte log limit: $out"
echo "$out"
grep -q "^rotated /mosquitto/log/mosquitto.log " <<<"$out" || fail "the healthcheck did not rotate a log over its limit: $out"
docker exec mosquitto test -s /mosquitto/log/mosquitto.log.1 || fail "no /mosquitto/log/mosquitto.log.1 after the rotation"
# The broker reopens its log on SIGRTMIN, and the next probes (one a second) are logged to the new file.
deadline=$((SECONDS + 30))
until docker exec mosquitto grep -q "u'healthcheck'" /mosquitto/log/mosquitto.log 2>/dev/null; do
  (( SECONDS < deadline )) || fail "the broker did not write to a new mosquitto.log after the rotation"
  sleep 1
done
echo "/mosquitto/log: $(docker exec mosquitto ls /mosquitto/log | xargs)"

step "health, metrics, status and the live page, on 127.0.0.1"
for service in publisher subscriber; do
  deadline=$((SECONDS + 60))
  until [[ $(docker inspect -f '{{.State.Health.Status}}' "$(docker compose ps -q "$service")") == healthy ]]; do
    (( SECONDS < deadline )) || fail "$service is not healthy after 60 s"
    sleep 1
  done
done
curl -fsS http://127.0.0.1:8080/health | grep "^connected to ssl://mosquitto:8883" || fail "subscriber /health is not 200 connected"
curl -fsS http://127.0.0.1:8090/health | grep "^connected to ssl://mosquitto:8883" || fail "publisher /health is not 200 connected"
curl -fsS http://127.0.0.1:8080/metrics | grep -E "^articles_received_total [1-9]" || fail "subscriber /metrics counts no article"
curl -fsS http://127.0.0.1:8090/metrics | grep -E "^articles_acknowledged_total [1-9]" || fail "publisher /metrics counts no acknowledged article"
curl -fsS http://127.0.0.1:8080/ | grep -q "<html" || fail "the live page is not served on 127.0.0.1:8080"
figures=$(curl -fsS http://127.0.0.1:8080/figures) || fail "the page's figures are not served on 127.0.0.1:8080/figures"
grep -qE '"lastHour":[1-9][0-9]*,.*"connected":true,' <<<"$figures" || fail "the page's figures count no article or say not connected: $figures"
echo "the page's figures: $figures"
out=$(docker exec mosquitto mosquitto_sub -h localhost -p 8883 --cafile /mosquitto/certs/ca.crt --cert /mosquitto/certs/operator.crt \
  --key /mosquitto/certs/operator.key -t 'clients/+/+/status' -C 2 -W 5 -v) || fail "no retained client status: $out"
echo "$out"
grep -qE "^clients/publisher/publisher-[a-z0-9]{20}-[^/]+/status online$" <<<"$out" && grep -qE "^clients/subscriber/subscriber-[a-z0-9]{20}/status online$" <<<"$out" \
  || fail "publisher and subscriber are not both online: $out"

step "README manual checks with the operator's certificate: the football articles go by"
mapfile -t accepted < <(readme_block "manual-checks:accepted")
(( ${#accepted[@]} >= 1 )) || fail "README has no accepted manual checks"
for cmd in "${accepted[@]}"; do
  echo "\$ $cmd"
  out=$(bash -c "$cmd" 2>&1) || fail "README check failed: $cmd -> $out"
  echo "$out"
  # What the README shows it prints: each article's topic, then its JSON.
  grep -qE '^articulos/[a-z0-9_-]+/futbol \{"id":"' <<<"$out" || fail "README check printed no football article: $cmd -> $out"
done

step "README manual checks: an article published by hand reaches the subscriber's log and its page"
mapfile -t published < <(readme_block "manual-checks:publish")
(( ${#published[@]} >= 1 )) || fail "README has no manual check that publishes an article"
for cmd in "${published[@]}"; do
  [[ $cmd =~ \"id\":\"([^\"]+)\" ]] || fail "README's published article has no id: $cmd"
  id=${BASH_REMATCH[1]}
  echo "\$ $cmd"
  out=$(bash -c "$cmd" 2>&1) || fail "README check failed: $cmd -> $out"
  echo "$out"
  await_log subscriber "football article received: topic=articulos/pruebas/futbol id=$id " 1
  # The page's event stream never ends: three seconds of it hold the replay of the latest articles.
  page=$(curl -sS --max-time 3 http://127.0.0.1:8080/events 2>/dev/null || true)
  grep -q "\"id\":\"$id\"" <<<"$page" || fail "the page's event stream does not show article $id: $page"
  echo "the page shows article $id"
done

step "README manual checks without a client certificate, or without TLS: refused"
mapfile -t refused < <(readme_block "manual-checks:refused")
(( ${#refused[@]} >= 2 )) || fail "README has no refused manual checks"
for cmd in "${refused[@]}"; do
  echo "\$ $cmd"
  if out=$(bash -c "$cmd" 2>&1); then fail "README check was accepted but must be refused: $cmd -> $out"; fi
  echo "refused as expected: $out"
done

step "certgen is idempotent: a second run changes nothing"
again=$(docker compose run --rm -T certgen 2>&1) || fail "second certgen run failed: $again"
echo "$again"
if grep -Eq '^(created|issued|re-issued|delivered)' <<<"$again"; then fail "second certgen run changed files"; fi

step "rotation: ./generate_certs.sh --rotate --force renews every certificate; the broker reloads, nobody disconnects"
# The server certificate comes before the broker asks for ours: no client certificate needed to see it.
served_serial() { { openssl s_client -connect 127.0.0.1:8883 -servername localhost </dev/null 2>/dev/null || true; } | openssl x509 -noout -serial; }
old_serial=$(served_serial)
lost_before=$(docker compose logs --no-color publisher subscriber | grep -c "connection to broker lost" || true)
articles_before=$(docker compose logs --no-color subscriber | grep -c "football article received")
./generate_certs.sh --rotate --force || fail "./generate_certs.sh --rotate --force failed"
delivered=$(docker exec mosquitto cat /mosquitto/certs/server.crt | openssl x509 -noout -serial)
new_serial=$(served_serial)
echo "served server certificate: $old_serial -> $new_serial (delivered server.crt: $delivered)"
[[ -n $new_serial && $new_serial != "$old_serial" ]] || fail "the broker still serves the old certificate after --rotate"
[[ $new_serial == "$delivered" ]] || fail "the broker serves a certificate other than the delivered server.crt"
await_log subscriber "football article received" $((articles_before + 2))
lost_after=$(docker compose logs --no-color publisher subscriber | grep -c "connection to broker lost" || true)
(( lost_after == lost_before )) || fail "a client lost its connection during the rotation"

step "renewal delivered without a signal from outside: the broker's healthcheck reloads it, nobody disconnects"
# certgen --force renews and delivers every certificate, as certgen-renewer does when they are due,
# and sends no signal: mosquitto-reload-certs, in the broker's healthcheck, sees the new files.
old_serial=$(served_serial)
reloads=$(docker compose logs --no-color mosquitto | grep -c "Reloading config" || true)
out=$(docker compose run --rm -T --no-deps certgen --force 2>&1) || fail "certgen --force failed: $out"
grep "^re-issued server.crt: --force .*expiry .* UTC -> .* UTC" <<<"$out" || fail "certgen did not log the renewal with old and new expiry: $out"
delivered=$(docker exec mosquitto cat /mosquitto/certs/server.crt | openssl x509 -noout -serial)
deadline=$((SECONDS + 15))
until [[ $(served_serial) == "$delivered" ]]; do
  (( SECONDS < deadline )) || fail "the broker still serves $old_serial 15 s after $delivered was delivered"
  sleep 1
done
echo "served server certificate: $old_serial -> $delivered, $((15 - deadline + SECONDS)) s after delivery"
(( $(docker compose logs --no-color mosquitto | grep -c "Reloading config" || true) > reloads )) || fail "the broker did not log 'Reloading config'"
lost_after=$(docker compose logs --no-color publisher subscriber | grep -c "connection to broker lost" || true)
(( lost_after == lost_before )) || fail "a client lost its connection when the broker reloaded"

step "broker restart: persistence written, clients reconnect, articles flow again"
before=$(docker compose logs --no-color subscriber | grep -c "football article received")
docker compose restart mosquitto
docker exec mosquitto test -s /mosquitto/data/mosquitto.db || fail "no /mosquitto/data/mosquitto.db after a restart"
docker exec mosquitto test -s /mosquitto/log/mosquitto.log || fail "no /mosquitto/log/mosquitto.log"
await_log subscriber "football article received" $((before + 1))

step "broker killed (SIGKILL): it comes back with the sessions persist-sqlite had committed"
before=$(docker compose logs --no-color subscriber | grep -c "football article received")
restored=$(docker compose logs --no-color mosquitto | grep -c "sqlite: Restored" || true)
docker kill -s KILL mosquitto >/dev/null
docker compose start mosquitto
deadline=$((SECONDS + 30))
until (( $(docker compose logs --no-color mosquitto | grep -c "sqlite: Restored" || true) > restored )); do
  (( SECONDS < deadline )) || fail "the broker did not start again after SIGKILL"
  sleep 1
done
# At least the subscriber's persistent session (and the healthcheck's none: it connects clean).
out=$(docker compose logs --no-color mosquitto | grep "sqlite: Restored [0-9]* clients" | tail -1)
echo "$out"
grep -Eq "Restored [1-9][0-9]* clients" <<<"$out" || fail "the broker came back from SIGKILL without its sessions: $out"
await_log subscriber "football article received" $((before + 1))

step "scale-out: SUBSCRIBER_GROUP=lectores, 3 subscribers and 2 publishers; each article handled once"
SUBSCRIBER_GROUP=lectores SUBSCRIBER_HTTP=127.0.0.1:8080-8089 PUBLISHER_HTTP=127.0.0.1:8090-8099 PUBLISH_INTERVAL=200ms \
  docker compose up -d --scale subscriber=3 --scale publisher=2
since=$(date -u +%Y-%m-%dT%H:%M:%SZ)
sleep 15
ids=$(docker compose logs --no-color --since "$since" subscriber | grep "football article received" | grep -o 'id=[^ ]*')
total=$(grep -c . <<<"$ids" || true)
unique=$(sort -u <<<"$ids" | grep -c . || true)
replicas=$(docker compose logs --no-color --since "$since" subscriber | grep "football article received" | cut -d' ' -f1 | sort -u | grep -c . || true)
echo "football articles handled: $total, distinct: $unique, by $replicas replicas"
(( total >= 6 )) || fail "too few football articles handled after scaling out: $total"
(( total == unique )) || fail "an article was handled twice across the replicas"
(( replicas >= 2 )) || fail "the articles were not shared between the replicas"
# Each replica has a status of its own; mosquitto_sub ends at -W with status 27 by design.
out=$(docker exec mosquitto mosquitto_sub -h localhost -p 8883 --cafile /mosquitto/certs/ca.crt --cert /mosquitto/certs/operator.crt \
  --key /mosquitto/certs/operator.key -t 'clients/subscriber/+/status' -W 2 -v || true)
online=$(grep -cE "^clients/subscriber/subscriber-[a-z0-9]{20}-[^/]+/status online$" <<<"$out" || true)
echo "subscriber replicas online: $online"
(( online == 3 )) || fail "expected 3 subscriber replicas online, each on its own status topic: $out"

step "revocation: ./generate_certs.sh --compose revoke operator; its certificate is refused, others still connect"
# A copy of the operator's files, as a thief would keep it: outside the broker, whose file system is
# read-only. It is tried from a throwaway container in the broker's network namespace (localhost).
kept=$(mktemp -d) # removed by cleanup
for file in ca.crt operator.crt operator.key; do
  docker cp "mosquitto:/mosquitto/certs/$file" "$kept/$file" >/dev/null || fail "cannot keep a copy of the operator's $file"
done
with_kept_operator() {
  docker run --rm --network container:mosquitto -v "$kept:/kept:ro" --entrypoint mosquitto_sub securemqtt/mosquitto:local \
    -h localhost -p 8883 --cafile /kept/ca.crt --cert /kept/operator.crt --key /kept/operator.key -t '$SYS/broker/version' -C 1 -W 5
}
# The control: the copy works while the certificate is valid, so the refusal below is the revocation's.
out=$(with_kept_operator 2>&1) || fail "the operator's kept copy was refused before any revocation: $out"
./generate_certs.sh --compose revoke operator || fail "./generate_certs.sh --compose revoke operator failed"
docker exec mosquitto test ! -e /mosquitto/certs/operator.key || fail "the revoked operator.key is still delivered"
if out=$(with_kept_operator 2>&1); then
  fail "the revoked operator certificate was accepted: $out"
fi
echo "revoked certificate refused: $out"
docker exec mosquitto mosquitto_sub -h localhost -p 8883 --cafile /mosquitto/certs/ca.crt --cert /mosquitto/certs/healthcheck.crt \
  --key /mosquitto/certs/healthcheck.key -t '$SYS/broker/version' -C 1 -W 5 || fail "healthcheck refused after revoking operator"
articles=$(docker compose logs --no-color subscriber | grep -c "football article received")
await_log subscriber "football article received" $((articles + 1))

step "./generate_certs.sh outside Compose: create, add-client, revoke, verify, inspect"
pki=$(mktemp -d)
# Output captured first: grep -q would close the pipe early, and pipefail would count that.
./generate_certs.sh "$pki/certs" >/dev/null || fail "./generate_certs.sh DIR failed"
out=$(./generate_certs.sh add-client sensor-1 "$pki/certs") || fail "add-client failed: $out"
grep "^issued sensor-1.crt" <<<"$out" || fail "add-client did not issue sensor-1.crt: $out"
out=$(./generate_certs.sh revoke sensor-1 "$pki/certs") || fail "revoke failed: $out"
grep "^revoked sensor-1.crt" <<<"$out" || fail "revoke did not revoke sensor-1.crt: $out"
out=$(./generate_certs.sh verify "$pki/certs") || fail "verify failed: $out"
grep "no problems" <<<"$out" || fail "verify found problems in a fresh PKI: $out"
out=$(./generate_certs.sh inspect --json "$pki/certs/server.crt") || fail "inspect failed: $out"
grep '"serverAuth"' <<<"$out" || fail "inspect --json did not show serverAuth: $out"
[[ $(stat -c %u "$pki/certs/ca.crt") == $(id -u) ]] || fail "generate_certs.sh wrote files not owned by the caller"
rm -rf "$pki"

step "docker compose down -v"
docker compose down -v --remove-orphans
echo "compose smoke test: 1 passed, 0 failed"
