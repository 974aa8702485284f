package dev.leakaudit.proxy.tls;

import java.nio.file.Path;

/**
 * A certificate, key or CA file that cannot be used: missing, unreadable, not what it should be,
 * expired, or a key that does not belong to its certificate. The message names the route (once
 * known) and the file, and says what is wrong, in one line.
 */
public final class TlsFileException extends Exception {

    private final String route;
    private final Path file;
    private final String problem;

    public TlsFileException(Path file, String problem) {
        this(null, file, problem, null);
    }

    public TlsFileException(Path file, String problem, Throwable cause) {
        this(null, file, problem, cause);
    }

    private TlsFileException(String route, Path file, String problem, Throwable cause) {
        super((route == null ? "" : "route \"" + route + "\": ") + file + ": " + problem, cause);
        this.route = route;
        this.file = file;
        this.problem = problem;
    }

    /** The same problem, said of a route. */
    public TlsFileException inRoute(String routeName) {
        return new TlsFileException(routeName, file, problem, getCause());
    }

    /** The route's name, or null. */
    public String route() {
        return route;
    }

    public Path file() {
        return file;
    }

    /** What is wrong, without route or file. */
    public String problem() {
        return problem;
    }
}
