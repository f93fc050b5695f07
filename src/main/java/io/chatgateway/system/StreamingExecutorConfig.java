package io.chatgateway.system;

import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The threads platform-http routes run on. A streaming answer holds its thread for minutes, so the starter's
 * default (Boot's 8-thread task executor) would cap the service at 8 streams: on Java 21+ each request gets a
 * virtual thread; on Java 17 a large explicit pool, with a bounded queue so overload is refused, not hidden.
 */
@Configuration(proxyBeanMethods = false)
public class StreamingExecutorConfig {

    private static final Logger log = LoggerFactory.getLogger(StreamingExecutorConfig.class);

    @Bean(name = "platform-http-engine")
    public PlatformHttpEngine platformHttpEngine(@Value("${server.port:8000}") int port,
                                                 @Value("${spring.threads.virtual.enabled:true}") boolean virtualThreads,
                                                 @Value("${chatgateway.streams.platform-threads:1000}") int platformThreads) {
        return new SpringBootPlatformHttpEngine(port, routeExecutor(virtualThreads, platformThreads));
    }

    static TaskExecutor routeExecutor(boolean virtualThreads, int platformThreads) {
        if (virtualThreads && Runtime.version().feature() >= 21) {
            SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("route-");
            executor.setVirtualThreads(true);
            log.info("HTTP routes run on virtual threads");
            return executor;
        }
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setThreadNamePrefix("route-");
        // core = max: a queued request would be a stream that does not start
        executor.setCorePoolSize(platformThreads);
        executor.setMaxPoolSize(platformThreads);
        executor.setAllowCoreThreadTimeOut(true);
        executor.setQueueCapacity(platformThreads);
        executor.initialize();
        log.info("HTTP routes run on a pool of up to {} platform threads (Java 21+ would use virtual threads)",
                platformThreads);
        return executor;
    }
}
