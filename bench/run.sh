#!/usr/bin/env bash
# One command for the benchmark of issue 6: builds the service and the bench, starts PostgreSQL (a throw-away
# cluster), the mock n8n, nginx and the gateway on loopback, runs the scenarios against direct / nginx / gateway
# and writes one current report per scenario set: bench/results/full.md, smoke.md or (a subset) partial.md; git
# keeps the history. Everything it starts is stopped on exit. Exit status: 0, 1 (a scenario failed or the run hit
# its time limit), 4 (the gateway died: the report marks the scenarios from then on invalid).
#
#   bench/run.sh                 full run (about 15-17 minutes)
#   bench/run.sh --smoke         a few seconds each of B1, B2, B5, B8, B10 (with gateway B) and B9 (CI)
#   bench/run.sh --scenarios=B2,B4 [--b2-clients=200 ...]   a subset, with overrides (see bench/README.md)
#   bench/run.sh --serve         start everything, print how to run bench.Bench against it, wait for Ctrl-C
#   bench/run.sh --serve --second-gateway   the same with gateway B (for B10)
#
# Environment: BENCH_JFR=1 records a JFR profile of the gateway; GATEWAY_JAVA_OPTS (default emulates a 1 GiB
# container); BENCH_SKIP_BUILD=1 reuses target/*.jar; BENCH_KEEP=1 keeps the work directory with all logs;
# MOCK_PORT/NGINX_PORT/GATEWAY_PORT/PG_PORT (defaults 18081-18084); BENCH_JAR + BENCH_APP_DIR measure another
# build (a jar and the directory holding its config/ and routes/) instead of this checkout's;
# BENCH_PG_OPTS adds PostgreSQL settings (e.g. "-c shared_preload_libraries=pg_stat_statements");
# RELAY_MAX_RUNNING_GENERATIONS reaches the gateway and tells B9 its limit (a smoke run sets 20).
# B10 needs a second gateway process (same jar, same PostgreSQL; GATEWAY_B_PORT/MANAGEMENT_B_PORT, defaults
# 18086/18087): started when the scenario set includes B10, or with --second-gateway.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

MODE=full
SET=full
BENCH_ARGS=()
for arg in "$@"; do
    case "$arg" in
        --smoke) MODE=smoke; SET=smoke; BENCH_ARGS+=(--smoke --scenarios=B1,B2,B5,B8,B10,B9) ;;
        --scenarios=*) [ "$SET" = smoke ] || SET=partial; SCENARIOS=${arg#--scenarios=}; BENCH_ARGS+=("$arg") ;;
        --second-gateway) SECOND_GATEWAY=1 ;;
        --no-nginx) NO_NGINX=1 ;;
        --no-gateway) NO_GATEWAY=1 ;;
        --serve) SERVE=1 ;;
        --*) BENCH_ARGS+=("$arg") ;;
        *) echo "unknown argument: $arg" >&2; exit 2 ;;
    esac
done
if [ "$MODE" = full ]; then MAX_SECONDS=${BENCH_MAX_SECONDS:-1200}; else MAX_SECONDS=${BENCH_MAX_SECONDS:-150}; fi

MOCK_PORT=${MOCK_PORT:-18081}
NGINX_PORT=${NGINX_PORT:-18082}
GATEWAY_PORT=${GATEWAY_PORT:-18083}
PG_PORT=${PG_PORT:-18084}
MANAGEMENT_PORT=${MANAGEMENT_PORT:-18085}
GATEWAY_B_PORT=${GATEWAY_B_PORT:-18086}
MANAGEMENT_B_PORT=${MANAGEMENT_B_PORT:-18087}
# gateway B: for B10 (in a full run, whose set includes it; in a smoke run; in a subset naming it)
SCENARIOS=${SCENARIOS:-}
[ "$MODE" = smoke ] && SCENARIOS=B10
if [ -z "$SCENARIOS" ] && [ "${SERVE:-0}" != 1 ]; then SCENARIOS=B10; fi
case ",$SCENARIOS," in *,B10,*) SECOND_GATEWAY=${SECOND_GATEWAY:-1} ;; esac
SECOND_GATEWAY=${SECOND_GATEWAY:-0}
GATEWAY_JAVA_OPTS=${GATEWAY_JAVA_OPTS:--Xmx600m -XX:+ExitOnOutOfMemoryError}

log() { echo "[run.sh $(date +%T)] $*" >&2; }

