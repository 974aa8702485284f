package dev.leakaudit.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;

/**
 * Builds the small jar that goes on the bootstrap class path: the bridge that advice inlined into
 * java.base calls, and the sink interface it forwards to. Uses java.base only, and must run before
 * anything touches those two classes.
 */
final class BootstrapJar {

    static final String[] CLASSES = {
        "dev/leakaudit/agent/bootstrap/LeakAuditBridge.class",
        "dev/leakaudit/agent/bootstrap/ResourceSink.class",
    };

    private BootstrapJar() {
    }

    static JarFile create() throws IOException {
        Path jar = Files.createTempFile("leak-audit-bootstrap", ".jar");
        jar.toFile().deleteOnExit();
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            for (String name : CLASSES) {
                try (InputStream in = BootstrapJar.class.getClassLoader().getResourceAsStream(name)) {
                    if (in == null) {
                        throw new IOException("the agent jar lacks " + name);
                    }
                    out.putNextEntry(new ZipEntry(name));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        return new JarFile(jar.toFile());
    }
}
