package io.chatgateway.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;

/**
 * A test class that starts instances of the service of its own ({@link ExtraInstance}) next to the suite's one.
 * Run them alone with {@code ./mvnw -B verify -Dgroups=multi-instance}; they also run by default.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(MultiInstanceTest.TAG)
public @interface MultiInstanceTest {

    String TAG = "multi-instance";
}
