package dev.leakaudit.agent.instrument;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Which methods of a class one advice goes into. A function rather than a matcher so that building
 * the plan loads nothing of Byte Buddy: a JVM whose classes all come woven from the cache never
 * asks for it.
 */
@FunctionalInterface
public interface MethodMatch {

    ElementMatcher<? super MethodDescription> matcher();
}
