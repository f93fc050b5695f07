package io.chatgateway.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.chatgateway.ChatGatewayApplication;
import io.chatgateway.system.EmbeddedDatabase;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.NestedExceptionUtils;

/**
 * Another instance of the whole service in the test JVM, as a second replica or a production-mode instance:
 * over the suite's embedded PostgreSQL (through DATABASE_URL, as a replica reaches an external database), on a
 * random port, with the suite's settings ({@link SuiteSettings}) unless the test says otherwise.
 *
 * <pre>{@code
 * ExtraInstance replica = ExtraInstance.development("replica").with("chatgateway.auth.registration-mode", "invite").start();
 * ...
 * replica.close();
 * }</pre>
 */
public final class ExtraInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private ExtraInstance(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** An instance with ENVIRONMENT=development (the default of the service: demo agent, public metrics). */
    public static Builder development(String name) {
        return new Builder(name);
    }

    /** An instance with ENVIRONMENT=production. */
    public static Builder production(String name) {
        return new Builder(name).with("chatgateway.environment", "production");
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    /** A bean of the instance (named as on Spring's context, so tests read the same either way). */
    public <T> T getBean(Class<T> type) {
        return context.getBean(type);
    }

    public int port() {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    /** The actuator's own port, when the instance was started with {@code management.server.port=0}. */
    public int managementPort() {
        return Integer.parseInt(context.getEnvironment().getProperty("local.management.port"));
    }

    /** A client without a session on this instance. */
    public ApiClient api() {
        return new ApiClient(port());
    }

    public boolean isRunning() {
        return context.isActive();
    }

    /** Stops the instance as SIGTERM does (graceful shutdown included); does nothing when it is stopped already. */
    @Override
    public void close() {
        if (context.isActive()) {
            context.close();
        }
    }

    public static final class Builder {

        private final Map<String, String> properties = new LinkedHashMap<>();
        private final List<Class<?>> sources = new ArrayList<>(List.of(ChatGatewayApplication.class));

        private Builder(String name) {
            properties.put("server.port", "0");
            properties.put("chatgateway.database.url",
                    "postgresql://postgres@localhost:" + EmbeddedDatabase.start("").getPort() + "/postgres");
            properties.put("chatgateway.auth.registration-mode", "open");
            properties.put("chatgateway.auth.trusted-proxies", SuiteSettings.TRUSTED_PROXIES);
            properties.put("chatgateway.auth.allowed-origins", SuiteSettings.ALLOWED_ORIGINS);
            properties.put("chatgateway.auth.bcrypt-cost", SuiteSettings.BCRYPT_COST);
            properties.put("chatgateway.jwt.secret", SuiteSettings.JWT_SECRET);
            // several Camel contexts in one JVM: no MBean name clashes, and each logs under its own name
            properties.put("camel.main.jmx-enabled", "false");
            properties.put("camel.main.name", name);
        }

        /** Sets (or, with an empty value, blanks) one property, as an environment variable would. */
        public Builder with(String name, String value) {
            properties.put(name, value);
            return this;
        }

        /** Further configuration classes of the instance (e.g. a test's own filter). */
        public Builder withSources(Class<?>... more) {
            sources.addAll(List.of(more));
            return this;
        }

        public ExtraInstance start() {
            try {
                return new ExtraInstance(run());
            } catch (CompletionException e) {
                throw new IllegalStateException("The extra instance did not start", e.getCause());
            }
        }

        /** Starts an instance that must refuse to start, and returns the root cause it gave. */
        public Throwable refusalToStart() {
            try {
                run().close();
            } catch (CompletionException e) {
                return NestedExceptionUtils.getMostSpecificCause(e.getCause());
            }
            throw new AssertionError("The instance started, though it should have refused to: " + properties);
        }

        private ConfigurableApplicationContext run() {
            // command-line arguments: builder properties are defaults that config/application.yaml would override
            List<String> args = new ArrayList<>();
            properties.forEach((name, value) -> args.add("--" + name + "=" + value));
            // on a thread of its own: the Camel test listener keeps per-thread state that must not reach this context
            return CompletableFuture.supplyAsync(
                    () -> new SpringApplicationBuilder(sources.toArray(Class<?>[]::new)).run(args.toArray(String[]::new)),
                    task -> new Thread(task, "start-" + properties.get("camel.main.name")).start()).join();
        }
    }
}
