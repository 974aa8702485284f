package dev.leakaudit.agent.config;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.leakaudit.agent.verdict.Exclusions;

/**
 * The agent's options, given as {@code -javaagent:leak-audit-agent.jar=key=value,key=value}; list
 * values are separated by {@code :}, as in JaCoCo's agent.
 */
public final class AgentOptions {

    public static final String DESTDIR = "destdir";
    public static final String LINGER = "linger";
    public static final String EXCLUDES = "excludes";
    public static final String STACKDEPTH = "stackdepth";
    public static final String JFR = "jfr";
    public static final String THREADS = "threads";
    public static final String HANDLERS = "handlers";
    public static final String CLEANUP = "cleanup";
    public static final String RETENTION = "retention";
    public static final String STACKS = "stacks";
    /** {@code omit} (default) or {@code report}: findings whose creation stack has no frame of the program. */
    public static final String JDK_OWNED = "jdkowned";
    /** Stack prefixes of registrations that belong to a library for the life of the process. */
    public static final String PROCESS_WIDE = "processwide";
    /** Tests or test classes (by name prefix) whose leftovers are fixtures shared by the whole run. */
    public static final String FIXTURES = "fixtures";
    /** Where woven classes are kept for the next JVM: {@code on} (under destdir), {@code off}, or a folder. */
    public static final String CACHE = "cache";

    /** Every option with its default, in the order the README documents them. */
    public static final Map<String, String> DEFAULTS;

    static {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put(DESTDIR, "target/leak-audit");
        defaults.put(LINGER, "2s");
        defaults.put(EXCLUDES, "");
        defaults.put(STACKDEPTH, "32");
        defaults.put(STACKS, "site");     // site: one stack per call site; full: one per event
        defaults.put(JFR, "false");
        defaults.put(THREADS, "");       // extra thread-name prefixes never reported (':'-separated)
        defaults.put(HANDLERS, "");      // CLASS#ADD/REMOVE[/REMOVE_ALL] registrations to audit
        defaults.put(CLEANUP, "");       // CLASS#METHOD cleanup methods that must be idempotent
        defaults.put(RETENTION, "run");   // when to look for objects retained after close: test, class, run, off
        defaults.put(JDK_OWNED, "omit");  // omit or report findings the JDK's own internals created
        defaults.put(PROCESS_WIDE, "");   // registrations a library makes for the process's life, by stack prefix
        defaults.put(FIXTURES, "");       // tests whose leftovers are shared fixtures of the run, by name prefix
        defaults.put(CACHE, "on");        // woven classes kept for the next JVM: on (destdir/advice-cache), off, or a folder
        DEFAULTS = Collections.unmodifiableMap(defaults);
    }

    private final Path destdir;
    private final long lingerMillis;
    private final List<String> excludes;
    private final int stackDepth;
    private final boolean jfr;
    private final boolean fullStacks;
    private final boolean reportJdkOwned;
    private final Map<String, String> inForce;
    private final UserCodeOptions userCode;
    private final Path adviceCache;

    private AgentOptions(Map<String, String> values, UserCodeOptions userCode) throws OptionsException {
        this.inForce = Collections.unmodifiableMap(values);
        this.userCode = userCode;
        this.destdir = Paths.get(values.get(DESTDIR)).toAbsolutePath().normalize();
        this.lingerMillis = parseDuration(LINGER, values.get(LINGER));
        this.excludes = parseList(values.get(EXCLUDES));
        for (String exclude : excludes) {
            String kind = Exclusions.kindOf(exclude);
            if (kind != null && !Exclusions.KINDS.contains(kind)) {
                throw new OptionsException("option 'excludes': '" + exclude + "' names no kind of finding ('" + kind
                        + "'; kinds: " + String.join(", ", Exclusions.KINDS) + ")");
            }
        }
        this.stackDepth = parseInt(STACKDEPTH, values.get(STACKDEPTH), 1, 1024);
        this.jfr = parseBoolean(JFR, values.get(JFR));
        this.fullStacks = parseStacks(values.get(STACKS));
        this.reportJdkOwned = parseJdkOwned(values.get(JDK_OWNED));
        this.adviceCache = parseCache(values.get(CACHE), destdir);
    }

    private static Path parseCache(String value, Path destdir) throws OptionsException {
        String text = value.trim();
        if (text.equalsIgnoreCase("on")) {
            return destdir.resolve("advice-cache");
        }
        if (text.equalsIgnoreCase("off")) {
            return null;
        }
        if (text.isEmpty()) {
            throw new OptionsException("option 'cache': give on, off or a folder");
        }
        return Paths.get(text).toAbsolutePath().normalize();
    }

    /** The folder woven classes are kept in for the next JVM of the same agent build, or null ({@code cache=off}). */
    public Path adviceCache() {
        return adviceCache;
    }

    private static boolean parseJdkOwned(String value) throws OptionsException {
        String text = value.trim().toLowerCase(Locale.ROOT);
        if (text.equals("omit")) {
            return false;
        }
        if (text.equals("report")) {
            return true;
        }
        throw new OptionsException("option 'jdkOwned': '" + value + "' is not omit or report");
    }

    /** {@code jdkOwned=report}: findings created by the JDK's own internals are reported, named by component. */
    public boolean reportJdkOwned() {
        return reportJdkOwned;
    }

