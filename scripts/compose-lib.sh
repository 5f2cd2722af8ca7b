# shellcheck shell=bash
# What the Compose tests (compose-smoke-test.sh, monitoring-test.sh) share. Source it after setting
# TEST_NAME (how a failure is announced). Each script runs the stack under the fixed names of
# docker-compose.yml, so only one of them runs at a time on a machine; cleanup removes the
# services of the monitoring profile too.

WAIT_SECONDS=${WAIT_SECONDS:-180}
step() { printf '\n== %s\n' "$*"; }
fail() { printf '\n%s FAILED: %s\n' "$TEST_NAME" "$*" >&2; docker compose ps -a >&2 || true; docker compose logs --no-color --tail 40 >&2 || true; exit 1; }
cleanup() { docker compose --profile monitoring down -v --remove-orphans >/dev/null 2>&1 || true; [[ -z ${kept:-} ]] || rm -rf "$kept"; }

# await_log SERVICE PATTERN COUNT: waits until SERVICE has logged PATTERN at least COUNT times.
await_log() {
  local deadline=$((SECONDS + WAIT_SECONDS)) n=0
  while (( SECONDS < deadline )); do
    n=$(docker compose logs --no-color "$1" 2>/dev/null | grep -c -- "$2" || true)
    (( n >= $3 )) && { echo "$1 logged '$2' $n time(s)"; return 0; }
    sleep 1
  done
  fail "$1 did not log '$2' $3 time(s) within ${WAIT_SECONDS}s (saw $n)"
}

# The broker's container name is fixed ("mosquitto", so the README's `docker exec mosquitto ...`
# works), so a stack of this project started from another directory is in the way: stop it
# (its volumes are kept). Anything else by that name is not ours to remove. Runs after cleanup,
# so a container by that name left now belongs to some other project.
clear_container_name() {
  local project
  docker container inspect mosquitto >/dev/null 2>&1 || return 0
  project=$(docker container inspect --format '{{ index .Config.Labels "com.docker.compose.project" }}' mosquitto)
  if [ -n "$project" ] && [ "$(docker container inspect --format '{{ index .Config.Labels "com.docker.compose.service" }}' mosquitto)" = mosquitto ]; then
    echo "stopping Compose project '$project': its broker holds the container name 'mosquitto'"
    docker compose -p "$project" --profile monitoring down --remove-orphans
    ! docker container inspect mosquitto >/dev/null 2>&1 || docker rm -f mosquitto >/dev/null
  else
    fail "a container named 'mosquitto' that this project did not start is in the way: docker rm -f mosquitto"
  fi
}
