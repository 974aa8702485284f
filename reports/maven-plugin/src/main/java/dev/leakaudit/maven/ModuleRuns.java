package dev.leakaudit.maven;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.apache.maven.project.MavenProject;

/**
 * What one module's test runs left behind: the leak-audit folders that hold reports, and the
 * Surefire and Failsafe result files that say its tests ran.
 */
final class ModuleRuns {

    /** Where prepare-agent and prepare-agent-integration write, under the build directory. */
    static final String UNIT_FOLDER = "leak-audit";
    static final String INTEGRATION_FOLDER = "leak-audit-it";
    private static final List<String> TEST_RESULT_FOLDERS = List.of("surefire-reports", "failsafe-reports");

    private final MavenProject project;
    private final List<Path> dataFolders;

    private ModuleRuns(MavenProject project, List<Path> dataFolders) {
        this.project = project;
        this.dataFolders = dataFolders;
    }

    /** The folders named, or else the module's two default folders. */
    static ModuleRuns of(MavenProject project, List<Path> folders) {
        List<Path> dataFolders = folders != null && !folders.isEmpty() ? folders
                : List.of(build(project).resolve(UNIT_FOLDER), build(project).resolve(INTEGRATION_FOLDER));
        return new ModuleRuns(project, dataFolders);
    }

    MavenProject project() {
        return project;
    }

    List<Path> dataFolders() {
        return dataFolders;
    }

    /** The folders that hold at least one leak-report file (a JVM's report, or its start-up marker). */
    List<Path> foldersWithReports() {
        List<Path> found = new ArrayList<>();
        for (Path folder : dataFolders) {
            if (holdsReports(folder)) {
                found.add(folder);
            }
        }
        return found;
    }

    /** Surefire's and Failsafe's TEST-*.xml files: tests ran in this module. */
    List<Path> testResults() {
        List<Path> results = new ArrayList<>();
        for (String name : TEST_RESULT_FOLDERS) {
            Path folder = build(project).resolve(name);
            if (Files.isDirectory(folder)) {
                try (Stream<Path> files = Files.list(folder)) {
                    files.filter(f -> f.getFileName().toString().startsWith("TEST-")
                            && f.getFileName().toString().endsWith(".xml")).forEach(results::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return results;
    }

    /** When the newest test result file was written; 0 when there is none. */
    long newestTestResultMillis() {
        long newest = 0;
        for (Path result : testResults()) {
            try {
                FileTime time = Files.getLastModifiedTime(result);
                newest = Math.max(newest, time.toMillis());
            } catch (IOException e) {
                // gone meanwhile: not a result of this build
            }
        }
        return newest;
    }

    private static boolean holdsReports(Path folder) {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(folder, 12)) {
            return files.anyMatch(f -> f.getFileName().toString().startsWith("leak-report-") && Files.isRegularFile(f));
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    static Path build(MavenProject project) {
        return Path.of(project.getBuild().getDirectory());
    }

    /** A path relative to the module's folder, as the build log shows it. */
    String relative(Path path) {
        Path base = project.getBasedir().toPath().toAbsolutePath();
        Path absolute = path.toAbsolutePath();
        return absolute.startsWith(base) ? base.relativize(absolute).toString() : absolute.toString();
    }
}
