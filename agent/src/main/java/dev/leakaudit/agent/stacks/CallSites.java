package dev.leakaudit.agent.stacks;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Captures where resources, timers, threads and handlers begin, at option {@code stacks}:
 * <ul>
 *   <li>{@code site} (default): a short walk identifies the call site (the frames down to the first
 *   frame outside the JDK and the agent, and {@link #CALLERS} callers of it); the first event at a
 *   site captures the full stack, and every later event at that site shares it. A finding's
 *   {@code stack} is then the first one seen at its site: exact down to the site and its callers.</li>
 *   <li>{@code full}: every event captures its own full stack (exact, costs more).</li>
 * </ul>
 */
public final class CallSites {

    public enum Mode { SITE, FULL }

    /** Callers of the site frame that are part of the key: a helper called from two tests is two sites. */
    static final int CALLERS = 2;
    private static final int MAX_KEY_FRAMES = 24;
    private static final int MAX_SITES = 16_384;
    private static final String AGENT_PACKAGE = "dev.leakaudit.agent.";

    private final Mode mode;
    private final StackWalker walker = StackWalker.getInstance();
    private final KeyWalk keyWalk = new KeyWalk();
    private final Map<SiteKey, CallStack> sites = new ConcurrentHashMap<>();

    public CallSites(Mode mode) {
        this.mode = mode;
        capture(); // loads the walker's classes now, not inside advice
        sites.clear();
    }

    public Mode mode() {
        return mode;
    }

    /** Where the current thread is now. Never throws. */
    public CallStack capture() {
        if (mode == Mode.FULL) {
            return CallStack.here();
        }
        try {
            SiteKey key = walker.walk(keyWalk);
            CallStack known = sites.get(key);
            if (known != null) {
                return known;
            }
            CallStack fresh = CallStack.here();
            if (sites.size() >= MAX_SITES) {
                return fresh;
            }
            CallStack raced = sites.putIfAbsent(key, fresh);
            return raced != null ? raced : fresh;
        } catch (RuntimeException | LinkageError e) {
            return CallStack.here();
        }
    }

    /** Distinct sites seen so far. */
    public int siteCount() {
        return sites.size();
    }

    /** Reads the frames that identify the call site; a class rather than a lambda, as it runs inside advice. */
    private static final class KeyWalk implements Function<Stream<StackWalker.StackFrame>, SiteKey> {
        @Override
        public SiteKey apply(Stream<StackWalker.StackFrame> stream) {
            String[] classes = new String[MAX_KEY_FRAMES];
            String[] methods = new String[MAX_KEY_FRAMES];
            int[] positions = new int[MAX_KEY_FRAMES];
            int count = 0;
            int callersLeft = -1;
            Iterator<StackWalker.StackFrame> frames = stream.iterator();
            while (frames.hasNext() && count < MAX_KEY_FRAMES && callersLeft != 0) {
                StackWalker.StackFrame frame = frames.next();
                String className = frame.getClassName();
                if (count == 0 && className.startsWith(AGENT_PACKAGE)) {
                    continue;
                }
                classes[count] = className;
                methods[count] = frame.getMethodName();
                positions[count] = frame.getByteCodeIndex();
                count++;
                if (callersLeft > 0) {
                    callersLeft--;
                } else if (callersLeft < 0 && !isJdk(className)) {
                    callersLeft = CALLERS;
                }
            }
            return new SiteKey(classes, methods, positions, count);
        }
    }

    static boolean isJdk(String className) {
        return className.startsWith("java.") || className.startsWith("javax.") || className.startsWith("jdk.")
                || className.startsWith("sun.") || className.startsWith("com.sun.");
    }

    /** Class, method and bytecode position of each frame of a site. */
    private static final class SiteKey {
        private final String[] classes;
        private final String[] methods;
        private final int[] positions;
        private final int count;
        private final int hash;

        SiteKey(String[] classes, String[] methods, int[] positions, int count) {
            this.classes = classes;
            this.methods = methods;
            this.positions = positions;
            this.count = count;
            int h = count;
            for (int i = 0; i < count; i++) {
                h = 31 * (31 * (31 * h + classes[i].hashCode()) + methods[i].hashCode()) + positions[i];
            }
            this.hash = h;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            if (!(other instanceof SiteKey)) {
                return false;
            }
            SiteKey that = (SiteKey) other;
            if (that.hash != hash || that.count != count) {
                return false;
            }
            for (int i = count - 1; i >= 0; i--) {
                if (positions[i] != that.positions[i] || !classes[i].equals(that.classes[i])
                        || !methods[i].equals(that.methods[i])) {
                    return false;
                }
            }
            return true;
        }
    }
}
