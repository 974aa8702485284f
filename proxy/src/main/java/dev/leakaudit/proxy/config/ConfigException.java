package dev.leakaudit.proxy.config;

import java.nio.file.Path;

/**
 * A configuration that cannot be used. The message names where, compiler-style, so it can be shown
 * as is: {@code proxy.json: routes[1].match.ports: "80-70" is not a valid port range} (the file only
 * when the configuration was read from one).
 */
public class ConfigException extends Exception {

    private final Path file;
    private final String path;
    private final String problem;

    public ConfigException(String path, String problem) {
        this(null, path, problem, null);
    }

    public ConfigException(String path, String problem, Throwable cause) {
        this(null, path, problem, cause);
    }

    private ConfigException(Path file, String path, String problem, Throwable cause) {
        super(compose(file, path, problem), cause);
        this.file = file;
        this.path = path == null ? "" : path;
        this.problem = problem;
    }

    /** The same error, attributed to the file it was read from. */
    public ConfigException inFile(Path source) {
        return new ConfigException(source, path, problem, getCause());
    }

    private static String compose(Path file, String path, String problem) {
        StringBuilder sb = new StringBuilder();
        if (file != null) {
            sb.append(file).append(": ");
        }
        if (path != null && !path.isEmpty()) {
            sb.append(path).append(": ");
        }
        return sb.append(problem).toString();
    }

    /** The file the configuration came from, or null. */
    public Path file() {
        return file;
    }

    /** The field path ("" for the configuration as a whole). */
    public String path() {
        return path;
    }

    /** What is wrong, without file or field. */
    public String problem() {
        return problem;
    }
}
