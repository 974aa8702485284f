package dev.leakaudit.proxy.engine;

import dev.leakaudit.proxy.config.ForwardAction;
import dev.leakaudit.proxy.config.HostPort;
import dev.leakaudit.proxy.config.ProxyProtocolVersion;
import dev.leakaudit.proxy.config.RouteAction;
import dev.leakaudit.proxy.engine.lifecycle.ConnectionState;
import dev.leakaudit.proxy.engine.lifecycle.ErrorReasons;
import dev.leakaudit.proxy.engine.lifecycle.TerminationReason;
import dev.leakaudit.proxy.proxyprotocol.ProxyHeaderWriter;
import dev.leakaudit.proxy.proxyprotocol.Tlv;
import dev.leakaudit.proxy.tls.BackendTls;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.regex.Pattern;

/**
 * Opens the backend socket of a routed connection: the bytes that must go first (PROXY v1 header,
 * the initial chunk read while routing), the name lookup off the loop, the non-blocking connect
 * bounded by {@code socketTimeout}, and the move to ESTABLISHED.
 */
final class BackendConnector {

    private final ConnectionManager m;
    private final Executor resolver;

    BackendConnector(ConnectionManager manager, Executor resolver) {
        this.m = manager;
        this.resolver = resolver;
    }

    void connectBackend(ConnectionRecord record, RouteAction action, HostPort target) {
        InetSocketAddress literal = literalAddress(target);
        SocketChannel ch;
        try {
            // An IPv4 target gets an IPv4 socket: a dual-stack one costs a setsockopt more.
            ch = literal != null && literal.getAddress() instanceof Inet4Address
                    ? SocketChannel.open(StandardProtocolFamily.INET) : SocketChannel.open();
        } catch (IOException e) {
            m.initiateCleanupOnce(record, ErrorReasons.map(e));
            return;
        }
        Endpoint out = new Endpoint(record, Endpoint.Role.OUTGOING, ch);
        record.outgoing = out;
        BufferPool pool = record.loop().buffers();
        try {
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            // Order on the wire: PROXY header, initial chunk, data queued while connecting, stream.
            // Towards a TLS backend the header goes first in the clear, then the handshake.
            BackendTls backendTls = record.routeTls == null ? null : record.routeTls.backend();
            if (backendTls != null) {
                m.tls.prepareClient(out, backendTls.newEngine(target.host(), target.port(), record.alpn()));
            }
            if (action instanceof ForwardAction f && f.proxyProtocol() != ProxyProtocolVersion.NONE) {
                byte[] header = proxyHeader(record, f.proxyProtocol());
                if (out.tls != null) {
                    m.tls.sendBeforeHandshake(out, header);
                } else {
                    out.append(ByteBuffer.wrap(header), pool);
                }
            }
            if (record.initialBytes != null) {
                out.append(ByteBuffer.wrap(record.initialBytes, 0, record.initialLength), pool);
                record.initialBytes = null;
                record.initialLength = 0;
            }
            out.key = record.loop().register(ch, 0, out);
            // socketTimeout bounds the name lookup and the connect together.
            record.connectTimer = m.timers.schedule(record, m.config.timeouts().socketTimeout(), () -> {
                if (!out.connected && !record.cleanupStarted) {
                    out.failed = true;
                    m.initiateCleanupOnce(record, TerminationReason.ETIMEDOUT);
                }
            });
        } catch (IOException e) {
            m.errors.onIoError(out, e);
            return;
        }
        InetSocketAddress known = literal != null ? literal : names.get(target);
        if (known != null) {
            connectTo(out, known);
            return;
        }
        // A name lookup can block for seconds: never on the event loop. The client side keeps
        // being read (and queued, bounded) meanwhile; the connect itself hops back onto the loop.
        try {
            resolver.execute(() -> {
                if (record.state().isTerminal()) {
                    return; // ended while waiting for this thread: no lookup for nobody
                }
                lookups.incrementAndGet();
                InetSocketAddress resolved = new InetSocketAddress(target.host(), target.port());
                names.put(target, resolved);
                try {
                    record.loop().execute(m.guarded(record, () -> connectTo(out, resolved)));
                } catch (RuntimeException loopGone) {
                    m.initiateCleanupOnce(record, TerminationReason.SHUTDOWN); // the proxy is stopping
                }
            });
        } catch (RejectedExecutionException stopping) {
            m.initiateCleanupOnce(record, TerminationReason.SHUTDOWN);
        }
    }

