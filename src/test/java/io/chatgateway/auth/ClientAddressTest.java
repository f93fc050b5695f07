package io.chatgateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.chatgateway.system.GatewayProperties;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.util.unit.DataSize;

class ClientAddressTest {

    private final ClientAddress clientAddress = new ClientAddress(properties("10.0.0.0/8, 127.0.0.1/32"));

    @Test
    void forwardedForFromAnUntrustedPeerIsIgnored() {
        assertThat(clientAddress.of(request("203.0.113.7", "198.51.100.1"))).isEqualTo("203.0.113.7");
    }

    @Test
    void forwardedForFromATrustedProxyNamesTheClient() {
        assertThat(clientAddress.of(request("10.1.2.3", "198.51.100.1"))).isEqualTo("198.51.100.1");
    }

    @Test
    void onlyTheHopsAddedByTrustedProxiesAreBelieved() {
        // the client forged the first entry; the last untrusted hop is the real client
        assertThat(clientAddress.of(request("127.0.0.1", "1.1.1.1, 198.51.100.1, 10.9.9.9"))).isEqualTo("198.51.100.1");
    }

    @Test
    void withoutTrustedProxiesTheHeaderIsNeverBelieved() {
        ClientAddress none = new ClientAddress(properties(""));
        assertThat(none.of(request("127.0.0.1", "198.51.100.1"))).isEqualTo("127.0.0.1");
    }

    @Test
    void garbageInTheHeaderDoesNotBreakIt() {
        assertThat(clientAddress.of(request("10.1.2.3", "not-an-ip"))).isEqualTo("not-an-ip");
        assertThat(clientAddress.of(request("10.1.2.3", " , "))).isEqualTo("10.1.2.3");
    }

    private static MockHttpServletRequest request(String remote, String forwardedFor) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr(remote);
        request.addHeader("X-Forwarded-For", forwardedFor);
        return request;
    }

    static GatewayProperties properties(String trustedProxies) {
        return new GatewayProperties("development", new GatewayProperties.Database("", "", 2),
                new GatewayProperties.Jwt(null, "chat-gateway", Duration.ofHours(1)),
                new GatewayProperties.Auth("invite", 5, trustedProxies, "", Duration.ofDays(7)),
                new GatewayProperties.Bootstrap(null, null, "Default team"),
                new GatewayProperties.Request(DataSize.ofMegabytes(1)));
    }
}
