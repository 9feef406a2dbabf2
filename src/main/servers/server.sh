#!/usr/bin/env bash
# Runs target/inbox.war, unchanged, on a Jakarta EE 10 server that Maven downloads from Maven Central:
#
#   src/main/servers/server.sh SERVER start [--postgresql]   install, configure, start, deploy; returns once /api/me/ answers
#   src/main/servers/server.sh SERVER stop
#   src/main/servers/server.sh SERVER smoke                  src/main/servers/smoke.sh against it: REST, /ws/inbox/, /ws/chat/{id}/ (wscat)
#   src/main/servers/server.sh SERVER install [--postgresql] download and configure only: the home of a managed Arquillian
#                                                   container (printed); start/stop serve a remote one
#   src/main/servers/server.sh SERVER configure [--postgresql] configure target/servers/SERVER/ as unpacked by the build
#                                                   (the integration tests of -PSERVER in pom.xml); prints its home
#
# SERVER: payara (Payara Micro), glassfish, liberty (Open Liberty), wildfly. Versions: pom.xml. Build the WAR first
# (mvn -DskipTests package). Everything lives in target/servers/: SERVER/ (a fresh install at each start),
# SERVER-data/ (the embedded H2 database: INBOX_DATA_DIR), SERVER.log.
#
# --postgresql: the server's own datasource, from the files of src/main/servers/SERVER/ (payara-config/ for Payara), to
# INBOX_DB_HOST:INBOX_DB_PORT/INBOX_DB_NAME as INBOX_DB_USER (defaults 127.0.0.1, 5432, inbox, inbox) with
# INBOX_DB_PASSWORD (no default). Any other inbox setting: environment variables (docs/configuration.md), passed on.
# docs/deployment.md explains each step.
set -euo pipefail

SERVER=${1:?"usage: src/main/servers/server.sh payara|glassfish|liberty|wildfly start|stop|smoke|install|configure [--postgresql]"}
ACTION=${2:?"usage: src/main/servers/server.sh $SERVER start|stop|smoke|install|configure [--postgresql]"}
POSTGRESQL=false
[ "${3:-}" = --postgresql ] && POSTGRESQL=true

ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
CONFIG=$ROOT/src/main/servers/$SERVER
TARGET=$ROOT/target/servers
HOME_DIR=$TARGET/$SERVER
WAR=$ROOT/target/inbox.war
export INBOX_DATA_DIR=${INBOX_DATA_DIR:-$TARGET/$SERVER-data}
export INBOX_DB_HOST=${INBOX_DB_HOST:-127.0.0.1} INBOX_DB_PORT=${INBOX_DB_PORT:-5432}
export INBOX_DB_NAME=${INBOX_DB_NAME:-inbox} INBOX_DB_USER=${INBOX_DB_USER:-inbox}
# No verification key given: dev mode, as the README's start command (dev tokens for the smoke check)
if [ -z "${MP_JWT_VERIFY_PUBLICKEY_LOCATION:-}${MP_JWT_VERIFY_PUBLICKEY:-}${INBOX_AUTH_LEGACY_SECRET:-}" ]; then
    export INBOX_DEV_MODE=${INBOX_DEV_MODE:-true}
fi

case $SERVER in
    payara) PORT=8000; OPS_PORT=8000 ;;
    glassfish) PORT=8080; OPS_PORT=8080 ;;
    liberty) PORT=9080; OPS_PORT=9080 ;;
    wildfly) PORT=8080; OPS_PORT=9990 ;; # health and metrics: WildFly's management interface
    *) echo "unknown server: $SERVER" >&2; exit 2 ;;
esac
BASE=http://localhost:$PORT

log() { echo "[$SERVER] $*" >&2; }

require_password() {
    [ -n "${INBOX_DB_PASSWORD:-}" ] || { echo "INBOX_DB_PASSWORD is not set" >&2; exit 2; }
}

# A command file with its ${INBOX_...} placeholders filled in from the environment.
fill_in() {
    require_password
    perl -pe 's/\$\{(INBOX_\w+)\}/exists $ENV{$1} ? $ENV{$1} : die "$1 is not set\n"/ge' "$1"
}

