package dev.leakaudit.agent.instrument;

import java.util.List;

/** The advice a kind adds to one or more classes, named: {@code plan.type("java.net.Socket").advice(...)}. */
public final class TypeAdvice {

    private final List<ClassAdvice> classes;

    TypeAdvice(List<ClassAdvice> classes) {
        this.classes = classes;
    }

    /** Inlines {@code adviceClass} into the methods {@code methods} picks. */
    public TypeAdvice advice(MethodMatch methods, String adviceClass) {
        for (ClassAdvice advice : classes) {
            advice.add(new ClassAdvice.Entry(methods, adviceClass));
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
