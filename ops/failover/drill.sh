#!/usr/bin/env bash
# The failover drill (docs/failover.md): on this machine, on loopback, a pg_auto_failover
# formation (monitor, primary, synchronous standby), two Lectern app nodes sharing a replicated
# blob store, HAProxy in front. Steady traffic (sign-ins, SCORM commits, package uploads) runs
# while the drill kills -9 the first app node, then the primary database (its keeper and
# PostgreSQL, as a machine that dies). It prints the time without service after each and the
# number of acknowledged writes lost, and fails when a target is missed.
#
#   ops/failover/drill.sh               the drill
#   ops/failover/drill.sh --throughput  instead: requests per second of a database-bound route on
#                                       one node, and on two nodes behind HAProxy
#   THROUGHPUT_NODE_CPU=0.3 THROUGHPUT_CONNECTIONS=64 THROUGHPUT_ROUNDS=3 ops/failover/drill.sh --throughput
#                                       the same with each app node held to that share of one
#                                       core (a cgroup of its own), as nodes on machines of their
#                                       own: the app tier, not the cores it shares with PostgreSQL,
#                                       HAProxy and the load generator, is what limits
#
# Run as root (PostgreSQL runs as the `postgres` user). Uses the build (dist/, after
# `npm run build`) when there is one, else the TypeScript sources through tsx. Everything it
# starts is stopped and its directory removed on exit, also on failure.
set -uo pipefail
# Lectern reads its settings from the environment and refuses unknown LECTERN_* names: the
# drill sets every one it means, so none of the caller's (a test runner's, an operator's shell)
# reaches the nodes it starts.
while read -r name; do unset "$name"; done < <(compgen -e | grep -E '^(LECTERN_|DATABASE_URL)')
cd "$(dirname "$0")/../.."
ROOT=$PWD
MODE=drill
[ "${1:-}" = "--throughput" ] && MODE=throughput

# Above Linux's ephemeral range (32768-60999): an outgoing connection's local port there could
# hold one of these for a moment, which no check for a listener would see.
BASE_PORT=${FAILOVER_BASE_PORT:-61430}
LB_PORT=$((BASE_PORT + 30)) CONTENT_PORT=$((BASE_PORT + 31))
APP1_PORT=$((BASE_PORT + 10)) APP2_PORT=$((BASE_PORT + 11))
CONTENT1_PORT=$((BASE_PORT + 20)) CONTENT2_PORT=$((BASE_PORT + 21))
SITE_HOST=drill.failover.test
FIRST_PASSWORD='Quokka-Sunrise-47x'
PASSWORD='Walrus-Harbor-93y'
LEARNERS=(learner1@drill.test learner2@drill.test learner3@drill.test)
# Traffic before the first kill, between the kills, and after the promotion (seconds).
TRAFFIC_SECONDS_BEFORE=${TRAFFIC_SECONDS_BEFORE:-8}
BETWEEN_KILLS_SECONDS=${BETWEEN_KILLS_SECONDS:-12}
AFTER_PROMOTION_SECONDS=${AFTER_PROMOTION_SECONDS:-15}

for tool in haproxy pg_autoctl runuser psql; do
  command -v "$tool" >/dev/null || { echo "drill: $tool is missing (apt-get install haproxy postgresql-15-auto-failover pg-auto-failover-cli)" >&2; exit 2; }
done
[ "$(id -u)" = 0 ] || { echo "drill: run as root (PostgreSQL runs as the postgres user)" >&2; exit 2; }

WORK=$(mktemp -d /tmp/lectern-failover.XXXXXX)
chmod 755 "$WORK"
source "$ROOT/ops/failover/pg-cluster.sh"
APP_PIDS=() HAPROXY_PID= ONE_HAPROXY_PID= LOAD_PID= NODE_CGROUPS=()
NODE_CPU=${THROUGHPUT_NODE_CPU:-}

