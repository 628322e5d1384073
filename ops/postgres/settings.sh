# The settings of setup-primary.sh and setup-standby.sh (environment variables with defaults).
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

: "${PGDATA:?PGDATA: the data directory of this cluster}"
: "${PGPORT:=5432}"
: "${SOCKET_DIR:=/var/run/postgresql}"
: "${LISTEN_ADDRESSES:=*}"
: "${CERT_DIR:?CERT_DIR: directory with server.crt, server.key and ca.crt (make-certs.sh)}"
: "${REPLICATION_USER:=replicator}"
: "${REPLICATION_NETWORK:=samenet}"                # where standbys connect from (pg_hba address)
: "${CLIENT_NETWORK:=samenet}"                     # where application servers connect from
: "${ARCHIVE_TIMEOUT:=60}"

: "${REPO1_PATH:=/var/lib/pgbackrest}"
: "${REPO1_RETENTION_FULL:=7}"                     # full backups kept in repository 1 (one a day: a week)
: "${REPO2_PATH:=/pgbackrest}"                     # key prefix inside the bucket
: "${REPO2_S3_ENDPOINT:?REPO2_S3_ENDPOINT: the S3-compatible store host name, e.g. s3.example.net}"
: "${REPO2_S3_PORT:=443}"
: "${REPO2_S3_BUCKET:?REPO2_S3_BUCKET: the bucket of repository 2}"
: "${REPO2_S3_REGION:=us-east-1}"
: "${REPO2_S3_KEY:?REPO2_S3_KEY: access key id}"
: "${REPO2_S3_KEY_SECRET:?REPO2_S3_KEY_SECRET: secret access key}"
: "${REPO2_S3_URI_STYLE:=host}"                    # path for stores without bucket subdomains
: "${REPO2_CA_FILE:=}"
: "${REPO2_RETENTION_FULL:=14}"                    # the off-site copy keeps two weeks
: "${PGBACKREST_IO_TIMEOUT:=60}"
: "${PGBACKREST_LOG_PATH:=/var/log/pgbackrest}"
: "${PGBACKREST_LOCK_PATH:=/tmp/pgbackrest}"
: "${PGBACKREST_SPOOL_PATH:=/var/spool/pgbackrest}"

export PGBIN PG_OS_USER STANZA PGBACKREST_CONFIG BACKREST_BIN PGDATA PGPORT SOCKET_DIR LISTEN_ADDRESSES CERT_DIR \
  REPLICATION_USER REPLICATION_NETWORK CLIENT_NETWORK ARCHIVE_TIMEOUT REPO1_PATH REPO1_RETENTION_FULL REPO2_PATH \
  REPO2_S3_ENDPOINT REPO2_S3_PORT REPO2_S3_BUCKET REPO2_S3_REGION REPO2_S3_KEY REPO2_S3_KEY_SECRET REPO2_S3_URI_STYLE \
  REPO2_CA_FILE REPO2_RETENTION_FULL PGBACKREST_IO_TIMEOUT PGBACKREST_LOG_PATH PGBACKREST_LOCK_PATH PGBACKREST_SPOOL_PATH

# Renders this node's postgresql settings and pg_hba.conf into its data directory.
render_pg_config() {
  render postgresql.conf.template "$PGDATA/lectern.conf" \
    '$LISTEN_ADDRESSES $PGPORT $SOCKET_DIR $CERT_DIR $BACKREST_BIN $PGBACKREST_CONFIG $STANZA $ARCHIVE_TIMEOUT'
  grep -q "^include_if_exists = 'lectern.conf'" "$PGDATA/postgresql.conf" ||
    echo "include_if_exists = 'lectern.conf'" >>"$PGDATA/postgresql.conf"
  render pg_hba.conf.template "$PGDATA/pg_hba.conf" '$PG_OS_USER $REPLICATION_USER $REPLICATION_NETWORK $CLIENT_NETWORK'
  chown "$PG_OS_USER:" "$PGDATA/lectern.conf" "$PGDATA/pg_hba.conf"
}

# Renders this node's pgBackRest configuration (both repositories, this node's data directory).
render_pgbackrest_config() {
  mkdir -p "$(dirname "$PGBACKREST_CONFIG")" "$PGBACKREST_LOG_PATH" "$PGBACKREST_LOCK_PATH" "$PGBACKREST_SPOOL_PATH"
  [ "${REPO1_PATH#/}" != "$REPO1_PATH" ] || die "REPO1_PATH must be absolute"
  mkdir -p "$REPO1_PATH"
  chown "$PG_OS_USER:" "$PGBACKREST_LOG_PATH" "$PGBACKREST_LOCK_PATH" "$PGBACKREST_SPOOL_PATH" "$REPO1_PATH"
  render pgbackrest.conf.template "$PGBACKREST_CONFIG" \
    '$REPO1_PATH $REPO1_RETENTION_FULL $REPO2_PATH $REPO2_S3_ENDPOINT $REPO2_S3_PORT $REPO2_S3_BUCKET $REPO2_S3_REGION $REPO2_S3_KEY $REPO2_S3_KEY_SECRET $REPO2_S3_URI_STYLE $REPO2_CA_FILE $REPO2_RETENTION_FULL $PGBACKREST_IO_TIMEOUT $PGBACKREST_LOG_PATH $PGBACKREST_LOCK_PATH $PGBACKREST_SPOOL_PATH $STANZA $PGDATA $PGPORT $SOCKET_DIR $PG_OS_USER'
  # An option left empty (no CA file: the system's CAs) is left out rather than given as empty.
  sed -i '/^[a-z0-9-]*=$/d' "$PGBACKREST_CONFIG"
  # The file holds the store's secret key: readable by the cluster's user only.
  chown "$PG_OS_USER:" "$PGBACKREST_CONFIG"
  chmod 600 "$PGBACKREST_CONFIG"
}
