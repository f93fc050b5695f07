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
# the embedded PostgreSQL (development without DATABASE_URL) keeps its data here
RUN mkdir -p .data && chown app:app .data
USER 10001:10001

ENV PORT=8000 \
    MANAGEMENT_PORT=9090 \
    VIRTUAL_THREADS_ENABLED=true \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:InitialRAMPercentage=50 -XX:+ExitOnOutOfMemoryError"
EXPOSE 8000 9090

# the training run: the service in development mode (embedded PostgreSQL, throw-away data), heap as in a 1 GiB pod
FROM runtime AS aot-training
COPY scripts/aot-training-run.sh /tmp/
RUN bash /tmp/aot-training-run.sh /tmp/app.aot -Xms384m -Xmx768m -jar app.jar

FROM runtime
COPY --from=aot-training /tmp/app.aot app.aot
# the JVM checks the cache against the class path and ignores it (with a warning) if they do not match
ENV JDK_JAVA_OPTIONS="-XX:AOTCache=app.aot"
ENTRYPOINT ["java", "-jar", "app.jar"]
