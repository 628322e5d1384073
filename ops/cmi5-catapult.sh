#!/usr/bin/env bash
# Runs the cmi5 LMS test suite of ADL's CATAPULT project (github.com/adlnet/CATAPULT, folder lts/)
# against a Lectern built from this checkout, with Lectern's LMS script ops/cmi5-catapult/lms.lectern.js,
# and prints the result of both test files (__tests__/package.js and __tests__/runtime.js).
#
#   ops/cmi5-catapult.sh /path/to/CATAPULT [postgres://postgres@127.0.0.1:5432]
#
# The suite is not part of this repository. Prepare it once (see docs/cmi5-conformance.md):
#   cd CATAPULT/lts && PUPPETEER_SKIP_DOWNLOAD=1 npm ci && (cd pkg && npx webpack)
# The suite's browser is Chromium (CHROMIUM, default /usr/bin/chromium), started without its sandbox.
# Lectern runs on a fresh PostgreSQL database (dropped and created) with its demo site on localhost;
# the command line resets the administrator's password and makes an LRS key while the server runs.
set -euo pipefail
catapult=$(cd "${1:?path to the CATAPULT checkout}" && pwd)
pg=${2:-postgres://postgres@127.0.0.1:5432}
lts="$catapult/lts"
root=$(cd "$(dirname "$0")/.." && pwd)
port=${PORT:-18300}
content_port=${LECTERN_CONTENT_PORT:-18301}
db=lectern_cmi5_catapult
work=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill $server 2>/dev/null; rm -rf "$work"' EXIT

[ -d "$lts/node_modules" ] && [ -f "$lts/pkg/dist/001-essentials.zip" ] || {
  echo "Prepare the suite first: cd $lts && PUPPETEER_SKIP_DOWNLOAD=1 npm ci && (cd pkg && npx webpack)" >&2
  exit 2
}

psql "$pg/postgres" -qc "drop database if exists $db with (force)" -c "create database $db"
cd "$root"
npm run --silent build:server
export DATABASE_URL="$pg/$db" DATA_DIR="$work" PORT=$port LECTERN_CONTENT_PORT=$content_port LECTERN_SEED_DEMO=true LOG_LEVEL=warn
node bin/lectern.js serve > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 90); do curl -fs "http://localhost:$port/xapi/about" > /dev/null && break; sleep 1; done
curl -fs "http://localhost:$port/xapi/about" > /dev/null || { echo "the server did not start" >&2; cat "$work/server.log" >&2; exit 2; }

admin_email=admin@localhost.test
admin_password="Catapult-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')-7Q"
created=$(node bin/lectern.js lrs-key create --tenant demo --name "CATAPULT cmi5 LMS test suite" --scope all)

cat > "$work/jest-puppeteer.config.js" << EOF
module.exports = {
  launch: {
    headless: true,
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  },
};
EOF

export CATAPULT_LMS="$root/ops/cmi5-catapult/lms.lectern.js" CATAPULT_LTS_DIR="$lts" JEST_PUPPETEER_CONFIG="$work/jest-puppeteer.config.js"
export CATAPULT_LECTERN_URL="http://localhost:$port" CATAPULT_LECTERN_ADMIN_EMAIL="$admin_email" CATAPULT_LECTERN_ADMIN_PASSWORD="$admin_password"
LRS_KEY=$(sed -n 's/^Key: *//p' <<< "$created")
LRS_SECRET=$(sed -n 's/^Secret (shown once): //p' <<< "$created")
export LRS_KEY LRS_SECRET

status=0
for suite in package runtime; do
  echo "== __tests__/$suite.js"
  # The LMS script signs in with this password and chooses its own when asked to (as at every first sign-in after a reset).
  node bin/lectern.js user reset-password --tenant demo --email "$admin_email" --password "$admin_password" > /dev/null
  # One test at a time (the suite's tests share one browser page); a launch takes more than jest's default 5 s on a busy machine.
  (cd "$lts" && npx jest --runInBand --testTimeout=60000 "__tests__/$suite.js") > "$work/$suite.log" 2>&1 || status=1
  cp "$work/$suite.log" "/tmp/cmi5-catapult-$suite.log"
  grep -E '^\s+(✓|✕|○)' "$work/$suite.log" || true
  grep -E '^Tests:' "$work/$suite.log" || tail -20 "$work/$suite.log"
done
cp "$work/server.log" /tmp/cmi5-catapult-server.log
echo "Full logs: /tmp/cmi5-catapult-package.log, /tmp/cmi5-catapult-runtime.log, /tmp/cmi5-catapult-server.log"
exit $status
