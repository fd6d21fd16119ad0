#!/usr/bin/env bash
# A streaming replica of the local PostgreSQL (127.0.0.1:5432) for the read-replica tests and `npm run load -- --replica`.
#   scripts/pg-replica.sh start   lets the primary accept replication connections (idempotent), clones it with
#                                 `pg_basebackup -R` into a temporary data folder once, starts the copy on
#                                 $REPLICA_PORT (5433) and prints its server URL
#   scripts/pg-replica.sh status  exits 0 when it runs
#   scripts/pg-replica.sh stop    stops it (the data folder stays, so the next start is quick)
#   scripts/pg-replica.sh remove  stops it, deletes the data folder and drops its replication slot
# The replica streams through a replication slot, so the primary keeps the WAL it has not replayed while it is stopped
# (without one, a replica stopped for a few minutes of busy tests finds that WAL recycled and can never catch up): a
# replica that is stopped for good must be removed, or the primary keeps its WAL forever.
# PostgreSQL refuses to run as root: run as root (CI) or as postgres; the server commands run as postgres.
set -euo pipefail

PRIMARY_HOST=127.0.0.1
PRIMARY_PORT=${PRIMARY_PORT:-5432}
REPLICA_PORT=${REPLICA_PORT:-5433}
DATA_DIR=${REPLICA_DATA_DIR:-${TMPDIR:-/tmp}/pop-tanks-replica-$REPLICA_PORT}
SLOT=pop_tanks_replica_$REPLICA_PORT

bin_dir () {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$found" ] || { echo "pg-replica: no PostgreSQL binaries in /usr/lib/postgresql/*/bin" >&2; exit 2; }
  echo "$found"
}
BIN=$(bin_dir)

as_postgres () {
  if [ "$(id -un)" = postgres ]; then "$@"
  elif [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"
  else echo "pg-replica: run as root or as postgres" >&2; exit 2
  fi
}

primary_sql () { as_postgres "$BIN/psql" -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres -d postgres -XAtqc "$1"; }

# wal_level and max_wal_senders take a restart; the pg_hba line only a reload. Nothing changes when all is in place.
allow_replication () {
  local restart=no
  if [ "$(primary_sql 'SHOW wal_level')" = minimal ]; then
    primary_sql "ALTER SYSTEM SET wal_level = 'replica'"; restart=yes
  fi
  if [ "$(primary_sql 'SHOW max_wal_senders')" -lt 2 ]; then
    primary_sql 'ALTER SYSTEM SET max_wal_senders = 10'; restart=yes
  fi
  local hba
  hba=$(primary_sql 'SHOW hba_file')
  if ! grep -Eq '^host[[:space:]]+replication[[:space:]]+(postgres|all)[[:space:]]+127\.0\.0\.1/32' "$hba"; then
    printf '# Added by pop-tanks scripts/pg-replica.sh: the test replica streams from here.\nhost replication postgres 127.0.0.1/32 trust\n' >> "$hba"
    primary_sql 'SELECT pg_reload_conf()' >/dev/null
  fi
  if [ "$restart" = yes ]; then
    local data
    data=$(primary_sql 'SHOW data_directory')
    echo "pg-replica: restarting the primary for wal_level/max_wal_senders" >&2
    as_postgres "$BIN/pg_ctl" restart -w -D "$data" -o "-c config_file=$(primary_sql 'SHOW config_file')" >/dev/null
  fi
}

drop_slot () {
  primary_sql "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '$SLOT'" >/dev/null
}

start () {
  allow_replication
  if [ ! -f "$DATA_DIR/standby.signal" ]; then
    rm -rf "$DATA_DIR"
    drop_slot
    install -d -m 700 -o postgres -g postgres "$DATA_DIR"
    as_postgres "$BIN/pg_basebackup" -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres -D "$DATA_DIR" -R -C -S "$SLOT" -X stream -c fast
    # Debian keeps the configuration outside the data folder: the copy runs on its own, small settings.
    cat > "$DATA_DIR/postgresql.conf" <<EOF
port = $REPLICA_PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$DATA_DIR'
hba_file = '$DATA_DIR/pg_hba.conf'
ident_file = '$DATA_DIR/pg_ident.conf'
hot_standby = on
max_connections = 100
shared_buffers = 32MB
EOF
    printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' > "$DATA_DIR/pg_hba.conf"
    : > "$DATA_DIR/pg_ident.conf"
    chown postgres:postgres "$DATA_DIR/postgresql.conf" "$DATA_DIR/pg_hba.conf" "$DATA_DIR/pg_ident.conf"
  fi
  if ! as_postgres "$BIN/pg_ctl" status -D "$DATA_DIR" >/dev/null; then
    as_postgres "$BIN/pg_ctl" start -w -D "$DATA_DIR" -l "$DATA_DIR/replica.log" >/dev/null
  fi
  echo "postgres://postgres@127.0.0.1:$REPLICA_PORT/postgres"
}

stop () {
  [ -d "$DATA_DIR" ] || return 0
  if as_postgres "$BIN/pg_ctl" status -D "$DATA_DIR" >/dev/null; then
    as_postgres "$BIN/pg_ctl" stop -w -m fast -D "$DATA_DIR" >/dev/null
  fi
}

case "${1:-}" in
  start) start ;;
  status) [ -d "$DATA_DIR" ] && as_postgres "$BIN/pg_ctl" status -D "$DATA_DIR" >/dev/null ;;
  stop) stop ;;
  remove) stop; rm -rf "$DATA_DIR"; drop_slot ;;
  *) echo "usage: $0 start|status|stop|remove" >&2; exit 2 ;;
esac
