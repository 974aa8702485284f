package dev.leakaudit.agent.instrument;

import dev.leakaudit.agent.bootstrap.TestEventBridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the end of the JUnit Platform's {@code DefaultLauncher} constructor, in whichever class
 * loader defined it: the agent then registers its listener with that launcher. Refers only to the
 * bootstrap bridge, which every loader sees.
 */
public final class LauncherCreatedAdvice {

    private LauncherCreatedAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This Object launcher) {
        TestEventBridge.launcherCreated(launcher);
    }
}
