#!/usr/bin/env bash
# Sets up a hot standby of Lectern's primary: restores the latest backup from a pgBackRest
# repository (restore --type=standby), then streams WAL from the primary over TLS, verifying the
# primary's certificate (sslmode=verify-full against CERT_DIR/ca.crt). WAL the stream cannot
# give (the standby was down too long) comes from the repositories (restore_command).
#
# Settings: see settings.sh (PGDATA, PGPORT are the standby's own; the repository settings are
# the primary's), plus PRIMARY_HOST (a name in the primary's certificate), PRIMARY_PORT,
# REPLICATION_PASSWORD, STANDBY_NAME (shown in pg_stat_replication) and RESTORE_REPO (1 or 2).
# PGDATA must be empty or absent.
set -euo pipefail
. "$(dirname "$0")/settings.sh"
: "${PRIMARY_HOST:?PRIMARY_HOST: the primary host name as its certificate names it}"
: "${PRIMARY_PORT:=5432}"
: "${REPLICATION_PASSWORD:?REPLICATION_PASSWORD: the replication user password}"
: "${STANDBY_NAME:=standby1}"
: "${RESTORE_REPO:=1}"

[ -r "$CERT_DIR/ca.crt" ] || die "missing $CERT_DIR/ca.crt (the CA that signed the primary's certificate)"
if [ -d "$PGDATA" ] && [ -n "$(ls -A "$PGDATA")" ]; then die "$PGDATA is not empty; a standby starts from an empty directory"; fi
mkdir -p "$PGDATA" "$SOCKET_DIR"
chown "$PG_OS_USER:" "$PGDATA" "$SOCKET_DIR"
chmod 700 "$PGDATA"
render_pgbackrest_config

# pgBackRest writes primary_conninfo into postgresql.auto.conf without escaping quotes, so the
# password goes in unquoted: letters, digits and . _ ~ + / = - only (e.g. openssl rand -base64 24).
[[ $REPLICATION_PASSWORD =~ ^[A-Za-z0-9._~+/=-]+$ ]] ||
  die "REPLICATION_PASSWORD may hold letters, digits and . _ ~ + / = - only (it goes into primary_conninfo)"
conninfo="host=$PRIMARY_HOST port=$PRIMARY_PORT user=$REPLICATION_USER password=$REPLICATION_PASSWORD"
conninfo+=" sslmode=verify-full sslrootcert=$CERT_DIR/ca.crt application_name=$STANDBY_NAME"

pgbr restore --repo="$RESTORE_REPO" --type=standby --recovery-option="primary_conninfo=$conninfo"
# The backup carries the primary's settings: render this node's own.
render_pg_config
as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -w start -l "$PGDATA/startup.log" >/dev/null
wait_ready "$SOCKET_DIR" "$PGPORT"
echo "standby ready: port $PGPORT, data $PGDATA, streaming from $PRIMARY_HOST:$PRIMARY_PORT as $STANDBY_NAME"
