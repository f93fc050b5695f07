package io.chatgateway.system;

import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The threads platform-http routes run on: the servlet container's request threads. A streaming answer holds
 * its thread for minutes; Spring Boot gives Tomcat one virtual thread per request on Java 21+
 * ({@code spring.threads.virtual.enabled}), and on Java 17 a pool of {@code server.tomcat.threads.max}. Spring MVC
 * finds the route of a request and hands it to the route's consumer ({@link PlatformHttpHandlerAdapter}).
 */
@Configuration(proxyBeanMethods = false)
public class PlatformHttpEngineConfig {

    @Bean(name = "platform-http-engine")
    public PlatformHttpEngine platformHttpEngine(@Value("${server.port:8000}") int port) {
        return new SynchronousPlatformHttpEngine(port);
    }

    @Bean
    public PlatformHttpHandlerAdapter platformHttpHandlerAdapter() {
        return new PlatformHttpHandlerAdapter();
    }
}
