package io.chatgateway.page;

import static io.chatgateway.page.HeadlessChromium.testId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatgateway.relay.StreamLimit;
import io.chatgateway.support.ApiTestBase;
import io.chatgateway.support.GatewayTest;
import io.chatgateway.support.TestAccounts;
import io.chatgateway.support.TestAccounts.Account;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * The chat page in a real browser (headless Chromium) against the whole service and a scripted n8n agent.
 * Skipped, saying so, where Chromium is not installed (.ci/install-browser.sh installs it).
 */
@GatewayTest
@Tag("browser")
class ChatPageBrowserTest extends ApiTestBase {

    @Autowired
    ApplicationContext context;

    private static HeadlessChromium browser;
    private static ScriptedAgent agent;

    /** The member {@link #answerHeldBack} signed in. */
    private Account lastAccount;

    @BeforeAll
    static void startBrowser() throws Exception {
        assumeTrue(HeadlessChromium.installed(),
                "Chromium and chromium-driver are not installed (/usr/bin/chromium, /usr/bin/chromedriver): run .ci/install-browser.sh");
        agent = new ScriptedAgent();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
        if (agent != null) {
            agent.close();
        }
    }

    @BeforeEach
    void freshPage() {
        if (browser == null) {
            browser = new HeadlessChromium("http://localhost:" + port);
        }
        browser.size(1280, 860);
        browser.signOutEverything();
    }

    /** A team name for the screenshots in docs/ (tests' teams are named after their admin's email). */
    private static void nameTeam(Account admin, String name) {
        assertThat(admin.client().put("/api/team", Map.of("name", name)).status()).isEqualTo(200);
    }

