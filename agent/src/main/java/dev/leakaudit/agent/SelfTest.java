package dev.leakaudit.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Set;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.leakaudit.agent.bootstrap.TaskBridge;
import dev.leakaudit.agent.bootstrap.TaskSink;
import dev.leakaudit.agent.config.Diagnostics;
import dev.leakaudit.agent.kinds.KindSelfTest;
import dev.leakaudit.agent.kinds.LeakKind;
import dev.leakaudit.agent.ledger.ProbeCounter;
import dev.leakaudit.agent.ledger.ResourceLedger;

/**
 * Start-up check, in BlockHound's manner: for every instrumented kind (socket, channel, timer,
 * thread), do the real thing once and make sure instrumentation saw it. The probes never reach the
 * report. {@code -Dleakaudit.selftest.fail=KIND[,KIND]} makes the named kinds fail as if
 * instrumentation had seen nothing, so that tests can prove a failed self-test is never silent.
 */
final class SelfTest {

    static final String FORCE_FAIL_PROPERTY = Diagnostics.SELF_TEST_FAIL_PROPERTY;

    static final int SOCKET_EVENTS = 3;   // server socket, client socket, accepted socket
    static final int CHANNEL_EVENTS = 1;
    static final int SCHEDULES = 2;       // ScheduledThreadPoolExecutor and java.util.Timer
    private static final long THREAD_END_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);

    private SelfTest() {
    }

    static SelfTestResult run(ResourceLedger ledger, TaskSink tasks) {
        Set<String> forced = forcedFailures();
        SelfTestResult result = new SelfTestResult();
        long[] marks = new long[5];
        marks[0] = System.nanoTime();
        result.put("socket", resources(ledger, new SocketProbe(), SOCKET_EVENTS, forced.contains("socket")));
        marks[1] = System.nanoTime();
        result.put("channel", resources(ledger, new ChannelProbe(), CHANNEL_EVENTS, forced.contains("channel")));
        marks[2] = System.nanoTime();
        SelfTestTaskProbe probe = new SelfTestTaskProbe(tasks);
        TaskBridge.install(probe);
        try {
            result.put("timer", timers(probe, forced.contains("timer")));
            marks[3] = System.nanoTime();
            result.put("thread", threads(probe, forced.contains("thread")));
            marks[4] = System.nanoTime();
        } finally {
            TaskBridge.install(tasks);
        }
        if (Diagnostics.SELF_TEST_STATS) {
            System.err.println("[leak-audit] self-test took " + micros(marks[4] - marks[0]) + " us (socket "
                    + micros(marks[1] - marks[0]) + ", channel " + micros(marks[2] - marks[1]) + ", timer "
                    + micros(marks[3] - marks[2]) + ", thread " + micros(marks[4] - marks[3]) + ")");
        }
        return result;
    }

    private static long micros(long nanos) {
        return nanos / 1000;
    }

    /** Each kind that plugs in checks itself; a forced failure names it as for the built-in kinds. */
    static void runKinds(List<LeakKind> kinds, KindSelfTest check, SelfTestResult result) {
        Set<String> forced = forcedFailures();
        for (LeakKind kind : kinds) {
            String outcome;
            try {
                outcome = forced.contains(kind.id()) ? "forced to fail (-D" + FORCE_FAIL_PROPERTY + ")" : kind.selfTest(check);
            } catch (RuntimeException | LinkageError e) {
                outcome = "its self-test failed: " + e;
            }
            result.put(kind.id(), outcome);
        }
    }

    private static Set<String> forcedFailures() {
        return Diagnostics.SELF_TEST_FAILS;
    }

    private static String resources(ResourceLedger ledger, Runnable probe, int expected, boolean forced) {
        ProbeCounter counter = new ProbeCounter();
        try {
            ledger.probe(counter, probe);
        } catch (UncheckedIOException e) {
            return "the probe could not be opened on loopback (" + e.getCause() + ")";
        }
        int opened = forced ? 0 : counter.opened();
        int closed = forced ? 0 : counter.closed();
        if (opened >= expected && closed >= expected) {
            return SelfTestResult.OK;
        }
        return "instrumentation saw " + opened + " of " + expected + " opens and " + closed + " of " + expected
                + " closes";
    }

    private static String timers(SelfTestTaskProbe probe, boolean forced) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, new ProbeThreads());
        Timer timer = new Timer(SelfTestTaskProbe.THREAD_PREFIX + "-timer", true);
        TimerTask task = new NoOpTimerTask();
        probe.watch(null, executor, task);
        try {
            executor.schedule(new NoOp(), 1, TimeUnit.HOURS);
            timer.schedule(task, TimeUnit.HOURS.toMillis(1));
        } finally {
            executor.shutdownNow();
            timer.cancel();
        }
        int seen = forced ? 0 : probe.scheduled();
        return seen >= SCHEDULES ? SelfTestResult.OK
                : "instrumentation saw " + seen + " of " + SCHEDULES + " schedules";
    }

    private static String threads(SelfTestTaskProbe probe, boolean forced) {
        Thread thread = new Thread(new NoOp(), SelfTestTaskProbe.THREAD_PREFIX + "-thread");
        thread.setDaemon(true);
        probe.watch(thread, null, null);
        thread.start();
        try {
            thread.join(TimeUnit.NANOSECONDS.toMillis(THREAD_END_WAIT_NANOS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long deadline = System.nanoTime() + THREAD_END_WAIT_NANOS; // the exit event may trail join() by a moment
        while (probe.ended() == 0 && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(1_000_000);
        }
        int started = forced ? 0 : probe.started();
        int ended = forced ? 0 : probe.ended();
        return started >= 1 && ended >= 1 ? SelfTestResult.OK
                : "instrumentation saw " + started + " of 1 starts and " + ended + " of 1 ends";
    }

    private static final class SocketProbe implements Runnable {
        @Override
        public void run() {
            InetAddress loopback = InetAddress.getLoopbackAddress();
            try (ServerSocket server = new ServerSocket(0, 1, loopback);
                 Socket client = new Socket(loopback, server.getLocalPort());
                 Socket accepted = server.accept()) {
                if (!client.isConnected() || !accepted.isConnected()) {
                    throw new IOException("probe sockets did not connect");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final class ChannelProbe implements Runnable {
        @Override
        public void run() {
            try (SocketChannel channel = SocketChannel.open()) {
                if (!channel.isOpen()) {
                    throw new IOException("probe channel did not open");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final class NoOp implements Runnable {
        @Override
        public void run() {
        }
    }

    private static final class NoOpTimerTask extends TimerTask {
        @Override
        public void run() {
        }
    }

    private static final class ProbeThreads implements ThreadFactory {
        @Override
        public Thread newThread(Runnable runnable) {
            Thread thread = new Thread(runnable, SelfTestTaskProbe.THREAD_PREFIX + "-pool");
            thread.setDaemon(true);
            return thread;
        }
    }
}