    /** Starts the backend connect on the connection's loop, unless the connection ended meanwhile. */
    private void connectTo(Endpoint out, InetSocketAddress address) {
        ConnectionRecord record = out.record;
        if (record.cleanupStarted || out.failed || !out.channel.isOpen()) {
            return;
        }
        try {
            if (address.isUnresolved()) {
                throw new UnknownHostException(address.getHostString());
            }
            // A connect to a nearby backend (loopback above all) is usually complete by the time
            // connect() returns "in progress": finishing it at once spares a select round, and the
            // OP_CONNECT registration and its change to OP_READ.
            if (out.channel.connect(address) || out.channel.finishConnect()) {
                onConnected(out);
            } else {
                m.relay.updateInterest(record);
            }
        } catch (IOException e) {
            m.errors.onIoError(out, e);
        }
    }

    /** OP_CONNECT fired on the backend socket. */
    void finishConnect(Endpoint e) {
        try {
            if (!e.channel.finishConnect()) {
                return;
            }
        } catch (IOException ex) {
            m.errors.onIoError(e, ex);
            return;
        }
        if (e.record.cleanupStarted) {
            // Connected after cleanup began: nothing to send any more.
            e.connected = true;
            m.cleanup.closeEndpoint(e);
            return;
        }
        onConnected(e);
    }

    private void onConnected(Endpoint out) {
        ConnectionRecord record = out.record;
        out.connected = true;
        ConnectionTimers.cancel(record.connectTimer);
        record.connectTimer = null;
        if (!record.transition(ConnectionState.CONNECTING, ConnectionState.ESTABLISHED)) {
            return; // closing; beginClose is queued or done
        }
        record.touch();
        if (record.incoming.inputEnded) {
            out.shutdownAfterFlush = true;
        }
        if (out.tls != null) {
            m.tls.beginClientHandshake(out);
            if (out.closed || record.cleanupStarted) {
                return;
            }
        }
        if (m.relay.flushTo(out)) {
            m.relay.updateInterest(record);
            m.relay.checkNormalEnd(record);
        }
    }

    /**
     * The address of a target given as an IPv4 or IPv6 literal (no name lookup, no thread hop),
     * parsed once per target rather than per connection; null for a host name. Targets come from
     * the configuration, so the cache holds as many entries as it has targets.
     */
    private InetSocketAddress literalAddress(HostPort target) {
        InetSocketAddress cached = literals.get(target);
        if (cached != null) {
            return cached == NOT_A_LITERAL ? null : cached;
        }
        InetSocketAddress parsed = isAddressLiteral(target.host())
                ? new InetSocketAddress(target.host(), target.port()) : NOT_A_LITERAL;
        literals.putIfAbsent(target, parsed);
        return parsed == NOT_A_LITERAL ? null : parsed;
    }

    private static final InetSocketAddress NOT_A_LITERAL = InetSocketAddress.createUnresolved("-", 0);
    private final ConcurrentHashMap<HostPort, InetSocketAddress> literals = new ConcurrentHashMap<>();
    private final ResolvedNames names = ResolvedNames.withJdkTtl();
    private final java.util.concurrent.atomic.AtomicLong lookups = new java.util.concurrent.atomic.AtomicLong();

    /** Name lookups made on the resolver thread since start. */
    long lookups() {
        return lookups.get();
    }
    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    /** An IPv4 or IPv6 literal, which needs no name lookup. */
    static boolean isAddressLiteral(String host) {
        return host.indexOf(':') >= 0 || IPV4_LITERAL.matcher(host).matches();
    }

    /**
     * The PROXY header for the backend: the client (as a trusted upstream named it, if one did) and
     * where it connected to; v2 adds the SNI (authority), the agreed ALPN and, when the proxy
     * terminated the client's TLS, its version and cipher.
     */
    static byte[] proxyHeader(ConnectionRecord record, ProxyProtocolVersion version) {
        InetSocketAddress destination = record.proxiedDestination;
        if (destination == null) {
            try {
                destination = (InetSocketAddress) record.incoming.channel.getLocalAddress();
            } catch (IOException | ClassCastException e) {
                destination = null;
            }
        }
        if (version == ProxyProtocolVersion.V1 || destination == null) {
            return ProxyHeaderWriter.v1(record.client(), destination);
        }
        List<Tlv> tlvs = new ArrayList<>();
        if (record.sni() != null) {
            tlvs.add(Tlv.authority(record.sni()));
        }
        if (record.alpn() != null) {
            tlvs.add(Tlv.alpn(record.alpn()));
        }
        if (record.tlsProtocol() != null) {
            tlvs.add(Tlv.ssl(record.tlsProtocol(), record.tlsCipher));
        }
        return ProxyHeaderWriter.v2(record.client(), destination, tlvs);
    }
}
