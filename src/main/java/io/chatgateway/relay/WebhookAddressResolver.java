package io.chatgateway.relay;

import java.net.InetAddress;
import java.net.UnknownHostException;

import io.chatgateway.agent.WebhookUrlPolicy;
import io.chatgateway.agent.WebhookUrlPolicy.HostLookup;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/**
 * Resolves upstream hosts for the HTTP client, through the webhook URL policy: the addresses a connection is
 * opened to are the ones the policy has just checked, so a DNS answer that changed since the agent was saved (or
 * since the check before the call) cannot lead the relay to an internal address.
 */
final class WebhookAddressResolver implements DnsResolver {

    private final WebhookUrlPolicy policy;
    private final HostLookup lookup;

    WebhookAddressResolver(WebhookUrlPolicy policy, HostLookup lookup) {
        this.policy = policy;
        this.lookup = lookup;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        return policy.resolve(host, lookup);
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
    }
}