cleanup() {
  local status=$?
  [ -n "$LOAD_PID" ] && kill "$LOAD_PID" 2>/dev/null
  local pid
  for pid in "${APP_PIDS[@]}"; do kill -9 "$pid" 2>/dev/null; done
  [ -n "$HAPROXY_PID" ] && kill "$HAPROXY_PID" 2>/dev/null
  [ -n "$ONE_HAPROXY_PID" ] && kill "$ONE_HAPROXY_PID" 2>/dev/null
  local group
  for group in "${NODE_CGROUPS[@]}"; do
    for _ in $(seq 1 20); do rmdir "$group" 2>/dev/null && break; sleep 0.1; done
  done
  if [ "$status" -ne 0 ] && [ -d "$WORK/log" ]; then
    echo "drill: failed; the last lines of each log:" >&2
    for log in "$WORK"/log/*.log; do echo "--- $log" >&2; tail -n 8 "$log" >&2; done
  fi
  pg_cluster_stop
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now_ms() { date +%s%3N; }
say() { local ms=$(($(now_ms) - START_MS)); printf '[%3d.%d s] %s\n' $((ms / 1000)) $((ms % 1000 / 100)) "$*"; }
START_MS=$(now_ms)

# The command: the build when there is one (CI builds first), else the sources.
if [ -f "$ROOT/dist/src/cli/index.js" ]; then LECTERN=(node "$ROOT/bin/lectern.js"); else LECTERN=(node --import tsx "$ROOT/src/cli/index.ts"); fi
TSX=(node --import tsx)

say "starting PostgreSQL: monitor and two nodes (pg_auto_failover)"
pg_cluster_start "$WORK/pg" "$BASE_PORT" || exit 1
# node-postgres reads sslmode like libpq only with uselibpqcompat=true (otherwise `require` verifies the certificate).
DATABASE_URL="$(pg_cluster_uri | sed -e 's|^postgres://|postgres://postgres@|')&uselibpqcompat=true"
say "database: $DATABASE_URL ($(pg_cluster_states))"
# No acknowledged write may be lost: the primary must wait for the standby at every commit.
SYNC_NAMES=$(as_postgres psql -X -qAt -h 127.0.0.1 -p "$(pg_cluster_primary_port)" -d lectern -c "show synchronous_standby_names")
SYNC_COUNT=$(monitor_sql "select number_sync_standbys from pgautofailover.formation where formationid = 'default'")
say "replication: synchronous_standby_names = '$SYNC_NAMES', number_sync_standbys = $SYNC_COUNT"
[ -n "$SYNC_NAMES" ] || { echo "drill: the primary does not replicate synchronously" >&2; exit 1; }

mkdir -p "$WORK/log" "$WORK/blobs-a" "$WORK/blobs-b" "$WORK/state"
APP_ENV=(
  HOST=127.0.0.1 LOG_LEVEL=warn LECTERN_SEED_DEMO=false
  DATABASE_URL="$DATABASE_URL" DATA_DIR="$WORK/data"
  LECTERN_SECRET_KEY_FILE="$WORK/secret.key"
  LECTERN_STORAGE="local:$WORK/blobs-a,local:$WORK/blobs-b" LECTERN_STORAGE_WRITE_QUORUM=2
)
if [ "$MODE" = throughput ]; then
  # One client makes all the requests: the per-user and per-address budgets would measure themselves.
  APP_ENV+=(LECTERN_RATE_LIMIT_USER_PER_MINUTE=0 LECTERN_RATE_LIMIT_IP_PER_MINUTE=0 LECTERN_RATE_LIMIT_FLOOD_PER_MINUTE=0)
fi
lectern() { env "${APP_ENV[@]}" "${LECTERN[@]}" "$@"; }

say "creating the site and its users (lectern tenant/user create)"
lectern tenant create --slug drill --name "Failover drill" --host "$SITE_HOST" >"$WORK/log/cli.log" 2>&1 || exit 1
# The users at once: each command is a process of its own that starts in seconds.
cli_pids=()
lectern user create --tenant drill --email admin@drill.test --first-name Ada --last-name Admin --role admin --password "$FIRST_PASSWORD" >>"$WORK/log/cli.log" 2>&1 &
cli_pids+=($!)
for email in "${LEARNERS[@]}"; do
  lectern user create --tenant drill --email "$email" --first-name Lea --last-name "${email%%@*}" --role learner --password "$FIRST_PASSWORD" >>"$WORK/log/cli.log" 2>&1 &
  cli_pids+=($!)
done
for pid in "${cli_pids[@]}"; do wait "$pid" || exit 1; done

# The nodes run as production is advised to (docs/operations.md, "PostgreSQL server"): requests
# logged in as lectern_app, the work across sites as lectern_system; the owner only migrates. The
# roles are the cluster's, so they follow the primary through a failover.
ROLE_PASSWORD="drill-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
as_postgres psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$(pg_cluster_primary_port)" -d lectern \
  -c "alter role lectern_app login password '$ROLE_PASSWORD'" \
  -c "do \$\$ begin create role lectern_system; exception when duplicate_object then null; end \$\$" \
  -c "alter role lectern_system login password '$ROLE_PASSWORD'" >>"$WORK/log/cli.log" 2>&1 || { echo "drill: could not give the roles their logins" >&2; exit 1; }
SERVE_ENV=(DATABASE_APP_PASSWORD="$ROLE_PASSWORD" DATABASE_SYSTEM_PASSWORD="$ROLE_PASSWORD")

# Holds process $2 (and the threads and processes it starts) to a share $3 of one core, in a
# CPU cgroup of its own (cgroup v2, or v1's cpu controller).
limit_cpu() {
  local name=$1 pid=$2 share=$3 period=100000 quota group
  quota=$(awk -v s="$share" 'BEGIN { printf "%d", s * 100000 }')
  if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
    group=/sys/fs/cgroup/$name
    mkdir -p "$group" && echo "$quota $period" >"$group/cpu.max" || return 1
  else
    group=/sys/fs/cgroup/cpu/$name
    mkdir -p "$group" && echo "$period" >"$group/cpu.cfs_period_us" && echo "$quota" >"$group/cpu.cfs_quota_us" || return 1
  fi
  NODE_CGROUPS+=("$group")
  echo "$pid" >"$group/cgroup.procs"
}

start_app() {
  local n=$1 port=$2 content=$3
  env "${APP_ENV[@]}" "${SERVE_ENV[@]}" PORT="$port" LECTERN_CONTENT_PORT="$content" "${LECTERN[@]}" serve >"$WORK/log/app$n.log" 2>&1 &
  APP_PIDS[$n]=$!
  disown "$!"
  if [ -n "$NODE_CPU" ]; then
    limit_cpu "lectern-drill-app$n-$$" "${APP_PIDS[$n]}" "$NODE_CPU" || { echo "drill: cannot make a CPU cgroup for app node $n" >&2; return 1; }
  fi
}
ready() { curl -sf "http://127.0.0.1:$1/readyz" >/dev/null; }
wait_ready() {
  for _ in $(seq 1 240); do ready "$1" && return 0; sleep 0.25; done
  echo "drill: the app node on port $1 did not become ready" >&2
  return 1
}
say "starting app nodes on $APP1_PORT and $APP2_PORT"
# The first node makes the shared secret key file; the second starts once it exists.
start_app 1 "$APP1_PORT" "$CONTENT1_PORT" || exit 1
wait_ready "$APP1_PORT" || exit 1
start_app 2 "$APP2_PORT" "$CONTENT2_PORT" || exit 1
wait_ready "$APP2_PORT" || exit 1
# Nothing of the nodes may still be connected as the owner once they serve.
NODE_LOGINS=$(as_postgres psql -X -qAt -h 127.0.0.1 -p "$(pg_cluster_primary_port)" -d lectern \
  -c "select string_agg(usename || ' ' || n, ', ' order by usename) from (select usename, count(*) as n from pg_stat_activity where datname = 'lectern' and pid <> pg_backend_pid() group by usename) c")
say "the nodes' connections by login: $NODE_LOGINS"
case "$NODE_LOGINS" in *postgres*) echo "drill: a node still holds a connection as the owner" >&2; exit 1 ;; esac

sed -e "s/@LB_PORT@/$LB_PORT/;s/@APP1_PORT@/$APP1_PORT/;s/@APP2_PORT@/$APP2_PORT/" \
  -e "s/@CONTENT_PORT@/$CONTENT_PORT/;s/@CONTENT1_PORT@/$CONTENT1_PORT/;s/@CONTENT2_PORT@/$CONTENT2_PORT/" \
  "$ROOT/ops/failover/haproxy.cfg.template" >"$WORK/haproxy.cfg"
haproxy -f "$WORK/haproxy.cfg" -db >"$WORK/log/haproxy.log" 2>&1 &
HAPROXY_PID=$!
wait_ready "$LB_PORT" || exit 1
say "HAProxy on $LB_PORT (app) and $CONTENT_PORT (content)"

export LB_PORT CONTENT_PORT SITE_HOST FIRST_PASSWORD PASSWORD STATE_DIR="$WORK/state"
export ADMIN_EMAIL=admin@drill.test LEARNER_EMAILS=$(IFS=,; echo "${LEARNERS[*]}")
"${TSX[@]}" "$ROOT/ops/failover/load.ts" setup || exit 1

if [ "$MODE" = throughput ]; then
  # The baseline goes through HAProxy too (a second one with the first node only), so both figures
  # pay for the balancer on the same cores and the ratio is the second node's alone.
  ONE_LB_PORT=$((BASE_PORT + 32)) ONE_CONTENT_PORT=$((BASE_PORT + 33))
  sed -e "s/@LB_PORT@/$ONE_LB_PORT/;s/@APP1_PORT@/$APP1_PORT/" -e "/@APP2_PORT@/d" \
    -e "s/@CONTENT_PORT@/$ONE_CONTENT_PORT/;s/@CONTENT1_PORT@/$CONTENT1_PORT/;/@CONTENT2_PORT@/d" \
    "$ROOT/ops/failover/haproxy.cfg.template" >"$WORK/haproxy-one.cfg"
  haproxy -f "$WORK/haproxy-one.cfg" -db >"$WORK/log/haproxy-one.log" 2>&1 &
  ONE_HAPROXY_PID=$!
  wait_ready "$ONE_LB_PORT" || exit 1
  THROUGHPUT_NODE_CPU="$NODE_CPU" "${TSX[@]}" "$ROOT/ops/failover/throughput.ts" "$ONE_LB_PORT" "$LB_PORT" \
    "$APP1_PORT:${APP_PIDS[1]}" "$APP2_PORT:${APP_PIDS[2]}"
  exit $?
fi

say "traffic: sign-ins, SCORM commits and uploads through HAProxy"
"${TSX[@]}" "$ROOT/ops/failover/load.ts" run >"$WORK/log/load.log" 2>&1 &
LOAD_PID=$!
sleep "$TRAFFIC_SECONDS_BEFORE"

APP_KILL_MS=$(now_ms)
kill -9 "${APP_PIDS[1]}"
say "killed app node 1 (kill -9)"
sleep "$BETWEEN_KILLS_SECONDS"

PRIMARY=$(pg_cluster_primary_name)
DB_KILL_MS=$(now_ms)
pg_cluster_kill_node "${PRIMARY#node}"
say "killed the primary database $PRIMARY (kill -9 of its keeper and PostgreSQL)"
for _ in $(seq 1 240); do
  NEW_PRIMARY=$(pg_cluster_primary_name 2>/dev/null)
  [ -n "$NEW_PRIMARY" ] && [ "$NEW_PRIMARY" != "$PRIMARY" ] && break
  sleep 0.25
done
say "the monitor promoted ${NEW_PRIMARY:-nothing} ($(pg_cluster_states))"
sleep "$AFTER_PROMOTION_SECONDS"

kill -TERM "$LOAD_PID"
wait "$LOAD_PID"
LOAD_PID=
say "traffic stopped; looking for every acknowledged write on the new primary"
KILLS="app=$APP_KILL_MS,db=$DB_KILL_MS" PSQL_URL="postgres://postgres@127.0.0.1:$(pg_cluster_primary_port)/lectern" \
  "${TSX[@]}" "$ROOT/ops/failover/load.ts" verify
status=$?
say "done"
exit "$status"
