#!/usr/bin/env bash
# The monitoring profile end to end, as the README's "Watch it" runs it: `docker compose --profile
# monitoring up`, every target up through Prometheus's HTTP API, every alert rule loaded, the
# broker's own figures scraped from the exporter, no alert in a healthy stack; then the subscriber
# stopped: its ClientNotConnected alert goes pending, then firing after its minute; started again:
# the alert resolves. Exits non-zero on the first failure, saying what failed.
set -euo pipefail
cd "$(dirname "$0")/.."

TEST_NAME="MONITORING TEST"
# shellcheck source=scripts/compose-lib.sh
source scripts/compose-lib.sh
trap cleanup EXIT

PROMETHEUS=http://127.0.0.1:9090
ALERTS=(CertificateExpiresSoon CrlNextUpdateSoon ClientNotConnected BrokerDown ExporterDown NoFootballArticles
        BrokerDroppingMessages ArticleLatencyHigh)

# query PROMQL: the result of an instant query, as Prometheus's HTTP API answers it (JSON).
query() { curl -fsS --get "$PROMETHEUS/api/v1/query" --data-urlencode "query=$1"; }

# await_query DESCRIPTION PROMQL SECONDS: waits until PROMQL has at least one sample.
await_query() {
  local deadline=$((SECONDS + $3)) out=""
  while (( SECONDS < deadline )); do
    out=$(query "$2" 2>/dev/null || true)
    if grep -q '"result":\[{' <<<"$out"; then echo "$1 ($2)"; return 0; fi
    sleep 1
  done
  fail "not within $3 s: $1 ($2); the last answer: $out"
}

# await_empty DESCRIPTION PROMQL SECONDS: waits until PROMQL has no sample.
await_empty() {
  local deadline=$((SECONDS + $3)) out=""
  while (( SECONDS < deadline )); do
    out=$(query "$2" 2>/dev/null || true)
    if grep -q '"result":\[\]' <<<"$out"; then echo "$1 ($2)"; return 0; fi
    sleep 1
  done
  fail "not within $3 s: $1 ($2); the last answer: $out"
}

cleanup
clear_container_name

step "docker compose --profile monitoring up --build -d"
start=$SECONDS
docker compose --profile monitoring up --build -d

step "Prometheus: 127.0.0.1:9090 only, read-only, as nobody, no capability, no new privileges"
ports=$(docker compose port prometheus 9090)
[ "$ports" = "127.0.0.1:9090" ] || fail "Prometheus is published on $ports, not 127.0.0.1:9090 alone"
id=$(docker compose ps -q prometheus)
[ "$(docker inspect --format '{{.HostConfig.ReadonlyRootfs}} {{.Config.User}} {{.HostConfig.CapDrop}} {{.HostConfig.CapAdd}} {{.HostConfig.SecurityOpt}}' "$id")" \
  = "true 65534:65534 [ALL] [] [no-new-privileges:true]" ] || fail "Prometheus's container is not confined: $(docker inspect --format '{{json .HostConfig}}' "$id")"
exporter=$(docker compose ps -q exporter)
[ -z "$(docker port "$exporter")" ] || fail "the exporter publishes a port: $(docker port "$exporter")"
[ "$(docker inspect --format '{{.HostConfig.ReadonlyRootfs}} {{.Config.User}} {{.HostConfig.CapDrop}}' "$exporter")" = "true 10001:10001 [ALL]" ] \
  || fail "the exporter's container is not confined"

step "every target up, through Prometheus's HTTP API"
for job in publisher subscriber exporter prometheus; do
  await_query "$job is up" "up{job=\"$job\"} == 1" "$WAIT_SECONDS"
done
echo "every target up $((SECONDS - start)) s after up --build"

step "every alert rule loaded"
rules=$(curl -fsS "$PROMETHEUS/api/v1/rules?type=alert")
for alert in "${ALERTS[@]}"; do
  grep -q "\"name\":\"$alert\"" <<<"$rules" || fail "Prometheus has no alert rule $alert: $rules"
done
echo "${#ALERTS[@]} alert rules: ${ALERTS[*]}"

step "the broker's own figures, from the exporter"
await_query "the exporter reads the broker's \$SYS" 'mosquitto_up == 1' 60
await_query "publisher, subscriber and exporter are connected" 'mosquitto_clients_connected >= 3' 60
await_query "Mosquitto 2.1.2" 'mosquitto_info{version=~".*2\\.1\\.2.*"}' 60
await_query "the broker receives messages" 'increase(mosquitto_messages_received_total[1m]) > 0' 90
await_query "the broker's certificate has its year" 'mosquitto_broker_certificate_days_left > 300' 30
await_query "the CRL's next update is weeks away" 'mosquitto_crl_next_update_days_left > 14' 30
await_query "the clients' certificates have their year" 'min(mqtt_client_certificate_days_left) > 300' 30

step "a healthy stack has no alert, pending or firing"
await_query "the subscriber receives football articles" 'increase(articles_received_total{job="subscriber"}[1m]) > 0' 90
out=$(query 'ALERTS')
grep -q '"result":\[\]' <<<"$out" || fail "alerts in a healthy stack: $out"
echo "no alert"

step "the subscriber stopped: ClientNotConnected goes pending, then firing after its minute"
docker compose stop subscriber
stopped=$SECONDS
await_query "pending" 'ALERTS{alertname="ClientNotConnected",job="subscriber",alertstate="pending"}' 30
pending=$SECONDS
echo "pending $((pending - stopped)) s after the stop"
await_query "firing" 'ALERTS{alertname="ClientNotConnected",job="subscriber",alertstate="firing"}' 120
echo "firing $((SECONDS - stopped)) s after the stop"
(( SECONDS - pending >= 50 )) || fail "ClientNotConnected fired $((SECONDS - pending)) s after it was pending: its 'for: 1m' is not kept"
alerts=$(curl -fsS "$PROMETHEUS/api/v1/alerts")
grep -q '"alertname":"ClientNotConnected"' <<<"$alerts" || fail "/api/v1/alerts does not list ClientNotConnected: $alerts"
grep -q '"severity":"' <<<"$alerts" || fail "the alert has no severity: $alerts"
grep -q '"description":"' <<<"$alerts" || fail "the alert has no description: $alerts"

step "the subscriber started again: the alert resolves"
docker compose start subscriber
started=$SECONDS
await_empty "resolved" 'ALERTS{alertname="ClientNotConnected",job="subscriber"}' 90
echo "resolved $((SECONDS - started)) s after the start"

step "docker compose --profile monitoring down -v"
cleanup
echo "MONITORING TEST PASSED in $((SECONDS - start)) s"
