#!/bin/sh
# Keeps the broker's log file bounded: once mosquitto.log is over MOSQUITTO_LOG_MAX_BYTES, it becomes
# mosquitto.log.1 (replacing the previous copy) and the broker is told to reopen its log (SIGRTMIN).
# Mosquitto never rotates its own file, and the container has no cron or logrotate: the broker's
# healthcheck runs this before each probe, so the file holds at most the limit plus what the broker
# writes between two probes, and the directory at most twice that.
#
# Renaming loses no line: until the broker has reopened, it goes on writing to the renamed file.
# Mosquitto 2.1 reopens its log on SIGRTMIN and does nothing else. SIGHUP would reopen it too, but
# also reload the configuration, ACL, certificates and CRL, and 2.1 quits when a reload meets an
# invalid ACL: a log rotation must not risk the broker. `kill -s RTMIN` names the signal, whose
# number differs between C libraries (34 with glibc, 35 with musl): both shells resolve it with
# the same C library as the broker (Debian's dash; Alpine's busybox, built with RTMINMAX).
#
# POSIX sh and tools both broker images have (Alpine's busybox, Debian's coreutils). The broker is
# PID 1: the image's entrypoint execs it.
set -eu

log=/mosquitto/log/mosquitto.log
max=${MOSQUITTO_LOG_MAX_BYTES:-10485760}

case $max in
  '' | *[!0-9]*)
    echo "MOSQUITTO_LOG_MAX_BYTES must be a whole number of bytes, such as 10485760 (10 MiB), not '$max'" >&2
    exit 2
    ;;
esac
# 18 digits: the most every sh compares without overflowing.
[ ${#max} -le 18 ] && [ "$max" -gt 0 ] || { echo "MOSQUITTO_LOG_MAX_BYTES must be from 1 to 999999999999999999, not $max" >&2; exit 2; }

# No log yet (the broker has not started writing): nothing to bound.
[ -f "$log" ] || exit 0

# $(( )) drops the padding some wc implementations print.
size=$(( $(wc -c <"$log") ))
[ "$size" -gt "$max" ] || exit 0

# Renamed but never reopened, the log would grow under its new name for good: first make sure the
# broker can be told.
kill -0 1 || { echo "cannot signal the broker (PID 1) to reopen $log: not rotated" >&2; exit 1; }
# A shell that cannot name the signal is found out before anything is moved (trap resolves the
# name as kill does, without sending anything).
trap '' RTMIN 2>/dev/null || { echo "this shell's kill cannot send SIGRTMIN (kill -s RTMIN): $log not rotated" >&2; exit 1; }
mv -f "$log" "$log.1"
kill -s RTMIN 1
echo "rotated $log ($size bytes, over MOSQUITTO_LOG_MAX_BYTES=$max) to $log.1; the broker reopens its log (SIGRTMIN)"
