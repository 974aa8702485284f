package dev.leakaudit.proxy.proxyprotocol;

import java.nio.ByteBuffer;

/**
 * Tells, from a connection's first bytes, whether they start a PROXY protocol header (v1's
 * {@code "PROXY "} or v2's signature): from a client that is not a trusted upstream, such a header
 * is refused rather than passed on, since it could claim any address. Looks at each byte once,
 * across reads, and never consumes them.
 */
public final class ProxyHeaderSniffer {

    public enum Verdict { HEADER, NOT_A_HEADER, UNDECIDED }

    private int seen;
    private byte[] candidate;
    private Verdict verdict = Verdict.UNDECIDED;

    /** Looks at {@code data}'s remaining bytes (position unchanged). */
    public Verdict offer(ByteBuffer data) {
        for (int i = data.position(); i < data.limit() && verdict == Verdict.UNDECIDED; i++) {
            byte b = data.get(i);
            if (seen == 0) {
                candidate = b == ProxyHeaderParser.V1_PREFIX[0] ? ProxyHeaderParser.V1_PREFIX
                        : b == ProxyHeaderParser.V2_SIGNATURE[0] ? ProxyHeaderParser.V2_SIGNATURE : null;
                if (candidate == null) {
                    verdict = Verdict.NOT_A_HEADER;
                    break;
                }
            } else if (b != candidate[seen]) {
                verdict = Verdict.NOT_A_HEADER;
                break;
            }
            seen++;
            if (seen == candidate.length) {
                verdict = Verdict.HEADER;
            }
        }
        return verdict;
    }
}
