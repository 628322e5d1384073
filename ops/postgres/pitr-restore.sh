#!/usr/bin/env bash
# Point-in-time restore of Lectern's PostgreSQL cluster from a pgBackRest repository.
#
#   pitr-restore.sh --target-time '2026-12-06 14:03:00+00' [--repo 1|2] [--target-timeline current|latest|<n>]
#
# Stops the cluster in PGDATA if it runs, restores the newest backup taken before the target
# time (into the existing directory with --delta, which rewrites only what differs, or into an
# empty or missing one), replays archived WAL up to the target time (transactions committed at
# or before it are kept, later ones are not), promotes the cluster and starts it, and returns
# once it accepts writes. Settings as for setup-primary.sh (lib.sh): PGDATA, PGPORT, SOCKET_DIR,
# PGBACKREST_CONFIG, STANZA, PGBIN, PG_OS_USER.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
: "${PGDATA:?PGDATA: the data directory to restore}"
: "${PGPORT:=5432}"
: "${SOCKET_DIR:=/var/run/postgresql}"

usage() { sed -n '4p' "$0" | sed 's/^# *//' >&2; exit 2; }
target= repo=1 timeline=
while [ $# -gt 0 ]; do
  case $1 in
    --target-time) target=${2:?--target-time needs a timestamp}; shift 2 ;;
    --repo) repo=${2:?--repo needs 1 or 2}; shift 2 ;;
    --target-timeline) timeline=${2:?--target-timeline needs a value}; shift 2 ;;
    -h | --help) usage ;;
    *) echo "unknown argument: $1" >&2; usage ;;
  esac
done
[ -n "$target" ] || usage
[[ $repo =~ ^[1-9]$ ]] || die "--repo must be a repository number (1 or 2), not '$repo'"
# A time PostgreSQL cannot read would only fail after the restore: check it first.
as_pg "$PGBIN/postgres" --version >/dev/null
if ! date -d "$target" >/dev/null 2>&1; then die "--target-time '$target' is not a timestamp (e.g. '2026-12-06 14:03:00+00')"; fi
[[ $target =~ [+-][0-9]{2}(:?[0-9]{2})?$|Z$|UTC$ ]] || die "--target-time needs a time zone (e.g. +00 or +01:00): '$target' would be read in the server's zone"

started=$(date +%s.%N)
if as_pg "$PGBIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
  echo "stopping the cluster in $PGDATA"
  as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -w -m fast stop >/dev/null
fi

delta=()
if [ -f "$PGDATA/PG_VERSION" ]; then
  delta=(--delta)
else
  mkdir -p "$PGDATA"
  chown "$PG_OS_USER:" "$PGDATA"
  chmod 700 "$PGDATA"
  [ -z "$(ls -A "$PGDATA")" ] || die "$PGDATA holds files but no cluster: empty it or give the cluster's directory"
fi

echo "restoring from repository $repo to $target"
pgbr restore --repo="$repo" --type=time --target="$target" --target-action=promote \
  ${timeline:+--target-timeline="$timeline"} "${delta[@]}"

as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -w -t 300 start -l "$PGDATA/startup.log" >/dev/null
wait_ready "$SOCKET_DIR" "$PGPORT" 300
# Recovery ends with the promotion; txid_current() needs a writable cluster.
for _ in $(seq 1 1500); do
  if psql_at "$SOCKET_DIR" "$PGPORT" -c 'select txid_current()' >/dev/null 2>&1; then
    awk -v t="$target" -v r="$repo" -v s="$started" -v e="$(date +%s.%N)" \
      'BEGIN { printf "restored to %s from repository %s; accepting writes after %.1f s\n", t, r, e - s }'
    exit 0
  fi
  sleep 0.2
done
die "the restored cluster did not accept writes within 5 minutes; see $PGDATA/startup.log and the log directory"
