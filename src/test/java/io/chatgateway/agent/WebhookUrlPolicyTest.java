package io.chatgateway.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import io.chatgateway.agent.WebhookUrlPolicy.HostLookup;
import io.chatgateway.agent.WebhookUrlPolicy.RefusedHostException;
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

    /** Addresses that reach internal networks in disguise: NAT64, 6to4, IPv4-compatible, Teredo, benchmarking. */
    @ParameterizedTest
    @ValueSource(strings = {
            "http://[64:ff9b::7f00:1]/x", "http://[64:ff9b::a9fe:a9fe]/latest/meta-data/", "http://[64:ff9b::808:808]/x",
            "http://[64:ff9b:1::a00:1]/x", "http://[2002:7f00:1::]/x", "http://[2002:a9fe:a9fe::1]/x",
            "http://[::127.0.0.1]/x", "http://[::7f00:1]/x", "http://[::a9fe:a9fe]/x", "http://[::10.0.0.1]/x",
            "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/x", "http://198.18.0.1/x", "http://198.19.255.254/x",
            "http://[100::1]/x", "http://[2001:db8::1]/x"})
    void productionRefusesAddressesThatTunnelToInternalNetworks(String url) {
        assertThatThrownBy(() -> policy("production", "").check(url))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(422))
                .hasMessageContaining("internal address");
    }

    /** IPv4 addresses that parsers read differently (Java reads 0177.0.0.1 as 177.0.0.1, curl as 127.0.0.1). */
    @ParameterizedTest
    @ValueSource(strings = {
            "http://0177.0.0.1/x", "http://2130706433/x", "http://0x7f000001/x", "http://017700000001/x",
            "http://127.000.000.001/x", "http://0127.0.0.1/x", "http://093.184.215.14/x", "http://0/x",
            "http://[::ffff:0177.0.0.1]/x", "http://foo.0x7f/x"})
    void productionRefusesAmbiguousIpv4Spellings(String url) {
        assertThatThrownBy(() -> policy("production", "").check(url))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(422))
                .hasMessageStartingWith("webhook_url")
                .hasMessageNotContaining("does not resolve");
    }

    /** Spellings java.net.URI reads without a host: refused as such in every environment. */
    @ParameterizedTest
    @ValueSource(strings = {"http://0x7f.1/x", "http://127.1/x", "http://1.2.3.4./x", "http://0x7f.0.0.1/x"})
    void shortAndHexDottedSpellingsAreRefused(String url) {
        for (String environment : new String[] {"development", "production"}) {
            assertThatThrownBy(() -> policy(environment, "").check(url)).isInstanceOf(ApiException.class)
                    .hasMessageStartingWith("webhook_url");
        }
    }

    /** At connect time too, where the host name comes from the HTTP client rather than from java.net.URI. */
    @ParameterizedTest
    @ValueSource(strings = {"0177.0.0.1", "0x7f.1", "2130706433", "127.1", "0x7f000001", "1.2.3.4.", "0", "::ffff:0177.0.0.1"})
    void connectTimeResolutionRefusesAmbiguousSpellingsWithoutLookingThemUp(String host) {
        HostLookup lookup = name -> {
            throw new AssertionError("looked up " + name);
        };
        assertThatThrownBy(() -> policy("production", "").resolve(host, lookup))
                .isInstanceOf(RefusedHostException.class).hasMessageContaining("ambiguous");
    }

    @Test
    void namesThatOnlyStartWithDigitsAreNamesNotAddresses() throws Exception {
        HostLookup lookup = name -> new InetAddress[] {InetAddress.getByName("93.184.215.14")};
        for (String host : new String[] {"1e100.net", "0x7f.example.com", "123.example", "n8n.example.com."}) {
            assertThat(policy("production", "").resolve(host, lookup)).hasSize(1);
        }
    }

    @Test
    void aHostWhoseDnsAnswerTurnsInternalIsRefusedAtConnectTime() throws Exception {
        // DNS rebinding: the first answer (when the agent is saved) is public, the next one internal
        Deque<String> answers = new ArrayDeque<>(List.of("93.184.215.14", "127.0.0.1"));
        HostLookup rebinding = name -> new InetAddress[] {InetAddress.getByName(answers.removeFirst())};
        WebhookUrlPolicy policy = policy("production", "");

        assertThat(policy.resolve("n8n.example.com", rebinding)).extracting(InetAddress::getHostAddress)
                .containsExactly("93.184.215.14");
        assertThatThrownBy(() -> policy.resolve("n8n.example.com", rebinding))
                .isInstanceOf(RefusedHostException.class).hasMessageContaining("internal address");
    }

    @Test
    void oneInternalAddressAmongPublicOnesIsEnoughToRefuse() {
        HostLookup mixed = name -> new InetAddress[] {
                InetAddress.getByName("93.184.215.14"), InetAddress.getByName("64:ff9b::a9fe:a9fe")};
        assertThatThrownBy(() -> policy("production", "").resolve("n8n.example.com", mixed))
                .isInstanceOf(RefusedHostException.class);
    }

    @Test
    void connectTimeResolutionHonoursAllowedHostsAndDevelopment() throws Exception {
        HostLookup loopback = name -> new InetAddress[] {InetAddress.getLoopbackAddress()};
        assertThat(policy("production", "n8n.internal").resolve("n8n.internal", loopback)).hasSize(1);
        assertThat(policy("production", "127.0.0.0/8").resolve("n8n.internal", loopback)).hasSize(1);
        assertThat(policy("development", "").resolve("n8n.internal", loopback)).hasSize(1);
        assertThat(policy("development", "").resolve("0177.0.0.1", name -> new InetAddress[0])).isEmpty();
        assertThatThrownBy(() -> policy("production", "").resolve("n8n.internal", loopback))
                .isInstanceOf(RefusedHostException.class);
        assertThatThrownBy(() -> policy("production", "").resolve("gone.example", name -> {
            throw new UnknownHostException(name);
        })).isInstanceOf(UnknownHostException.class).isNotInstanceOf(RefusedHostException.class);
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
