#!/usr/bin/env bash
# A pg_auto_failover formation on loopback: a monitor and two PostgreSQL 15 nodes (primary and
# synchronous standby) under one directory, run as the `postgres` OS user. Sourced by drill.sh
# and throughput.sh; the functions below are the whole interface.
#
#   pg_cluster_start DIR BASE_PORT   monitor on BASE_PORT, nodes on BASE_PORT+1 and BASE_PORT+2
#   pg_cluster_uri                   the multi-host URL clients use (read-write target)
#   pg_cluster_primary_port          the port of the node that is primary now
#   pg_cluster_kill_node N           kill -9 node N's keeper and PostgreSQL (a machine that dies)
#   pg_cluster_stop                  stop everything started here and remove DIR
#
# Timeouts are tuned for a failover in seconds instead of the default ~60 s; docs/failover.md
# explains each value and what it costs.

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_CLUSTER_DIR=
PG_CLUSTER_PORT=
PG_CLUSTER_PIDS=()

# How quickly the monitor notices a dead node and promotes its standby (milliseconds).
PGAF_HEALTH_CHECK_PERIOD=${PGAF_HEALTH_CHECK_PERIOD:-1000}
PGAF_HEALTH_CHECK_TIMEOUT=${PGAF_HEALTH_CHECK_TIMEOUT:-1000}
PGAF_HEALTH_CHECK_MAX_RETRIES=${PGAF_HEALTH_CHECK_MAX_RETRIES:-1}
PGAF_HEALTH_CHECK_RETRY_DELAY=${PGAF_HEALTH_CHECK_RETRY_DELAY:-500}
PGAF_UNHEALTHY_TIMEOUT=${PGAF_UNHEALTHY_TIMEOUT:-4000}
PGAF_STARTUP_GRACE=${PGAF_STARTUP_GRACE:-4000}
PGAF_PRIMARY_DEMOTE_TIMEOUT=${PGAF_PRIMARY_DEMOTE_TIMEOUT:-6000}
# Seconds a primary that reaches neither monitor nor standby waits before demoting itself; kept
# below the monitor's demote timeout so the old primary has stepped down before the standby is promoted.
PGAF_NETWORK_PARTITION_TIMEOUT=${PGAF_NETWORK_PARTITION_TIMEOUT:-4}

as_postgres() {
  runuser -u postgres -- env XDG_CONFIG_HOME="$PG_CLUSTER_DIR/xdg/config" XDG_DATA_HOME="$PG_CLUSTER_DIR/xdg/data" \
    PGCONNECT_TIMEOUT=3 PATH="$PG_BIN:/usr/sbin:/usr/bin:/sbin:/bin" "$@"
}

monitor_uri() { echo "postgres://autoctl_node@127.0.0.1:$PG_CLUSTER_PORT/pg_auto_failover?sslmode=require"; }

monitor_sql() { as_postgres psql -X -qAt -h 127.0.0.1 -p "$PG_CLUSTER_PORT" -d pg_auto_failover -c "$1"; }

# Runs a pg_autoctl service in its own process group, so it and its PostgreSQL can be killed together.
start_service() {
  local log=$1; shift
  setsid runuser -u postgres -- env XDG_CONFIG_HOME="$PG_CLUSTER_DIR/xdg/config" XDG_DATA_HOME="$PG_CLUSTER_DIR/xdg/data" \
    PATH="$PG_BIN:/usr/sbin:/usr/bin:/sbin:/bin" "$@" >"$log" 2>&1 &
  PG_CLUSTER_PIDS+=($!)
  # Killed on purpose by the drill: no job-control notice from the shell.
  disown "$!"
}

