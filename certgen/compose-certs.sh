#!/bin/sh
# Compose's one-shot certgen step: create or renew the PKI in the CA's own volume (or run the
# certgen command given, e.g. revoke NAME), then hand each consumer only what it needs, in its own
# volume, its key owned by the uid that reads it.
# Idempotent: files whose content is unchanged are left alone.
#
# It runs as root over volumes other containers use: it never follows a link planted where it
# writes (a link, or anything else that is not a regular file, is removed first; a directory stops
# it), so that it cannot be made to write, chown or chmod a file elsewhere, e.g. the CA's key.
set -eu

pki=/pki
# The owner of what anyone may read (ca.crt, certificates, the CRL).
public=0:0

# The JVM options of the image's ENTRYPOINT (Dockerfile): its class-data archive, C1 only and the
# serial collector start certgen fastest, and every `docker compose up` waits for this step.
jvm="-XX:SharedArchiveFile=/app/certgen.jsa -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData"
# shellcheck disable=SC2086 # $jvm: one option a word
certgen() { java $jvm -jar /app/certgen.jar "$@"; }
# The same in place of this shell: certgen becomes the container's process 1 and stops on docker stop.
# shellcheck disable=SC2086
exec_certgen() { exec java $jvm -jar /app/certgen.jar "$@"; }

# deliver DIR UID:GID IDENTITY...: ca.crt plus IDENTITY.crt (0644), and IDENTITY.key and a client's
# IDENTITY.clientid, its secret client id suffix (0600, owner UID:GID)
deliver() {
  dir=$1 reader=$2
  shift 2
  copy "$pki/ca.crt" "$dir/ca.crt" 0644 "$public"
  for identity in "$@"; do
    if [ -f "$pki/$identity.crt" ]; then
      copy "$pki/$identity.crt" "$dir/$identity.crt" 0644 "$public"
      copy "$pki/$identity.key" "$dir/$identity.key" 0600 "$reader"
      if [ -f "$pki/$identity.clientid" ]; then # the server has none
        copy "$pki/$identity.clientid" "$dir/$identity.clientid" 0600 "$reader"
      fi
    else # revoked: what was delivered must not stay usable
      for file in "$dir/$identity.crt" "$dir/$identity.key" "$dir/$identity.clientid"; do
        # rm removes a link itself, never what it points to
        if [ -e "$file" ] || [ -L "$file" ]; then rm -f -- "$file" && echo "withdrew $file"; fi
      done
    fi
  done
}

copy() { # SOURCE TARGET MODE UID:GID
  from=$1 target=$2 mode=$3 owner=$4
  for path in "$target.tmp" "$target"; do
    if [ -d "$path" ] && [ ! -L "$path" ]; then
      echo "compose-certs: $path is a directory, where certgen delivers a file: remove it" >&2
      exit 1
    fi
    # A link, a FIFO (cmp would wait on it forever) or a device is not ours: remove it.
    if [ -L "$path" ] || { [ -e "$path" ] && [ ! -f "$path" ]; }; then
      rm -f -- "$path"
      echo "removed $path: not a regular file"
    fi
  done
  if ! cmp -s "$from" "$target" 2>/dev/null; then
    rm -f -- "$target.tmp" # a stale one from an interrupted run
    # Mode at creation, then the owner: the key is never readable by anyone else, not even for a moment.
    install -m "$mode" "$from" "$target.tmp"
    chown -h "$owner" "$target.tmp"
    mv -f -T "$target.tmp" "$target" # -T: onto the name itself, never into a directory of that name
    echo "delivered $target"
  else # the content is right; the owner or mode may not be (-h: a link that appeared since is not followed)
    chown -h "$owner" "$target"
    chmod "$mode" "$target"
  fi
}

# deliver_exporter DIR UID:GID: the broker exporter's identity as deliver hands it, plus the
# broker's public files whose days left it reports, server.crt and crl.pem (0644), never server.key.
deliver_exporter() {
  deliver "$1" "$2" exporter
  copy "$pki/server.crt" "$1/server.crt" 0644 "$public"
  copy "$pki/crl.pem" "$1/crl.pem" 0644 "$public"
}

# Each consumer's files, in its own volume.
deliver_all() {
  # The broker runs as uid 1883; it also holds the identities of its healthcheck and of the
  # README's manual checks (docker exec mosquitto ...), and the CRL. The Java images run as uid 10001.
  deliver /deliver/mosquitto 1883:1883 server healthcheck operator
  copy "$pki/crl.pem" /deliver/mosquitto/crl.pem 0644 "$public"
  deliver /deliver/publisher 10001:10001 publisher
  deliver /deliver/subscriber 10001:10001 subscriber
  deliver_exporter /deliver/exporter 10001:10001
}

main() {
  # The Compose variables CERT_VALIDITY and CERT_RENEW_WITHIN (docker-compose.yml), for the commands
  # that issue certificates, before the caller's options, which win. Word-split on purpose: certgen
  # refuses any value that is not a number and a unit, a value with a space included.
  lifetimes="${CERT_VALIDITY:+--validity $CERT_VALIDITY} ${CERT_RENEW_WITHIN:+--renew-within $CERT_RENEW_WITHIN}"
  set -f # and never globbed
  case "${1:-}" in
    "" | -*) certgen --out "$pki" $lifetimes "$@" ;;
    add-client) # NAME first
      shift
      name=${1:-}
      [ $# -eq 0 ] || shift
      certgen add-client "$name" --out "$pki" $lifetimes "$@"
      ;;
    # certgen-renewer: renews what is due every CERT_CHECK_EVERY (if empty: 1h, or a quarter of the
    # renewal window if that is shorter) and delivers what changed, for as long as it runs.
    renew-loop)
      shift
      exec_certgen renew-loop --out "$pki" ${CERT_CHECK_EVERY:+--every $CERT_CHECK_EVERY} $lifetimes "$@" \
        -- /app/compose-certs.sh deliver
      ;;
    deliver) deliver_all; return ;; # renew-loop's command after a change
    inspect) echo "compose-certs: inspect reads files, not the PKI volume; use ./generate_certs.sh inspect FILE" >&2; exit 2 ;;
    *) command=$1; shift; certgen "$command" "$@" --out "$pki" ;;
  esac

  deliver_all
  echo "certificates ready"
}

# certgen's tests (ComposeCertsTest) source this file with COMPOSE_CERTS_FUNCTIONS_ONLY=1 and run
# deliver and copy on directories of their own.
if [ -z "${COMPOSE_CERTS_FUNCTIONS_ONLY:-}" ]; then
  main "$@"
fi
