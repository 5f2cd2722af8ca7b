#!/bin/sh
# Reloads the broker (SIGHUP) once its certificate, key, CA or CRL has changed on disk, so that a
# renewal delivered by certgen-renewer reaches new connections without a restart; connected clients
# stay connected. Run by the broker's healthcheck (docker-compose.yml), once a second, as the broker's
# own user: no Docker socket, no shared PID namespace, no capability (a process may signal its own uid).
#
# What the broker last loaded is recorded in /mosquitto/data/certs.loaded (the root file system is
# read-only) as the broker process's start time and a digest of the four files. A broker process
# not yet recorded read the files when it started, unless one of them is newer than that start.
# Certgen delivers one file after another (the certificate, then its key): a change is acted on
# once the digest has stayed the same for a whole probe interval (certs.seen), so that a reload
# never meets a certificate without its key.
#
# POSIX sh and tools both broker images have (Alpine's busybox, Debian's coreutils). The broker is
# PID 1: the image's entrypoint execs it.
set -eu

certs=/mosquitto/certs
loaded=/mosquitto/data/certs.loaded
seen=/mosquitto/data/certs.seen
files="$certs/ca.crt $certs/server.crt $certs/server.key $certs/crl.pem"

# shellcheck disable=SC2086 # the names hold no space
digest=$(cat $files | sha256sum) || { echo "cannot read the broker's certificate files ($files)" >&2; exit 1; }
digest=${digest%% *}

# Field 22 of /proc/1/stat: when the broker started, in clock ticks since boot (the command name in
# field 2 is "(mosquitto)": nothing before ") " holds a space).
stat=$(cat /proc/1/stat)
# shellcheck disable=SC2086
set -- ${stat##*") "}
started=${20}

record() { # FILE CONTENT: replaced whole, never half-written
  printf '%s\n' "$2" >"$1.tmp" && mv -f "$1.tmp" "$1"
}

recorded_start='' recorded_digest=''
[ ! -f "$loaded" ] || read -r recorded_start recorded_digest <"$loaded" || true
if [ "$recorded_start" != "$started" ]; then
  # /proc's clock ticks are USER_HZ, 100 on every Linux architecture Docker runs on.
  boot=$(sed -n 's/^btime //p' /proc/stat)
  since=$((boot + started / 100))
  newest=0
  for file in $files; do
    modified=$(stat -c %Y "$file")
    [ "$modified" -le "$newest" ] || newest=$modified
  done
  if [ "$newest" -lt "$since" ]; then
    record "$loaded" "$started $digest"
    exit 0
  fi
  recorded_digest=unknown # changed around the start: reload to be sure
fi
[ "$digest" != "$recorded_digest" ] || exit 0

if [ "$(cat "$seen" 2>/dev/null || true)" != "$digest" ]; then
  record "$seen" "$digest" # changed since the last probe: perhaps still being delivered
  exit 0
fi
kill -s HUP 1
record "$loaded" "$started $digest"
echo "the broker's certificate files changed: reloaded the broker (SIGHUP)"
