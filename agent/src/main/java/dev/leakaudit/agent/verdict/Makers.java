package dev.leakaudit.agent.verdict;

import java.net.URL;
import java.security.CodeSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;


/**
 * Who made a thing, read from its creation stack. A thing belongs to the code that made it, never
 * to whatever happens to hold it: what the test's own code made (the first frame of the program on
 * its stack is in a test class's source file: the test class, its lambdas, inner and nested
 * classes) is the test's wherever it is kept. What a holder's own code made can be the holder's
 * shared fixture: the holder's class is on the stack before any test frame, or, for a holder that
 * is not test support code (a library, the program under test), a class of its library or one of
 * the collaborators it holds the thing through (a client and its connection pool). Test support
 * code (classes that come from where the test classes come from) counts only by its own class: a
 * helper's static list keeps what tests and helpers put into it, and makes none of it shared. One
 * per batch of verdicts: it caches what it learns about classes.
 */
final class Makers {

    private static final String STATIC_INITIALIZER = "<clinit>";

    /** Outermost class names of the test classes seen: their source files are the tests' own code. */
    private final Set<String> testFiles;
    /** Where the test classes were loaded from (test-classes folders, test jars): test support code. */
    private final Set<String> testLocations;
    private final Map<Class<?>, Map<String, Boolean>> sameLibrary = new HashMap<>();

    Makers(Set<String> testFiles, Set<String> testLocations) {
        this.testFiles = testFiles;
        this.testLocations = testLocations;
    }

    /** Where {@code type} was loaded from, or null (the JDK's own, generated classes). */
    static String locationOf(Class<?> type) {
        try {
            URL location = location(type);
            return location == null ? null : location.toString();
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** Test support code: loaded from where the test classes come from. */
    private boolean isTestSupport(Class<?> type) {
        String location = locationOf(type);
        return location == null || testLocations.contains(location);
    }

    /** True when the first frame of the program on {@code frames} is the tests' own code. */
    boolean byTestCode(List<String> frames) {
        for (String frame : frames) {
            if (!StackFrames.isJdkOrAgent(frame)) {
                return isTestCode(classOf(frame));
            }
        }
        return false;
    }

    /**
     * True when {@code holder}'s own code is on {@code frames} before the first frame of the tests'
     * own code: its source file; or, when the holder is not test support code, a class of its
     * library (loaded from where the holder was) or of a collaborator in {@code through}. A helper's
     * static list that merely keeps what a test or a helper made is never on that creation stack.
     */
    boolean byHolder(List<String> frames, Class<?> holder, List<Class<?>> through) {
        if (holder == null) {
            return false;
        }
        String holderFile = outermost(holder.getName());
        boolean library = !isTestSupport(holder);
        Set<String> collaborators = new java.util.HashSet<>();
        for (Class<?> type : through) {
            if (!isTestSupport(type)) {
                collaborators.add(outermost(type.getName()));
            }
        }
        for (String frame : frames) {
            if (StackFrames.isJdkOrAgent(frame)) {
                continue;
            }
            String className = classOf(frame);
            if (isTestCode(className)) {
                return false;
            }
            if (outermost(className).equals(holderFile) || collaborators.contains(outermost(className))
                    || library && inHolderLibrary(className, holder)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The class whose static initializer made it, when one of a class outside the tests' own code is
     * on {@code frames} before any test frame (a library singleton set up on first use): made once
     * for the life of the process. Null otherwise.
     */
    String staticInitializer(List<String> frames) {
        for (String frame : frames) {
            if (StackFrames.isJdkOrAgent(frame)) {
                continue;
            }
            String className = classOf(frame);
            if (isTestCode(className)) {
                return null;
            }
            if (STATIC_INITIALIZER.equals(methodOf(frame))) {
                return className;
            }
        }
        return null;
    }

    boolean isTestCode(String className) {
        return testFiles.contains(outermost(className));
    }

    /** A class loaded from where a library holder was loaded (its jar or classes folder) is the holder's code. */
    private boolean inHolderLibrary(String className, Class<?> holder) {
        Map<String, Boolean> known = sameLibrary.computeIfAbsent(holder, ignored -> new HashMap<>());
        Boolean cached = known.get(className);
        if (cached == null) {
            cached = sameLocation(className, holder);
            known.put(className, cached);
        }
        return cached;
    }

    private static boolean sameLocation(String className, Class<?> holder) {
        try {
            URL holderLocation = location(holder);
            if (holderLocation == null) {
                return false;
            }
            Class<?> type = Class.forName(className, false, holder.getClassLoader());
            return Objects.equals(holderLocation.toString(), String.valueOf(location(type)));
        } catch (ClassNotFoundException | RuntimeException | LinkageError e) {
            return false; // not visible from the holder's loader: not its library
        }
    }

    private static URL location(Class<?> type) {
        CodeSource source = type.getProtectionDomain() == null ? null : type.getProtectionDomain().getCodeSource();
        return source == null ? null : source.getLocation();
    }

    /** {@code com.acme.Foo$Bar} for {@code com.acme.Foo$Bar.lambda$run$0(Foo.java:12)}. */
    static String classOf(String frame) {
        String qualified = qualifiedMethod(frame);
        int dot = qualified.lastIndexOf('.');
        return dot < 0 ? qualified : qualified.substring(0, dot);
    }

    static String methodOf(String frame) {
        String qualified = qualifiedMethod(frame);
        return qualified.substring(qualified.lastIndexOf('.') + 1);
    }

    private static String qualifiedMethod(String frame) {
        int paren = frame.indexOf('(');
        return paren < 0 ? frame : frame.substring(0, paren);
    }

    /** {@code com.acme.EchoTest} for {@code com.acme.EchoTest$Nested$Helper}: the class of its source file. */
    static String outermost(String className) {
        int dollar = className.indexOf('$');
        return dollar < 0 ? className : className.substring(0, dollar);
    }
}
