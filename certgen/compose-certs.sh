#!/bin/sh
# Compose's one-shot certgen step: create (or keep) the PKI in the CA's own volume, then hand
# each consumer only what it needs, in its own volume, its key owned by the uid that reads it.
# Idempotent: files whose content is unchanged are left alone.
set -eu

java -jar /app/certgen.jar --out /pki "$@"

# deliver DIR UID IDENTITY...: ca.crt plus IDENTITY.crt (0644) and IDENTITY.key (0600, owner UID)
deliver() {
  dir=$1 uid=$2
  shift 2
  copy "/pki/ca.crt" "$dir/ca.crt" 0644 0
  for identity in "$@"; do
    copy "/pki/$identity.crt" "$dir/$identity.crt" 0644 0
    copy "/pki/$identity.key" "$dir/$identity.key" 0600 "$uid"
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
# README's manual checks (docker exec mosquitto ...). The Java images run as uid 10001.
deliver /deliver/mosquitto 1883 server healthcheck operator
deliver /deliver/publisher 10001 publisher
deliver /deliver/subscriber 10001 subscriber
echo "certificates ready"
