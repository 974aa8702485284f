package dev.leakaudit.reports.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Notes of one site (a plain double close): one example's stacks and message, how many there were,
 * and how many in each test. Notes are shown after leaks and warnings and never fail a build.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NoteGroup(
        String kind,
        String severity,
        String resource,
        String site,
        String stackId,
        List<String> stack,
        String message,
        List<String> firstClose,
        List<String> secondClose,
        String owner,
        int count,
        List<TestCount> tests) {

    /** How many notes of the group one test had ({@code test} null: outside any test). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record TestCount(String test, int count) {
    }

    public NoteGroup {
        stack = stack == null ? List.of() : List.copyOf(stack);
        firstClose = firstClose == null ? null : List.copyOf(firstClose);
        secondClose = secondClose == null ? null : List.copyOf(secondClose);
        tests = tests == null ? List.of() : List.copyOf(tests);
    }

    /** What makes two groups one: kind, creation site and resource class. */
    @JsonIgnore
    public String key() {
        return kind + '\n' + site + '\n' + resource;
    }

    /** A finding of an older agent, which wrote each note as a finding, as a group of one. */
    public static NoteGroup of(Finding note) {
        return new NoteGroup(note.kind(), note.severity(), note.resource(), note.site(), note.stackId(), note.stack(),
                note.message(), note.firstClose(), note.secondClose(), note.owner(), 1,
                List.of(new TestCount(note.test(), 1)));
    }

    /** This group and {@code other} (same key) as one: counts added, per test too. */
    public NoteGroup plus(NoteGroup other) {
        Map<String, Integer> byTest = new LinkedHashMap<>();
        for (TestCount test : tests) {
            byTest.merge(test.test(), test.count(), Integer::sum);
        }
        for (TestCount test : other.tests()) {
            byTest.merge(test.test(), test.count(), Integer::sum);
        }
        List<TestCount> merged = new ArrayList<>();
        byTest.forEach((test, count) -> merged.add(new TestCount(test, count)));
        return new NoteGroup(kind, severity, resource, site, stackId, stack, message, firstClose, secondClose, owner,
                count + other.count(), merged);
    }

    /** Groups with the same key made one, in the order first seen, largest first. */
    public static List<NoteGroup> merged(List<NoteGroup> groups) {
        Map<String, NoteGroup> byKey = new LinkedHashMap<>();
        for (NoteGroup group : groups) {
            byKey.merge(group.key(), group, NoteGroup::plus);
        }
        List<NoteGroup> result = new ArrayList<>(byKey.values());
        result.sort((a, b) -> Integer.compare(b.count(), a.count()));
        return result;
    }
}
