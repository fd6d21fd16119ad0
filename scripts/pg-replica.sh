#!/usr/bin/env bash
# A streaming replica of the local PostgreSQL (127.0.0.1:5432) for the read-replica tests and `npm run load -- --replica`.
#   scripts/pg-replica.sh start   lets the primary accept replication connections (idempotent), clones it with
#                                 `pg_basebackup -R` into a temporary data folder once, starts the copy on
#                                 $REPLICA_PORT (5433) and prints its server URL
#   scripts/pg-replica.sh status  exits 0 when it runs
#   scripts/pg-replica.sh stop    stops it (the data folder stays, so the next start is quick)
#   scripts/pg-replica.sh remove  stops it, deletes the data folder, drops its replication slot and (when no other
#                                 replica of this script is left) takes its line out of the primary's pg_hba.conf
# The replica streams through a replication slot, so the primary keeps the WAL it has not replayed while it is stopped
# (without one, a replica stopped for a few minutes of busy tests finds that WAL recycled and can never catch up): a
# replica that is stopped for good must be removed, or the primary keeps its WAL forever.
# The server binaries are those of the primary's major version (/usr/lib/postgresql/NN/bin), since a standby runs the
# version it was cloned from. The replication line the script adds to the primary's pg_hba.conf goes above every other
# rule (the first matching line decides, and a password line for replication above it would hide it), marked with
# HBA_MARK so that `remove` takes out that line and no other.
# PostgreSQL refuses to run as root: run as root (CI) or as postgres; the server commands run as postgres.
set -euo pipefail

PRIMARY_HOST=127.0.0.1
PRIMARY_PORT=${PRIMARY_PORT:-5432}
REPLICA_PORT=${REPLICA_PORT:-5433}
DATA_DIR=${REPLICA_DATA_DIR:-${TMPDIR:-/tmp}/pop-tanks-replica-$REPLICA_PORT}
SLOT=pop_tanks_replica_$REPLICA_PORT
SLOT_PREFIX=pop_tanks_replica_
HBA_MARK='# added by pop-tanks scripts/pg-replica.sh'
# A hot standby refuses to run with less of these than its primary has.
STANDBY_SETTINGS='max_connections max_worker_processes max_wal_senders max_prepared_transactions max_locks_per_transaction'

