package io.wizcamel.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
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
 * The operator console in a real browser: Debian's headless Chromium, driven by Selenium through Debian's
 * chromedriver (its path given, so Selenium Manager downloads nothing), against a daemon as deployed on the
 * emulator. Run with {@code mvn -B test -Pconsole}. Leaves a screenshot in target/console.png (and, with
 * {@code -Dconsole.screenshot=docs/images/console.png}, there too).
 */
@Tag("console")
class ConsoleBrowserTest {

    static final String CHROMIUM = System.getProperty("console.chromium", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getProperty("console.chromedriver", "/usr/bin/chromedriver");

    @TempDir
    Path dir;
    @TempDir
    Path profile;

    ConsoleDaemon daemon;
    ChromeDriver browser;
    WebDriverWait wait;

    @BeforeEach
    void start() throws Exception {
        // a run of a few seconds (four pages at two requests a second): a second click lands while it is under way
        daemon = new ConsoleDaemon(dir, "wiz.rate-limit", "2");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1500,1900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().window().setSize(new Dimension(1500, 1900));
        wait = new WebDriverWait(browser, Duration.ofSeconds(60), Duration.ofMillis(100));
        wait.ignoring(StaleElementReferenceException.class);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            daemon.close();
        }
    }

    @Test
    void anOperatorWatchesTheDaemonAndActsOnIt() throws Exception {
        browser.get(daemon.base + "/console");
        // the streams and sinks, and no run yet
        waitFor(b -> rows("#streams tbody tr[data-stream='issues']") == 1, "the issues stream");
        assertEquals(List.of("file", "splunk-hec"), texts("#sinks tbody tr td:first-child"));
        waitFor(b -> b.findElement(By.id("history-empty")).isDisplayed(), "the empty history");
        assertEquals(0, rows("#history tbody tr"));
        assertTrue(text("#streams tr[data-stream='issues']").contains("no run yet"));
        assertTrue(browser.findElement(By.id("config")).getAttribute("textContent").contains("******** (set)"),
                "secrets masked (the configuration is folded: its text is there, not shown)");
        assertTrue(!browser.getPageSource().contains(ConsoleDaemon.ADMIN)
                && !browser.getPageSource().contains(ConsoleDaemon.HEC_TOKEN), "no secret on the page");

        // an action without the token is refused, and nothing runs
        click("button[data-action='sync'][data-stream='issues'][data-full='false']");
        waitFor(b -> text("#action-result").contains("refused (401)"), "the refusal");
        assertEquals(0, daemon.history().size());

        // the token, once; then Test Connection: a green table
        browser.findElement(By.id("token")).sendKeys(ConsoleDaemon.ADMIN);
        browser.findElement(By.id("token-use")).click();
        assertEquals("", browser.findElement(By.id("token")).getAttribute("value"), "not left in the field");
        browser.findElement(By.id("test-connection")).click();
        waitFor(b -> b.findElement(By.id("test-table")).isDisplayed(), "the connection test's table");
        assertEquals(List.of("Wiz token", "stream issues (read:issues)", "sink file", "sink splunk-hec"),
                texts("#test-table tbody tr td:first-child"));
        assertEquals(List.of("OK", "OK", "OK", "OK"), texts("#test-table tbody tr td.result"));
        assertEquals(4, rows("#test-table tbody tr.pass"));
        assertTrue(text("#action-result").contains("all checks passed"));

        // Sync now for issues; a second click while it runs says so (409) instead of queueing
        click("button[data-action='sync'][data-stream='issues'][data-full='false']");
        waitFor(b -> text("#action-result").contains("started"), "sync now started");
        click("button[data-action='sync'][data-stream='issues'][data-full='true']");
        waitFor(b -> text("#action-result").contains("already under way"), "the second click refused");
        waitFor(b -> rows("#history tbody tr") == 1, "the run in the History table");
        JsonNode first = daemon.history().get(0);
        waitFor(b -> "succeeded".equals(attr("#history tbody tr", "data-outcome")), "the run's outcome");
        assertEquals(first.path("fetched").asText(), text("#history tbody tr td.fetched"));
        assertEquals(first.path("delivered").asText(), text("#history tbody tr td.delivered"));
        assertEquals("sync-now", text("#history tbody tr td.trigger"));
        waitFor(b -> text("#streams tr[data-stream='issues'] td.outcome").contains("succeeded"), "the stream's last run");
        assertEquals(first.path("watermarkTo").asText(), text("#streams tr[data-stream='issues'] td.watermark"));
        waitFor(b -> browser.findElements(By.cssSelector("#chart rect.bar")).size() == 1, "the chart's bar");

        // Splunk HEC's fake down: the next run is partial and its records wait as dead letters
        int changed = daemon.changeIssues(5);
        daemon.hec.stop();
        click("button[data-action='sync'][data-stream='issues'][data-full='false']");
        waitFor(b -> rows("#history tbody tr") == 2, "the second run");
        waitFor(b -> "partial".equals(attr("#history tbody tr", "data-outcome")), "the partial run, newest first");
        assertEquals(String.valueOf(changed), text("#history tbody tr td.dead-lettered"));
        assertTrue(text("#history tbody tr td.error").contains("splunk-hec"), text("#history tbody tr td.error"));
        waitFor(b -> text("#sinks tr[data-sink='splunk-hec'] td.dead-letters").equals(String.valueOf(changed)),
                "the dead letters counted");
        assertEquals("0", text("#sinks tr[data-sink='file'] td.dead-letters"));
        assertTrue(text("#sinks tr[data-sink='splunk-hec'] td.last-delivery").contains("left records behind"));
        assertTrue(text("#streams tr[data-stream='issues'] td.outcome").contains("partial"));
        screenshot();

        // the History filter
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("filter-outcome"))).selectByVisibleText("succeeded");
        waitFor(b -> rows("#history tbody tr") == 1 && "succeeded".equals(attr("#history tbody tr", "data-outcome")),
                "the history filtered by outcome");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("filter-outcome"))).selectByVisibleText("all");

        // the token forgotten: Replay is refused; with it, the dead letters go out
        browser.findElement(By.id("token-forget")).click();
        daemon.hec.start();
        click("button[data-action='replay'][data-sink='splunk-hec']");
        waitFor(b -> text("#action-result").contains("refused (401)"), "the refused replay");
        browser.findElement(By.id("token")).sendKeys(ConsoleDaemon.ADMIN);
        browser.findElement(By.id("token-use")).click();
        click("button[data-action='replay'][data-sink='splunk-hec']");
        waitFor(b -> text("#sinks tr[data-sink='splunk-hec'] td.dead-letters").equals("0"), "the dead letters replayed");
        waitFor(b -> rows("#history tbody tr") == 3, "the replay run");
        assertEquals("replay", text("#history tbody tr td.trigger"));
    }

    private void waitFor(Function<WebDriver, Boolean> condition, String what) {
        wait.withMessage(() -> what + "; the page says: " + browser.findElement(By.tagName("main")).getText())
                .until(condition);
    }

    /** clicks the element now on the page (the page redraws between polls: a stale one is looked up again) */
    private void click(String css) {
        wait.until(b -> {
            WebElement e = b.findElement(By.cssSelector(css));
            if (!e.isEnabled()) {
                return false;
            }
            e.click();
            return true;
        });
    }

    private int rows(String css) {
        return browser.findElements(By.cssSelector(css)).size();
    }

    private String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText().trim();
    }

    private String attr(String css, String name) {
        return browser.findElement(By.cssSelector(css)).getAttribute(name);
    }

    private List<String> texts(String css) {
        return browser.findElements(By.cssSelector(css)).stream().map(e -> e.getText().trim()).toList();
    }

    private void screenshot() throws Exception {
        Path png = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.createDirectories(Path.of("target"));
        Files.copy(png, Path.of("target/console.png"), StandardCopyOption.REPLACE_EXISTING);
        String into = System.getProperty("console.screenshot");
        if (into != null && !into.isBlank()) {
            Files.createDirectories(Path.of(into).toAbsolutePath().getParent());
            Files.copy(png, Path.of(into), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
