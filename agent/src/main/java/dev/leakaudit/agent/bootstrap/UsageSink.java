package dev.leakaudit.agent.bootstrap;

/**
 * Receives what instrumented code reports beyond opening and closing: handler registrations and
 * removals, calls of declared cleanup methods, and the buffers passed to channel reads and writes.
 * Lives on the bootstrap class path (advice inlined into java.base and into user classes calls it
 * through {@link LeakAuditBridge}), so its signatures use java.base types only.
 */
public interface UsageSink {

    /**
     * An add method returned normally. {@code registration} is {@code declaringClass.method};
     * {@code returned} is the method's result (null for void), a {@code Boolean.FALSE} meaning
     * nothing was added.
     */
    void handlerAdded(Object source, Object[] arguments, Object returned, String registration);

    /** A remove method returned normally; {@code Boolean.FALSE} or zero as result means nothing was removed. */
    void handlerRemoved(Object source, Object[] arguments, Object returned, String registration);

    /** A remove-all method returned normally; its arguments, if any, may narrow what it removes. */
    void handlersRemovedAll(Object source, Object[] arguments, Object returned, String registration);

    /** A declared cleanup method starts; returns a token for {@link #cleanupExited}, or null. */
    Object cleanupEntered(Object receiver, Object[] arguments, String method);

    /** The cleanup method that returned {@code token} ends (normally or not). */
    void cleanupExited(Object token);

    /** Something tracked was undone on this thread (a close, a timer cancel, a handler removal). */
    void cleanupEffect(String what);

    /** A buffer, or an array of buffers, was passed to a read or write of {@code channel}. */
    void buffersUsed(Object channel, Object bufferOrBuffers);
}