as_postgres () {
  if [ "$(id -un)" = postgres ]; then "$@"
  elif [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"
  else echo "pg-replica: run as root or as postgres" >&2; exit 2
  fi
}

# Any version's psql talks to the primary.
PSQL=$(command -v psql || ls /usr/lib/postgresql/*/bin/psql 2>/dev/null | sort -V | tail -n 1 || true)
[ -n "$PSQL" ] || { echo "pg-replica: no psql found" >&2; exit 2; }
primary_sql () { as_postgres "$PSQL" -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres -d postgres -XAtqc "$1"; }

# The server binaries of a major version, or a clear failure.
bin_of () {
  local dir=/usr/lib/postgresql/$1/bin
  if [ ! -x "$dir/pg_ctl" ] || [ ! -x "$dir/pg_basebackup" ]; then
    echo "pg-replica: $2 PostgreSQL $1, but $dir holds no pg_ctl and pg_basebackup (install postgresql-$1)" >&2
    exit 2
  fi
  echo "$dir"
}
primary_major () { echo $(( $(primary_sql 'SHOW server_version_num') / 10000 )); }
# The replica's own version, for stopping it: the primary may be down, or upgraded since.
replica_bin () { bin_of "$(cat "$DATA_DIR/PG_VERSION")" 'the replica runs'; }

# Rewrites the primary's pg_hba.conf in place (its owner and mode stay) through awk program $1, then reloads.
edit_hba () {
  local hba edited
  hba=$(primary_sql 'SHOW hba_file')
  edited=$(mktemp)
  awk -v mark="$HBA_MARK" "$1" "$hba" > "$edited"
  if ! cmp -s "$edited" "$hba"; then
    cat "$edited" > "$hba"
    primary_sql 'SELECT pg_reload_conf()' >/dev/null
  fi
  rm -f "$edited"
}

# wal_level and max_wal_senders take a restart; the pg_hba line only a reload. Nothing changes when all is in place.
allow_replication () {
  local bin=$1 restart=no
  if [ "$(primary_sql 'SHOW wal_level')" = minimal ]; then
    primary_sql "ALTER SYSTEM SET wal_level = 'replica'"; restart=yes
  fi
  if [ "$(primary_sql 'SHOW max_wal_senders')" -lt 2 ]; then
    primary_sql 'ALTER SYSTEM SET max_wal_senders = 10'; restart=yes
  fi
  # Above the first rule (or alone), unless there already.
  edit_hba 'index($0, mark) { present = 1 } { lines[NR] = $0 }
    !rule && $0 !~ /^[[:space:]]*(#|$)/ { rule = NR }
    END {
      line = "host replication postgres 127.0.0.1/32 trust " mark
      if (!rule) rule = NR + 1
      for (i = 1; i <= NR + 1; i++) { if (i == rule && !present) print line; if (i <= NR) print lines[i] }
    }'
  if [ "$restart" = yes ]; then
    local data
    data=$(primary_sql 'SHOW data_directory')
    echo "pg-replica: restarting the primary for wal_level/max_wal_senders" >&2
    as_postgres "$bin/pg_ctl" restart -w -D "$data" -o "-c config_file=$(primary_sql 'SHOW config_file')" >/dev/null
  fi
}

# The line goes once no replica of this script's streams any more (each has its slot): another port's may still.
disallow_replication () {
  local others
  others=$(primary_sql "SELECT count(*) FROM pg_replication_slots WHERE starts_with(slot_name, '$SLOT_PREFIX')")
  if [ "$others" -eq 0 ]; then edit_hba '!index($0, mark)'; fi
}

drop_slot () {
  primary_sql "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '$SLOT'" >/dev/null
}

# Debian keeps the configuration outside the data folder: the copy runs on its own, small settings, and on the
# primary's values of those a standby needs at least (written at each start: the primary's may have grown).
configure_replica () {
  local setting
  {
    printf "port = %s\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '%s'\n" "$REPLICA_PORT" "$DATA_DIR"
    printf "hba_file = '%s/pg_hba.conf'\nident_file = '%s/pg_ident.conf'\n" "$DATA_DIR" "$DATA_DIR"
    printf 'hot_standby = on\nshared_buffers = 32MB\n'
    for setting in $STANDBY_SETTINGS; do printf '%s = %s\n' "$setting" "$(primary_sql "SHOW $setting")"; done
  } > "$DATA_DIR/postgresql.conf"
  printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' > "$DATA_DIR/pg_hba.conf"
  : > "$DATA_DIR/pg_ident.conf"
  chown postgres:postgres "$DATA_DIR/postgresql.conf" "$DATA_DIR/pg_hba.conf" "$DATA_DIR/pg_ident.conf"
}

start () {
  local major bin
  major=$(primary_major)
  bin=$(bin_of "$major" 'the primary runs')
  allow_replication "$bin"
  # A clone of another major version (the primary was upgraded) cannot stream from it: it is made again.
  if [ ! -f "$DATA_DIR/standby.signal" ] || [ "$(cat "$DATA_DIR/PG_VERSION")" != "$major" ]; then
    stop
    rm -rf "$DATA_DIR"
    drop_slot
    install -d -m 700 -o postgres -g postgres "$DATA_DIR"
    as_postgres "$bin/pg_basebackup" -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres -D "$DATA_DIR" -R -C -S "$SLOT" -X stream -c fast
  fi
  if ! as_postgres "$bin/pg_ctl" status -D "$DATA_DIR" >/dev/null; then
    configure_replica
    as_postgres "$bin/pg_ctl" start -w -D "$DATA_DIR" -l "$DATA_DIR/replica.log" >/dev/null
  fi
  echo "postgres://postgres@127.0.0.1:$REPLICA_PORT/postgres"
}

runs () {
  [ -f "$DATA_DIR/PG_VERSION" ] || return 1
  local bin
  bin=$(replica_bin) || exit 2
  as_postgres "$bin/pg_ctl" status -D "$DATA_DIR" >/dev/null
}

stop () {
  if runs; then as_postgres "$(replica_bin)/pg_ctl" stop -w -m fast -D "$DATA_DIR" >/dev/null; fi
}

case "${1:-}" in
  start) start ;;
  status) runs ;;
  stop) stop ;;
  remove) stop; rm -rf "$DATA_DIR"; drop_slot; disallow_replication ;;
  *) echo "usage: $0 start|status|stop|remove" >&2; exit 2 ;;
esac
