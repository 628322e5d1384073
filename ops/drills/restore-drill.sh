#!/usr/bin/env bash
# The restore drill (docs/postgres-operations.md "The restore drill"): a primary archiving WAL
# to two pgBackRest repositories (a directory, and s3rver behind TLS), Lectern's schema, writes,
# a full backup, more writes with their commit times, a hot standby streaming over TLS; the
# status shows the standby falling behind and repository 2 going away; then the database is
# destroyed and restored to a chosen moment T, from repository 2 and from repository 1, and every
# write committed up to T must be there and none after it.
#
# Run from the checkout (after npm ci) as root (clusters run as the postgres OS user) or as the
# user that should run them. Everything it starts runs under a temporary directory and on its own
# ports (DRILL_PORT_BASE, default 61440, above Linux's ephemeral range: +0 primary, +1 standby, +2 S3 over HTTP, +3 S3 over TLS),
# and is stopped and removed at the end, also on failure (DRILL_KEEP=1 keeps the directory).
# The directory is in /dev/shm when it has a gigabyte free, else in /tmp (or DRILL_TMPDIR).
set -euo pipefail
# Lectern reads its settings from the environment and refuses unknown LECTERN_* names: the
# drill sets every one it means, so none of the caller's (a test runner's, an operator's shell)
# reaches the nodes it starts.
while read -r name; do unset "$name"; done < <(compgen -e | grep -E '^(LECTERN_|DATABASE_URL)')

checkout=$(cd "$(dirname "$0")/../.." && pwd)
ops=$checkout/ops/postgres
[ "$(id -u)" = 0 ] || export PG_OS_USER=${PG_OS_USER:-$(id -un)}
. "$ops/lib.sh"

base=${DRILL_PORT_BASE:-61440}
primary_port=$base standby_port=$((base + 1)) s3_port=$((base + 2)) s3_tls_port=$((base + 3))
# Memory (tmpfs) when there is room: the drill checks the procedure, not the disk, and a busy
# disk would make it slow. DRILL_TMPDIR chooses another place.
tmp_base=${DRILL_TMPDIR:-/tmp}
if [ -z "${DRILL_TMPDIR:-}" ] && [ -w /dev/shm ] && [ "$(df -Pk /dev/shm | awk 'NR == 2 { print $4 }')" -gt 1048576 ]; then tmp_base=/dev/shm; fi
work=$(mktemp -d "$tmp_base/lectern-restore-drill.XXXXXX")
chmod 755 "$work"
# The postgres user may not be able to enter the checkout (e.g. under /root).
cd "$work"
started=$(date +%s.%N)
pids=()
phase_started=$started

elapsed() { awk -v s="$1" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }'; }
phase() {
  [ "$phase_started" = "$started" ] || echo "  ($(elapsed "$phase_started") s)"
  phase_started=$(date +%s.%N)
  current_phase=$*
  echo "[$(elapsed "$started") s] $*"
}
current_phase="checks before the start"
failed=
fail() { failed=1; echo "restore drill: FAILED: $*" >&2; exit 1; }

