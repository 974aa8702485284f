package dev.leakaudit.proxy.engine;

import dev.leakaudit.proxy.engine.lifecycle.ErrorReasons;
import dev.leakaudit.proxy.engine.lifecycle.TerminationReason;
import java.io.IOException;
import java.lang.System.Logger.Level;

/**
 * Seed pattern 4: an I/O error on either socket becomes exactly one termination reason
 * ({@link ErrorReasons#map}) and goes through the one cleanup entry; during cleanup it just closes
 * that socket.
 */
final class IoErrorHandler {

    private final ConnectionManager m;

    IoErrorHandler(ConnectionManager manager) {
        this.m = manager;
        // Loaded now: failure paths run when descriptors may be exhausted, and loading a class from
        // a directory needs one.
        ErrorReasons.map(new java.net.SocketException("Too many open files"));
    }

    void onIoError(Endpoint e, IOException ex) {
        ConnectionRecord record = e.record;
        if (record.cleanupStarted) {
            m.cleanup.closeEndpoint(e);
            return;
        }
        e.failed = true;
        TerminationReason reason = ErrorReasons.map(ex);
        ConnectionObserver.LOG.log(Level.DEBUG, () -> "[" + record.id() + "] " + e.role.name().toLowerCase() + " side: " + ex);
        // If another path already won, its beginClose (queued on this loop) sees e.failed.
        m.initiateCleanupOnce(record, reason);
    }
}
