#!/usr/bin/env bash
# Runs the ADL LRS conformance test suite (github.com/adlnet/lrs-conformance-test-suite) against a
# Lectern built from this checkout, for xAPI 1.0.3 and 2.0.0, and prints each run's summary.
#
#   ops/lrs-conformance.sh /path/to/lrs-conformance-test-suite [postgres://postgres@127.0.0.1:5432]
#
# The suite is not part of this repository: clone it and run `npm install` in it first. Lectern runs
# on a fresh PostgreSQL database (dropped and created; the command line makes the key while the
# server runs, which the embedded database would not allow) with its demo site on localhost.
# Settings (for runs beside each other): PORT (18080), LRS_CONFORMANCE_DB (lectern_lrs_conformance),
# LRS_CONFORMANCE_LOGS (where the logs are copied: /tmp).
set -euo pipefail
suite=$(cd "${1:?path to lrs-conformance-test-suite}" && pwd)
pg=${2:-postgres://postgres@127.0.0.1:5432}
root=$(cd "$(dirname "$0")/.." && pwd)
port=${PORT:-18080}
db=${LRS_CONFORMANCE_DB:-lectern_lrs_conformance}
logs=${LRS_CONFORMANCE_LOGS:-/tmp}
work=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill $server 2>/dev/null; rm -rf "$work"' EXIT

psql "$pg/postgres" -qc "drop database if exists $db with (force)" -c "create database $db"
cd "$root"
npm run --silent build:server
export DATABASE_URL="$pg/$db" DATA_DIR="$work" PORT=$port LECTERN_SEED_DEMO=true LOG_LEVEL=warn

# The version answers name for requests that name none is a setting; each run uses its own.
serve() {
  [ -n "$server" ] && kill $server && wait $server 2>/dev/null || true
  LECTERN_XAPI_UNNAMED_VERSION=$1 node bin/lectern.js serve >> "$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 60); do curl -fs "http://localhost:$port/xapi/about" > /dev/null && return; sleep 1; done
  echo "the server did not start" >&2; cat "$work/server.log" >&2; exit 2
}

serve 2.0.0
created=$(node bin/lectern.js lrs-key create --tenant demo --name "ADL conformance suite" --scope all)
key=$(sed -n 's/^Key: *//p' <<< "$created")
secret=$(sed -n 's/^Secret (shown once): //p' <<< "$created")

status=0
for version in 1.0.3 2.0.0; do
  echo "== xAPI $version"
  serve $version
  (cd "$suite" && node bin/console_runner.js -e "http://localhost:$port/xapi" -a -u "$key" -p "$secret" -x "$version" -z) > "$work/suite-$version.log" 2>&1 || status=1
  cp "$work/suite-$version.log" "$logs/lrs-conformance-$version.log"
  grep -aE '^\{"total"' "$work/suite-$version.log" | tail -1 || tail -5 "$work/suite-$version.log"
done
cp "$work/server.log" "$logs/lrs-conformance-server.log"
echo "Full logs: $logs/lrs-conformance-1.0.3.log, $logs/lrs-conformance-2.0.0.log, $logs/lrs-conformance-server.log"
exit $status
