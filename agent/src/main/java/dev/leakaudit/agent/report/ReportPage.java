package dev.leakaudit.agent.report;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import dev.leakaudit.agent.config.AgentJar;
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
            StringWriter head = new StringWriter();
            JsonWriter json = new JsonWriter(head);
            json.beginObject()
                    .member("schema", ReportFormat.PAGE_SCHEMA)
                    .member("title", "JVM " + ThisJvm.pid())
                    .member("file", name);
            json.name("kinds");
            ReportFormat.writeKinds(json);
            byte[] run = Files.readAllBytes(reportFile);
            byte[] before = (head + ",\"run\":").getBytes(StandardCharsets.UTF_8);
            byte[] data = new byte[before.length + run.length + 1];
            System.arraycopy(before, 0, data, 0, before.length);
            System.arraycopy(run, 0, data, before.length, run.length);
            data[data.length - 1] = '}';
            Path page = reportFile.resolveSibling("index.html");
            Path partial = reportFile.resolveSibling(name + ".html.partial");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial))) {
                ReportFormat.writePage(out, AgentJar.read(ReportFormat.PAGE_RESOURCE), data);
            }
            Files.move(partial, page, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            System.err.println("[leak-audit] could not write index.html beside " + reportFile + ": " + e);
        }
    }
}
