package dev.leakaudit.agent.instrument;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A class file with its methods in a fixed order. The bytes a JVM hands a transformer for a class it
 * already loaded are rebuilt from memory, with the methods in an order that changes from one JVM to
 * the next; everything else comes out the same. Two class files with the same canonical form define
 * the same class, so a class woven in one JVM serves the next.
 */
final class ClassFileShape {

    private ClassFileShape() {
    }

    /** The class file with its {@code method_info} entries sorted by their bytes, or the bytes unchanged if they do not parse. */
    static byte[] canonical(byte[] classFile) {
        try {
            return sortMethods(classFile);
        } catch (RuntimeException e) {
            return classFile;
        }
    }

    private static byte[] sortMethods(byte[] b) {
        int at = 8; // magic, minor, major
        int constants = u2(b, at);
        at += 2;
        for (int index = 1; index < constants; index++) {
            int tag = b[at] & 0xff;
            switch (tag) {
                case 1 -> at += 3 + u2(b, at + 1);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> at += 5;
                case 5, 6 -> {
                    at += 9;
                    index++; // a long or double takes two entries
                }
                case 7, 8, 16, 19, 20 -> at += 3;
                case 15 -> at += 4;
                default -> throw new IllegalArgumentException("constant tag " + tag);
            }
        }
        at += 6; // access, this, super
        at += 2 + 2 * u2(b, at); // interfaces
        at = skipMembers(b, at); // fields
        int methodsStart = at;
        int methodCount = u2(b, at);
        at += 2;
        List<byte[]> methods = new ArrayList<>(methodCount);
        for (int i = 0; i < methodCount; i++) {
            int start = at;
            at = skipMember(b, at);
            methods.add(Arrays.copyOfRange(b, start, at));
        }
        methods.sort(Arrays::compareUnsigned);
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length);
        out.write(b, 0, methodsStart + 2);
        for (byte[] method : methods) {
            out.write(method, 0, method.length);
        }
        out.write(b, at, b.length - at);
        return out.toByteArray();
    }

    private static int skipMembers(byte[] b, int at) {
        int count = u2(b, at);
        at += 2;
        for (int i = 0; i < count; i++) {
            at = skipMember(b, at);
        }
        return at;
    }

    /** A field_info or method_info: access, name, descriptor, then its attributes. */
    private static int skipMember(byte[] b, int at) {
        int attributes = u2(b, at + 6);
        at += 8;
        for (int i = 0; i < attributes; i++) {
            at += 6 + u4(b, at + 2);
        }
        return at;
    }

    private static int u2(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }

    private static int u4(byte[] b, int at) {
        int length = (u2(b, at) << 16) | u2(b, at + 2);
        if (length < 0 || at + 4 + length > b.length) {
            throw new IllegalArgumentException("attribute length " + length);
        }
        return length;
    }
}
