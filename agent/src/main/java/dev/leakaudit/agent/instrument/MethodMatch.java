package dev.leakaudit.agent.instrument;

import java.util.Arrays;
import java.util.List;

/**
 * Which methods of a class one advice goes into, described as data: by name, argument count and
 * types, return type, modifiers, combined with {@code and}, {@code or} and {@code not}. Building
 * one loads nothing of Byte Buddy (a JVM whose classes all come woven from the cache never needs
 * it), and its text says exactly what it matches, so it is part of a woven class's cache key.
 * {@link MethodMatchers} turns it into Byte Buddy's matcher when a class is woven.
 */
public final class MethodMatch {

    enum Test { NAMED, CONSTRUCTOR, ARGUMENTS, ARGUMENT, RETURNS, STATIC, ABSTRACT, NATIVE, AND, OR, NOT }

    final Test test;
    final List<String> values;
    final List<MethodMatch> parts;

    private MethodMatch(Test test, List<String> values, List<MethodMatch> parts) {
        this.test = test;
        this.values = values;
        this.parts = parts;
    }

    private static MethodMatch of(Test test, String... values) {
        return new MethodMatch(test, List.of(values), List.of());
    }

    /** Methods with one of these names. */
    public static MethodMatch named(String... names) {
        return of(Test.NAMED, names);
    }

    public static MethodMatch constructor() {
        return of(Test.CONSTRUCTOR);
    }

    /** Methods taking exactly {@code count} arguments. */
    public static MethodMatch arguments(int count) {
        return of(Test.ARGUMENTS, String.valueOf(count));
    }

    /** Methods taking exactly these argument types. */
    public static MethodMatch arguments(Class<?>... types) {
        MethodMatch match = arguments(types.length);
        for (int i = 0; i < types.length; i++) {
            match = match.and(argument(i, types[i].getName()));
        }
        return match;
    }

    /** Methods whose argument {@code index} is of the type named (a binary name, as {@code Class.getName()}). */
    public static MethodMatch argument(int index, String typeName) {
        return of(Test.ARGUMENT, String.valueOf(index), typeName);
    }

    public static MethodMatch argument(int index, Class<?> type) {
        return argument(index, type.getName());
    }

    /** Methods returning the type named. */
    public static MethodMatch returning(String typeName) {
        return of(Test.RETURNS, typeName);
    }

    public static MethodMatch returning(Class<?> type) {
        return returning(type.getName());
    }

    public static MethodMatch isStatic() {
        return of(Test.STATIC);
    }

    public static MethodMatch isAbstract() {
        return of(Test.ABSTRACT);
    }

    public static MethodMatch isNative() {
        return of(Test.NATIVE);
    }

    public static MethodMatch not(MethodMatch match) {
        return new MethodMatch(Test.NOT, List.of(), List.of(match));
    }

    public MethodMatch and(MethodMatch other) {
        return new MethodMatch(Test.AND, List.of(), List.of(this, other));
    }

    public MethodMatch or(MethodMatch other) {
        return new MethodMatch(Test.OR, List.of(), List.of(this, other));
    }

    /** E.g. {@code (named[connect] and arguments[2])}: what it matches, for the cache key. */
    @Override
    public String toString() {
        switch (test) {
            case AND:
            case OR:
                return "(" + parts.get(0) + " " + test.name().toLowerCase() + " " + parts.get(1) + ")";
            case NOT:
                return "not " + parts.get(0);
            default:
                return test.name().toLowerCase() + (values.isEmpty() ? "" : Arrays.toString(values.toArray()));
        }
    }
}
