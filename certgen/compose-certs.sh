#!/bin/sh
# Compose's one-shot certgen step: create or renew the PKI in the CA's own volume (or run the
# certgen command given, e.g. revoke NAME), then hand each consumer only what it needs, in its own
# volume, its key owned by the uid that reads it.
# Idempotent: files whose content is unchanged are left alone.
set -eu

# The JVM options of the image's ENTRYPOINT (Dockerfile): its class-data archive, C1 only and the
# serial collector start certgen fastest, and every `docker compose up` waits for this step.
certgen() {
  java -XX:SharedArchiveFile=/app/certgen.jsa -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData \
    -jar /app/certgen.jar "$@"
}

case "${1:-}" in
  "" | -*) certgen --out /pki "$@" ;;
  inspect) echo "compose-certs: inspect reads files, not the PKI volume; use ./generate_certs.sh inspect FILE" >&2; exit 2 ;;
  *) command=$1; shift; certgen "$command" "$@" --out /pki ;;
esac

# deliver DIR UID IDENTITY...: ca.crt plus IDENTITY.crt (0644), and IDENTITY.key and a client's
# IDENTITY.clientid, its secret client id suffix (0600, owner UID)
deliver() {
  dir=$1 uid=$2
  shift 2
  copy "/pki/ca.crt" "$dir/ca.crt" 0644 0
  for identity in "$@"; do
    if [ -f "/pki/$identity.crt" ]; then
      copy "/pki/$identity.crt" "$dir/$identity.crt" 0644 0
      copy "/pki/$identity.key" "$dir/$identity.key" 0600 "$uid"
      if [ -f "/pki/$identity.clientid" ]; then # the server has none
        copy "/pki/$identity.clientid" "$dir/$identity.clientid" 0600 "$uid"
      fi
    else # revoked: what was delivered must not stay usable
      for file in "$dir/$identity.crt" "$dir/$identity.key" "$dir/$identity.clientid"; do
        if [ -e "$file" ]; then rm -f "$file" && echo "withdrew $file"; fi
      done
    fi
  done
}

copy() { # SOURCE TARGET MODE OWNER
  if ! cmp -s "$1" "$2" 2>/dev/null; then
    install -m "$3" -o "$4" -g "$4" "$1" "$2.tmp" && mv -f "$2.tmp" "$2"
    echo "delivered $2"
  fi
  chown "$4:$4" "$2" && chmod "$3" "$2"
}

# The broker runs as uid 1883; it also holds the identities of its healthcheck and of the
# README's manual checks (docker exec mosquitto ...), and the CRL. The Java images run as uid 10001.
deliver /deliver/mosquitto 1883 server healthcheck operator
copy /pki/crl.pem /deliver/mosquitto/crl.pem 0644 0
deliver /deliver/publisher 10001 publisher
deliver /deliver/subscriber 10001 subscriber
echo "certificates ready"
