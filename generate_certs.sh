#!/usr/bin/env bash
# Creates, renews, inspects, verifies and revokes the deployment's certificates, without sudo:
# with Docker when it is available, otherwise with a local JDK. Safe to run again: certgen keeps
# what is valid.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: ./generate_certs.sh [DIR] [CERTGEN OPTIONS...]    create the PKI in DIR, or renew what is due
       ./generate_certs.sh add-client NAME [DIR] [OPTIONS] issue a certificate for a new identity
       ./generate_certs.sh sign FILE.csr [DIR] [--force]   issue a client certificate for a device's own
                                                           key (its request's CN is NAME); no key written
       ./generate_certs.sh revoke NAME [DIR]               revoke every certificate NAME was issued,
                                                           update DIR/crl.pem
       ./generate_certs.sh inspect [--json] FILE...        show certificates and CRLs in detail
       ./generate_certs.sh verify [DIR]                    check DIR; one line per problem
       ./generate_certs.sh --rotate [CERTGEN OPTIONS...]   the running Compose deployment: renew what
                                                           is due (--force: everything) and reload the
                                                           broker with SIGHUP, no client disconnected
       ./generate_certs.sh --compose revoke NAME           revoke in the Compose deployment, then
                                                           restart the broker to close NAME's connections

DIR defaults to ./certs. Files: ca.crt, private/ca.key, server.crt/.key, a .crt/.key/.clientid
per client, crl.pem, ledger.tsv (every certificate issued and revoked: back it up with the CA key).
Runs certgen in Docker if `docker info` works, else with java. Certgen's own options (--client,
--server-name, --key-type, --validity, --renew-within, --force, --pkcs12, ...) follow; see them with:
./generate_certs.sh --help-certgen
USAGE
}

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

have_docker() { docker info >/dev/null 2>&1; }

# certgen DIRS... -- ARGS...: runs certgen in Docker with each DIR mounted at its own path (read-only
# if given as DIR:ro) and the current directory as working directory, so that paths mean the same
# inside and out; or with the local jar.
certgen() {
  local mounts=()
  while [[ $1 != -- ]]; do
    case $1 in
      *:ro) mounts+=(-v "${1%:ro}:${1%:ro}:ro") ;;
      *) mounts+=(-v "$1:$1") ;;
    esac
    shift
  done
  shift
  if have_docker; then
    export DOCKER_BUILDKIT=1 # the Dockerfile caches Maven downloads with RUN --mount
    docker build -q -t securemqtt/certgen:local --target certgen "$repo" >/dev/null
    # As the calling user: the files belong to you, not to root or the image's user.
    docker run --rm --user "$(id -u):$(id -g)" "${mounts[@]}" -w "$PWD" securemqtt/certgen:local "$@"
  else
    command -v java >/dev/null || { echo "Neither docker nor java is available: install one of them." >&2; exit 1; }
    local jar=$repo/certgen/target/certgen-all.jar
    if [[ ! -f $jar ]]; then
      (cd "$repo" && mvn -B -q -pl certgen -am package -DskipTests)
    fi
    java -jar "$jar" "$@"
  fi
}

# absolute DIR: creates DIR as the caller (so that Docker does not create it as root), prints its path
absolute() {
  mkdir -p "$1"
  (cd "$1" && pwd)
}

compose() { docker compose --project-directory "$repo" "$@"; }

# SIGHUP: Mosquitto reloads its certificate, key and CRL; connected clients stay connected. The
# signal is handled in the broker's main loop: wait until its log says it has been.
reload_broker() {
  local reloads
  reloads=$(compose logs --no-color mosquitto | grep -c "Reloading config" || true)
  compose kill -s SIGHUP mosquitto >/dev/null
  for _ in $(seq 50); do
    (( $(compose logs --no-color mosquitto | grep -c "Reloading config" || true) > reloads )) && { sleep 0.5; return 0; }
    sleep 0.2
  done
  echo "the broker did not log 'Reloading config' within 10 s after SIGHUP: see docker compose logs mosquitto" >&2
  exit 1
}

case "${1:-}" in
  -h | --help) usage; exit 0 ;;
  --help-certgen) certgen -- --help; exit 0 ;;

  --rotate)
    shift
    compose run --rm -T --no-deps certgen "$@"
    reload_broker
    echo "reloaded the broker (SIGHUP): new connections use the new certificates and CRL"
    ;;

  --compose)
    shift
    [[ ${1:-} == revoke && $# -ge 2 ]] || { echo "Usage: ./generate_certs.sh --compose revoke NAME" >&2; exit 2; }
    compose run --rm -T --no-deps certgen "$@"
    # The CRL is checked at the handshake only: a restart closes the revoked identity's open
    # connections. Other clients reconnect by themselves, and their sessions are kept on disk.
    compose restart mosquitto >/dev/null
    echo "restarted the broker: $2 can no longer connect"
    ;;

  inspect)
    shift
    dirs=()
    for arg in "$@"; do
      [[ $arg == -* ]] && continue
      [[ -e $arg ]] || { echo "inspect: $arg does not exist" >&2; exit 1; }
      dirs+=("$(cd "$(dirname "$arg")" && pwd)")
    done
    certgen "${dirs[@]}" -- inspect "$@"
    ;;

  verify)
    dir=${2:-./certs}
    certgen "$(absolute "$dir")" -- verify "$dir"
    ;;

  sign)
    csr=${2:?"sign needs the request FILE, e.g. ./generate_certs.sh sign device1.csr [DIR]"}
    shift 2
    [[ -f $csr ]] || { echo "sign: $csr does not exist" >&2; exit 1; }
    dir=./certs
    if [[ $# -gt 0 && $1 != -* ]]; then dir=$1; shift; fi
    pki=$(absolute "$dir")
    # The request's directory read-only: certgen only reads it (unless it is the PKI directory).
    requests=$(cd "$(dirname "$csr")" && pwd)
    mounts=("$pki")
    [[ $requests == "$pki" ]] || mounts+=("$requests:ro")
    certgen "${mounts[@]}" -- sign "$csr" --out "$dir" "$@"
    ;;

  add-client | revoke)
    command=$1 name=${2:?"$1 needs the identity's NAME, e.g. ./generate_certs.sh $1 sensor-1 [DIR]"}
    shift 2
    dir=./certs
    if [[ $# -gt 0 && $1 != -* ]]; then dir=$1; shift; fi
    certgen "$(absolute "$dir")" -- "$command" "$name" --out "$dir" "$@"
    ;;

  *)
    dir=./certs
    if [[ $# -gt 0 && $1 != -* ]]; then dir=$1; shift; fi
    certgen "$(absolute "$dir")" -- --out "$dir" "$@"
    echo "The PKI is in $(absolute "$dir") (keep $dir/private/ca.key secret)."
    ;;
esac
