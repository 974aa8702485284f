package dev.leakaudit.agent.instrument;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;

/** Turns a {@link MethodMatch} into Byte Buddy's matcher, when a class is woven. */
final class MethodMatchers {

    private MethodMatchers() {
    }

    static ElementMatcher.Junction<MethodDescription> of(MethodMatch match) {
        switch (match.test) {
            case NAMED:
                return ElementMatchers.namedOneOf(match.values.toArray(new String[0]));
            case CONSTRUCTOR:
                return ElementMatchers.isConstructor();
            case ARGUMENTS:
                return ElementMatchers.takesArguments(Integer.parseInt(match.values.get(0)));
            case ARGUMENT:
                return ElementMatchers.takesArgument(Integer.parseInt(match.values.get(0)),
                        ElementMatchers.named(match.values.get(1)));
            case RETURNS:
                return ElementMatchers.returns(ElementMatchers.named(match.values.get(0)));
            case STATIC:
                return ElementMatchers.isStatic();
            case ABSTRACT:
                return ElementMatchers.isAbstract();
            case NATIVE:
                return ElementMatchers.isNative();
            case AND:
                return of(match.parts.get(0)).and(of(match.parts.get(1)));
            case OR:
                return of(match.parts.get(0)).or(of(match.parts.get(1)));
            case NOT:
                return ElementMatchers.not(of(match.parts.get(0)));
            default:
                throw new IllegalArgumentException(match.toString());
        }
    }
}
