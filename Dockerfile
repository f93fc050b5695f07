# syntax=docker/dockerfile:1
# Chat Gateway image: built with the Maven wrapper, run on a Temurin JRE as a non-root user.
# config/ and routes/ sit next to the jar: the service loads them from its working directory.
# Start-up (bench B7): the jar runs from its extracted form with a JVM AOT cache (JEP 483/514/515) written by a
# training run during the build.

FROM eclipse-temurin:25-jdk AS build
WORKDIR /build
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q dependency:go-offline
COPY src/ src/
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q package -DskipTests \
 && cp target/chat-gateway-*.jar app.jar \
 && java -Djarmode=tools -jar app.jar extract --destination extracted

FROM eclipse-temurin:25-jre AS runtime
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --home-dir /app --shell /usr/sbin/nologin app
WORKDIR /app
COPY --from=build /build/extracted/lib/ lib/
COPY --from=build /build/extracted/app.jar app.jar
COPY config/ config/
COPY routes/ routes/
USER 10001:10001

ENV PORT=8000 \
    MANAGEMENT_PORT=9090 \
    VIRTUAL_THREADS_ENABLED=true \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:InitialRAMPercentage=50 -XX:+ExitOnOutOfMemoryError"
EXPOSE 8000 9090

# The training run: the service in development mode, heap as in a 1 GiB pod, on a throw-away PostgreSQL that
# exists in this stage only (the packaged jar has no embedded database, the image no PostgreSQL).
FROM runtime AS aot-training
USER root
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql >/dev/null \
 && rm -rf /var/lib/apt/lists/*
USER 10001:10001
COPY scripts/aot-training-run.sh /tmp/
RUN PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1) \
 && "$PG_BIN/initdb" -D /tmp/pg -A trust -U postgres -E UTF8 >/dev/null \
 && "$PG_BIN/pg_ctl" -D /tmp/pg -l /tmp/pg.log -w -o "-p 5432 -k /tmp -c listen_addresses=127.0.0.1" start \
 && TRAINING_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres \
    bash /tmp/aot-training-run.sh /tmp/app.aot -Xms384m -Xmx768m -jar app.jar \
 && "$PG_BIN/pg_ctl" -D /tmp/pg -m fast -w stop

FROM runtime
COPY --from=aot-training /tmp/app.aot app.aot
# the JVM checks the cache against the class path and ignores it (with a warning) if they do not match
ENV JDK_JAVA_OPTIONS="-XX:AOTCache=app.aot"
ENTRYPOINT ["java", "-jar", "app.jar"]
