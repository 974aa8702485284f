package dev.leakaudit.agent.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The options that name user code or choose when retention is checked: {@code handlers}
 * ({@code CLASS#ADD/REMOVE[/REMOVE_ALL]}), {@code cleanup} ({@code CLASS#METHOD}) and
 * {@code retention} ({@code test}, {@code class}, {@code run} or {@code off}). Checked when the
 * options are parsed, so a bad value stops the agent with one line naming the option.
 */
public final class UserCodeOptions {

    /** When closed resources are checked for being retained. */
    public enum Retention {
        TEST, CLASS, RUN, OFF;

        public String optionValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One {@code handlers} entry: the class and the names of its add, remove and (optional) remove-all methods. */
    public static final class HandlerSpec {
        private final String className;
        private final String add;
        private final String remove;
        private final String removeAll;

        HandlerSpec(String className, String add, String remove, String removeAll) {
            this.className = className;
            this.add = add;
            this.remove = remove;
            this.removeAll = removeAll;
        }

        public String className() {
            return className;
        }

        public String add() {
            return add;
        }

        public String remove() {
            return remove;
        }

        /** Null when the entry names no remove-all method. */
        public String removeAll() {
            return removeAll;
        }

        @Override
        public String toString() {
            return className + '#' + add + '/' + remove + (removeAll == null ? "" : '/' + removeAll);
        }
    }

    /** One {@code cleanup} entry: a method that must be idempotent. */
    public static final class CleanupSpec {
        private final String className;
        private final String method;

        CleanupSpec(String className, String method) {
            this.className = className;
            this.method = method;
        }

        public String className() {
            return className;
        }

        public String method() {
            return method;
        }

        @Override
        public String toString() {
            return className + '#' + method;
        }
    }

    private final List<HandlerSpec> handlers;
    private final List<CleanupSpec> cleanups;
    private final Retention retention;

    private UserCodeOptions(List<HandlerSpec> handlers, List<CleanupSpec> cleanups, Retention retention) {
        this.handlers = Collections.unmodifiableList(handlers);
        this.cleanups = Collections.unmodifiableList(cleanups);
        this.retention = retention;
    }

    /** Parses the three options from the raw values (defaults filled in). */
    public static UserCodeOptions parse(Map<String, String> values) throws OptionsException {
        return new UserCodeOptions(handlers(values.getOrDefault(AgentOptions.HANDLERS, "")),
                cleanups(values.getOrDefault(AgentOptions.CLEANUP, "")),
                retention(values.getOrDefault(AgentOptions.RETENTION, "class")));
    }

    private static List<HandlerSpec> handlers(String value) throws OptionsException {
        List<HandlerSpec> specs = new ArrayList<>();
        for (String item : items(value)) {
            int hash = item.indexOf('#');
            String[] methods = hash < 0 ? new String[0] : item.substring(hash + 1).split("/", -1);
            if (hash <= 0 || methods.length < 2 || methods.length > 3) {
                throw new OptionsException("option '" + AgentOptions.HANDLERS + "': '" + item
                        + "' is not CLASS#ADD/REMOVE[/REMOVE_ALL] (e.g. com.example.Events#on/off/removeAllListeners)");
            }
            String className = checkedClass(AgentOptions.HANDLERS, item, item.substring(0, hash));
            for (String method : methods) {
                checkedMethod(AgentOptions.HANDLERS, item, method);
            }
            specs.add(new HandlerSpec(className, methods[0], methods[1], methods.length == 3 ? methods[2] : null));
        }
        return specs;
    }

    private static List<CleanupSpec> cleanups(String value) throws OptionsException {
        List<CleanupSpec> specs = new ArrayList<>();
        for (String item : items(value)) {
            int hash = item.indexOf('#');
            if (hash <= 0 || hash == item.length() - 1) {
                throw new OptionsException("option '" + AgentOptions.CLEANUP + "': '" + item
                        + "' is not CLASS#METHOD (e.g. com.example.Connection#cleanup)");
            }
            String className = checkedClass(AgentOptions.CLEANUP, item, item.substring(0, hash));
            String method = checkedMethod(AgentOptions.CLEANUP, item, item.substring(hash + 1));
            specs.add(new CleanupSpec(className, method));
        }
        return specs;
    }

    private static Retention retention(String value) throws OptionsException {
        String text = value.trim().toLowerCase(Locale.ROOT);
        for (Retention retention : Retention.values()) {
            if (retention.optionValue().equals(text)) {
                return retention;
            }
        }
        throw new OptionsException("option '" + AgentOptions.RETENTION + "': '" + value
                + "' is not one of test, class, run, off");
    }

    private static List<String> items(String value) {
        List<String> items = new ArrayList<>();
        for (String item : value.split(":")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return items;
    }

    private static String checkedClass(String option, String item, String className) throws OptionsException {
        for (String part : className.split("\\.", -1)) {
            if (!isIdentifier(part.replace('$', '_'))) {
                throw new OptionsException("option '" + option + "': '" + item + "' does not start with a class name"
                        + " (fully qualified, nested classes with $)");
            }
        }
        return className;
    }

    private static String checkedMethod(String option, String item, String method) throws OptionsException {
        if (!isIdentifier(method)) {
            throw new OptionsException("option '" + option + "': '" + item + "' names an invalid method '"
                    + method + "'");
        }
        return method;
    }

    private static boolean isIdentifier(String text) {
        if (text.isEmpty() || !Character.isJavaIdentifierStart(text.charAt(0))) {
            return false;
        }
        for (int i = 1; i < text.length(); i++) {
            if (!Character.isJavaIdentifierPart(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    public List<HandlerSpec> handlers() {
        return handlers;
    }

    public List<CleanupSpec> cleanups() {
        return cleanups;
    }

    public Retention retention() {
        return retention;
    }
}
