package dev.leakaudit.reports;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import dev.leakaudit.reports.contract.AgentJvm;
import dev.leakaudit.reports.contract.ManyNotesScenarios;
import dev.leakaudit.reports.model.ReportReader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Notes never outrank leaks, and the page stays small: the real agent on 134 invocations of a test
 * that close 2,814 channels twice, beside a passing and a failing test that each leave a server open. The report
 * holds one group of notes; the console, the page and its filters put the leaks first and say which
 * came from a failed test.
 */
class NotesPageInBrowserIT {

    @TempDir
    static Path dir;
    static ChromeDriver browser;

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void leaksComeFirstNotesAreOneGroupAndThePageStaysSmall() throws Exception {
        Path report = AgentJvm.run(dir, "notes", ManyNotesScenarios.class.getName(), "linger=300ms,jfr=false");
        JsonNode tree = ReportReader.readTree(report);
        assertEquals(1, tree.get("notes").size(), tree.get("notes").toString());
        assertEquals(134 * 21, tree.get("notes").get(0).get("count").asInt());
        JsonNode perTest = tree.get("notes").get(0).get("tests");
        assertEquals(1, perTest.size(), "134 invocations of one parameterized test: one test, " + perTest);
        assertEquals(134 * 21, perTest.get(0).get("count").asInt());
        assertEquals(2, tree.get("summary").get("testsAffected").asInt(), "notes make no test affected");
        assertEquals(1, tree.get("summary").get("fromFailedTests").asInt());

        Fixtures.Run run = Fixtures.cli("report", "--out", dir.resolve("page").toString(), report.getParent().toString());
        assertEquals(1, run.exit(), run.toString());
        assertTrue(run.out().contains("2 leaks, 0 warnings in 2 of 136 tests (1 from failed tests); 2814 notes"), run.toString());
        String console = run.out();
        assertTrue(console.indexOf("worst sites") < console.indexOf("notes (never failing"), console);
        Path page = dir.resolve("page/index.html");
        long size = Files.size(page);
        System.out.println("page with 2,814 notes in 134 invocations: " + size + " bytes");
        assertTrue(size < 250_000, "the page stays small: " + size + " bytes");

        browser = PageInBrowserTest.launch(dir.resolve("profile"));
        browser.get(page.toUri().toString());
        PageInBrowserTest.awaitReady(browser);
        assertEquals("2 leaks, 0 warnings, 2814 notes", browser.findElement(By.id("verdict")).getText());
        assertTrue(browser.findElement(By.id("fact-tests")).getText().startsWith("2 of 136"));
        assertTrue(browser.findElement(By.id("fact-failed")).getText().startsWith("1 "));
        List<WebElement> rows = browser.findElements(By.cssSelector("#view details.group"));
        assertEquals(3, rows.size());
        assertTrue(rows.get(0).getText().contains("server-socket"), rows.get(0).getText());
        assertTrue(rows.get(2).getText().startsWith("2814"), "the notes come last: " + rows.get(2).getText());
        assertTrue(rows.get(2).getText().contains("in 1 test"), rows.get(2).getText());

        browser.findElement(By.id("f-passing")).click();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                browser.findElements(By.cssSelector("#view details.group")).size() == 1);
        assertTrue(browser.findElement(By.cssSelector("#view details.group")).getText().contains("server-socket"));
    }
}
