package io.chatgateway.page;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's chromium driven by its chromium-driver (same source version, so they always match), headless. Nothing
 * is downloaded: the driver is given, so Selenium Manager is not asked for one.
 */
final class HeadlessChromium implements AutoCloseable {

    static final Path BROWSER = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final ChromeDriver driver;
    private final String baseUrl;

    static boolean installed() {
        return Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
    }

    HeadlessChromium(String baseUrl) {
        this.baseUrl = baseUrl;
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        // as root Chromium needs --no-sandbox; /dev/shm is small in containers
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,860", "--lang=en-US", "--hide-scrollbars", "--no-first-run");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
    }

    ChromeDriver driver() {
        return driver;
    }

    void open(String path) {
        driver.get(baseUrl + path);
    }

    /** Starts a session as if the person had signed in: the API's session cookie, set on this origin. */
    void signInWith(String token) {
        open("/app/icon.svg");
        driver.manage().addCookie(new Cookie.Builder("access_token", token).path("/").isHttpOnly(true)
                .sameSite("Strict").build());
        open("/");
    }

    void signOutEverything() {
        open("/app/icon.svg");
        driver.manage().deleteAllCookies();
        driver.executeScript("sessionStorage.clear(); localStorage.clear();");
    }

    void size(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    static By testId(String id) {
        return By.cssSelector("[data-testid='" + id + "']");
    }

    WebElement find(String testId) {
        return until(d -> {
            List<WebElement> found = d.findElements(testId(testId));
            return found.stream().filter(WebElement::isDisplayed).findFirst().orElse(null);
        });
    }

    List<WebElement> all(String testId) {
        return driver.findElements(testId(testId));
    }

    /**
     * Waits (up to 30 s) until the condition holds; what the page shows is asserted afterwards. The page re-renders
     * lists and messages, so an element read while it is replaced is simply read again.
     */
    <T> T until(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(50))
                .ignoring(StaleElementReferenceException.class).until(condition::apply);
    }

    /**
     * Reads something off the page (any value, also false or empty), read again while the page replaces the elements
     * it reads.
     */
    <T> T read(Function<WebDriver, T> reading) {
        return until(d -> Optional.ofNullable(reading.apply(d))).orElse(null);
    }

    /** Clicks the element, found again if the page replaced it before the click arrived. */
    void click(By element) {
        until(d -> {
            d.findElement(element).click();
            return true;
        });
    }

    /** Sends keys to the element, found again if the page replaced it before they arrived. */
    void press(By element, CharSequence... keys) {
        until(d -> {
            d.findElement(element).sendKeys(keys);
            return true;
        });
    }

    /**
     * Runs the script in every page loaded from now on, before the page's own scripts (DevTools runs it, so the
     * page's Content-Security-Policy does not apply to it). Returns what {@link #forget} takes.
     */
    String beforeEveryPage(String script) {
        return (String) driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", script))
                .get("identifier");
    }

    void forget(String identifier) {
        driver.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", identifier));
    }

    Object script(String script, Object... arguments) {
        return driver.executeScript(script, arguments);
    }

    Path screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Path target = SCREENSHOTS.resolve(name + ".png");
        Files.copy(shot.toPath(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
