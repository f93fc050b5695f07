package io.chatgateway.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatgateway.support.ApiClient;
import io.chatgateway.support.ApiTestBase;
import io.chatgateway.support.GatewayTest;
import io.chatgateway.support.TestAccounts.Account;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerAdapter;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.resource.ResourceHttpRequestHandler;

/**
 * The DispatcherServlet hands a route's request straight to the route's consumer, and everything else to Spring
 * MVC's own adapters; the answers are the routes' answers (every API test goes through it too).
 */
@GatewayTest
class PlatformHttpHandlerAdapterTest extends ApiTestBase {

    @Autowired
    DispatcherServlet dispatcher;

    @Test
    void aRoutesRequestGoesStraightToItsConsumer() {
        Account admin = accounts.newTeamAdmin();
        ApiClient.Response chats = admin.client().get("/api/chats");
        assertThat(chats.status()).isEqualTo(200);
        assertThat(chats.header("Content-Type").orElseThrow()).startsWith("application/json");

        Object handler = handlerOf("GET", "/api/chats");
        assertThat(handler).isExactlyInstanceOf(HandlerMethod.class);
        assertThat(adapterFor(handler)).isInstanceOf(PlatformHttpHandlerAdapter.class);
    }

    @Test
    void whatIsNotARouteKeepsSpringMvcsAdapters() {
        assertThat(accounts.newTeamAdmin().client().get("/").status()).isEqualTo(200); // the chat page, a static resource

        Object handler = handlerOf("GET", "/index.html");
        assertThat(handler).isInstanceOf(ResourceHttpRequestHandler.class);
        assertThat(adapterFor(handler)).isNotInstanceOf(PlatformHttpHandlerAdapter.class);
    }

    private Object handlerOf(String method, String path) {
        HandlerExecutionChain chain = ReflectionTestUtils.invokeMethod(dispatcher, "getHandler",
                new MockHttpServletRequest(method, path));
        assertThat(chain).as("handler of %s %s", method, path).isNotNull();
        return chain.getHandler();
    }

    private HandlerAdapter adapterFor(Object handler) {
        return ReflectionTestUtils.invokeMethod(dispatcher, "getHandlerAdapter", handler);
    }
}
