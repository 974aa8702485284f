package dev.leakaudit.agent.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.leakaudit.agent.attribution.TestScope;
import dev.leakaudit.agent.verdict.Finding;

/**
 * Notes (a plain double close) as the report carries them: one group per kind, creation site and
 * resource class, with one example's stacks and message and a count per test. A library that closes
 * a channel twice on every connection makes one group, not thousands of findings with a stack each.
 */
final class NoteGroups {

    /** The notes of one site: the first one's details, how many there were, and how many per test. */
    static final class Group {
        final Finding example;
        int count;
        /** Per test name (null: outside any test), in the order first seen. */
        final Map<String, Integer> byTest = new LinkedHashMap<>();

        Group(Finding example) {
            this.example = example;
        }
    }

    private NoteGroups() {
    }

    static List<Group> of(List<Finding> notes) {
        Map<String, Group> groups = new LinkedHashMap<>();
        for (Finding note : notes) {
            String key = note.kind() + '\n' + note.site() + '\n' + note.resourceClass();
            Group group = groups.computeIfAbsent(key, ignored -> new Group(note));
            group.count++;
            TestScope scope = note.scope();
            group.byTest.merge(scope == null ? null : scope.name(), 1, Integer::sum);
        }
        List<Group> ordered = new ArrayList<>(groups.values());
        if (ordered.size() > 1) { // no lambda linked in a report without notes (every start marker)
            ordered.sort((a, b) -> Integer.compare(b.count, a.count)); // stable: ties keep first-seen order
        }
        return ordered;
    }
}
