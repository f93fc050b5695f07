package io.chatgateway.page;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatgateway.support.ApiClient;
import io.chatgateway.support.ApiTestBase;
import io.chatgateway.support.GatewayTest;
import io.chatgateway.support.TestAccounts.Account;
import org.junit.jupiter.api.Test;

/** The chat page's files, their security headers, and what unknown paths answer (no browser needed). */
@GatewayTest
class PageServingTest extends ApiTestBase {

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private ApiClient browser(ApiClient client) {
        return client.header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
    }

    @Test
    void thePageIsServedAtTheRootWithAStrictContentSecurityPolicy() {
        ApiClient.Response page = browser(accounts.anonymous()).get("/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(page.header("Content-Security-Policy")).contains(CSP);
        assertThat(page.header("X-Frame-Options")).contains("DENY");
        assertThat(page.body()).contains("<script type=\"module\" src=\"/app/main.js\"></script>")
                .contains("data-testid=\"error-banner\"")
                // the policy allows no inline script or style: the page has none
                .doesNotContain("<style").doesNotContain(" style=").doesNotContainPattern("<script(?![^>]*src=)");
    }

    @Test
    void scriptsAndLibrariesAreServedAsJavaScriptFromThisOrigin() {
        ApiClient anonymous = accounts.anonymous();
        for (String path : new String[] {"/app/main.js", "/app/views/conversation.js",
                "/webjars/marked/lib/marked.esm.js", "/webjars/dompurify/dist/purify.es.mjs"}) {
            ApiClient.Response script = anonymous.get(path);
            assertThat(script.status()).as(path).isEqualTo(200);
            // module scripts must come with a JavaScript type (X-Content-Type-Options: nosniff is on)
            assertThat(script.header("Content-Type").orElseThrow()).as(path).startsWith("text/javascript");
        }
        assertThat(anonymous.get("/app/style.css").header("Content-Type").orElseThrow()).startsWith("text/css");
    }

    @Test
    void unknownPagesAreASmallHtmlPageForAnyoneNotTheWhitelabelPageOr401() {
        Account member = accounts.newTeamAdmin();
        for (ApiClient client : new ApiClient[] {accounts.anonymous(), member.client()}) {
            ApiClient.Response missing = browser(client).get("/no/such/page");
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.header("Content-Type").orElseThrow()).startsWith("text/html");
            assertThat(missing.header("Content-Security-Policy")).contains(CSP);
            assertThat(missing.body()).contains("Page not found").contains("href=\"/\"")
                    .doesNotContain("Whitelabel").doesNotContain("no/such/page");
        }
    }

    @Test
    void unknownApiPathsStayJsonEvenForABrowser() {
        Account member = accounts.newTeamAdmin();
        ApiClient.Response missing = browser(member.client()).get("/api/no-such-thing");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(missing.json().get("detail").asText()).isEqualTo("Not Found");
        assertThat(missing.header("Content-Security-Policy")).isEmpty();

        // anonymous callers of the API still only learn that they are not signed in
        ApiClient.Response anonymous = browser(accounts.anonymous()).get("/api/no-such-thing");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.json().get("detail").asText()).isEqualTo("Not authenticated");
    }

    @Test
    void swaggerUiKeepsItsInlineScriptWithoutThePagePolicy() {
        ApiClient.Response docs = browser(accounts.anonymous()).get("/docs");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.header("Content-Security-Policy")).isEmpty();
    }
}