    /** A small PNG to upload as an agent's avatar. */
    private static Path avatarImage() throws IOException {
        BufferedImage image = new BufferedImage(48, 48, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(new Color(0x2f5bd3));
        graphics.fillRect(0, 0, 48, 48);
        graphics.setColor(Color.WHITE);
        graphics.fillOval(12, 12, 24, 24);
        graphics.dispose();
        Path file = Files.createTempFile("avatar", ".png");
        ImageIO.write(image, "png", file.toFile());
        file.toFile().deleteOnExit();
        return file;
    }

    private UUID agentOf(Account admin, String name, String description) {
        var created = admin.client().post("/api/agents", Map.of("name", name, "description", description,
                "webhook_url", agent.url()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return UUID.fromString(created.json().get("id").asText());
    }

    /** Read in one script: the page re-renders answers, so an element found a moment ago may be gone. */
    private String assistantText(int index) {
        Object text = browser.script("const answers = document.querySelectorAll(\"[data-testid='message-assistant']\");"
                + "return answers.length > arguments[0] ? answers[arguments[0]].innerText.trim() : '';", index);
        return (String) text;
    }

    /**
     * Waits until the answer has been streamed and the saved conversation is shown (the list is no longer busy),
     * then returns the answer's text: read in one script, so both are seen at the same moment.
     */
    private String settledAnswer(int index) {
        return (String) browser.until(d -> browser.script("""
                const list = document.querySelector('ol.messages');
                const answers = list ? list.querySelectorAll("[data-testid='message-assistant']") : [];
                return list && !list.hasAttribute('aria-busy') && answers.length > arguments[0]
                    ? answers[arguments[0]].innerText.trim() : null;""", index));
    }

    private static String roleOf(Account admin, UUID userId) {
        for (JsonNode member : admin.client().get("/api/team/members").json()) {
            if (member.get("id").asText().equals(userId.toString())) {
                return member.get("role").asText();
            }
        }
        return null;
    }

    private void pickAgent(UUID agentId) {
        browser.click(By.cssSelector("[data-testid='agent-option'][data-agent-id='" + agentId + "']"));
    }

    /**
     * A member asks a new agent the question; the agent answers {@code first} and holds back {@code rest} until the
     * returned steps allow it. Returns once the page shows {@code first}.
     */
    private ScriptedAgent.Steps answerHeldBack(String question, String first, String rest) {
        Account member = accounts.newTeamAdmin();
        lastAccount = member;
        UUID agentId = agentOf(member, "Slow writer", "Takes its time");
        ScriptedAgent.Steps steps = new ScriptedAgent.Steps();
        agent.answering(answer -> {
            answer.items(first);
            steps.await();
            answer.items(rest).end();
        });
        browser.signInWith(member.client().token());
        pickAgent(agentId);
        send(question);
        browser.until(d -> assistantText(0).equals(first) ? true : null);
        return steps;
    }

    interface HeldBackAnswerCheck {
        void check(ScriptedAgent.Steps steps) throws Exception;
    }

    /**
     * With the script injected into every page: a member asks the question, the agent answers "First words" and
     * holds back " and the rest." until the check's steps allow it.
     */
    private void withPageScript(String script, String question, HeldBackAnswerCheck check) throws Exception {
        String injected = browser.beforeEveryPage(script);
        try {
            check.check(answerHeldBack(question, "First words", " and the rest."));
        } finally {
            browser.forget(injected);
        }
    }

    private void send(String text) {
        WebElement composer = browser.find("composer");
        composer.sendKeys(text);
        composer.sendKeys(Keys.ENTER);
    }

    @Test
    void signInAndWatchTheAnswerGrowWordByWordWhileTheAgentWithholdsTheRest() throws Exception {
        Account admin = accounts.newTeamAdmin();
        nameTeam(admin, "Acme support");
        UUID agentId = agentOf(admin, "Storyteller", "Tells things slowly");
        String[] words = {"Once ", "upon ", "a ", "time ", "**there** ", "was ", "a ", "gateway."};
        ScriptedAgent.Steps steps = new ScriptedAgent.Steps();
        agent.answering(answer -> {
            for (String word : words) {
                if (!steps.await()) {
                    break;
                }
                answer.items(word);
            }
            answer.end();
        });

        browser.open("/");
        browser.find("login-email").sendKeys(admin.email());
        browser.find("login-password").sendKeys(TestAccounts.PASSWORD);
        browser.find("login-submit").click();
        pickAgent(agentId);

        // Shift+Enter breaks the line, Enter sends
        WebElement composer = browser.find("composer");
        composer.sendKeys("Tell me a story");
        composer.sendKeys(Keys.chord(Keys.SHIFT, Keys.ENTER));
        composer.sendKeys("about a gateway");
        assertThat(composer.getAttribute("value")).isEqualTo("Tell me a story\nabout a gateway");
        assertThat(browser.all("message-user")).isEmpty();
        composer.sendKeys(Keys.ENTER);

        assertThat(browser.find("message-user").getText()).isEqualTo("Tell me a story\nabout a gateway");
        assertThat(browser.find("stop").isDisplayed()).isTrue();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < words.length - 1; i++) {
            steps.allow();
            expected.append(words[i]);
            String soFar = expected.toString().replace("**", "").trim();
            // the agent has sent this word and holds back the next one: the page shows exactly this much
            browser.until(d -> assistantText(0).equals(soFar) ? true : null);
            if (i == 4) {
                WebElement bold = browser.find("message-assistant").findElement(By.tagName("strong"));
                assertThat(bold.getText()).isEqualTo("there");
                browser.screenshot("chat-streaming");
            }
        }
        steps.allow();
        assertThat(settledAnswer(0)).isEqualTo("Once upon a time there was a gateway.");

        // the chat list is re-rendered when the answer is saved: read the item once it shows the chat
        String chatId = browser.until(d -> {
            WebElement item = browser.find("chat-item");
            return item.getText().contains("Tell me a story") ? item.getAttribute("data-chat-id") : null;
        });
        JsonNode saved = admin.client().get("/api/chats/" + chatId).json();
        assertThat(saved.get("messages").get(1).get("content").asText()).isEqualTo(String.join("", words));
        assertThat(saved.get("messages").get(1).get("status").asText()).isEqualTo("complete");
        browser.screenshot("chat-answer");
    }

    @Test
    void markupInAnAnswerIsShownInert() throws Exception {
        Account member = accounts.newTeamAdmin();
        UUID agentId = agentOf(member, "Mischief", "Answers with markup");
        agent.answering(answer -> answer.items(
                "Rendered **bold** and a [safe link](https://example.com/docs).\n\n",
                "<img src=x onerror=\"window.__pwned='img'; alert('img')\">\n\n",
                "[click me](javascript:window.__pwned='link';alert('link'))\n\n",
                "<script>window.__pwned='script'; alert('script')</script>\n\n",
                "<a href=\"javascript:alert('a')\" onclick=\"window.__pwned='onclick'\">raw link</a>",
                "<iframe src=\"javascript:alert('frame')\"></iframe><svg onload=\"window.__pwned='svg'\"></svg>\n\n",
                "Done.").end());
        browser.signInWith(member.client().token());
        pickAgent(agentId);
        send("Show me something");
        assertThat(settledAnswer(0)).endsWith("Done.");

        WebElement answer = browser.find("message-assistant");
        assertThat(answer.findElement(By.tagName("strong")).getText()).isEqualTo("bold");
        WebElement safe = answer.findElement(By.linkText("safe link"));
        assertThat(safe.getAttribute("href")).isEqualTo("https://example.com/docs");
        assertThat(safe.getAttribute("rel")).contains("noopener");
        assertThat(safe.getAttribute("target")).isEqualTo("_blank");
        // sanitised, not only blocked by the Content-Security-Policy: nothing executable is left in the DOM
        assertThat(answer.findElements(By.tagName("script"))).isEmpty();
        assertThat(answer.findElements(By.tagName("iframe"))).isEmpty();
        assertThat(answer.findElements(By.cssSelector("[onerror], [onclick], [onload]"))).isEmpty();
        for (WebElement link : answer.findElements(By.tagName("a"))) {
            String href = link.getAttribute("href");
            assertThat(href == null || !href.toLowerCase().startsWith("javascript:")).as(link.getText()).isTrue();
        }
        answer.findElement(By.linkText("click me")).click();
        answer.findElement(By.linkText("raw link")).click();
        assertThat(browser.script("return window.__pwned === undefined")).isEqualTo(true);
        assertThatThrownBy(() -> browser.driver().switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        browser.screenshot("chat-inert-markup");
    }

    @Test
    void stopEndsTheAnswerAndKeepsWhatWasWritten() throws Exception {
        ScriptedAgent.Steps steps = answerHeldBack("Talk to me", "First words", " and the rest.");

        browser.find("stop").click();

        assertThat(settledAnswer(0)).isEqualTo("First words");
        boolean stopShown = browser.read(d -> browser.all("stop").stream().anyMatch(WebElement::isDisplayed));
        assertThat(stopShown).isFalse();
        assertThat(browser.find("message-assistant").findElement(By.xpath("following-sibling::p[contains(@class,'message-note')]"))
                .getText()).isEqualTo("Stopped.");
        String chatId = browser.until(d -> browser.find("chat-item").getAttribute("data-chat-id"));
        JsonNode saved = lastAccount.client().get("/api/chats/" + chatId).json().get("messages").get(1);
        assertThat(saved.get("status").asText()).isEqualTo("stopped");
        assertThat(saved.get("content").asText()).isEqualTo("First words");
        assertThat(browser.find("send").isEnabled()).isTrue();
        steps.allow();
    }

    @Test
    void aReloadMidAnswerResumesItAndFollowsItToTheEnd() throws Exception {
        ScriptedAgent.Steps steps = answerHeldBack("Write slowly", "Half of it", ", then the other half.");

        browser.driver().navigate().refresh();

        assertThat(browser.find("message-user").getText()).isEqualTo("Write slowly");
        // the text so far comes back (the "sync" event) while the agent still withholds the rest
        browser.until(d -> assistantText(0).equals("Half of it") ? true : null);
        assertThat(browser.find("stop").isDisplayed()).isTrue();
        steps.allow();

        assertThat(settledAnswer(0)).isEqualTo("Half of it, then the other half.");
    }

    @Test
    void aReloadWhileTheReplicaHoldsAsManyStreamsAsItMayWaitsForTheSavedAnswer() throws Exception {
        ScriptedAgent.Steps steps = answerHeldBack("Take your time", "Slowly", " but surely.");
        // the held answer is the one stream this replica may hold now: attaching after the reload gets 503
        int limit = StreamLimit.set(context, 1);
        try {
            browser.driver().navigate().refresh();
            browser.until(d -> d.findElement(By.cssSelector(".message.pending")));
        } finally {
            StreamLimit.set(context, limit);
        }
        assertThat(browser.all("error-banner")).as("a refused attach is no error: the answer is still being written")
                .noneMatch(WebElement::isDisplayed);
        steps.allow();
        browser.until(d -> assistantText(0).equals("Slowly but surely.") ? true : null);
    }

    /**
     * What the page sees when a resumed stream's last event arrives before the answer is saved (the server hands the
     * final event to attached streams first, then saves): the next two reads of the chat still show the generation
     * running and no answer, as they were when the page loaded.
     */
    private static final String LAST_EVENT_BEFORE_THE_SAVE = """
            (() => {
              const realFetch = window.fetch.bind(window);
              let stale = null;
              let doneSeen = false;
              window.__staleServed = 0;
              window.fetch = async (input, init) => {
                const url = new URL(typeof input === 'string' ? input : input.url, location.href);
                const method = (init && init.method) || 'GET';
                const isChat = method === 'GET' && /^\\/api\\/chats\\/[^/]+$/.test(url.pathname);
                if (isChat && doneSeen && stale && window.__staleServed < 2) {
                  window.__staleServed += 1;
                  return new Response(stale, {status: 200, headers: {'Content-Type': 'application/json'}});
                }
                const response = await realFetch(input, init);
                if (isChat && response.ok && stale === null) {
                  const text = await response.clone().text();
                  if (JSON.parse(text).generation) stale = text;
                }
                if (url.pathname.endsWith('/stream') && response.ok && response.body) {
                  const decoder = new TextDecoder();
                  const seen = response.body.pipeThrough(new TransformStream({transform(chunk, out) {
                    if (decoder.decode(chunk, {stream: true}).includes('"type":"done"')) doneSeen = true;
                    out.enqueue(chunk);
                  }}));
                  return new Response(seen, {status: response.status, headers: response.headers});
                }
                return response;
              };
            })();""";

    @Test
    void aResumedAnswerWhoseLastEventArrivesBeforeItsSaveStaysUntilTheSavedOneIsShown() throws Exception {
        withPageScript(LAST_EVENT_BEFORE_THE_SAVE, "Write slowly", steps -> {
            browser.driver().navigate().refresh();
            browser.until(d -> assistantText(0).equals("First words") ? true : null);
            steps.allow();

            assertThat(settledAnswer(0)).isEqualTo("First words and the rest.");
            assertThat(browser.script("return window.__staleServed")).isEqualTo(2L);
            // the saved answer, not the streamed one: it has its actions
            assertThat(browser.find("regenerate").isDisplayed()).isTrue();
        });
    }

    /**
     * Cuts the first answer stream after its first piece, as a dropped network would, and notes how the page
     * resumed: the Last-Event-ID it sent and what the resumed stream carried.
     */
    private static final String CONNECTION_DROPPED_ONCE = """
            (() => {
              const realFetch = window.fetch.bind(window);
              let dropped = false;
              window.fetch = async (input, init) => {
                const url = new URL(typeof input === 'string' ? input : input.url, location.href);
                const headers = new Headers((init && init.headers) || {});
                if (url.pathname.endsWith('/stream')) window.__resumedFrom = headers.get('Last-Event-ID');
                const response = await realFetch(input, init);
                if (url.pathname.endsWith('/stream') && response.ok && response.body) {
                  const decoder = new TextDecoder();
                  window.__resumedText = '';
                  const copy = response.body.pipeThrough(new TransformStream({transform(chunk, out) {
                    window.__resumedText += decoder.decode(chunk, {stream: true});
                    out.enqueue(chunk);
                  }}));
                  return new Response(copy, {status: response.status, headers: response.headers});
                }
                if (dropped || !(init && init.method === 'POST' && url.pathname.endsWith('/messages')) || !response.ok) {
                  return response;
                }
                dropped = true;
                const reader = response.body.getReader();
                const decoder = new TextDecoder();
                let seen = '';
                let cut = false;
                const body = new ReadableStream({async pull(controller) {
                  if (cut) {
                    reader.cancel();
                    controller.error(new TypeError('network error'));
                    return;
                  }
                  const {value, done} = await reader.read();
                  if (done) { controller.close(); return; }
                  seen += decoder.decode(value, {stream: true});
                  cut = seen.includes('"type":"message"');
                  controller.enqueue(value);
                }}, {highWaterMark: 0}); // pulled only when the page reads: the cut never discards a chunk not yet read
                return new Response(body, {status: response.status, headers: response.headers});
              };
            })();""";

    @Test
    void aDroppedConnectionResumesAfterTheLastEventSeen() throws Exception {
        withPageScript(CONNECTION_DROPPED_ONCE, "Keep going", steps -> {
            // the page reconnects with the id of the last event it showed, and the agent has not sent more yet
            String resumedFrom = (String) browser.until(d -> browser.script("return window.__resumedFrom || null"));
            assertThat(resumedFrom).matches("[0-9a-f-]{36}:\\d+");
            assertThat(browser.find("stop").isDisplayed()).isTrue();
            steps.allow();

            assertThat(settledAnswer(0)).isEqualTo("First words and the rest.");
            // what came after the reconnection: the rest only, not again what the page had shown
            String resumed = (String) browser.script("return window.__resumedText");
            assertThat(resumed).contains(" and the rest.").doesNotContain("First words");
        });
    }

    /** What the page sees of a server without the generations API (issue 13): no stop, no stream, no generation. */
    private static final String SERVER_WITHOUT_GENERATIONS = """
            (() => {
              const realFetch = window.fetch.bind(window);
              const json = (status, body) => new Response(JSON.stringify(body), {status, headers: {'Content-Type': 'application/json'}});
              window.fetch = async (input, init) => {
                const url = new URL(typeof input === 'string' ? input : input.url, location.href);
                const method = (init && init.method) || 'GET';
                if (/^\\/api\\/chats\\/[^/]+\\/(stop|stream)$/.test(url.pathname)) return json(404, {detail: 'Not Found'});
                const response = await realFetch(input, init);
                if (method === 'GET' && /^\\/api\\/chats\\/[^/]+$/.test(url.pathname) && response.ok) {
                  const chat = await response.json();
                  delete chat.generation;
                  return json(200, chat);
                }
                if (method === 'POST' && /\\/messages$/.test(url.pathname) && response.ok) {
                  // no X-Generation-Id header, no generation_id in the status event
                  const decoder = new TextDecoder();
                  const encoder = new TextEncoder();
                  const events = response.body.pipeThrough(new TransformStream({transform(chunk, out) {
                    out.enqueue(encoder.encode(decoder.decode(chunk, {stream: true}).replace(/,"generation_id":"[^"]*"/g, '')));
                  }}));
                  return new Response(events, {status: 200, headers: {'Content-Type': 'text/event-stream'}});
                }
                return response;
              };
            })();""";

    @Test
    void withoutTheGenerationsApiStopClosesThePagesStreamAndAReloadWaitsForTheSavedAnswer() throws Exception {
        withPageScript(SERVER_WITHOUT_GENERATIONS, "Talk to me", steps -> {
            browser.find("stop").click();
            assertThat(settledAnswer(0)).isEqualTo("First words");
            WebElement note = browser.find("message-assistant")
                    .findElement(By.xpath("following-sibling::p[contains(@class,'message-note')]"));
            assertThat(note.getText()).startsWith("Stopped here. This server may still finish the answer");
            assertThat(browser.all("regenerate")).isEmpty();

            // closing the stream was no stop: the answer goes on, and after a reload the page waits for it
            browser.driver().navigate().refresh();
            browser.until(d -> d.findElement(By.cssSelector(".message.pending")));
            steps.allow();
            browser.until(d -> assistantText(0).equals("First words and the rest.") ? true : null);
            assertThat(browser.all("regenerate")).isEmpty();
            assertThat(browser.all("edit")).isEmpty();
        });
    }

    @Test
    void regenerateAndEditAskAgainAndTheReplacedVersionsAreKept() throws Exception {
        Account member = accounts.newTeamAdmin();
        UUID agentId = agentOf(member, "Counter", "Answers with a number");
        AtomicInteger calls = new AtomicInteger();
        agent.answering(answer -> answer.items("Answer ", String.valueOf(calls.incrementAndGet())).end());
        browser.signInWith(member.client().token());
        pickAgent(agentId);
        send("First question");
        assertThat(settledAnswer(0)).isEqualTo("Answer 1");

        browser.find("regenerate").click();
        browser.until(d -> "Answer 2".equals(settledAnswer(0)) ? true : null);
        assertThat(browser.all("message-assistant")).hasSize(1);

        browser.find("edit").click();
        WebElement editor = browser.until(d -> d.findElement(By.cssSelector(".edit-input")));
        editor.sendKeys(Keys.chord(Keys.CONTROL, "a"), "Better question");
        editor.sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));
        browser.until(d -> "Answer 3".equals(settledAnswer(0)) ? true : null);
        List<String> userMessages = browser.read(d -> browser.all("message-user").stream().map(WebElement::getText).toList());
        assertThat(userMessages).containsExactly("Better question");
        assertThat(browser.all("message-assistant")).hasSize(1);

        String chatId = browser.until(d -> browser.find("chat-item").getAttribute("data-chat-id"));
        JsonNode chat = member.client().get("/api/chats/" + chatId + "?include=superseded").json();
        assertThat(chat.get("superseded").findValuesAsText("content")).contains("Answer 1", "Answer 2", "First question");
    }

    @Test
    void everyErrorCodeOfTheStreamBecomesASentence() throws Exception {
        Account member = accounts.newTeamAdmin();
        UUID agentId = agentOf(member, "Broken", "Always fails");
        agent.answering(answer -> answer.fail(500, "{\"message\":\"Workflow failed\"}"));
        browser.signInWith(member.client().token());
        pickAgent(agentId);
        send("Hello?");

        WebElement banner = browser.find("error-banner");
        assertThat(banner.getText()).contains("The agent’s server answered with an error instead of an answer.");

        // README's list of codes: each has its own sentence, none falls back to the generic one
        String[] codes = {"connect_timeout", "first_byte_timeout", "idle_timeout", "total_timeout", "upstream_unreachable",
                "upstream_broken", "upstream_status", "upstream_error", "invalid_answer", "empty_answer", "line_too_long",
                "answer_too_large", "overloaded", "shutdown"};
        @SuppressWarnings("unchecked")
        List<String> sentences = (List<String>) browser.driver().executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                import('/app/stream-errors.js').then((m) => done(arguments[0].map(m.sentenceFor)));
                """, List.of(codes));
        assertThat(sentences).doesNotHaveDuplicates().hasSize(codes.length)
                .doesNotContain("Something went wrong while the agent was answering.");
    }

    @Test
    void anAdminAddsAnAgentAndAnInviteAndTheInvitedPersonRegistersAndChats() throws Exception {
        Account admin = accounts.newTeamAdmin();
        nameTeam(admin, "Acme support");
        agent.answering(answer -> answer.items("Welcome ", "to the team!").end());
        browser.signInWith(admin.client().token());

        browser.find("admin-link").click();
        browser.find("agent-new").click();
        browser.find("agent-name").sendKeys("Helpdesk");
        browser.find("agent-description").sendKeys("Answers questions about the team");
        browser.find("agent-webhook-url").sendKeys(agent.url());
        browser.find("agent-webhook-token").sendKeys("n8n-secret-token");
        browser.find("agent-avatar").sendKeys(avatarImage().toAbsolutePath().toString());
        browser.find("agent-save").click();
        WebElement row = browser.until(d -> d.findElements(By.cssSelector("[data-testid='admin-agents'] .admin-row")).stream()
                .filter(candidate -> candidate.getText().contains("Helpdesk")).findFirst().orElse(null));
        assertThat(row.getText()).contains("Webhook token saved").doesNotContain("n8n-secret-token");
        UUID agentId = UUID.fromString(row.getAttribute("data-agent-id"));
        JsonNode stored = admin.client().get("/api/agents/" + agentId).json();
        assertThat(stored.get("has_webhook_token").asBoolean()).isTrue();
        assertThat(stored.get("description").asText()).isEqualTo("Answers questions about the team");
        // the avatar was uploaded before the list was drawn again
        assertThat(stored.get("avatar_url").asText()).isEqualTo("/api/agents/" + agentId + "/avatar");
        assertThat(row.findElement(By.cssSelector("img.avatar")).getAttribute("src")).endsWith("/api/agents/" + agentId + "/avatar");
        // the slug, read-only: the model id of the OpenAI-compatible API
        assertThat(stored.get("slug").asText()).isNotBlank();
        assertThat(row.findElement(testId("agent-slug")).getText()).isEqualTo(stored.get("slug").asText());
        assertThat(row.findElement(testId("agent-slug-copy")).isEnabled()).isTrue();
        // the token is write-only: opening the form again does not show it
        row.findElement(testId("agent-edit")).click();
        assertThat(browser.find("agent-webhook-token").getAttribute("value")).isEmpty();
        browser.screenshot("console-agents");

        browser.find("admin-tab-invites").click();
        browser.find("invite-create").click();
        String link = browser.find("invite-link").getAttribute("value");
        assertThat(link).startsWith("http://localhost:" + port + "/?invite=");
        browser.screenshot("console-invites");

        browser.signOutEverything();
        browser.driver().get(link);
        String email = TestAccounts.uniqueEmail("invited");
        browser.find("register-name").sendKeys("Invited Person");
        browser.find("register-email").sendKeys(email);
        browser.find("register-password").sendKeys(TestAccounts.PASSWORD);
        browser.find("register-submit").click();

        pickAgent(agentId);
        assertThat(browser.driver().getCurrentUrl()).doesNotContain("invite=");
        assertThat(browser.all("admin-link")).isEmpty();
        send("Hi, I am new here");
        assertThat(settledAnswer(0)).isEqualTo("Welcome to the team!");
        JsonNode members = admin.client().get("/api/team/members").json();
        assertThat(members.findValuesAsText("email")).contains(email);
    }

    @Test
    void theChatListIsNewestFirstAndChatsAreRenamedFilteredAndDeleted() throws Exception {
        Account member = accounts.newTeamAdmin();
        UUID first = agentOf(member, "Alpha", "The first agent");
        UUID second = agentOf(member, "Beta", "The second agent");
        String older = member.client().post("/api/chats", Map.of("agent_id", first, "title", "Older chat")).json().get("id").asText();
        String newer = member.client().post("/api/chats", Map.of("agent_id", second, "title", "Newer chat")).json().get("id").asText();
        browser.signInWith(member.client().token());

        // both chats listed, with their agents' names (the list is drawn again once the agents have loaded)
        browser.until(d -> browser.all("chat-item").size() == 2
                && browser.all("chat-item").stream().anyMatch(item -> item.getText().contains("Alpha")) ? true : null);
        List<String> listed = browser.read(d -> browser.all("chat-item").stream().map(item -> item.getAttribute("data-chat-id")).toList());
        assertThat(listed).containsExactly(newer, older);

        WebElement olderRow = browser.find("chat-item").findElement(By.xpath("ancestor::li/following-sibling::li[1]"));
        olderRow.findElement(testId("chat-rename")).click();
        WebElement title = browser.find("chat-rename-input");
        title.sendKeys(Keys.chord(Keys.CONTROL, "a"), "Renamed chat", Keys.ENTER);
        browser.until(d -> browser.all("chat-item").stream().anyMatch(item -> item.getText().contains("Renamed chat")) ? true : null);
        assertThat(member.client().get("/api/chats/" + older).json().get("title").asText()).isEqualTo("Renamed chat");

        new org.openqa.selenium.support.ui.Select(browser.find("agent-filter")).selectByVisibleText("Beta");
        browser.until(d -> browser.all("chat-item").size() == 1 ? true : null);
        assertThat(browser.<String>until(d -> browser.find("chat-item").getAttribute("data-chat-id"))).isEqualTo(newer);

        browser.find("chat-delete").click();
        browser.until(d -> d.switchTo().alert()).accept();
        browser.until(d -> browser.all("chat-item").isEmpty() ? true : null);
        assertThat(member.client().get("/api/chats/" + newer).status()).isEqualTo(404);
    }

    @Test
    void theConsoleManagesMembersAndTeamAndShowsWhatATestCallOfAnAgentGot() throws Exception {
        Account admin = accounts.newTeamAdmin();
        nameTeam(admin, "Acme support");
        Account colleague = accounts.newMember(admin, "user");
        UUID agentId = agentOf(admin, "Tested", "Answers test calls");
        browser.signInWith(admin.client().token());

        browser.open("/#/admin/members");
        WebElement row = browser.until(d -> d.findElement(By.cssSelector("tr[data-member-id='" + colleague.userId() + "']")));
        new org.openqa.selenium.support.ui.Select(row.findElement(testId("member-role"))).selectByValue("admin");
        browser.until(d -> "admin".equals(roleOf(admin, colleague.userId())) ? true : null);
        browser.screenshot("console-members");

        browser.find("admin-tab-team").click();
        WebElement name = browser.find("team-name");
        browser.until(d -> name.getAttribute("value").isEmpty() ? null : true);
        name.clear();
        name.sendKeys("Renamed team");
        browser.find("team-save").click();
        browser.until(d -> "Renamed team".equals(admin.client().get("/api/team").json().get("name").asText()) ? true : null);

        // the test call: what n8n answered, rendered as the chat would show it, and nothing saved in a chat
        agent.answering(answer -> answer.items("Pong from ", "**n8n**").end());
        browser.find("admin-tab-agents").click();
        browser.click(By.cssSelector(".admin-row[data-agent-id='" + agentId + "'] [data-testid='agent-edit']"));
        browser.find("agent-test-message").sendKeys("Ping");
        browser.find("agent-test").click();
        WebElement answer = browser.find("agent-test-answer");
        assertThat(answer.getText()).isEqualTo("Pong from n8n");
        assertThat(answer.findElement(By.tagName("strong")).getText()).isEqualTo("n8n");
        assertThat(browser.find("agent-test-summary").getText()).startsWith("n8n answered HTTP 200 (application/json) in ");
        assertThat(browser.all("agent-test-error")).isEmpty();
        browser.screenshot("console-agent-test-call");

        // n8n fails: its status, the sentence a member would read, n8n's own message and what it sent
        agent.answering(answer2 -> answer2.fail(500, "{\"message\":\"Workflow could not be started\"}"));
        // Enter in the message field makes the call again (it does not submit the agent form)
        browser.find("agent-test-message").sendKeys(Keys.ENTER);
        browser.until(d -> browser.find("agent-test-summary").getText().startsWith("n8n answered HTTP 500") ? true : null);
        assertThat(browser.find("agent-test-error").getText())
                .contains("The agent’s server answered with an error instead of an answer.")
                .contains("The agent's webhook answered 500: Workflow could not be started");
        browser.driver().findElement(By.cssSelector(".test-body summary")).click();
        assertThat(browser.find("agent-test-body").getText()).isEqualTo("{\"message\":\"Workflow could not be started\"}");
        assertThat(admin.client().get("/api/chats").json()).isEmpty();
    }

    /** What the page sees of a server without the console's newer endpoints: API keys, usage, test calls (404). */
    private static final String SERVER_WITHOUT_KEYS_USAGE_AND_TEST_CALLS = """
            (() => {
              const realFetch = window.fetch.bind(window);
              const missing = /^\\/api\\/(team\\/api-keys|team\\/usage|agents\\/[^/]+\\/test-call)(\\/|$)/;
              window.fetch = async (input, init) => {
                const url = new URL(typeof input === 'string' ? input : input.url, location.href);
                if (missing.test(url.pathname)) {
                  return new Response(JSON.stringify({detail: 'Not Found'}), {status: 404, headers: {'Content-Type': 'application/json'}});
                }
                return realFetch(input, init);
              };
            })();""";

    @Test
    void theConsoleSaysWhatThisServerDoesNotOffer() throws Exception {
        Account admin = accounts.newTeamAdmin();
        UUID agentId = agentOf(admin, "Untested", "On a server without test calls");
        String injected = browser.beforeEveryPage(SERVER_WITHOUT_KEYS_USAGE_AND_TEST_CALLS);
        try {
            browser.signInWith(admin.client().token());
            browser.open("/#/admin/api-keys");
            assertThat(browser.find("unavailable").getText()).isEqualTo("API keys are not available on this server.");
            browser.find("admin-tab-usage").click();
            assertThat(browser.find("unavailable").getText()).isEqualTo("Usage figures are not available on this server.");

            browser.find("admin-tab-agents").click();
            browser.click(By.cssSelector(".admin-row[data-agent-id='" + agentId + "'] [data-testid='agent-edit']"));
            browser.find("agent-test").click();
            browser.until(d -> browser.find("agent-test-result").getText()
                    .equals("Test calls are not available on this server.") ? true : null);
        } finally {
            browser.forget(injected);
        }
    }

    /** The endpoint exists on this build (another branch adds it: the test runs once that is merged). */
    private static void assumeEndpoint(Account admin, String path, String branch) {
        int status = admin.client().get(path).status();
        assumeTrue(status != 404 && status != 405,
                path + " is not on this build (" + status + "): this test runs once " + branch + " is merged");
    }

    @Test
    void anAdminCreatesAnApiKeySeesItOnceAndRevokesIt() throws Exception {
        Account admin = accounts.newTeamAdmin();
        assumeEndpoint(admin, "/api/team/api-keys", "wt/keys");
        nameTeam(admin, "Acme support");
        UUID helpdesk = agentOf(admin, "Helpdesk", "Answers questions");
        agentOf(admin, "Sales", "Sells things");
        browser.signInWith(admin.client().token());

        browser.open("/#/admin/api-keys");
        browser.find("api-keys-empty");
        browser.find("api-key-name").sendKeys("Support bot");
        browser.find("api-key-expires").sendKeys("30");
        browser.find("api-key-some-agents").click();
        browser.find("api-key-create").click();
        // "only these" with none ticked is refused by the page, nothing is created
        assertThat(browser.find("error-banner").getText()).contains("Tick at least one agent");
        assertThat(admin.client().get("/api/team/api-keys").json()).isEmpty();
        browser.driver().findElement(By.cssSelector("[data-testid='api-key-agent'][data-agent-id='" + helpdesk + "']")).click();
        browser.find("api-key-create").click();

        // the key, once, with a copy button and the warning
        WebElement value = browser.find("api-key-value");
        String key = value.getAttribute("value");
        assertThat(key).matches("cgw_[a-z2-7]{12}_[0-9A-Za-z]{32}");
        assertThat(browser.find("api-key-created").getText()).contains("Copy it now: you will not see it again.");
        assertThat(browser.find("api-key-copy").isEnabled()).isTrue();
        assertThat(browser.script("return document.activeElement.dataset.testid")).isEqualTo("api-key-value");
        WebElement row = browser.until(d -> browser.find("api-key-row"));
        assertThat(row.getText()).contains("Support bot").contains(key.substring(0, 12) + "…").contains("Helpdesk")
                .doesNotContain("Sales").contains("Never").contains("by " + admin.email());
        JsonNode listed = admin.client().get("/api/team/api-keys").json();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("agent_ids").get(0).asText()).isEqualTo(helpdesk.toString());
        assertThat(listed.get(0).get("expires_at").isNull()).isFalse();
        browser.size(1280, 1000);
        browser.screenshot("console-api-keys");
        browser.size(1280, 860);

        // once dismissed, or after a reload, the key is nowhere on the page
        browser.find("api-key-done").click();
        assertThat(browser.find("api-key-all-agents").isSelected()).isTrue();
        assertThat((String) browser.script("return document.body.innerHTML")).doesNotContain(key);
        browser.driver().navigate().refresh();
        browser.find("api-key-row");
        assertThat((String) browser.script("return document.body.innerHTML")).doesNotContain(key).contains(key.substring(0, 12));

        // revoking asks first: cancelled, nothing happens; confirmed, the key is gone
        browser.find("api-key-revoke").click();
        browser.until(d -> d.switchTo().alert()).dismiss();
        assertThat(admin.client().get("/api/team/api-keys").json()).hasSize(1);
        browser.find("api-key-revoke").click();
        browser.until(d -> d.switchTo().alert()).accept();
        browser.find("api-keys-empty");
        assertThat(admin.client().get("/api/team/api-keys").json()).isEmpty();
        assertThat(browser.all("api-key-row")).isEmpty();
    }

    @Test
    void theUsagePageShowsARowAfterAChatAndTheTeamsLimitsAreSetAndReset() throws Exception {
        Account admin = accounts.newTeamAdmin();
        assumeEndpoint(admin, "/api/team/usage", "wt/usage");
        nameTeam(admin, "Acme support");
        UUID agentId = agentOf(admin, "Counted", "Its answers are counted");
        agent.answering(answer -> answer.items("Counted ", "answer.").end());
        browser.signInWith(admin.client().token());
        pickAgent(agentId);
        send("Count this");
        assertThat(settledAnswer(0)).isEqualTo("Counted answer.");

        browser.open("/#/admin/usage");
        WebElement row = browser.until(d -> d.findElement(By.cssSelector("[data-testid='usage-row'][data-key='" + agentId + "']")));
        assertThat(row.findElement(By.tagName("th")).getText()).isEqualTo("Counted");
        assertThat(row.findElements(By.tagName("td")).get(0).getText()).isEqualTo("1");
        assertThat(row.findElements(By.tagName("td")).get(1).getText()).isEqualTo("1");
        assertThat(browser.find("usage-totals").getText()).startsWith("1 answer ");
        // a bar for today, of the one answer
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        assertThat(browser.driver().findElements(By.cssSelector("[data-testid='usage-chart'] rect.chart-bar")).stream()
                .map(bar -> bar.findElement(By.tagName("title")).getAttribute("textContent")))
                .contains(today + ": 1");
        browser.size(1280, 1150);
        browser.screenshot("console-usage");
        browser.size(1280, 860);

        new org.openqa.selenium.support.ui.Select(browser.find("usage-group")).selectByValue("user");
        browser.until(d -> browser.find("usage-row").getText().startsWith(admin.email()) ? true : null);
        new org.openqa.selenium.support.ui.Select(browser.find("usage-group")).selectByValue("key");
        browser.until(d -> browser.find("usage-row").getText().startsWith("Chat page (no API key)") ? true : null);

        // the CSV the link downloads: what the API writes for Accept: text/csv
        @SuppressWarnings("unchecked")
        Map<String, Object> csv = (Map<String, Object>) browser.driver().executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const link = document.querySelector("[data-testid='usage-csv']");
                const realCreate = URL.createObjectURL;
                URL.createObjectURL = (blob) => { blob.text().then((text) => done({name: link.getAttribute('download'), text})); return realCreate(blob); };
                HTMLAnchorElement.prototype.click = function () {};
                link.dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true}));
                """);
        assertThat((String) csv.get("name")).startsWith("usage-key-").endsWith(".csv");
        assertThat(((String) csv.get("text")).lines().findFirst().orElse("")).startsWith("key,label,generations");
        browser.driver().navigate().refresh();

        // the team's limits: the defaults as placeholders, a number sets one, an empty field resets it
        browser.open("/#/admin/team");
        WebElement tokens = browser.find("quota-tokens-per-month");
        assertThat(tokens.getAttribute("placeholder")).startsWith("Default: ");
        tokens.sendKeys("250000");
        browser.find("quota-save").click();
        browser.until(d -> "Saved.".equals(browser.find("quota-saved").getText()) ? true : null);
        JsonNode quotas = admin.client().get("/api/team").json().get("quotas");
        assertThat(quotas.get("tokens_per_month").asLong()).isEqualTo(250000L);
        assertThat(quotas.get("max_concurrent_generations").isNull()).isTrue();
        browser.screenshot("console-team");
        tokens = browser.find("quota-tokens-per-month");
        tokens.clear();
        browser.find("quota-save").click();
        browser.until(d -> admin.client().get("/api/team").json().get("quotas").get("tokens_per_month").isNull() ? true : null);
    }

