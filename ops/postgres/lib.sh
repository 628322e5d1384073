# Shared by the scripts in ops/postgres: settings with their defaults, and small helpers.
# Every setting is an environment variable, so one script serves a production host and the drill.

: "${PGBIN:=/usr/lib/postgresql/15/bin}"          # PostgreSQL's server binaries
: "${PG_OS_USER:=postgres}"                        # the OS user that owns and runs the cluster
: "${STANZA:=lectern}"                             # pgBackRest's name for this database cluster
: "${PGBACKREST_CONFIG:=/etc/pgbackrest/pgbackrest.conf}"
: "${BACKREST_BIN:=pgbackrest}"

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

die() { echo "$(basename "$0"): $*" >&2; exit 1; }

# Runs a command as the cluster's OS user (directly when the script already runs as that user).
as_pg() {
  if [ "$(id -un)" = "$PG_OS_USER" ]; then "$@"; else runuser -u "$PG_OS_USER" -- "$@"; fi
}

# pgBackRest with this installation's configuration and stanza.
pgbr() { as_pg "$BACKREST_BIN" --config="$PGBACKREST_CONFIG" --stanza="$STANZA" "$@"; }

# Writes template $1 to $2 with ${VAR} references replaced (only the variables named in $3).
render() {
  local template=$1 target=$2 vars=$3
  envsubst "$vars" <"$here/$template" >"$target"
}

# psql as the OS user over the cluster's socket: psql_at <socket-dir> <port> [psql args...]
psql_at() {
  local socket=$1 port=$2
  shift 2
  as_pg "$PGBIN/psql" -X -v ON_ERROR_STOP=1 -h "$socket" -p "$port" -U "$PG_OS_USER" -d postgres -qAt "$@"
}

# Waits (up to $3 seconds) until the cluster at socket $1, port $2 answers queries.
wait_ready() {
  local socket=$1 port=$2 seconds=${3:-60}
  for _ in $(seq 1 $((seconds * 5))); do
    as_pg "$PGBIN/pg_isready" -q -h "$socket" -p "$port" && return 0
    sleep 0.2
  done
  die "PostgreSQL on port $port did not become ready within ${seconds}s"
}
