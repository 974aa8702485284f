package dev.leakaudit.agent.kinds.handlers;

import java.util.List;

import dev.leakaudit.agent.attribution.TestScope;
import dev.leakaudit.agent.verdict.Finding;
import dev.leakaudit.agent.verdict.FindingContext;
import dev.leakaudit.agent.verdict.JdkOwnership;
import dev.leakaudit.agent.verdict.Phrases;
import dev.leakaudit.agent.verdict.StackFrames;
import dev.leakaudit.format.Severity;

/** How a handler registration still in place at its deadline reads. */
final class HandlerFindings {

    private HandlerFindings() {
    }

    /** A handler registration still in place at its deadline; {@code advice} says how to remove it. */
    static Finding handlerLeft(FindingContext context, HandlerRegistration registration, String advice, boolean atExit) {
        List<String> frames = registration.beganAt().frames();
        if (context.exclusions().excludes(frames, StackFrames.site(frames)) || context.isLeftOutAsJdkOwned(frames)) {
            return null; // (a library's registration for the life of the process is listed by SharedFixtures)
        }
        String owner = JdkOwnership.ownerOf(frames);
        String site = owner == null ? StackFrames.site(callerFrames(frames, registration.registeredWith())) : null;
        boolean shutdownHook = HandlerTracker.SHUTDOWN_HOOK.equals(registration.registeredWith());
        String what = shutdownHook
                ? "Shutdown hook " + Phrases.simpleName(registration.handlerClass())
                : "Handler " + Phrases.simpleName(registration.handlerClass()) + " registered with "
                        + registration.registeredWith()
                        + (registration.qualifier() == null ? "" : " for \"" + registration.qualifier() + '"');
        TestScope scope = registration.attribution().scope();
        String when;
        if (atExit || scope == null) {
            when = "was still registered when the run ended";
        } else if (scope.level() == TestScope.Level.CLASS) {
            when = "was still registered " + context.lingerMillis() + " ms after the class finished";
        } else {
            when = "was still registered " + context.lingerMillis()
                    + " ms after the test ended, and the class's teardown did not remove it";
        }
        String message = what + " (added " + Phrases.scope(registration.attribution()) + ") " + when
                + ". Registered " + FindingContext.openedWhere(site, owner) + " on thread " + Phrases.threadLabel(registration.thread()) + '.'
                + Phrases.endedLate(registration)
                + Phrases.uncertainty(registration.attribution(), registration.thread())
                + ' ' + advice;
        return Finding.builder()
                .kind("handler")
                .severity(Severity.LEAK)
                .resourceClass(registration.handlerClass())
                .resourceId(registration.id())
                .attribution(registration.attribution())
                .thread(registration.thread().name(), registration.thread().id(), registration.thread().isVirtual())
                .openedAtMillis(registration.atMillis())
                .site(site)
                .stack(context.reportFrames(frames))
                .owner(owner)
                .message(message)
                .build();
    }

    /** The frames below the add method itself: the site is where it was called. */
    private static List<String> callerFrames(List<String> frames, String registeredWith) {
        String prefix = registeredWith + '(';
        int first = 0;
        while (first < frames.size() - 1 && frames.get(first).startsWith(prefix)) {
            first++;
        }
        return frames.subList(first, frames.size());
    }
}