. bench/newest-jdk.sh
JAVA_HOME=$(newest_jdk)
[ -n "$JAVA_HOME" ] || { echo "no JDK under /usr/lib/jvm" >&2; exit 1; }
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"
"$JAVA" -XshowSettings:properties -version 2>&1 | grep -q 'java.specification.version = 2[1-9]' \
    || { echo "the bench needs Java 21+ (virtual threads); newest here is $JAVA_HOME" >&2; exit 1; }

PORTS=("$MOCK_PORT" "$NGINX_PORT" "$GATEWAY_PORT" "$PG_PORT" "$MANAGEMENT_PORT")
[ "$SECOND_GATEWAY" = 1 ] && PORTS+=("$GATEWAY_B_PORT" "$MANAGEMENT_B_PORT")
for port in "${PORTS[@]}"; do
    if ss -ltn "( sport = :$port )" 2>/dev/null | grep -q LISTEN; then
        echo "port $port is in use; set MOCK_PORT/NGINX_PORT/GATEWAY_PORT/PG_PORT/GATEWAY_B_PORT/MANAGEMENT_B_PORT" >&2
        exit 1
    fi
done

WORK=$(mktemp -d /tmp/chat-gateway-bench.XXXXXX)
chmod 755 "$WORK"
PIDS=()
PG_BIN=""
cleanup() {
    local status=$?
    trap - EXIT INT TERM
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
    done
    if [ -n "$PG_BIN" ] && [ -f "$WORK/pg/postmaster.pid" ]; then
        su postgres -s /bin/sh -c "'$PG_BIN/pg_ctl' -D '$WORK/pg' -m immediate stop" >/dev/null 2>&1 || true
    fi
    if [ "${BENCH_KEEP:-0}" = 1 ] || [ $status -ne 0 ]; then
        log "logs kept in $WORK"
    else
        rm -rf "$WORK"
    fi
    exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_http() { # url seconds
    local deadline=$((SECONDS + $2))
    until curl -fs -o /dev/null --max-time 1 "$1"; do
        [ $SECONDS -lt $deadline ] || return 1
        sleep 0.05
    done
}

# ---- build
APP_DIR=${BENCH_APP_DIR:-$ROOT}
if [ -n "${BENCH_JAR:-}" ]; then
    JAR=$(readlink -f "$BENCH_JAR")
else
    if [ "${BENCH_SKIP_BUILD:-0}" != 1 ] || ! ls target/chat-gateway-*.jar >/dev/null 2>&1; then
        log "building the service (./mvnw -B -q -DskipTests package)"
        ./mvnw -B -q -DskipTests package
    fi
    JAR=$ROOT/$(ls target/chat-gateway-*.jar | grep -v -- '-plain' | head -1)
fi
# run a copy: a rebuild while the bench runs must not pull classes out from under the running service
cp "$JAR" "$WORK/" && JAR="$WORK/$(basename "$JAR")"
log "building the bench"
rm -rf bench/target/classes && mkdir -p bench/target/classes
"$JAVA_HOME/bin/javac" --release 21 -d bench/target/classes bench/src/bench/*.java

# ---- PostgreSQL: a throw-away cluster on loopback (external database, as in production)
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
DB_PID=""
if [ -n "$PG_BIN" ] && id postgres >/dev/null 2>&1; then
    log "starting PostgreSQL ($PG_BIN) on 127.0.0.1:$PG_PORT"
    mkdir -p "$WORK/pg" "$WORK/pgsock" "$WORK/pglog" && chown postgres "$WORK/pg" "$WORK/pgsock" "$WORK/pglog"
    su postgres -s /bin/sh -c "'$PG_BIN/initdb' -D '$WORK/pg' --auth=trust -U postgres -E UTF8" >"$WORK/pg-init.log" 2>&1
    su postgres -s /bin/sh -c "'$PG_BIN/pg_ctl' -D '$WORK/pg' -l '$WORK/pglog/pg.log' -w -t 30 \
        -o \"-p $PG_PORT -k $WORK/pgsock -c listen_addresses=127.0.0.1 -c max_connections=200 ${BENCH_PG_OPTS:-}\" start" >/dev/null
    DB_PID=$(head -1 "$WORK/pg/postmaster.pid")
    psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "CREATE DATABASE chatgateway" postgres
    export DATABASE_URL="postgresql://postgres@127.0.0.1:$PG_PORT/chatgateway"
    export ENVIRONMENT=production
    export BENCH_PSQL="psql -h 127.0.0.1 -p $PG_PORT -U postgres -d chatgateway"
    DB_INFO="external PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on loopback (throw-away cluster, default settings, max_connections=200)"
else
    log "no PostgreSQL binaries: the gateway uses its embedded database (development mode; users via the API)"
    export ENVIRONMENT=development EMBEDDED_DATABASE_DIR=""
    DB_INFO="embedded PostgreSQL (ENVIRONMENT=development; no psql: users registered through the API, B6 skipped)"
fi

# ---- mock n8n
log "starting the mock n8n on 127.0.0.1:$MOCK_PORT"
"$JAVA" -Xms256m -Xmx1g -cp bench/target/classes bench.MockN8n --port "$MOCK_PORT" >"$WORK/mock.log" 2>&1 &
MOCK_PID=$!; PIDS+=("$MOCK_PID")
wait_http "http://127.0.0.1:$MOCK_PORT/health" 20 || { log "mock did not start"; exit 1; }

# ---- nginx in front of the same mock
NGINX_ARGS=()
NGINX_INFO="not run"
if [ "${NO_NGINX:-0}" != 1 ]; then
    if ! command -v nginx >/dev/null 2>&1; then
        log "installing nginx (Debian package)"
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx) >"$WORK/apt.log" 2>&1 \
            || log "could not install nginx; running without it"
    fi
fi
if [ "${NO_NGINX:-0}" != 1 ] && command -v nginx >/dev/null 2>&1; then
    mkdir -p "$WORK/nginx/tmp" "$WORK/nginx/logs"
    cat >"$WORK/nginx/nginx.conf" <<CONF
daemon off;
worker_processes auto;
worker_rlimit_nofile $(ulimit -Hn);
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections $(( $(ulimit -Hn) - 500 )); }
http {
    access_log off;
    client_body_temp_path $WORK/nginx/tmp/body;
    proxy_temp_path $WORK/nginx/tmp/proxy;
    fastcgi_temp_path $WORK/nginx/tmp/fastcgi;
    uwsgi_temp_path $WORK/nginx/tmp/uwsgi;
    scgi_temp_path $WORK/nginx/tmp/scgi;
    keepalive_requests 1000000;
    upstream mock {
        server 127.0.0.1:$MOCK_PORT;
        keepalive 1024;
        keepalive_requests 1000000;
    }
    server {
        listen 127.0.0.1:$NGINX_PORT backlog=4096;
        location / {
            proxy_pass http://mock;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_buffering off;
            proxy_request_buffering off;
            proxy_read_timeout 300s;
        }
    }
}
CONF
    log "starting nginx on 127.0.0.1:$NGINX_PORT"
    nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" 2>"$WORK/nginx/logs/stderr.log" &
    NGINX_PID=$!; PIDS+=("$NGINX_PID")
    wait_http "http://127.0.0.1:$NGINX_PORT/health" 20 || { log "nginx did not start"; cat "$WORK/nginx/logs/"*; exit 1; }
    NGINX_INFO="$(nginx -v 2>&1 | sed 's/.*version: //') (Debian package), worker_processes auto, proxy_buffering off, upstream keepalive 1024"
    NGINX_ARGS=(--nginx="http://127.0.0.1:$NGINX_PORT" --nginx-pid="$NGINX_PID")
fi

# ---- the gateway, production-like
export PORT=$GATEWAY_PORT
# as in production (k8s, compose): the actuator (probes, metrics) on its own port, not on the API's
export MANAGEMENT_PORT
READY_URL="http://127.0.0.1:$MANAGEMENT_PORT/actuator/health/readiness"
export JWT_SECRET_KEY
JWT_SECRET_KEY=$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')
export BENCH_JWT_SECRET=$JWT_SECRET_KEY
export REGISTRATION_MODE=open
export LOGIN_RATE_LIMIT_PER_MINUTE=1000000
export REGISTRATION_RATE_LIMIT_PER_MINUTE=1000000
export AGENT_WEBHOOK_ALLOWED_HOSTS=127.0.0.1
# Tomcat accepts at most 8192 connections by default: B3 holds up to 10,000 streams
export SERVER_TOMCAT_MAX_CONNECTIONS=${SERVER_TOMCAT_MAX_CONNECTIONS:-20000}
export SERVER_TOMCAT_ACCEPT_COUNT=${SERVER_TOMCAT_ACCEPT_COUNT:-1024}
# the relay opens one connection to n8n per stream; its pool (default 1000) must hold B3's streams
export RELAY_MAX_CONNECTIONS=${RELAY_MAX_CONNECTIONS:-20000}
# the per-replica limit on running generations (issue 16.0): the default (derived from the heap) in a full run, so
# that B3 measures C6 as production would; a smoke run sets a small one, which B9 then exceeds
if [ "$MODE" = smoke ]; then export RELAY_MAX_RUNNING_GENERATIONS=${RELAY_MAX_RUNNING_GENERATIONS:-20}; fi
LIMIT_ARGS=()
if [ -n "${RELAY_MAX_RUNNING_GENERATIONS:-}" ]; then
    export RELAY_MAX_RUNNING_GENERATIONS
    LIMIT_ARGS=(--b9-limit="$RELAY_MAX_RUNNING_GENERATIONS")
fi
# HikariCP's timers as histograms, with a bucket at C4's 50 ms: the wait for a connection and the time one is held
# (C3, C4) per scenario come from bucket differences in /actuator/prometheus
if [ -z "${SPRING_APPLICATION_JSON:-}" ]; then
    export SPRING_APPLICATION_JSON='{"management.metrics.distribution.percentiles-histogram.hikaricp.connections":true,"management.metrics.distribution.slo.hikaricp.connections.acquire":"50ms"}'
fi
JFR_OPTS=()
if [ "${BENCH_JFR:-0}" = 1 ]; then
    JFR_OPTS=(-XX:StartFlightRecording=filename=$WORK/gateway.jfr,settings=profile,dumponexit=true)
fi
GATEWAY_PID=""
GATEWAY_LOG=""
# The gateway starts as the Docker image starts it: from the extracted jar and (Java 25+) with a JVM AOT cache
# from one training run, made before the first start and not timed, as the image build makes it.
GATEWAY_JAR=""
GATEWAY_START_OPTS=()
prepare_gateway() {
    local app="$WORK/app"
    "$JAVA" -Djarmode=tools -jar "$JAR" extract --destination "$app" >"$WORK/extract.log" 2>&1 \
        || { log "could not extract $JAR:"; cat "$WORK/extract.log" >&2; exit 1; }
    GATEWAY_JAR="$app/$(basename "$JAR")"
    if "$JAVA" -XshowSettings:properties -version 2>&1 | grep -q 'java.specification.version = \(2[5-9]\|[3-9][0-9]\)'; then
        log "AOT cache training run (scripts/aot-training-run.sh, development mode, embedded PostgreSQL)"
        # shellcheck disable=SC2086
        (cd "$APP_DIR" && JAVA="$JAVA" "$ROOT/scripts/aot-training-run.sh" "$app/app.aot" \
            $GATEWAY_JAVA_OPTS "${GATEWAY_START_OPTS[@]}" -jar "$GATEWAY_JAR") >"$WORK/aot-training.log" 2>&1 \
            || { log "the training run failed; its log:"; tail -40 "$WORK/aot-training.log" >&2; exit 1; }
        GATEWAY_START_OPTS+=(-XX:AOTCache="$app/app.aot")
    fi
    log "gateway: $GATEWAY_JAR ${GATEWAY_START_OPTS[*]}"
}
start_gateway() { # name of the log; sets READY_MS, READY_CPU_MS (CPU used until ready) and READY_LOG (Spring's line)
    [ -n "$GATEWAY_JAR" ] || prepare_gateway
    local start_ns=$(date +%s%N)
    # shellcheck disable=SC2086
    (cd "$APP_DIR" && exec "$JAVA" $GATEWAY_JAVA_OPTS "${GATEWAY_START_OPTS[@]}" "${JFR_OPTS[@]}" -jar "$GATEWAY_JAR") \
        >"$WORK/$1.log" 2>&1 &
    GATEWAY_PID=$!; PIDS+=("$GATEWAY_PID")
    GATEWAY_LOG="$WORK/$1.log"
    if ! wait_http "$READY_URL" 240; then
        log "the gateway did not become ready; its log:"; tail -40 "$WORK/$1.log" >&2; exit 1
    fi
    READY_MS=$(( ($(date +%s%N) - start_ns) / 1000000 ))
    READY_CPU_MS=$(( $(awk '{print $14 + $15}' "/proc/$GATEWAY_PID/stat") * 10 ))
    READY_LOG=$(grep -o 'Started [A-Za-z]* in [0-9.]* seconds (process running for [0-9.]*)' "$WORK/$1.log" | head -1)
}
stop_gateway() {
    kill "$GATEWAY_PID"
    for _ in $(seq 100); do kill -0 "$GATEWAY_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$GATEWAY_PID" 2>/dev/null || true
    local kept=() pid
    for pid in "${PIDS[@]}"; do [ "$pid" = "$GATEWAY_PID" ] || kept+=("$pid"); done
    PIDS=("${kept[@]}")
}
GATEWAY_ARGS=()
WARM_ARGS=()
if [ "${NO_GATEWAY:-0}" != 1 ]; then
    log "starting the gateway ($JAR) on 127.0.0.1:$GATEWAY_PORT, ENVIRONMENT=$ENVIRONMENT"
start_gateway gateway-first
GATEWAY_ARGS=(--gateway="http://127.0.0.1:$GATEWAY_PORT" --gateway-pid="$GATEWAY_PID"
    --startup-cold-ms="$READY_MS" --startup-cold-cpu-ms="$READY_CPU_MS" --startup-cold-log="$READY_LOG")
log "first start ready in $READY_MS ms"
if [ "$MODE" = full ]; then
    log "restarting to time a start on a migrated database (B7)"
    JFR_SAVED=("${JFR_OPTS[@]}"); JFR_OPTS=()
    stop_gateway
    start_gateway gateway-second
    log "second start ready in $READY_MS ms"
    WARM_ARGS=(--startup-warm-ms="$READY_MS" --startup-warm-cpu-ms="$READY_CPU_MS" --startup-warm-log="$READY_LOG")
    if [ ${#JFR_SAVED[@]} -gt 0 ]; then
        JFR_OPTS=("${JFR_SAVED[@]}"); stop_gateway; start_gateway gateway
    fi
    GATEWAY_ARGS[1]=--gateway-pid="$GATEWAY_PID"
fi
GATEWAY_ARGS+=(--gateway-log="$GATEWAY_LOG" --management="http://127.0.0.1:$MANAGEMENT_PORT" "${LIMIT_ARGS[@]}")
fi

# ---- gateway B (B10): the same jar and options on the same PostgreSQL, its own ports; started once A has
# migrated the database, and ready before any load, so that its start-up does not share the cores with a scenario
GATEWAY_B_PID=""
GATEWAY_B_LOG=""
if [ "${NO_GATEWAY:-0}" != 1 ] && [ "$SECOND_GATEWAY" = 1 ]; then
    log "starting gateway B on 127.0.0.1:$GATEWAY_B_PORT (management $MANAGEMENT_B_PORT), same database"
    GATEWAY_B_LOG="$WORK/gateway-b.log"
    # shellcheck disable=SC2086
    (cd "$APP_DIR" && PORT=$GATEWAY_B_PORT MANAGEMENT_PORT=$MANAGEMENT_B_PORT \
        exec "$JAVA" $GATEWAY_JAVA_OPTS "${GATEWAY_START_OPTS[@]}" -jar "$GATEWAY_JAR") >"$GATEWAY_B_LOG" 2>&1 &
    GATEWAY_B_PID=$!; PIDS+=("$GATEWAY_B_PID")
    if ! wait_http "http://127.0.0.1:$MANAGEMENT_B_PORT/actuator/health/readiness" 240; then
        log "gateway B did not become ready; its log:"; tail -40 "$GATEWAY_B_LOG" >&2; exit 1
    fi
    log "gateway B ready"
    GATEWAY_ARGS+=(--gateway-b="http://127.0.0.1:$GATEWAY_B_PORT" --gateway-b-pid="$GATEWAY_B_PID"
        --gateway-b-log="$GATEWAY_B_LOG")
fi

# ---- the scenarios
if [ "${SERVE:-0}" = 1 ]; then
    # for profiling sessions: the same stack, held open; run the load generator (and jcmd JFR.start) by hand
    cat >"$WORK/bench.sh" <<SH
#!/usr/bin/env bash
# run the scenarios against the stack started by bench/run.sh --serve, e.g. $WORK/bench.sh --scenarios=B5
export BENCH_PSQL="${BENCH_PSQL:-}" BENCH_JWT_SECRET="$BENCH_JWT_SECRET"
cd "$ROOT" && exec "$JAVA" -Xms512m -Xmx2g -cp bench/target/classes bench.Bench \\
    --mock="http://127.0.0.1:$MOCK_PORT" --mock-pid="$MOCK_PID" ${NGINX_ARGS[*]} \\
    --gateway="http://127.0.0.1:$GATEWAY_PORT" --gateway-pid="$GATEWAY_PID" --gateway-log="$GATEWAY_LOG" \\
    --management="http://127.0.0.1:$MANAGEMENT_PORT" ${LIMIT_ARGS[*]} \\
    ${GATEWAY_B_PID:+--gateway-b=http://127.0.0.1:$GATEWAY_B_PORT --gateway-b-pid=$GATEWAY_B_PID --gateway-b-log=$GATEWAY_B_LOG} --db-pid="$DB_PID" --fd-limit="$(ulimit -Hn)" --max-seconds=3600 --out=/dev/stdout "\$@"
SH
    chmod +x "$WORK/bench.sh"
    log "serving: gateway pid $GATEWAY_PID on :$GATEWAY_PORT${GATEWAY_B_PID:+, gateway B pid $GATEWAY_B_PID on :$GATEWAY_B_PORT}; run $WORK/bench.sh --scenarios=… (Ctrl-C stops all)"
    # with --no-gateway (bench/ab/ab.sh starts its own gateways) the stack is held by the mock
    wait "${GATEWAY_PID:-$MOCK_PID}" || true
    exit 0
fi
mkdir -p bench/results
OUT="bench/results/$SET.md"
MACHINE="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM, Linux $(uname -r), open-file limit $(ulimit -Hn)"
log "running the scenarios ($MODE) → $OUT"
STATUS=0
timeout --kill-after=10 $((MAX_SECONDS + 30)) "$JAVA" -Xms512m -Xmx2g -cp bench/target/classes bench.Bench \
    --mock="http://127.0.0.1:$MOCK_PORT" --mock-pid="$MOCK_PID" "${NGINX_ARGS[@]}" \
    "${GATEWAY_ARGS[@]}" --db-pid="$DB_PID" "${WARM_ARGS[@]}" \
    --fd-limit="$(ulimit -Hn)" --max-seconds="$MAX_SECONDS" \
    --machine="$MACHINE" --nginx-info="$NGINX_INFO" --db-info="$DB_INFO" \
    --gateway-info="$(basename "$JAR") (extracted), java $GATEWAY_JAVA_OPTS ${GATEWAY_START_OPTS[*]:-} ${JFR_OPTS[*]:-}, MANAGEMENT_PORT $MANAGEMENT_PORT, ENVIRONMENT=$ENVIRONMENT, Tomcat max-connections $SERVER_TOMCAT_MAX_CONNECTIONS, RELAY_MAX_CONNECTIONS $RELAY_MAX_CONNECTIONS, RELAY_MAX_RUNNING_GENERATIONS ${RELAY_MAX_RUNNING_GENERATIONS:-unset (gateway default)}, HikariCP histograms on${GATEWAY_B_PID:+; gateway B (B10) the same on :$GATEWAY_B_PORT, idle outside B10}" \
    --git="${BENCH_GIT:-$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src routes config pom.xml || echo ' (uncommitted changes)')}" \
    --out="$OUT" "${BENCH_ARGS[@]}" || STATUS=$?
# the bench checks the gateway after every scenario; this catches a death after the last check too
if [ -n "$GATEWAY_PID" ]; then
    if ! kill -0 "$GATEWAY_PID" 2>/dev/null || grep -q OutOfMemoryError "$GATEWAY_LOG" 2>/dev/null; then
        log "the gateway died during the run (see $GATEWAY_LOG)"
        [ $STATUS -ne 0 ] || STATUS=4
    fi
fi
if [ -n "$GATEWAY_B_PID" ]; then
    if ! kill -0 "$GATEWAY_B_PID" 2>/dev/null || grep -q OutOfMemoryError "$GATEWAY_B_LOG" 2>/dev/null; then
        log "gateway B died during the run (see $GATEWAY_B_LOG)"
        [ $STATUS -ne 0 ] || STATUS=4
    fi
fi
if [ "${BENCH_JFR:-0}" = 1 ] && [ -n "$GATEWAY_PID" ]; then
    stop_gateway
    cp "$WORK/gateway.jfr" "bench/results/$SET.jfr.tmp" 2>/dev/null \
        && log "JFR recording: bench/results/$SET.jfr.tmp (jfr print --events jdk.ExecutionSample …)"
fi
log "done: $OUT"
exit $STATUS
