package io.chatgateway.agent;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatgateway.system.ApiException;
import io.chatgateway.system.GatewayProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookUrlPolicyTest {

    static WebhookUrlPolicy policy(String environment, String allowedHosts) {
        GatewayProperties gateway = new GatewayProperties(environment, null, null, null, null, null);
        return new WebhookUrlPolicy(gateway, new AgentProperties(allowedHosts, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://127.0.0.1/webhook", "http://localhost:5678/webhook/x", "http://[::1]/x", "http://10.1.2.3/x",
            "http://172.16.0.1/x", "http://192.168.1.10/x", "http://169.254.169.254/latest/meta-data/",
            "http://0.0.0.0/x", "http://100.64.0.1/x", "http://[fd00::1]/x", "http://[fe80::1]/x",
            "http://[::ffff:127.0.0.1]/x", "http://[::ffff:169.254.169.254]/x", "http://2130706433/x", "http://0x7f000001/x",
            "http://017700000001/x"})
    void productionRefusesInternalAddresses(String url) {
        assertThatThrownBy(() -> policy("production", "").check(url))
                .isInstanceOfSatisfying(ApiException.class, e -> org.assertj.core.api.Assertions.assertThat(e.status()).isEqualTo(422))
                .hasMessageStartingWith("webhook_url");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://n8n.example.com/x", "file:///etc/passwd", "gopher://x/", "not a url", "http:///x",
            "https://user:secret@n8n.example.com/x", "javascript:alert(1)"})
    void everyEnvironmentRefusesWhatIsNotAPlainHttpUrl(String url) {
        for (String environment : new String[] {"development", "production"}) {
            assertThatThrownBy(() -> policy(environment, "").check(url)).isInstanceOf(ApiException.class);
        }
    }

    @Test
    void allowedHostsNamesWildcardsAndCidrsOpenInternalTargets() {
        WebhookUrlPolicy policy = policy("production", "localhost, *.internal.example, 10.0.0.0/8, 192.168.1.10");
        assertThatCode(() -> policy.check("http://localhost:5678/webhook/x")).doesNotThrowAnyException();
        assertThatCode(() -> policy.check("http://10.20.30.40/webhook")).doesNotThrowAnyException();
        assertThatCode(() -> policy.check("http://192.168.1.10/webhook")).doesNotThrowAnyException();
        assertThatThrownBy(() -> policy.check("http://192.168.1.11/webhook")).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> policy.check("http://127.0.0.1/webhook")).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> policy.check("http://internal.example.evil.com/webhook")).isInstanceOf(ApiException.class);
    }

    @Test
    void developmentAllowsInternalHosts() {
        assertThatCode(() -> policy("development", "").check("http://127.0.0.1:5678/webhook/x")).doesNotThrowAnyException();
        assertThatCode(() -> policy("development", "").check("http://169.254.169.254/")).doesNotThrowAnyException();
    }

    @Test
    void productionAllowsPublicAddresses() {
        assertThatCode(() -> policy("production", "").check("https://93.184.215.14/webhook")).doesNotThrowAnyException();
        assertThatCode(() -> policy("production", "").check("https://[2606:4700::1111]/webhook")).doesNotThrowAnyException();
    }
}
