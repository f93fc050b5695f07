package io.chatgateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;

import io.chatgateway.support.ApiTestBase;
import io.chatgateway.support.GatewayTest;
import io.chatgateway.support.TestAccounts;
import jakarta.servlet.ServletRequest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.handler.HandlerMappingIntrospector;

/** Spring Security's filter chain runs without the per-request handler lookups of the introspector's cache. */
@GatewayTest
class IntrospectorCacheOffTest extends ApiTestBase {

    @Autowired
    @Qualifier(IntrospectorCacheOff.BEAN_NAME)
    HandlerMappingIntrospector introspector;

    @Test
    void theCacheFilterOnlyPassesTheRequestOn() throws Exception {
        assertThat(introspector).isInstanceOf(IntrospectorCacheOff.PassThroughIntrospector.class);
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/chats");
        AtomicReference<ServletRequest> passed = new AtomicReference<>();
        introspector.createCacheFilter().doFilter(request, new MockHttpServletResponse(),
                (req, res) -> passed.set(req));
        assertThat(passed.get()).isSameAs(request);
        assertThat(request.getAttributeNames().hasMoreElements()).as("no cached lookup left on the request").isFalse();
    }

    @Test
    void securityStillGuardsEveryPath() {
        assertThat(accounts.anonymous().get("/api/chats").status()).isEqualTo(401);
        TestAccounts.Account user = accounts.newTeamAdmin();
        assertThat(user.client().get("/api/chats").status()).isEqualTo(200);
        assertThat(accounts.newMember(user, "user").client().get("/api/team").status()).isEqualTo(403);
    }
}
