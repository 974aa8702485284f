package dev.leakaudit.agent.instrument;

import java.util.List;

/** The advice a kind adds to one or more classes, named: {@code plan.type("java.net.Socket").advice(...)}. */
public final class TypeAdvice {

    private final List<ClassAdvice> classes;

    TypeAdvice(List<ClassAdvice> classes) {
        this.classes = classes;
    }

    /** Inlines {@code adviceClass} into the methods {@code methods} picks; the match is fixed in the agent's code. */
    public TypeAdvice advice(MethodMatch methods, String adviceClass) {
        return advice("", methods, adviceClass);
    }

    /**
     * As {@link #advice(MethodMatch, String)} for a match that depends on the options (a configured
     * method name): {@code label} says what it depends on, so woven classes kept from another
     * configuration are not reused.
     */
    public TypeAdvice advice(String label, MethodMatch methods, String adviceClass) {
        for (ClassAdvice advice : classes) {
            advice.add(new ClassAdvice.Entry(methods, adviceClass, label));
        }
        return this;
    }

    /** The classes' module must read {@code module} (the bridge's) before advice in a named module can call it. */
    public TypeAdvice reading(Module module) {
        for (ClassAdvice advice : classes) {
            advice.read(module);
        }
        return this;
    }
}