    private static boolean parseStacks(String value) throws OptionsException {
        String text = value.trim().toLowerCase(Locale.ROOT);
        if (text.equals("site")) {
            return false;
        }
        if (text.equals("full")) {
            return true;
        }
        throw new OptionsException("option 'stacks': '" + value + "' is not site or full");
    }

    public static AgentOptions defaults() {
        try {
            return parse(null);
        } catch (OptionsException e) {
            throw new IllegalStateException(e);
        }
    }

    public static AgentOptions parse(String text) throws OptionsException {
        Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
        if (text != null && !text.isBlank()) {
            for (String pair : text.split(",")) {
                if (pair.isBlank()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                if (equals <= 0) {
                    throw new OptionsException("malformed option '" + pair.trim() + "': expected key=value");
                }
                String key = pair.substring(0, equals).trim().toLowerCase(Locale.ROOT);
                if (!DEFAULTS.containsKey(key)) {
                    throw new OptionsException("unknown option '" + key + "' (known options: "
                            + String.join(", ", DEFAULTS.keySet()) + ")");
                }
                values.put(key, pair.substring(equals + 1).trim());
            }
        }
        if (values.get(DESTDIR).isEmpty()) {
            throw new OptionsException("option 'destdir' needs a folder");
        }
        return new AgentOptions(values, UserCodeOptions.parse(values)); // handlers, cleanup, retention: parsed once
    }

    /** Accepts {@code 2s}, {@code 500ms}, {@code 1m} or a plain number of milliseconds. */
    static long parseDuration(String option, String value) throws OptionsException {
        String text = value.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (text.endsWith("ms")) {
            text = text.substring(0, text.length() - 2);
        } else if (text.endsWith("s")) {
            text = text.substring(0, text.length() - 1);
            unit = 1000;
        } else if (text.endsWith("m")) {
            text = text.substring(0, text.length() - 1);
            unit = 60_000;
        }
        try {
            long amount = Long.parseLong(text.trim());
            if (amount < 0 || amount > 3_600_000 / unit) {
                throw new OptionsException("option '" + option + "': '" + value + "' is out of range (0 to 1h)");
            }
            return amount * unit;
        } catch (NumberFormatException e) {
            throw new OptionsException("option '" + option + "': '" + value
                    + "' is not a duration (use e.g. 2s, 500ms or 1m)");
        }
    }

    private static int parseInt(String option, String value, int min, int max) throws OptionsException {
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < min || parsed > max) {
                throw new OptionsException("option '" + option + "': " + value + " is out of range (" + min + " to "
                        + max + ")");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new OptionsException("option '" + option + "': '" + value + "' is not a whole number");
        }
    }

    private static boolean parseBoolean(String option, String value) throws OptionsException {
        String text = value.trim().toLowerCase(Locale.ROOT);
        if (text.equals("true") || text.equals("on") || text.equals("yes")) {
            return true;
        }
        if (text.equals("false") || text.equals("off") || text.equals("no")) {
            return false;
        }
        throw new OptionsException("option '" + option + "': '" + value + "' is not true or false");
    }

    private static List<String> parseList(String value) {
        List<String> items = new ArrayList<>();
        for (String item : value.split(":")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return Collections.unmodifiableList(items);
    }

    public Path destdir() {
        return destdir;
    }

    public long lingerMillis() {
        return lingerMillis;
    }

    public List<String> excludes() {
        return excludes;
    }

    public int stackDepth() {
        return stackDepth;
    }

    public boolean jfr() {
        return jfr;
    }

    /** {@code stacks=full}: a full stack for every event, and on the JFR open events, instead of one per call site. */
    public boolean fullStacks() {
        return fullStacks;
    }

    /** Handlers to pair, cleanup methods to check, and when to look for retention: parsed with the rest. */
    public UserCodeOptions userCode() {
        return userCode;
    }

    /** The raw text of an option (defaults filled in). */
    public String value(String key) {
        return inForce.get(key);
    }

    /** A ':'-separated option as a list. */
    public List<String> list(String key) {
        return parseList(inForce.getOrDefault(key, ""));
    }

    /** The options as given, defaults filled in, for the report. */
    public Map<String, String> inForce() {
        return inForce;
    }

    /**
     * The options that differ from their defaults, written back as the agent reads them
     * ({@code key=value,key=value}): {@code parse(toString())} gives these options again.
     */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, String> option : inForce.entrySet()) {
            if (!option.getValue().equals(DEFAULTS.get(option.getKey()))) {
                text.append(text.length() == 0 ? "" : ",").append(option.getKey()).append('=').append(option.getValue());
            }
        }
        return text.toString();
    }

    /** {@code -javaagent:JAR=OPTIONS}: the JVM argument that starts the agent with these options. */
    public String vmArgument(Path agentJar) {
        String options = toString();
        return "-javaagent:" + agentJar + (options.isEmpty() ? "" : "=" + options);
    }

    /**
     * A JVM command line (Surefire's {@code argLine}) with this agent in front, quoted when its path
     * holds spaces; everything else in it is kept, except an earlier leak-audit agent, so that
     * adding the agent twice leaves one.
     *
     * @throws IllegalArgumentException when the argument holds both kinds of quote and cannot be written
     */
    public String prependVmArgument(String arguments, Path agentJar) {
        return ArgLine.prepend(arguments, vmArgument(agentJar));
    }
}
