package dev.leakaudit.proxy.engine;

import dev.leakaudit.proxy.config.ProxyProtocolConfig;
import dev.leakaudit.proxy.engine.lifecycle.ConnectionState;
import dev.leakaudit.proxy.engine.lifecycle.TerminationReason;
import dev.leakaudit.proxy.proxyprotocol.ProxyHeader;
import dev.leakaudit.proxy.proxyprotocol.ProxyHeaderParser;
import dev.leakaudit.proxy.proxyprotocol.ProxyHeaderSniffer;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;

/**
 * PROXY protocol headers coming in. A connection from a trusted upstream waits (within
 * {@code initialDataTimeout}) for its header before anything else: the client it names is the
 * connection's client from then on, for the security gate, routing by client address and the
 * logs. A broken header ends it with {@code proxy_protocol_malformed}. From anyone else, first
 * bytes that start a header end the connection with {@code proxy_protocol_untrusted}, before any
 * byte is passed on: such a header could claim any address.
 */
final class ProxyHeaderReceiver {

    private final ConnectionManager m;

    ProxyHeaderReceiver(ConnectionManager manager) {
        this.m = manager;
    }

    private ProxyProtocolConfig config() {
        return m.config().proxyProtocol();
    }

    /** On accept: a trusted upstream's connection waits for its header; true if this one does. */
    boolean awaitsHeader(ConnectionRecord record) {
        ProxyProtocolConfig c = config();
        if (!c.enabled()) {
            return false;
        }
        if (!c.trusts(record.peer().getAddress())) {
            record.untrustedHeaderSniffer = new ProxyHeaderSniffer();
            return false;
        }
        if (!record.transition(ConnectionState.ACCEPTED, ConnectionState.AWAITING_INITIAL_DATA)) {
            return true;
        }
        record.proxyHeaderParser = new ProxyHeaderParser();
        record.initialDataTimer = m.timers.schedule(record, m.config().timeouts().initialDataTimeout(), () -> {
            if (record.state() == ConnectionState.AWAITING_INITIAL_DATA) {
                m.initiateCleanupOnce(record, TerminationReason.INITIAL_TIMEOUT);
            }
        });
        m.relay.updateInterest(record);
        return true;
    }

    /**
     * Bytes read while the header is awaited: takes the header's own bytes from {@code b}. Returns
     * the header once complete, null while more bytes are needed or when the connection ended.
     */
    ProxyHeader offer(ConnectionRecord record, ByteBuffer b) {
        int before = b.position();
        ProxyHeaderParser.Result r = record.proxyHeaderParser.offer(b);
        // The header is the upstream's, not bytes of the client's for the backend.
        int consumed = b.position() - before;
        record.incoming.bytesRead -= consumed;
        m.observer.fromClient(-consumed);
        switch (r.status()) {
            case NEED_MORE_DATA -> {
                return null;
            }
            case MALFORMED -> {
                ConnectionObserver.LOG.log(Level.DEBUG, () -> "[" + record.id() + "] PROXY header: " + r.problem());
                record.detailIfOpen(r.problem());
                refuse(record, TerminationReason.PROXY_PROTOCOL_MALFORMED);
                return null;
            }
            default -> {
                record.proxyHeaderParser = null;
                ProxyHeader header = r.header();
                if (header.hasAddresses()) {
                    record.clientFromProxyHeader(header.source(), header.destination());
                }
                return header;
            }
        }
    }

    /**
     * The first raw bytes of a client that may not send a header (read mode, not consumed): true
     * if they start one and the connection was ended.
     */
    boolean refusesUntrusted(ConnectionRecord record, ByteBuffer raw) {
        ProxyHeaderSniffer sniffer = record.untrustedHeaderSniffer;
        if (sniffer == null) {
            return false;
        }
        ProxyHeaderSniffer.Verdict v = sniffer.offer(raw);
        if (v == ProxyHeaderSniffer.Verdict.UNDECIDED) {
            return false;
        }
        record.untrustedHeaderSniffer = null;
        if (v == ProxyHeaderSniffer.Verdict.NOT_A_HEADER) {
            return false;
        }
        record.detailIfOpen("PROXY header from " + record.peer().getAddress().getHostAddress()
                + ", which is not a trusted upstream");
        refuse(record, TerminationReason.PROXY_PROTOCOL_UNTRUSTED);
        return true;
    }

    /** Ends the connection at once: nothing of it was passed on, nothing is owed to either side. */
    private void refuse(ConnectionRecord record, TerminationReason reason) {
        record.incoming.failed = true;
        if (record.outgoing != null) {
            record.outgoing.failed = true;
        }
        m.initiateCleanupOnce(record, reason);
    }
}
