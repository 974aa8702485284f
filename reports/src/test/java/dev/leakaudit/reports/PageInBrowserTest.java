package dev.leakaudit.reports;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The page in a real browser: Debian's headless Chromium through its own chromedriver (nothing is
 * downloaded). It checks what a user sees, and that markup carried in the data never runs.
 */
class PageInBrowserTest {

    private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Paths.get("/usr/bin/chromedriver");

    @TempDir
    static Path dir;

    static ChromeDriver browser;
    static Path page;

    @BeforeAll
    static void openPage() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "chromium and chromium-driver are not installed (apt-get install chromium chromium-driver; .ci/run does)");
        Path reports = PageSamples.largeRun(dir);
        Files.writeString(reports.resolve("leak-report-4242-launcher.crashed"), "exited with status 137 before it wrote its report");
        Fixtures.Run run = Fixtures.cli("report", "--out", dir.resolve("page").toString(), "--baseline",
                dir.resolve("leak-audit-baseline.json").toString(), "--title", "sample suite", reports.toString());
        assertEquals(1, run.exit(), run.toString());
        page = dir.resolve("page/index.html");

        browser = launch(dir.resolve("profile"));
        browser.get(page.toUri().toString());
        awaitReady(browser);
    }

    /** Debian's headless Chromium through its own chromedriver, with a fresh profile; null when not installed. */
    static ChromeDriver launch(Path profile) throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "chromium and chromium-driver are not installed (apt-get install chromium chromium-driver; .ci/run does)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--window-size=1320,1500", "--user-data-dir=" + Files.createDirectories(profile));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    static void awaitReady(ChromeDriver driver) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(
                () -> "true".equals(driver.findElement(By.tagName("body")).getAttribute("data-ready")));
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private static String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }

    @Test
    void totalsGroupsStacksFiltersAndChart() throws Exception {
        assertEquals(PageSamples.FINDINGS + " leaks, 0 warnings", text("#verdict"));
        assertTrue(text("#fact-tests").startsWith("144 of 341"), text("#fact-tests"));
        assertTrue(text("#totals").contains("socket " + 401), text("#totals"));
        assertTrue(text("#baseline").contains("new findings"), text("#baseline"));
        assertEquals("2 JVMs merged (1 not audited)", text("#fact-jvms"));
        assertTrue(text("#summary").contains("JVM 4242 crashed, not audited: the JVM exited with status 137"),
                text("#summary"));

        screenshot("leak-audit-page-overview.png");

        // Grouped by creation site, worst first.
        List<WebElement> groups = browser.findElements(By.cssSelector("details.group"));
        assertEquals(41, groups.size());
        WebElement worst = groups.get(0);
        String summary = worst.findElement(By.tagName("summary")).getText();
        assertTrue(summary.contains("opened at com.acme.net.Pool0.open0(Pool0.java:20)"), summary);
        int worstCount = Integer.parseInt(worst.findElement(By.cssSelector(".n")).getText());
        int secondCount = Integer.parseInt(groups.get(1).findElement(By.cssSelector(".n")).getText());
        assertTrue(worstCount >= secondCount && worstCount > 100, worstCount + " then " + secondCount);

        // Expanded: its tests and one stack, the application's frames highlighted, the JDK's folded.
        worst.findElement(By.tagName("summary")).click();
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> !worst.findElements(By.cssSelector("ol.stack")).isEmpty());
        WebElement stack = worst.findElement(By.cssSelector("ol.stack"));
        assertTrue(stack.isDisplayed());
        assertEquals("com.acme.net.Pool0.open0(Pool0.java:20)", stack.findElement(By.cssSelector("li.app.site")).getText());
        assertTrue(stack.findElement(By.cssSelector("details.fold summary")).getText().contains("JDK and framework frames"));
        assertTrue(worst.findElement(By.cssSelector("ul.tests")).getText().contains("com.acme.net.Suite"));
        screenshot("leak-audit-page.png");

        // A filter applied: only threads.
        choose("f-kind", "thread");
        assertTrue(text("#count").startsWith("400 of " + PageSamples.FINDINGS), text("#count"));
        for (WebElement group : browser.findElements(By.cssSelector("details.group summary"))) {
            assertTrue(group.getText().contains("thread") && !group.getText().contains("socket"), group.getText());
        }
        choose("f-kind", "");
        WebElement search = browser.findElement(By.id("search"));
        search.sendKeys("Pool3.open12");
        assertEquals(1, browser.findElements(By.cssSelector("details.group")).size());
        search.clear();
        search.sendKeys(" ");

        // The chart is drawn: one line per kind, from the agent's recording.
        List<WebElement> series = browser.findElements(By.cssSelector("#chart svg polyline.series"));
        assertEquals(2, series.size());
        for (WebElement line : series) {
            assertTrue(line.getAttribute("points").split(" ").length > 10);
        }

        // The per-test view shows clean tests as clean.
        browser.findElement(By.id("tab-tests")).click();
        assertTrue(browser.findElements(By.cssSelector("details.test .badge.clean")).size() > 0
                || browser.findElements(By.cssSelector("button.more")).size() > 0);
        screenshot("leak-audit-page-tests.png");
        browser.findElement(By.id("search")).sendKeys("case300");
        WebElement clean = browser.findElement(By.cssSelector("details.test"));
        assertEquals("clean", clean.findElement(By.cssSelector(".badge")).getText());
        browser.findElement(By.id("search")).clear();
        browser.findElement(By.id("tab-sites")).click();
    }

    @Test
    void markupInTheDataShowsAsTextAndRunsNothing() throws Exception {
        WebElement search = browser.findElement(By.id("search"));
        search.clear();
        search.sendKeys("com.acme.Evil");
        WebElement group = browser.findElement(By.cssSelector("details.group"));
        group.findElement(By.tagName("summary")).click();
        // The page builds a group's body on its toggle event, which the browser dispatches a moment later.
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> group.getText().contains(PageSamples.HOSTILE));
        String shown = group.getText();
        assertTrue(shown.contains(PageSamples.HOSTILE), shown);
        JavascriptExecutor js = browser;
        assertEquals(Boolean.TRUE, js.executeScript("return typeof window.__pwned === 'undefined'"));
        assertEquals(0L, js.executeScript("return document.querySelectorAll('img').length"));
        assertEquals(2L, js.executeScript("return document.querySelectorAll('script').length"));
        assertFalse(browser.getTitle().contains("<"));
        screenshot("leak-audit-page-hostile.png");
        search.clear();
        search.sendKeys(" ");
    }

    @Test
    void eachInvocationOfAParameterizedTestIsCountedOnPageAndConsoleAlike() throws Exception {
        // Three invocations of one parameterized test; two of them leave something open.
        Path report = Fixtures.variant(dir.resolve("parameterized"), Fixtures.REPORT, tree -> {
            ArrayNode findings = (ArrayNode) tree.get("findings");
            ObjectNode template = (ObjectNode) findings.get(0);
            ArrayNode kept = tree.putArray("findings");
            ArrayNode tests = tree.putArray("tests");
            for (int i = 1; i <= 3; i++) {
                tests.addObject().put("test", "com.acme.EchoTest#echo").put("level", "test")
                        .put("displayName", "[" + i + "] size=" + i).put("uniqueId", "[echo]/[invocation:#" + i + "]")
                        .put("status", "successful").put("findings", i == 2 ? 0 : 1);
                if (i != 2) {
                    kept.add(template.deepCopy().put("test", "com.acme.EchoTest#echo").put("displayName", "[" + i + "] size=" + i));
                }
            }
            ((ObjectNode) tree.get("summary")).put("findings", 2).put("leaks", 2)
                    .put("testsSeen", 3).put("testsAffected", 2);
            return tree;
        });
        Fixtures.Run run = Fixtures.cli("report", "--out", dir.resolve("parameterized-page").toString(),
                report.getParent().toString());
        assertTrue(run.out().contains("in 2 of 3 tests"), run.toString());
        try {
            browser.get(dir.resolve("parameterized-page/index.html").toUri().toString());
            awaitReady(browser);
            assertTrue(text("#fact-tests").startsWith("2 of 3"), text("#fact-tests"));
        } finally {
            browser.get(page.toUri().toString());
            awaitReady(browser);
        }
    }

    @Test
    void sharedFixturesAreListedApartFromTheFindings() throws Exception {
        Path report = Fixtures.variant(dir.resolve("fixtures"), Fixtures.REPORT, tree -> {
            ArrayNode fixtures = tree.putArray("sharedFixtures");
            fixtures.addObject().put("kind", "server-channel").put("resource", "sun.nio.ch.ServerSocketChannelImpl")
                    .put("site", "com.acme.TestServer.start(TestServer.java:40)").put("count", 2)
                    .put("startedBy", "com.acme.EchoTest#first").put("why", "held by TestServer.channel -> AbstractNioChannel.ch");
            fixtures.addObject().put("kind", "channel").put("resource", "sun.nio.ch.SocketChannelImpl")
                    .put("site", "io.netty.util.internal.SocketUtils$5.run(SocketUtils.java:118)").put("count", 96)
                    .put("why", "begun on the shared fixture's thread \"loop-1\"");
            return tree;
        });
        ModelRoundTripTest.validateAgainstSchema(Files.readString(report));
        int findings = Fixtures.sampleTree().get("findings").size();
        Fixtures.Run run = Fixtures.cli("report", "--out", dir.resolve("fixtures-page").toString(),
                report.getParent().toString());
        assertTrue(run.exit() <= 1, run.toString());
        try {
            browser.get(dir.resolve("fixtures-page/index.html").toUri().toString());
            awaitReady(browser);
            WebElement section = browser.findElement(By.id("fixtures"));
            assertTrue(section.isDisplayed(), "the shared fixtures section is shown");
            assertEquals("Kept for the whole run: 98 things of shared fixtures (not findings)",
                    section.findElement(By.tagName("summary")).getText());
            section.findElement(By.tagName("summary")).click();
            List<String> rows = section.findElements(By.cssSelector("tr")).stream().map(WebElement::getText).toList();
            assertEquals(3, rows.size(), rows.toString());
            assertTrue(rows.get(1).contains("server-channel 2 com.acme.TestServer.start(TestServer.java:40) "
                    + "com.acme.EchoTest#first held by TestServer.channel -> AbstractNioChannel.ch"), rows.toString());
            assertTrue(rows.get(2).contains("(outside any test)"), rows.toString());
            assertTrue(text("#count").startsWith(findings + " finding"), "fixtures are not counted as findings: "
                    + text("#count"));
        } finally {
            browser.get(page.toUri().toString());
            awaitReady(browser);
        }
    }

    private static void choose(String select, String value) {
        browser.findElement(By.cssSelector("#" + select + " option[value='" + value + "']")).click();
    }

    static void screenshot(String name) throws Exception {
        Path target = Fixtures.buildDir().resolve(name);
        Files.createDirectories(target.getParent());
        Files.write(target, browser.getScreenshotAs(OutputType.BYTES));
    }
}
