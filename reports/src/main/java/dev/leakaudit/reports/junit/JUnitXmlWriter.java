package dev.leakaudit.reports.junit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import dev.leakaudit.reports.merge.MergedRun;
import dev.leakaudit.reports.model.Finding;

/**
 * Surefire-style XML with one test case per test that leaked, failed with its findings, so CI
 * systems that render test results show leaks beside failures.
 */
public final class JUnitXmlWriter {

    public void write(MergedRun run, Path file) throws IOException {
        Map<String, List<Finding>> byTest = new TreeMap<>();
        for (MergedRun.Occurrence occurrence : run.occurrences()) {
            Finding finding = occurrence.finding();
            byTest.computeIfAbsent(finding.test() == null ? "(outside any test)" : finding.test(),
                    t -> new ArrayList<>()).add(finding);
        }
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", "leak-audit");
            xml.writeAttribute("tests", Integer.toString(byTest.size()));
            xml.writeAttribute("failures", Integer.toString(byTest.size()));
            xml.writeAttribute("errors", "0");
            xml.writeAttribute("skipped", "0");
            for (Map.Entry<String, List<Finding>> test : byTest.entrySet()) {
                String name = test.getKey();
                int hash = name.indexOf('#');
                xml.writeCharacters("\n  ");
                xml.writeStartElement("testcase");
                xml.writeAttribute("classname", clean(hash < 0 ? name : name.substring(0, hash)));
                xml.writeAttribute("name", clean(hash < 0 ? "(class)" : name.substring(hash + 1) + " [leak-audit]"));
                xml.writeStartElement("failure");
                List<Finding> findings = test.getValue();
                Map<String, Integer> kinds = new TreeMap<>();
                findings.forEach(f -> kinds.merge(f.kind(), 1, Integer::sum));
                xml.writeAttribute("type", "leak-audit");
                xml.writeAttribute("message", clean(findings.size() + (findings.size() == 1 ? " finding: " : " findings: ")
                        + kinds));
                StringBuilder text = new StringBuilder();
                for (Finding finding : findings) {
                    text.append(finding.severity()).append(' ').append(finding.kind()).append(": ")
                            .append(finding.message()).append('\n');
                }
                xml.writeCharacters(clean(text.toString()));
                xml.writeEndElement();
                xml.writeEndElement();
            }
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** XML 1.0 cannot carry most control characters, even escaped. */
    static String clean(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.appendCodePoint(
                c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                        || c >= 0x10000 ? c : '?'));
        return out.toString();
    }
}
