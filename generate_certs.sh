#!/usr/bin/env bash
# Creates (or refreshes) the deployment's PKI in DIR, owned by you, without sudo: with Docker
# when it is available, otherwise with a local JDK. Safe to run again: certgen keeps what is valid.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: ./generate_certs.sh [DIR] [CERTGEN OPTIONS...]

Writes ca.crt, private/ca.key, server.crt/.key and a .crt/.key per client into DIR
(default: ./certs). Runs certgen in Docker if `docker info` works, else with java.
Certgen's own options (--client, --server-name, --key-type, --days, ...) follow DIR;
see them with: ./generate_certs.sh DIR --help
USAGE
}

case "${1:-}" in -h | --help) usage; exit 0 ;; esac

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=./certs
if [[ $# -gt 0 && $1 != -* ]]; then
  out=$1
  shift
fi
# Created here, as the caller, so that Docker does not create it as root.
mkdir -p "$out"
out=$(cd "$out" && pwd)

if docker info >/dev/null 2>&1; then
  export DOCKER_BUILDKIT=1 # the Dockerfile caches Maven downloads with RUN --mount
  docker build -q -t securemqtt/certgen:local --target certgen "$repo" >/dev/null
  # As the calling user: the files belong to you, not to root or the image's user.
  docker run --rm --user "$(id -u):$(id -g)" -v "$out:/out" securemqtt/certgen:local --out /out "$@"
else
  command -v java >/dev/null || { echo "Neither docker nor java is available: install one of them." >&2; exit 1; }
  jar=$repo/certgen/target/certgen-all.jar
  if [[ ! -f $jar ]]; then
    (cd "$repo" && mvn -B -q -pl certgen -am package -DskipTests)
  fi
  java -jar "$jar" --out "$out" "$@"
fi
case " $* " in
  *" --help "* | *" -h "*) ;;
  *) echo "The PKI is in $out (keep $out/private/ca.key secret)." ;;
esac
