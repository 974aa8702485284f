package dev.leakaudit.agent.report;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import dev.leakaudit.agent.config.ThisJvm;
import dev.leakaudit.format.JsonWriter;
import dev.leakaudit.format.ReportFormat;

/**
 * Writes {@code index.html} beside the JSON report: the format's page template with this JVM's
 * report (and the kind catalog) as its data block, so the agent and the reports command line fill
 * the same page.
 */
public final class ReportPage {

    private ReportPage() {
    }

    /** Never throws: a page that cannot be written costs one line on standard error, nothing more. */
    public static void writeBeside(Path reportFile) {
        try {
            String name = reportFile.getFileName().toString();
            StringWriter kinds = new StringWriter();
            ReportFormat.writeKinds(new JsonWriter(kinds));
            StringWriter quoted = new StringWriter();
            new JsonWriter(quoted).value(name);
            String data = "{\"schema\":\"" + ReportFormat.PAGE_SCHEMA + "\",\"title\":\"JVM " + ThisJvm.pid()
                    + "\",\"file\":" + quoted + ",\"kinds\":" + kinds + ",\"run\":"
                    + Files.readString(reportFile, StandardCharsets.UTF_8).strip() + "}";
            Path page = reportFile.resolveSibling("index.html");
            Path partial = reportFile.resolveSibling(name + ".html.partial");
            Files.writeString(partial, ReportFormat.page(data), StandardCharsets.UTF_8);
            Files.move(partial, page, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            System.err.println("[leak-audit] could not write index.html beside " + reportFile + ": " + e);
        }
    }
}
