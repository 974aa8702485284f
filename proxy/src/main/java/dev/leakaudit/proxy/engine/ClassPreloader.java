package dev.leakaudit.proxy.engine;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads the proxy's own classes at start when they come from a directory (tests, IDEs), not a jar.
 * Out of descriptors, loading a class from a directory fails (opening its file needs one), and the
 * failure paths, which run exactly then, would be the first to need theirs. A jar is open already.
 */
final class ClassPreloader {

    private ClassPreloader() {
    }

    static void preloadOwnClasses() {
        try {
            CodeSource source = ClassPreloader.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return;
            }
            Path root = Path.of(source.getLocation().toURI());
            if (!Files.isDirectory(root)) {
                return;
            }
            Path own = root.resolve("dev/leakaudit/proxy");
            List<String> names;
            try (Stream<Path> files = Files.walk(own)) {
                names = files.filter(p -> p.toString().endsWith(".class"))
                        .map(p -> root.relativize(p).toString())
                        .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
                        .toList();
            }
            ClassLoader loader = ClassPreloader.class.getClassLoader();
            for (String name : names) {
                try {
                    Class.forName(name, false, loader);
                } catch (LinkageError | ClassNotFoundException ignored) {
                    // best effort
                }
            }
        } catch (java.io.IOException | URISyntaxException | RuntimeException ignored) {
            // best effort: nothing depends on it when descriptors are plentiful
        }
    }
}
