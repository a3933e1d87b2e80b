#!/usr/bin/env bash
# A throw-away PostgreSQL server for the tests, reachable on the loopback address only.
#
#   eval "$(.ci/postgres.sh start DIR)"   # prints the exports of KINELINK_TEST_POSTGRES_URL and _APP_URL
#   KINELINK_PG_FSYNC=on .ci/postgres.sh start DIR   # durable writes, for benchmarks (tests: off, faster)
#   .ci/postgres.sh stop DIR
#
# Uses Debian's `postgresql` package (installed with apt-get when missing; needs root then). The
# cluster lives in DIR (created by `mktemp -d` when not given), owned by the `postgres` system user
# when this runs as root (initdb refuses root). Two roles, as in a clinic (README, "A clinic server"):
#   kinelink_owner  owns the schema and runs the migrations (and, for the tests, creates databases);
#   kinelink_app    what the application connects as: reads and writes records, cannot alter history.
# TLS is on (ssl=on) with a throw-away CA and a server certificate for 127.0.0.1 and localhost, made
# here with openssl in DIR/tls; KINELINK_TEST_POSTGRES_CA names the CA file, for sslmode=verify-full.
set -euo pipefail

action=${1:?start or stop}
dir=${2:-}

pg_bin() {
    local found
    found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
    [ -n "$found" ] && echo "$found"
}

as_owner() {  # run a command as the user that owns the cluster
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

make_certificates() {  # a CA (10 days) and the server's certificate it signs, names 127.0.0.1 and localhost
    local tls=$1
    mkdir -p "$tls"
    openssl req -x509 -newkey rsa:2048 -nodes -days 10 -subj "/CN=Kinelink test CA" \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
        -keyout "$tls/ca.key" -out "$tls/ca.pem" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
        -keyout "$tls/server.key" -out "$tls/server.csr" 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' >"$tls/server.ext"
    openssl x509 -req -in "$tls/server.csr" -CA "$tls/ca.pem" -CAkey "$tls/ca.key" -CAcreateserial \
        -days 10 -extfile "$tls/server.ext" -out "$tls/server.pem" 2>/dev/null
    rm -f "$tls/ca.key" "$tls/server.csr" "$tls/server.ext" "$tls/ca.srl"  # nothing signs anything else
    chmod 0600 "$tls/server.key"
    chmod 0644 "$tls/ca.pem" "$tls/server.pem"
    [ "$(id -u)" = 0 ] && chown -R postgres: "$tls"
    return 0
}

case "$action" in
start)
    if [ -z "$(pg_bin)" ]; then
        echo "installing postgresql (Debian package)" >&2
        apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    fi
    if ! command -v openssl >/dev/null 2>&1; then  # makes the throw-away CA and server certificate
        echo "installing openssl (Debian package)" >&2
        apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssl >/dev/null
    fi
    bin=$(pg_bin)
    [ -n "$dir" ] || dir=$(mktemp -d "${TMPDIR:-/tmp}/kinelink-pg.XXXXXX")
    mkdir -p "$dir"
    chmod 0700 "$dir"
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    make_certificates "$dir/tls"
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    owner_pw=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
    app_pw=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
    as_owner "$bin/initdb" -D "$dir/data" -U postgres -E UTF8 --locale=C.UTF-8 \
        --auth-local=trust --auth-host=scram-sha-256 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
        -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=${KINELINK_PG_FSYNC:-off} \
            -c max_connections=200 -c shared_buffers=64MB \
            -c ssl=on -c ssl_cert_file=$dir/tls/server.pem -c ssl_key_file=$dir/tls/server.key" >&2 \
        || { cat "$dir/server.log" >&2; exit 1; }
    as_owner "$bin/psql" -h "$dir" -p "$port" -U postgres -d postgres -q -v ON_ERROR_STOP=1 >&2 <<SQL
CREATE ROLE kinelink_owner LOGIN CREATEDB PASSWORD '$owner_pw';
CREATE ROLE kinelink_app LOGIN PASSWORD '$app_pw';
GRANT pg_signal_backend TO kinelink_owner;  -- the tests drop their databases WITH (FORCE)
CREATE DATABASE kinelink OWNER kinelink_owner;
REVOKE ALL ON DATABASE kinelink FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE kinelink TO kinelink_app;
SQL
    echo "$port" >"$dir/port"
    echo "export KINELINK_TEST_POSTGRES_DIR='$dir'"
    echo "export KINELINK_TEST_POSTGRES_CA='$dir/tls/ca.pem'"
    echo "export KINELINK_TEST_POSTGRES_URL='postgresql+psycopg://kinelink_owner:$owner_pw@127.0.0.1:$port/kinelink'"
    echo "export KINELINK_TEST_POSTGRES_APP_URL='postgresql+psycopg://kinelink_app:$app_pw@127.0.0.1:$port/kinelink'"
    ;;
stop)
    [ -n "$dir" ] || { echo "usage: $0 stop DIR" >&2; exit 2; }
    if [ -f "$dir/data/postmaster.pid" ]; then
        as_owner "$(pg_bin)/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
    fi
    rm -rf "$dir"
    ;;
*)
    echo "usage: $0 start [DIR] | stop DIR" >&2
    exit 2
    ;;
esac