# The distribution, through Maven (dependency:copy@SERVER in pom.xml), unpacked afresh.
unpack() {
    [ -f "$WAR" ] || { echo "no $WAR: run mvn -DskipTests package first" >&2; exit 2; }
    mkdir -p "$TARGET"
    if [ ! -f "$TARGET/$SERVER.zip" ]; then
        log "downloading through Maven"
        (cd "$ROOT" && mvn -q -B -Dstyle.color=never "dependency:copy@$SERVER")
    fi
    rm -rf "$HOME_DIR"
    mkdir -p "$HOME_DIR" "$INBOX_DATA_DIR"
    unzip -q "$TARGET/$SERVER.zip" -d "$HOME_DIR"
}

# The PostgreSQL driver, as the WAR carries it.
driver() {
    unzip -q -o -j "$WAR" 'WEB-INF/lib/postgresql-*.jar' -d "$TARGET/$SERVER-driver"
    ls "$TARGET/$SERVER-driver"/postgresql-*.jar
}

await_ready() {
    local deadline=$((SECONDS + ${INBOX_START_TIMEOUT:-300}))
    until [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/api/me/")" = 401 ]; do
        if [ $SECONDS -ge $deadline ]; then
            log "not ready at $BASE after ${INBOX_START_TIMEOUT:-300} s; see $TARGET/$SERVER.log or the server's log"; exit 1
        fi
        sleep 1
    done
}

glassfish_home() { echo "$HOME_DIR/glassfish7"; }
liberty_server() { echo "$HOME_DIR/wlp/usr/servers/inbox"; }
wildfly_home() { echo "$HOME_DIR"/wildfly-*; }

# The server's own configuration, from the files of src/main/servers/SERVER/, in an unpacked distribution. Settings
# given by environment variables are not written into it: the process that starts the server passes them on.
configure() {
    case $SERVER in
        payara)
            [ -f "$ROOT/target/payara-micro.jar" ] || (cd "$ROOT" && mvn -q -B -Dstyle.color=never dependency:copy@payara-micro)
            mkdir -p "$INBOX_DATA_DIR"
            echo "$ROOT/target/payara-micro.jar" ;;
        glassfish)
            glassfish_home ;;
        liberty)
            [ -f "$WAR" ] || { echo "no $WAR: run mvn -DskipTests package first" >&2; exit 2; }
            local dir; dir=$(liberty_server)
            [ -d "$dir" ] || "$HOME_DIR/wlp/bin/server" create inbox >/dev/null
            cp "$CONFIG/server.xml" "$dir/server.xml"
            rm -rf "$dir/jdbc" "$dir/inbox-application.xml"
            unzip -q -o "$WAR" 'WEB-INF/lib/h2-*.jar' 'WEB-INF/lib/postgresql-*.jar' \
                'WEB-INF/classes/META-INF/microprofile-config.properties' \
                'WEB-INF/classes/io/inbox/persistence/ConfiguredDataSource*.class' \
                'WEB-INF/classes/io/inbox/persistence/EarlyConfig*.class' -d "$dir/jdbc"
            if [ "$POSTGRESQL" = true ]; then
                cp "$CONFIG/postgresql.xml" "$dir/postgresql.xml"
            fi
            echo "$HOME_DIR/wlp" ;;
        wildfly)
            wildfly_home ;;
    esac
}

install() {
    [ "$SERVER" = payara ] || unpack
    configure
}

