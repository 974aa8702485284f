package dev.leakaudit.agent.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes {@code index.html} beside the JSON report: the reports module's page template (shared
 * into this jar at build time) with this JVM's report as its data block, so the agent and the
 * reports command line fill the same page. The report's text is embedded as it is, with every
 * {@code <}, {@code >} and {@code &} written as a JSON escape so no string can end the block.
 */
public final class ReportPage {

    static final String TEMPLATE = "dev/leakaudit/reports/page/index.html";
    static final String PLACEHOLDER = "{\"placeholder\":\"LEAK_AUDIT_DATA\"}";

    private ReportPage() {
    }

    /** Never throws: a page that cannot be written costs one line on standard error, nothing more. */
    public static void writeBeside(Path reportFile) {
        try {
            String template = template();
            int at = template == null ? -1 : template.indexOf(PLACEHOLDER);
            if (at < 0) {
                System.err.println("[leak-audit] no page template in the agent jar; index.html not written");
                return;
            }
            String name = reportFile.getFileName().toString();
            String data = "{\"schema\":\"leak-audit-page/1\",\"title\":\"JVM " + ProcessHandle.current().pid()
                    + "\",\"file\":\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\",\"run\":"
                    + Files.readString(reportFile, StandardCharsets.UTF_8).strip() + "}";
            String safe = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                    .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
            Path page = reportFile.resolveSibling("index.html");
            Path partial = reportFile.resolveSibling(name + ".html.partial");
            Files.writeString(partial, template.substring(0, at) + safe + template.substring(at + PLACEHOLDER.length()),
                    StandardCharsets.UTF_8);
            Files.move(partial, page, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            System.err.println("[leak-audit] could not write index.html beside " + reportFile + ": " + e);
        }
    }

    private static String template() throws IOException {
        ClassLoader loader = ReportPage.class.getClassLoader();
        try (InputStream in = loader != null ? loader.getResourceAsStream(TEMPLATE)
                : ClassLoader.getSystemResourceAsStream(TEMPLATE)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
