package dev.leakaudit.reports.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A finding's identity across runs: kind, creation site's class and method (no line number),
 * resource class and test. Line shifts elsewhere in a file keep it; equal findings share it.
 * The same rule is written in the HTML page's script ({@code fingerprintOf}); keep both alike.
 */
public record Fingerprint(String kind, String method, String resource, String test) implements Comparable<Fingerprint> {

    /** {@code lambda$connect$3}: the number shifts when another lambda is added to the class. */
    private static final Pattern LAMBDA_NUMBER = Pattern.compile("(lambda\\$[^$.(]*)\\$\\d+");

    public static Fingerprint of(Finding finding) {
        return new Fingerprint(orEmpty(finding.kind()), methodOf(finding.site()), orEmpty(finding.resource()),
                orEmpty(finding.test()));
    }

    /** {@code com.acme.Foo.connect(Foo.java:42)} becomes {@code com.acme.Foo.connect}. */
    public static String methodOf(String site) {
        if (site == null) {
            return "";
        }
        int paren = site.indexOf('(');
        String method = paren < 0 ? site : site.substring(0, paren);
        return LAMBDA_NUMBER.matcher(method).replaceAll("$1");
    }

    /** The readable key stored in baselines: {@code kind|class.method|resource|test}. */
    public String key() {
        return kind + '|' + method + '|' + resource + '|' + test;
    }

    /** A short hash of the key, for SARIF's partialFingerprints. */
    public String hash() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    @Override
    public int compareTo(Fingerprint other) {
        return key().compareTo(other.key());
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
