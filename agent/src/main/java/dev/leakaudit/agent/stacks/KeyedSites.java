package dev.leakaudit.agent.stacks;

import java.util.List;
import java.util.Objects;

import dev.leakaudit.agent.verdict.StackFrames;

/**
 * Creation stacks shared by every thing begun by the same code: a timer's or a thread's task class
 * (a lambda's or anonymous class's class is its source location). The first few beginnings of each
 * class capture their own stack; once {@link #AGREEING} of them were made at the same call site,
 * the class settles on that stack, formatted once, and later beginnings cost a class lookup. A class
 * begun from more than one site (a named {@code Runnable} used in several places) never settles and
 * keeps capturing, so a site is never guessed.
 */
final class KeyedSites {

    /** Captures at one site before a class's stack is shared. */
    static final int AGREEING = 3;

    private final ClassValue<Slot> slots = new ClassValue<>() {
        @Override
        protected Slot computeValue(Class<?> type) {
            return new Slot();
        }
    };

    CallStack beginningOf(Class<?> code) {
        return slots.get(code).capture();
    }

    /** One class's capture state; settled and varied only ever go from unset to set. */
    private static final class Slot {
        private volatile CallStack settled;
        private volatile boolean varied;
        private String site;
        private int agreeing; // captures so far, all at the same site

        CallStack capture() {
            CallStack shared = settled;
            if (shared != null) {
                return shared;
            }
            CallStack here = CallStack.here();
            if (!varied) {
                learn(here);
            }
            return here;
        }

        private synchronized void learn(CallStack here) {
            if (settled != null || varied) {
                return;
            }
            List<String> frames = here.frames();
            String hereSite = StackFrames.site(frames);
            if (agreeing == 0) {
                site = hereSite;
                agreeing = 1;
            } else if (!Objects.equals(site, hereSite)) {
                varied = true;
            } else if (++agreeing >= AGREEING) {
                settled = CallStack.formatted(frames); // strings only: keeps no class of the stack alive
            }
        }
    }
}
