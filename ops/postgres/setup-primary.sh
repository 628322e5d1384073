#!/usr/bin/env bash
# Sets up (or re-applies the configuration of) Lectern's PostgreSQL primary: TLS, a replication
# user with a SCRAM password, continuous WAL archiving with pgBackRest to two repositories
# (repository 1: a directory; repository 2: an S3-compatible store over TLS), and the stanza.
#
# Run as root (commands run as PG_OS_USER) or as that user. Settings: see settings.sh;
# REPLICATION_PASSWORD is required. An empty PGDATA is created with initdb (INITDB_ARGS: more
# options, e.g. --wal-segsize=64 or --locale=de_DE.UTF-8); an existing one keeps
# its data and gets the configuration. docs/postgres-operations.md walks through it.
set -euo pipefail
. "$(dirname "$0")/settings.sh"
: "${REPLICATION_PASSWORD:?REPLICATION_PASSWORD: the password standbys use}"

for f in server.crt server.key ca.crt; do [ -r "$CERT_DIR/$f" ] || die "missing $CERT_DIR/$f (make-certs.sh makes them)"; done
command -v "$BACKREST_BIN" >/dev/null || die "pgBackRest is not installed (apt-get install pgbackrest)"

if [ ! -f "$PGDATA/PG_VERSION" ]; then
  mkdir -p "$PGDATA"
  chown "$PG_OS_USER:" "$PGDATA"
  chmod 700 "$PGDATA"
  # Data checksums: pgBackRest verifies every page it backs up.
  # shellcheck disable=SC2086 # INITDB_ARGS: further initdb options, split on spaces
  as_pg "$PGBIN/initdb" -D "$PGDATA" --data-checksums --auth-local=peer --auth-host=scram-sha-256 -U "$PG_OS_USER" ${INITDB_ARGS:-} >/dev/null
fi
mkdir -p "$SOCKET_DIR" && chown "$PG_OS_USER:" "$SOCKET_DIR"
render_pgbackrest_config
render_pg_config

if as_pg "$PGBIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
  # archive_mode and ssl files need a restart to change.
  as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -w -m fast restart -l "$PGDATA/startup.log" >/dev/null
else
  as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -w start -l "$PGDATA/startup.log" >/dev/null
fi
wait_ready "$SOCKET_DIR" "$PGPORT"

# The replication user: created once, its password (SCRAM) set on every run.
psql_at "$SOCKET_DIR" "$PGPORT" -v user="$REPLICATION_USER" -v password="$REPLICATION_PASSWORD" <<'SQL'
select format('create role %I with login replication', :'user')
  where not exists (select from pg_roles where rolname = :'user') \gexec
set password_encryption = 'scram-sha-256';
select format('alter role %I with login replication password %L', :'user', :'password') \gexec
SQL

# The stanza in both repositories, then a check that a WAL segment reaches both.
pgbr stanza-create >/dev/null
pgbr check
echo "primary ready: port $PGPORT, data $PGDATA, stanza $STANZA archiving to repositories 1 and 2"
