package io.chatgateway.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;

/**
 * A test class about stopping the service (SIGTERM: closing the context, the grace period, readiness).
 * Run them alone with {@code ./mvnw -B verify -Dgroups=shutdown}; they also run by default.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(ShutdownTest.TAG)
public @interface ShutdownTest {

    String TAG = "shutdown";
}
