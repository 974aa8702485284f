package dev.leakaudit.reports;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The page the agent itself writes at JVM exit: the same template, this JVM's report, in a real browser. */
class AgentPageInBrowserTest {

    private static final Path AGENT = Fixtures.repository().resolve("agent/target/leak-audit-agent.jar");

    @TempDir
    Path dir;

    @Test
    void theAgentWritesIndexHtmlBesideItsReport() throws Exception {
        assumeTrue(Files.isRegularFile(AGENT), "the agent jar is not built (mvn -pl agent package)");
        Path destdir = dir.resolve("leak-audit");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-javaagent:" + AGENT + "=destdir=" + destdir + ",jfr=false",
                "-cp", System.getProperty("java.class.path"), LeakyMain.class.getName())
                .redirectErrorStream(true).redirectOutput(dir.resolve("jvm.log").toFile()).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the JVM did not exit");
        String log = Files.readString(dir.resolve("jvm.log"), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), log);
        Path page = destdir.resolve("index.html");
        assertTrue(Files.isRegularFile(page), "no index.html beside the report: " + log);

        ChromeDriver browser = PageInBrowserTest.launch(dir.resolve("profile"));
        try {
            browser.get(page.toUri().toString());
            PageInBrowserTest.awaitReady(browser);
            assertEquals("3 leaks, 0 warnings", browser.findElement(By.id("verdict")).getText());
            List<String> groups = browser.findElements(By.cssSelector("details.group summary")).stream()
                    .map(e -> e.getText()).toList();
            assertTrue(groups.stream().anyMatch(g -> g.contains("1\nserver-socket opened at "
                    + "dev.leakaudit.reports.LeakyMain.main(LeakyMain.java:16)")), groups.toString());
            assertTrue(groups.stream().anyMatch(g -> g.contains("1\nsocket opened at "
                    + "dev.leakaudit.reports.LeakyMain.main(LeakyMain.java:17)")), groups.toString());
            assertTrue(groups.stream().anyMatch(g -> g.contains("1\nbytebuf allocated at "
                    + "dev.leakaudit.reports.LeakyMain.main(LeakyMain.java:18)") && g.contains("keeping 512 bytes")),
                    groups.toString());
            org.openqa.selenium.WebElement buffer = browser.findElements(By.cssSelector("details.group")).stream()
                    .filter(e -> e.getText().contains("bytebuf allocated at")).findFirst().orElseThrow();
            buffer.findElement(By.tagName("summary")).click();
            String detail = buffer.getText();
            assertTrue(detail.contains("512 bytes from io.netty.buffer.PooledByteBufAllocator."), detail);
            assertTrue(detail.toLowerCase(java.util.Locale.ROOT).contains("last touches (oldest first)"), detail);
            assertTrue(detail.contains("retained (count 2) at dev.leakaudit.reports.LeakyMain.main(LeakyMain.java:19)"),
                    detail);
            // No recording (jfr=false): the chart is drawn from the counts in the agent's own report.
            List<String> series = browser.findElements(By.cssSelector("#chart svg polyline.series")).stream()
                    .map(e -> e.getAttribute("data-kind")).sorted().toList();
            assertEquals(List.of("server-socket", "socket"), series); // the chart counts connections
            assertTrue(browser.findElement(By.cssSelector("#chart .meta")).getText().startsWith("Counted in 1 JVM (from the report)"),
                    browser.findElement(By.id("chart")).getText());
            Files.write(Fixtures.buildDir().resolve("leak-audit-agent-page.png"), browser.getScreenshotAs(OutputType.BYTES));
        } finally {
            browser.quit();
        }
    }
}
