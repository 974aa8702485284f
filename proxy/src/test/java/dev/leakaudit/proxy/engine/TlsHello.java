package dev.leakaudit.proxy.engine;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/** Real ClientHello bytes, captured from a JDK SSLSocket talking to a plain listener. */
final class TlsHello {

    private static final Map<String, byte[]> CACHE = new ConcurrentHashMap<>();

    private TlsHello() {
    }

    static byte[] forServerName(String sni) {
        return CACHE.computeIfAbsent(sni, TlsHello::capture).clone();
    }

    private static byte[] capture(String sni) {
        try {
            return captureOnce(sni);
        } catch (Exception e) {
            throw new IllegalStateException("could not capture a ClientHello", e);
        }
    }

    private static byte[] captureOnce(String sni) throws Exception {
        ServerSocket capture = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        SSLSocket ssl = null;
        Thread handshake = null;
        try {
            ssl = (SSLSocket) SSLContext.getDefault().getSocketFactory().createSocket();
            SSLParameters params = ssl.getSSLParameters();
            params.setServerNames(List.of(new SNIHostName(sni)));
            ssl.setSSLParameters(params);
            ssl.setSoTimeout(5000);
            ssl.connect(capture.getLocalSocketAddress(), 5000);
            SSLSocket client = ssl;
            // The handshake blocks waiting for a ServerHello that never comes; it ends with an
            // exception once the capturing side closes.
            handshake = new Thread(() -> {
                try {
                    client.startHandshake();
                } catch (IOException expected) {
                    // no server
                }
            }, "tls-hello-capture");
            handshake.start();
            capture.setSoTimeout(5000);
            try (Socket s = capture.accept()) {
                InputStream in = s.getInputStream();
                byte[] header = in.readNBytes(5);
                int length = ((header[3] & 0xff) << 8) | (header[4] & 0xff);
                byte[] body = in.readNBytes(length);
                byte[] record = new byte[5 + body.length];
                System.arraycopy(header, 0, record, 0, 5);
                System.arraycopy(body, 0, record, 5, body.length);
                if (header[0] != 0x16 || body.length != length) {
                    throw new IllegalStateException("not a ClientHello record");
                }
                return record;
            }
        } finally {
            if (handshake != null) {
                handshake.join(10_000);
            }
            if (ssl != null && !ssl.isClosed()) {
                ssl.close();
            }
            capture.close();
        }
    }
}
