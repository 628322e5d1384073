#!/usr/bin/env bash
# The daily full backup: one full backup into each pgBackRest repository, then expiry by the
# repository's retention (repo1-retention-full, repo2-retention-full; WAL older than the oldest
# kept backup goes with it). Run by lectern-backup.timer (or cron, see lectern-backup.cron).
# A repository that fails does not stop the other's backup; the exit status says whether all worked.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
: "${BACKUP_REPOS:=1 2}"
: "${BACKUP_TYPE:=full}"

status=0
for repo in $BACKUP_REPOS; do
  started=$(date +%s)
  if pgbr --repo="$repo" --type="$BACKUP_TYPE" backup; then
    echo "repository $repo: $BACKUP_TYPE backup done in $(($(date +%s) - started)) s"
  else
    echo "repository $repo: $BACKUP_TYPE backup FAILED (see pgBackRest's log)" >&2
    status=1
  fi
done
exit "$status"