    @Test
    void narrowScreenShowsTheListOrTheConversationAndWorksByKeyboard() throws Exception {
        Account member = accounts.newTeamAdmin();
        UUID agentId = agentOf(member, "Pocket agent", "Fits on a phone");
        agent.answering(answer -> answer.items("A short ", "answer, with `code`.").end());
        browser.size(375, 812);
        browser.signInWith(member.client().token());

        // keyboard only: the agent button is activated with Enter, and the message box has the focus
        browser.find("new-chat").sendKeys(Keys.ENTER);
        browser.press(By.cssSelector("[data-testid='agent-option'][data-agent-id='" + agentId + "']"), Keys.ENTER);
        browser.until(d -> "composer".equals(browser.script("return document.activeElement.dataset.testid")) ? true : null);
        browser.driver().switchTo().activeElement().sendKeys("Hello from a phone", Keys.ENTER);
        assertThat(settledAnswer(0)).isEqualTo("A short answer, with code.");

        assertThat(browser.script("return document.documentElement.scrollWidth")).isEqualTo(375L);
        assertThat(browser.find("composer").getRect().getWidth()).isLessThan(375);
        boolean listShown = browser.read(d -> browser.all("chat-item").stream().anyMatch(WebElement::isDisplayed));
        assertThat(listShown).isFalse();
        browser.screenshot("chat-375px");

        browser.open("/#/");
        browser.find("chat-item");
        assertThat(browser.script("return document.documentElement.scrollWidth")).isEqualTo(375L);
        browser.screenshot("chats-375px");

        // the console fits too: wide tables scroll inside their own box, not the page
        for (String section : new String[] {"agents", "members", "invites", "team", "api-keys", "usage"}) {
            browser.open("/#/admin/" + section);
            // the section has been drawn with what the server answered (no "Loading…" left)
            browser.until(d -> Boolean.TRUE.equals(browser.script("""
                    const content = document.querySelector('.admin-content');
                    return content !== null && content.querySelector('h1') !== null
                        && ![...content.querySelectorAll('p')].some((p) => p.textContent === 'Loading…');""")) ? true : null);
            assertThat(browser.script("return document.documentElement.scrollWidth")).as(section).isEqualTo(375L);
            if (section.equals("api-keys")) {
                browser.screenshot("console-375px");
            }
        }
    }
}