cleanup() {
  local code=$?
  set +e
  for dir in "$work/primary" "$work/standby"; do
    [ -f "$dir/postmaster.pid" ] && as_pg "$PGBIN/pg_ctl" -D "$dir" -m immediate -w stop >/dev/null 2>&1
  done
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  [ -f "$work/haproxy.pid" ] && kill "$(cat "$work/haproxy.pid")" 2>/dev/null
  if [ "$code" -ne 0 ]; then
    [ -n "$failed" ] || echo "restore drill: FAILED (exit status $code) in: $current_phase" >&2
    echo "--- logs of the failed drill ---" >&2
    tail -n 20 "$work"/primary/startup.log "$work"/standby/startup.log "$work"/pgbackrest-log/*.log >&2 2>/dev/null
  fi
  if [ "${DRILL_KEEP:-}" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi
  echo "cleaned up after $(elapsed "$started") s"
  exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for port in "$primary_port" "$standby_port" "$s3_port" "$s3_tls_port"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then fail "port $port is in use (set DRILL_PORT_BASE)"; fi
done
command -v pgbackrest >/dev/null || fail "pgBackRest is not installed (apt-get install pgbackrest)"
command -v haproxy >/dev/null || fail "HAProxy is not installed (apt-get install haproxy)"
[ -d "$checkout/node_modules/s3rver" ] || fail "node_modules/s3rver is missing (npm ci)"

phase "certificates, S3 store behind TLS"
"$ops/make-certs.sh" "$work/certs" >/dev/null
chown -R "$PG_OS_USER:" "$work/certs"
mkdir -p "$work/s3"
node --openssl-legacy-provider "$checkout/ops/drills/s3-store.mjs" "$work/s3" "$s3_port" lectern-backups >"$work/s3.log" 2>&1 &
pids+=($!)
cat "$work/certs/server.crt" "$work/certs/server.key" >"$work/s3-tls.pem"
cat >"$work/haproxy.cfg" <<CFG
global
  maxconn 200
defaults
  mode tcp
  timeout connect 5s
  timeout client 60s
  timeout server 60s
frontend s3_tls
  bind 127.0.0.1:$s3_tls_port ssl crt $work/s3-tls.pem
  default_backend s3
backend s3
  server s3rver 127.0.0.1:$s3_port
CFG
start_s3_tls() { haproxy -f "$work/haproxy.cfg" -D -p "$work/haproxy.pid"; }
start_s3_tls
for _ in $(seq 1 50); do grep -q listening "$work/s3.log" && break; sleep 0.2; done
grep -q listening "$work/s3.log" || fail "s3rver did not start: $(cat "$work/s3.log")"

# The settings of ops/postgres/settings.sh for the primary; the standby overrides its own.
export PGDATA=$work/primary PGPORT=$primary_port SOCKET_DIR=$work/socket LISTEN_ADDRESSES=127.0.0.1 CERT_DIR=$work/certs
export PGBACKREST_CONFIG=$work/pgbackrest-primary.conf REPLICATION_PASSWORD=drill-replication-secret
export REPLICATION_NETWORK=127.0.0.1/32 CLIENT_NETWORK=127.0.0.1/32 ARCHIVE_TIMEOUT=60
export REPO1_PATH=$work/repo1 REPO2_PATH=/lectern REPO2_S3_ENDPOINT=localhost REPO2_S3_PORT=$s3_tls_port
export REPO2_S3_BUCKET=lectern-backups REPO2_S3_KEY=S3RVER REPO2_S3_KEY_SECRET=S3RVER REPO2_S3_URI_STYLE=path
export REPO2_CA_FILE=$work/certs/ca.crt PGBACKREST_IO_TIMEOUT=${DRILL_IO_TIMEOUT:-2}
# 1 MB WAL segments instead of 16 MB: the same archiving, a tenth of the bytes to push, fetch and remove.
export INITDB_ARGS=--wal-segsize=1
export PGBACKREST_LOG_PATH=$work/pgbackrest-log PGBACKREST_LOCK_PATH=$work/pgbackrest-lock PGBACKREST_SPOOL_PATH=$work/pgbackrest-spool

phase "primary: initdb, TLS, archiving to both repositories, stanza"
"$ops/setup-primary.sh" | sed 's/^/  /'
sql() { psql_at "$SOCKET_DIR" "$PGPORT" "$@"; }
app_password=drill-app-secret
sql -v password="$app_password" <<'SQL'
select format('alter role postgres password %L', :'password') \gexec
create database lectern;
SQL
export DATABASE_URL="postgres://postgres:$app_password@127.0.0.1:$primary_port/lectern"
lsql() { sql -d lectern "$@"; }

phase "Lectern's schema and a tenant (lectern tenant create, which applies the migrations first)"
lectern() { (cd "$checkout" && DATA_DIR=$work/lectern-data LOG_LEVEL=warn node --import tsx src/cli/index.ts "$@"); }
lectern tenant create --slug drill --name "Restore drill" | sed 's/^/  /'
lsql <<'SQL'
create table restore_drill (seq int primary key, phase text not null);
insert into restore_drill select g, 'before the backup' from generate_series(1, 20) g;
SQL

phase "full backups to repository 1 and repository 2 (S3 over TLS)"
pgbr backup --repo=1 --type=full
pgbr backup --repo=2 --type=full

phase "hot standby from repository 1, streaming over TLS (verify-full)"
PGDATA=$work/standby PGPORT=$standby_port PGBACKREST_CONFIG=$work/pgbackrest-standby.conf \
  PRIMARY_HOST=localhost PRIMARY_PORT=$primary_port STANDBY_NAME=drill-standby RESTORE_REPO=1 \
  "$ops/setup-standby.sh" | sed 's/^/  /'
for _ in $(seq 1 100); do
  [ "$(sql -c "select count(*) from pg_stat_replication where application_name = 'drill-standby' and state = 'streaming'")" = 1 ] && break
  sleep 0.2
done
sql -c "select 'standby ' || r.application_name || ': ' || r.state || ', ssl=' || s.ssl || ' ' || s.version || ' ' || s.cipher
        from pg_stat_replication r join pg_stat_ssl s using (pid)" | sed 's/^/  /'
[ "$(sql -c "select count(*) from pg_stat_replication r join pg_stat_ssl s using (pid) where r.state = 'streaming' and s.ssl")" = 1 ] ||
  fail "the standby does not stream over TLS"

phase "writes after the backup: one transaction every 50 ms, each commit time recorded"
{
  for seq in $(seq 101 160); do echo "insert into restore_drill values ($seq, 'after the backup'); select pg_sleep(0.05);"; done
} | lsql >/dev/null
# T: halfway between two commits in the middle, so every commit is clearly before or after it.
read -r k target < <(lsql -F ' ' -c "
  with c as (select seq, pg_xact_commit_timestamp(xmin) as at from restore_drill where seq in (130, 131))
  select 130, to_char(((select at from c where seq = 130) + ((select at from c where seq = 131) - (select at from c where seq = 130)) / 2)
                      at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00'")
present_expected=$(lsql -c "select count(*) from restore_drill where pg_xact_commit_timestamp(xmin) <= '$target'")
absent_expected=$(lsql -c "select count(*) from restore_drill where pg_xact_commit_timestamp(xmin) > '$target'")
echo "  T = $target: $present_expected rows committed up to T (seq <= $k), $absent_expected after"
[ "$present_expected" = $((20 + k - 100)) ] || fail "commit timestamps are not in sequence order"
# Every segment holding those commits reaches both repositories.
pgbr check

status() { (cd "$checkout" && STANZA=$STANZA node --import tsx ops/drills/backup-status-check.ts "$1"); }
phase "backup status: healthy"
status healthy

phase "the standby falls behind (replay paused) and the status shows it"
psql_at "$SOCKET_DIR" "$standby_port" -c 'select pg_wal_replay_pause()' >/dev/null
lsql -c "insert into restore_drill select g, 'while the standby is paused' from generate_series(1001, 3000) g" >/dev/null
sleep 0.5
status standby-behind
psql_at "$SOCKET_DIR" "$standby_port" -c 'select pg_wal_replay_resume()' >/dev/null

phase "repository 2 unreachable (its TLS endpoint stopped) and the status shows it"
kill "$(cat "$work/haproxy.pid")" && rm -f "$work/haproxy.pid"
lsql -c "insert into restore_drill values (5000, 'while repository 2 is down')" >/dev/null
outage=$(date +%s.%N)
sql -c 'select pg_switch_wal()' >/dev/null
# archive_command fails (repository 1 takes the segment, repository 2 cannot): PostgreSQL keeps
# the segment and retries it, and pg_stat_archiver records the failure.
for _ in $(seq 1 300); do
  [ "$(sql -c 'select last_failed_time is not null from pg_stat_archiver')" = t ] && break
  sleep 0.2
done
[ "$(sql -c 'select last_failed_time is not null from pg_stat_archiver')" = t ] || fail "archiving did not report the unreachable repository"
echo "  archiver: $(sql -c "select 'failed ' || failed_count || ' time(s), last ' || last_failed_wal from pg_stat_archiver"), $(elapsed "$outage") s after the switch"
# The segment that failed reached repository 1 all the same: only repository 2 misses it.
failed_wal=$(sql -c 'select last_failed_wal from pg_stat_archiver')
pgbr --repo=1 repo-ls "archive/$STANZA/15-1/${failed_wal:0:16}" | grep -q "^$failed_wal-" ||
  fail "$failed_wal is not in repository 1 either"
echo "  $failed_wal is in repository 1; PostgreSQL keeps it until repository 2 has it too"
status repo2-unreachable
start_s3_tls
# A new segment wakes the archiver, which retries the one that failed first.
lsql -c "insert into restore_drill values (5001, 'after repository 2 is back')" >/dev/null
sql -c 'select pg_switch_wal()' >/dev/null
pgbr check
echo "  repository 2 back: archiving caught up"

phase "disaster: the primary is destroyed"
absent_expected=$(lsql -c "select count(*) from restore_drill where seq > $k")
as_pg "$PGBIN/pg_ctl" -D "$work/standby" -m fast -w stop >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -m immediate -w stop >/dev/null
rm -rf "$PGDATA"

verify() {
  local repo=$1 took=$2 present absent tenant
  present=$(lsql -c "select count(*) from restore_drill where seq <= $k")
  absent=$(lsql -c "select count(*) from restore_drill where seq > $k")
  tenant=$(lsql -c "select count(*) from tenants where slug = 'drill'")
  [ "$present" = "$present_expected" ] || fail "repository $repo: $present of $present_expected rows committed up to T are there"
  [ "$absent" = 0 ] || fail "repository $repo: $absent rows committed after T are there"
  [ "$tenant" = 1 ] || fail "repository $repo: Lectern's tenant is missing"
  echo "  repository $repo: $present rows up to T present, $absent_expected after T absent, Lectern's tenant present, restore took $took s"
}

restore() {
  local repo=$1 restore_started took
  restore_started=$(date +%s.%N)
  "$ops/pitr-restore.sh" --target-time "$target" --repo "$repo" | sed 's/^/  /'
  took=$(elapsed "$restore_started")
  verify "$repo" "$took"
  results+=("repo$repo ${took} s")
}
results=()
phase "point-in-time restore to T from repository 2 into the emptied data directory"
restore 2
phase "point-in-time restore to T from repository 1 over the running cluster (--delta), after more writes"
# Written on the restored cluster (a new timeline, after T): the restore to T removes them too.
lsql -c "insert into restore_drill select g, 'after the first restore' from generate_series(9001, 9010) g" >/dev/null
absent_expected=$((absent_expected + 10))
restore 1

phase "done"
echo "restore drill: OK ($present_expected rows up to T present, $absent_expected after T absent, restore took ${results[*]}; whole drill $(elapsed "$started") s)"