start() {
    local started=$SECONDS
    install >/dev/null
    case $SERVER in
        payara)
            local args=(--deploy "$WAR" --contextroot / --port "$PORT" --nocluster)
            if [ "$POSTGRESQL" = true ]; then
                require_password
                args+=(--addlibs "$(driver)" --postbootcommandfile "$ROOT/payara-config/postgresql-pool.asadmin")
            fi
            nohup java -Xmx1g -Xss512k -jar "$ROOT/target/payara-micro.jar" "${args[@]}" > "$TARGET/payara.log" 2>&1 &
            echo $! > "$TARGET/payara.pid" ;;
        glassfish)
            local asadmin; asadmin="$(glassfish_home)/bin/asadmin"
            "$asadmin" start-domain domain1 > "$TARGET/glassfish.log" 2>&1
            if [ "$POSTGRESQL" = true ]; then
                "$asadmin" add-library "$(driver)" >> "$TARGET/glassfish.log" 2>&1
                fill_in "$CONFIG/postgresql.asadmin" > "$TARGET/glassfish-postgresql.asadmin"
                "$asadmin" multimode --file "$TARGET/glassfish-postgresql.asadmin" >> "$TARGET/glassfish.log" 2>&1
                rm -f "$TARGET/glassfish-postgresql.asadmin"
                "$asadmin" restart-domain domain1 >> "$TARGET/glassfish.log" 2>&1
            fi
            "$asadmin" deploy --contextroot / --name inbox "$WAR" >> "$TARGET/glassfish.log" 2>&1 ;;
        liberty)
            local dir; dir=$(liberty_server)
            cp "$WAR" "$dir/apps/inbox.war"
            cp "$CONFIG/inbox-application.xml" "$dir/inbox-application.xml"
            env | grep -E '^(INBOX_DATA_DIR|INBOX_DEV_MODE|MP_JWT_[A-Z_]*|INBOX_AUTH_[A-Z_]*)=' > "$dir/server.env"
            if [ "$POSTGRESQL" = true ]; then
                require_password
                env | grep '^INBOX_DB_' >> "$dir/server.env"
                echo "INBOX_DATASOURCE_JNDI_NAME=jdbc/inbox-postgresql" >> "$dir/server.env"
            fi
            "$HOME_DIR/wlp/bin/server" start inbox > "$TARGET/liberty.log" 2>&1 ;;
        wildfly)
            local home; home=$(wildfly_home)
            nohup "$home/bin/standalone.sh" -c standalone-microprofile.xml > "$TARGET/wildfly.log" 2>&1 &
            local deadline=$((SECONDS + 120))
            until "$home/bin/jboss-cli.sh" -c --command=":read-attribute(name=server-state)" 2>/dev/null | grep -q running; do
                [ $SECONDS -lt $deadline ] || { log "WildFly did not start; see $TARGET/wildfly.log"; exit 1; }
                sleep 1
            done
            if [ "$POSTGRESQL" = true ]; then
                INBOX_DB_DRIVER=$(driver); export INBOX_DB_DRIVER
                fill_in "$CONFIG/postgresql.cli" > "$TARGET/wildfly-postgresql.cli"
                "$home/bin/jboss-cli.sh" -c --file="$TARGET/wildfly-postgresql.cli" >> "$TARGET/wildfly.log" 2>&1
                rm -f "$TARGET/wildfly-postgresql.cli"
            fi
            "$home/bin/jboss-cli.sh" -c --command="deploy $WAR" >> "$TARGET/wildfly.log" 2>&1 ;;
    esac
    await_ready
    log "ready at $BASE/ after $((SECONDS - started)) s (embedded database: $INBOX_DATA_DIR$([ "$POSTGRESQL" = true ] && echo ", unused: PostgreSQL through the server's datasource"))"
}

stop() {
    case $SERVER in
        payara)
            if [ -f "$TARGET/payara.pid" ]; then
                kill "$(cat "$TARGET/payara.pid")" 2>/dev/null || true
                rm -f "$TARGET/payara.pid"
            fi ;;
        glassfish) "$(glassfish_home)/bin/asadmin" stop-domain domain1 >/dev/null ;;
        liberty) "$HOME_DIR/wlp/bin/server" stop inbox >/dev/null ;;
        wildfly) "$(wildfly_home)/bin/jboss-cli.sh" -c --command=":shutdown" >/dev/null ;;
    esac
    log "stopped"
}

case $ACTION in
    install) install ;;
    configure) configure ;;
    start) start ;;
    stop) stop ;;
    smoke) "$ROOT/src/main/servers/smoke.sh" "$BASE" "http://localhost:$OPS_PORT" ;;
    *) echo "unknown action: $ACTION" >&2; exit 2 ;;
esac