wait_for() {
  local what=$1 seconds=$2; shift 2
  for _ in $(seq 1 $((seconds * 4))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.25; done
  echo "pg-cluster: timed out waiting for $what" >&2
  return 1
}

node_state() { monitor_sql "select reportedstate from pgautofailover.node where nodename = '$1'"; }

# True when node $1 reports state $2 (a command for wait_for, evaluated at each try).
node_in_state() { [ "$(node_state "$1")" = "$2" ]; }

pg_cluster_start() {
  PG_CLUSTER_DIR=$1 PG_CLUSTER_PORT=$2
  mkdir -p "$PG_CLUSTER_DIR/xdg/config" "$PG_CLUSTER_DIR/xdg/data" "$PG_CLUSTER_DIR/log"
  chown -R postgres: "$PG_CLUSTER_DIR"
  local ctl=(--pgctl "$PG_BIN/pg_ctl" --hostname 127.0.0.1 --auth trust --ssl-self-signed)

  as_postgres pg_autoctl create monitor "${ctl[@]}" --pgdata "$PG_CLUSTER_DIR/monitor" --pgport "$PG_CLUSTER_PORT" \
    >"$PG_CLUSTER_DIR/log/create-monitor.log" 2>&1 || { cat "$PG_CLUSTER_DIR/log/create-monitor.log" >&2; return 1; }
  cat >>"$PG_CLUSTER_DIR/monitor/postgresql.conf" <<CONF
pgautofailover.health_check_period = $PGAF_HEALTH_CHECK_PERIOD
pgautofailover.health_check_timeout = $PGAF_HEALTH_CHECK_TIMEOUT
pgautofailover.health_check_max_retries = $PGAF_HEALTH_CHECK_MAX_RETRIES
pgautofailover.health_check_retry_delay = $PGAF_HEALTH_CHECK_RETRY_DELAY
pgautofailover.node_considered_unhealthy_timeout = $PGAF_UNHEALTHY_TIMEOUT
pgautofailover.startup_grace_period = $PGAF_STARTUP_GRACE
pgautofailover.primary_demote_timeout = $PGAF_PRIMARY_DEMOTE_TIMEOUT
CONF
  start_service "$PG_CLUSTER_DIR/log/monitor.log" pg_autoctl run --pgdata "$PG_CLUSTER_DIR/monitor"
  wait_for "the monitor" 30 monitor_sql "select 1" || return 1

  local n
  for n in 1 2; do
    as_postgres pg_autoctl create postgres "${ctl[@]}" --pgdata "$PG_CLUSTER_DIR/node$n" --pgport $((PG_CLUSTER_PORT + n)) \
      --name "node$n" --dbname lectern --monitor "$(monitor_uri)" --replication-quorum true \
      >"$PG_CLUSTER_DIR/log/create-node$n.log" 2>&1 || { cat "$PG_CLUSTER_DIR/log/create-node$n.log" >&2; return 1; }
    as_postgres pg_autoctl config set --pgdata "$PG_CLUSTER_DIR/node$n" timeout.network_partition_timeout "$PGAF_NETWORK_PARTITION_TIMEOUT" >/dev/null
    start_service "$PG_CLUSTER_DIR/log/node$n.log" pg_autoctl run --pgdata "$PG_CLUSTER_DIR/node$n"
    # The second node clones the first only once the first is primary.
    if [ "$n" = 1 ]; then wait_for "node1 to be primary" 60 node_in_state node1 single || return 1; fi
  done
  wait_for "node2 to be a synchronous standby" 90 node_in_state node2 secondary || return 1
  wait_for "node1 to be primary" 30 node_in_state node1 primary || return 1
}

pg_cluster_uri() { as_postgres pg_autoctl show uri --formation default --monitor "$(monitor_uri)"; }

pg_cluster_primary_port() { monitor_sql "select nodeport from pgautofailover.node where reportedstate in ('primary','wait_primary','single') and goalstate = reportedstate limit 1"; }

pg_cluster_primary_name() { monitor_sql "select nodename from pgautofailover.node where reportedstate in ('primary','wait_primary','single') and goalstate = reportedstate limit 1"; }

pg_cluster_states() { monitor_sql "select nodename || ' ' || reportedstate || '/' || goalstate from pgautofailover.node order by nodeid" | tr '\n' ' '; }

# The service (process group) of node N: monitor is PG_CLUSTER_PIDS[0], node N is [N].
pg_cluster_kill_node() { kill -9 -- "-${PG_CLUSTER_PIDS[$1]}" 2>/dev/null; }

pg_cluster_stop() {
  [ -n "$PG_CLUSTER_DIR" ] || return 0
  local pid
  for pid in "${PG_CLUSTER_PIDS[@]}"; do kill -TERM -- "-$pid" 2>/dev/null; done
  sleep 1
  for pid in "${PG_CLUSTER_PIDS[@]}"; do kill -KILL -- "-$pid" 2>/dev/null; done
  # A PostgreSQL left behind by a killed keeper (it leaves the group only if re-parented) is stopped by its data directory.
  local d
  for d in monitor node1 node2; do
    [ -f "$PG_CLUSTER_DIR/$d/postmaster.pid" ] && runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_CLUSTER_DIR/$d" -m immediate stop >/dev/null 2>&1
  done
  rm -rf "$PG_CLUSTER_DIR"
  PG_CLUSTER_DIR=
}
