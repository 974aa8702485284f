package dev.leakaudit.proxy.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.LogManager;

/**
 * The JDK's LogManager, except that its own shutdown hook (which closes every log handler) waits
 * until the proxy's shutdown hook has finished stopping: shutdown hooks run concurrently, and
 * without this the last lines of a stop ("connection ... closed", "proxy ... stopped") were
 * written to handlers already closed, and lost. Installed by {@link ProxyMain#main} through the
 * {@code java.util.logging.manager} system property unless the user chose another manager.
 */
public final class ProxyLogManager extends LogManager {

    private static final String JDK_CLEANER = LogManager.class.getName() + "$Cleaner";

    private static volatile CountDownLatch hold;
    private static volatile long holdMillis;

    public ProxyLogManager() {
        super();
    }

    @Override
    public void reset() {
        CountDownLatch h = hold;
        if (h != null && Thread.currentThread().getClass().getName().equals(JDK_CLEANER)) {
            try {
                h.await(holdMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        super.reset();
    }

    /** From now on the JDK's logging shutdown hook waits for {@link #release()}, at most {@code max}. */
    static void holdHandlersOpen(Duration max) {
        holdMillis = max.toMillis();
        hold = new CountDownLatch(1);
    }

    /** The proxy has written its last line: the handlers may close. */
    static void release() {
        CountDownLatch h = hold;
        if (h != null) {
            h.countDown();
        }
    }
}
