package dev.leakaudit.agent.bootstrap;

/**
 * The only class that advice inlined into java.base refers to. It is loaded by the bootstrap class
 * loader (see {@code BootstrapJar}) and forwards to the agent's sink. Nothing thrown here may reach
 * the instrumented method: the advice suppresses throwables as well, this is the second fence.
 */
public final class LeakAuditBridge {

    private static volatile ResourceSink sink;
    private static volatile UsageSink usage;
    private static volatile ExecutorSink executors;
    /** Sinks of the kinds that use the generic entry, by kind id; replaced whole (copy on write) when a kind starts. */
    private static volatile java.util.Map<String, KindEventSink> kinds = java.util.Map.of();

    private LeakAuditBridge() {
    }

    /** The kind {@code kind} (its id in the report) takes its advice's events from now on. */
    public static synchronized void installKind(String kind, KindEventSink sink) {
        java.util.Map<String, KindEventSink> next = new java.util.HashMap<>(kinds);
        next.put(kind, sink);
        kinds = java.util.Map.copyOf(next);
    }

    /** Advice of a kind that uses the generic entry: {@code event} on {@code subject}; a no-op until the kind starts. */
    public static void kindEvent(String kind, String event, Object subject, Object detail) {
        KindEventSink sink = kinds.get(kind);
        if (sink != null && subject != null) {
            try {
                sink.on(event, subject, detail);
            } catch (Throwable ignored) {
                // never break the program being audited
            }
        }
    }

    public static void install(ResourceSink newSink) {
        sink = newSink;
    }

    public static void opened(Object resource) {
        ResourceSink current = sink;
        if (current != null && resource != null) {
            try {
                current.opened(resource);
            } catch (Throwable ignored) {
                // never break the program being audited
            }
        }
    }

    public static void closing(Object resource) {
        ResourceSink current = sink;
        if (current != null && resource != null) {
            try {
                current.closing(resource);
            } catch (Throwable ignored) {
                // never break the program being audited
            }
        }
    }

    /** A socket's stream, a channel's adaptor or an SSL layer starts closing (and so closes what it wraps). */
    public static void wrapperCloseEntered() {
        try {
            AgentThreadState.current().wrapperCloses++;
        } catch (Throwable ignored) {
            // never break the program being audited
        }
    }

    public static void wrapperCloseExited() {
        try {
            AgentThreadState state = AgentThreadState.current();
            if (state.wrapperCloses > 0) {
                state.wrapperCloses--;
            }
        } catch (Throwable ignored) {
            // never break the program being audited
        }
    }

    public static void pooled(Object owner, Object resource) {
        ResourceSink current = sink;
        if (current != null && owner != null) { // resource null: the agent finds it from the owner
            try {
                current.pooled(owner, resource);
            } catch (Throwable ignored) {
                // never break the program being audited
            }
        }
    }

    /** A {@code java.net.http} connection put in its client's pool (its channel is looked up by the agent). */
    public static void pooledConnection(Object connection) {
        pooled(connection, null);
    }

    public static void checkedOut(Object owner) {
        ResourceSink current = sink;
        if (current != null && owner != null) {
            try {
                current.checkedOut(owner);
            } catch (Throwable ignored) {
                // never break the program being audited
            }
        }
    }

    // Thread pools: constructions, shutdowns and worker exits (see ExecutorSink); no-ops until installExecutors.

    public static void installExecutors(ExecutorSink newExecutors) {
        executors = newExecutors;
    }

    public static void executorCreated(Object executor) {
        ExecutorSink current = executors;
        if (current != null && executor != null) {
            try {
                current.created(executor);
            } catch (Throwable ignored) {
                // never break the program being audited
            }
        }
    }

    public static void executorShuttingDown(Object executor) {
        ExecutorSink current = executors;
        if (current != null && executor != null) {
            try {
                current.shuttingDown(executor);
            } catch (Throwable ignored) {
                // never break the program being audited
            }
        }
    }

    public static void poolWorkerExiting(Object executor) {
        ExecutorSink current = executors;
        if (current != null && executor != null) {
            try {
                current.workerExiting(executor);
            } catch (Throwable ignored) {
                // never break the program being audited
            }
        }
    }

    // Handlers, cleanup calls and buffer use (see UsageSink); all no-ops until installUsage.

    public static void installUsage(UsageSink newUsage) {
        usage = newUsage;
    }

    public static void handlerAdded(Object source, Object[] arguments, Object returned, String registration) {
        UsageSink current = usage;
        if (current != null) {
            try {
                current.handlerAdded(source, arguments, returned, registration);
            } catch (Throwable ignored) {
                // never break the program being audited
            }
        }
    }

    public static void handlerRemoved(Object source, Object[] arguments, Object returned, String registration) {
        UsageSink current = usage;
        if (current != null) {
            try {
                current.handlerRemoved(source, arguments, returned, registration);
            } catch (Throwable ignored) {
                // never break the program being audited
            }
        }
    }

    public static void handlersRemovedAll(Object source, Object[] arguments, Object returned, String registration) {
        UsageSink current = usage;
        if (current != null) {
            try {
                current.handlersRemovedAll(source, arguments, returned, registration);
            } catch (Throwable ignored) {
                // never break the program being audited
            }
        }
    }

    public static Object cleanupEntered(Object receiver, Object[] arguments, String method) {
        UsageSink current = usage;
        if (current != null) {
            try {
                return current.cleanupEntered(receiver, arguments, method);
            } catch (Throwable ignored) {
                // never break the program being audited
            }
        }
        return null;
    }

    public static void cleanupExited(Object token) {
        UsageSink current = usage;
        if (current != null && token != null) {
            try {
                current.cleanupExited(token);
            } catch (Throwable ignored) {
                // never break the program being audited
            }
        }
    }

    /** For advice in java.base: something tracked was undone on this thread (e.g. {@code "timer cancel"}). */
    public static void cleanupEffect(String what) {
        UsageSink current = usage;
        if (current != null) {
            try {
                current.cleanupEffect(what);
            } catch (Throwable ignored) {
                // never break the program being audited
            }
        }
    }

    public static void buffersUsed(Object channel, Object bufferOrBuffers) {
        UsageSink current = usage;
        if (current != null && bufferOrBuffers != null) {
            try {
                current.buffersUsed(channel, bufferOrBuffers);
            } catch (Throwable ignored) {
                // never break the program being audited
            }
        }
    }
}
