package dev.leakaudit.agent.instrument;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Everything the plan weaves into one class, by name: its advice in order, and the modules its module must read. */
final class ClassAdvice {

    /** One advice class for the methods {@code methods} picks. */
    record Entry(MethodMatch methods, String adviceClass) {
    }

    private final String className;
    private final List<Entry> entries = new ArrayList<>();
    private final Set<Module> reads = new LinkedHashSet<>();
    private String recipe; // the plan is complete before the transformer is added; built at first use

    ClassAdvice(String className) {
        this.className = className;
    }

    String className() {
        return className;
    }

    void add(Entry entry) {
        entries.add(entry);
    }

    void read(Module module) {
        reads.add(module);
    }

    List<Entry> entries() {
        return entries;
    }

    Set<Module> reads() {
        return reads;
    }

    /** What the woven bytes depend on besides the class's own bytes and the agent build: the cache key's last part. */
    synchronized String recipe() {
        if (recipe == null) {
            StringBuilder text = new StringBuilder(className);
            for (Entry entry : entries) {
                text.append('|').append(entry.adviceClass()).append(" into ").append(entry.methods());
            }
            recipe = text.toString();
        }
        return recipe;
    }
}
