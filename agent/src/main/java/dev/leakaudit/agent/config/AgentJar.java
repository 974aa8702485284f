package dev.leakaudit.agent.config;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * The jar the agent runs from, and its entries read straight from it: a class loader's
 * {@code getResourceAsStream} goes through URL connections whose first use costs every JVM about
 * 20 ms of its start, where the jar, already open for the class loader, serves the same bytes in 2.
 */
public final class AgentJar {

    private AgentJar() {
    }

    /** The agent jar, or null when the agent's classes do not come from a jar file (its own tests). */
    public static File file() {
        try {
            CodeSource source = AgentJar.class.getProtectionDomain().getCodeSource();
            File file = source == null ? null : new File(source.getLocation().toURI());
            return file != null && file.isFile() ? file : null;
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /** The bytes of one entry, e.g. {@code dev/leakaudit/format/page/index.html}. */
    public static byte[] read(String entry) throws IOException {
        return read(List.of(entry)).get(0);
    }

    /** The bytes of each entry named, in order; an entry the agent lacks is an error. */
    public static List<byte[]> read(List<String> entries) throws IOException {
        List<byte[]> contents = new ArrayList<>(entries.size());
        File jar = file();
        if (jar == null) {
            for (String entry : entries) {
                try (InputStream in = AgentJar.class.getClassLoader().getResourceAsStream(entry)) {
                    contents.add(readAll(in, entry));
                }
            }
            return contents;
        }
        try (JarFile file = new JarFile(jar, false)) {
            for (String entry : entries) {
                ZipEntry found = file.getEntry(entry);
                try (InputStream in = found == null ? null : file.getInputStream(found)) {
                    contents.add(readAll(in, entry));
                }
            }
        }
        return contents;
    }

    private static byte[] readAll(InputStream in, String entry) throws IOException {
        if (in == null) {
            throw new IOException("the agent jar lacks " + entry);
        }
        return in.readAllBytes();
    }
}
