package dev.leakaudit.reports.sarif;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a stack frame such as {@code com.acme.Foo$Inner.connect(Foo.java:42)} to the project's
 * source file ({@code module/src/main/java/com/acme/Foo.java}, relative to the project root) and
 * line, by searching the project's source roots: every {@code src/X/LANG} folder of every module,
 * or the roots given.
 */
public final class SourceLocator {

    /** A frame resolved to a file of the project. */
    public record Location(String relativePath, Integer line) {
    }

    private static final Pattern FRAME = Pattern.compile("(.+)\\.[^.(]+\\(([^():]+)(?::(\\d+))?\\)");
    private static final List<String> LANGUAGES = List.of("java", "kotlin", "scala", "groovy");

    private final Path projectRoot;
    /** "com/acme/Foo.java" to the project-relative paths that hold it. */
    private final Map<String, List<String>> byPackagePath = new HashMap<>();

    public SourceLocator(Path projectRoot, List<Path> sourceRoots) throws IOException {
        this.projectRoot = projectRoot.toAbsolutePath().normalize();
        List<Path> roots = sourceRoots.isEmpty() ? findSourceRoots(this.projectRoot) : sourceRoots.stream()
                .map(root -> this.projectRoot.resolve(root).normalize()).toList();
        for (Path root : roots) {
            index(root);
        }
    }

    public Optional<Location> locate(String frame) {
        if (frame == null) {
            return Optional.empty();
        }
        Matcher matcher = FRAME.matcher(frame.trim());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        String className = matcher.group(1);
        int dot = className.lastIndexOf('.');
        String packagePath = dot < 0 ? "" : className.substring(0, dot).replace('.', '/') + '/';
        List<String> candidates = byPackagePath.get(packagePath + matcher.group(2));
        if (candidates == null || candidates.isEmpty()) {
            return Optional.empty();
        }
        // Main sources before test sources when a class exists in both.
        String chosen = candidates.stream().filter(p -> p.contains("/main/")).findFirst().orElse(candidates.get(0));
        return Optional.of(new Location(chosen, matcher.group(3) == null ? null : Integer.valueOf(matcher.group(3))));
    }

    private static List<Path> findSourceRoots(Path projectRoot) throws IOException {
        List<Path> roots = new ArrayList<>();
        Files.walkFileTree(projectRoot, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                if (!dir.equals(projectRoot) && (name.startsWith(".") || name.equals("target") || name.equals("build")
                        || name.equals("node_modules"))) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Path parent = dir.getParent();
                Path grandParent = parent == null ? null : parent.getParent();
                if (LANGUAGES.contains(name) && grandParent != null && grandParent.getFileName() != null
                        && grandParent.getFileName().toString().equals("src")) {
                    roots.add(dir);
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return roots;
    }

    private void index(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String packagePath = root.relativize(file).toString().replace('\\', '/');
                String relative = projectRoot.relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
                byPackagePath.computeIfAbsent(packagePath, p -> new ArrayList<>()).add(relative);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
