package dev.leakaudit.agent.instrument;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the agent weaves into which classes, by class name: every kind and the test runners' hooks
 * add to one plan, so one transformer serves them all and the classes already loaded are
 * retransformed in one pass. Names only: building it loads nothing of Byte Buddy.
 */
public final class AdvicePlan {

    private final Map<String, ClassAdvice> byInternalName = new LinkedHashMap<>();

    /** The advice for the classes named (binary names, e.g. {@code java.net.Socket$SocketInputStream}). */
    public TypeAdvice type(String... classNames) {
        List<ClassAdvice> classes = new ArrayList<>(classNames.length);
        for (String name : classNames) {
            classes.add(byInternalName.computeIfAbsent(name.replace('.', '/'), internal -> new ClassAdvice(name)));
        }
        return new TypeAdvice(classes);
    }

    /** The advice for a class, by the internal name a transformer is given, or null. */
    ClassAdvice forInternalName(String internalName) {
        return byInternalName.get(internalName);
    }

    /** Every class's advice, in the order the plan was built: what a self-test that passed vouches for. */
    String recipe() {
        StringBuilder text = new StringBuilder();
        for (ClassAdvice advice : byInternalName.values()) {
            text.append(advice.recipe()).append('\n');
        }
        return text.toString();
    }

    boolean covers(String binaryName) {
        return byInternalName.containsKey(binaryName.replace('.', '/'));
    }
}
