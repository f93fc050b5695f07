package io.chatgateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.chatgateway.support.GatewayTest;
import jakarta.servlet.Filter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.web.filter.CompositeFilter;

/**
 * The security filter chain runs without the HandlerMappingIntrospector cache filter that Spring Security 6.5
 * wraps around it (IntrospectorCacheFilterRemoval): if an upgrade changes how that wrapping is done, this fails
 * instead of the per-request handler lookup silently coming back. Spring Security's composites keep their
 * filters in a private CompositeFilter, hence the reflection.
 */
@GatewayTest
class SecurityFilterChainTest {

    @Autowired
    @Qualifier("springSecurityFilterChain")
    Filter springSecurityFilterChain;

    @Test
    void chainRunsWithoutTheIntrospectorCacheFilter() {
        List<String> filters = new ArrayList<>();
        collect(springSecurityFilterChain, filters);
        assertThat(filters).contains(FilterChainProxy.class.getName())
                .noneMatch(name -> name.contains("HandlerMappingIntrospector") || name.contains("WebMvcSecurity"));
    }

    private static void collect(Filter filter, List<String> names) {
        names.add(filter.getClass().getName());
        if (filter.getClass() != FilterChainProxy.class && filter instanceof FilterChainProxy) {
            collect((Filter) ReflectionTestUtils.getField(filter, "doFilterDelegate"), names);
        } else if (filter instanceof CompositeFilter composite) {
            @SuppressWarnings("unchecked")
            List<Filter> inner = (List<Filter>) ReflectionTestUtils.getField(composite, "filters");
            inner.forEach(nested -> collect(nested, names));
        }
    }
}
