#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL 15 on loopback, exported as PUFFLE_TEST_POSTGRES_URL.
# Installs Debian's postgresql when its server binaries are missing; stops and deletes the cluster afterwards.
set -euo pipefail

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

if [ -z "$(pg_bin)" ] || [ ! -x "$(pg_bin)/initdb" ]; then
    echo "with-postgres: installing postgresql (Debian)" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
PGBIN="$(pg_bin)"

PGROOT="$(mktemp -d /tmp/puffle-pg.XXXXXX)"
PGPORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
as_pg() {
    if [ "$(id -u)" = "0" ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi
}
if [ "$(id -u)" = "0" ]; then chown postgres "$PGROOT"; fi

stop_postgres() {
    as_pg "'$PGBIN/pg_ctl' -D '$PGROOT/data' -m immediate stop" >/dev/null 2>&1 || true
    rm -rf "$PGROOT"
}
trap stop_postgres EXIT

as_pg "'$PGBIN/initdb' -D '$PGROOT/data' -U postgres -A trust --no-sync" >/dev/null
as_pg "'$PGBIN/pg_ctl' -D '$PGROOT/data' -l '$PGROOT/log' -w -o \"-h 127.0.0.1 -p $PGPORT -k $PGROOT -c fsync=off -c max_connections=300\" start" >/dev/null
echo "with-postgres: PostgreSQL on 127.0.0.1:$PGPORT" >&2

export PUFFLE_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$PGPORT/postgres"
"$@"
