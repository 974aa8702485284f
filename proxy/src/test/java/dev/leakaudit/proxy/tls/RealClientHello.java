package dev.leakaudit.proxy.tls;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Captures the ClientHello a real JDK TLS client sends: an SSLSocket handshakes towards a plain
 * ServerSocket that records the handshake records and then hangs up. The capture reads TLS record
 * framing only (header, length, handshake length) so it does not lean on the parser under test.
 */
final class RealClientHello {

    private RealClientHello() {
    }

    /** @param sni the server name to send, or null to send none */
    static byte[] capture(String sni, String... protocols) throws Exception {
        ExecutorService clientThread = Executors.newSingleThreadExecutor();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Future<?> client = clientThread.submit(() -> {
                handshake(server.getLocalPort(), sni, protocols);
                return null;
            });
            byte[] hello;
            try (Socket accepted = server.accept()) {
                accepted.setSoTimeout(10_000);
                hello = readHelloRecords(new DataInputStream(accepted.getInputStream()));
            }
            client.get(10, TimeUnit.SECONDS); // the client fails its handshake once we hang up; wait for it
            return hello;
        } finally {
            clientThread.shutdownNow();
            clientThread.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private static void handshake(int port, String sni, String... protocols) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, null, null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            SSLParameters parameters = socket.getSSLParameters();
            List<SNIServerName> names = sni == null ? List.of() : List.of(new SNIHostName(sni));
            parameters.setServerNames(names);
            if (protocols.length > 0) {
                parameters.setProtocols(protocols);
            }
            socket.setSSLParameters(parameters);
            socket.startHandshake();
        } catch (IOException expected) {
            // The capturing server never answers with a ServerHello.
        }
    }

    private static byte[] readHelloRecords(DataInputStream in) throws IOException {
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        int handshakeBytes = 0;
        int needed = -1;
        while (needed < 0 || handshakeBytes < needed) {
            byte[] header = new byte[5];
            in.readFully(header);
            int length = ((header[3] & 0xff) << 8) | (header[4] & 0xff);
            byte[] payload = new byte[length];
            in.readFully(payload);
            records.write(header);
            records.write(payload);
            if (needed < 0) {
                needed = 4 + (((payload[1] & 0xff) << 16) | ((payload[2] & 0xff) << 8) | (payload[3] & 0xff));
            }
            handshakeBytes += length;
        }
        return records.toByteArray();
    }

    /** The handshake message (hello header + body) carried by single-record capture bytes. */
    static byte[] handshakeOf(byte[] records) {
        byte[] out = new byte[records.length - 5];
        System.arraycopy(records, 5, out, 0, out.length);
        return out;
    }

    /** Re-frames a handshake message into records of at most {@code chunk} bytes each (legal in TLS). */
    static byte[] frame(byte[] handshake, int chunk) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int off = 0; off < handshake.length; off += chunk) {
            int n = Math.min(chunk, handshake.length - off);
            out.write(0x16);
            out.write(3);
            out.write(1);
            out.write(n >> 8);
            out.write(n);
            out.write(handshake, off, n);
        }
        return out.toByteArray();
    }
}
