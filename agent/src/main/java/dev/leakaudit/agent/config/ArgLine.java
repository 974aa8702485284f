package dev.leakaudit.agent.config;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * A JVM command line as Surefire's and Failsafe's {@code argLine} holds it: arguments separated by
 * white space, an argument with spaces in double or single quotes, no escapes (the way Surefire
 * splits it). Arguments other than an earlier leak-audit agent are kept exactly as written.
 */
final class ArgLine {

    private static final String JAVAAGENT = "-javaagent:";
    private static final String AGENT_JAR_NAME = "leak-audit-agent";

    private ArgLine() {
    }

    /** {@code argument} (quoted when needed) in front of {@code line}, without any earlier leak-audit agent. */
    static String prepend(String line, String argument) {
        StringBuilder result = new StringBuilder(quote(argument));
        for (Token token : split(line)) {
            if (!isLeakAuditAgent(token.value())) {
                result.append(' ').append(token.raw());
            }
        }
        return result.toString();
    }

    /** One argument as Surefire reads it back: quoted when it holds white space or a quote. */
    static String quote(String argument) {
        boolean plain = true;
        for (int i = 0; i < argument.length() && plain; i++) {
            char c = argument.charAt(i);
            plain = !Character.isWhitespace(c) && c != '"' && c != '\'';
        }
        if (plain) {
            return argument;
        }
        if (argument.indexOf('"') < 0) {
            return '"' + argument + '"';
        }
        if (argument.indexOf('\'') < 0) {
            return '\'' + argument + '\'';
        }
        throw new IllegalArgumentException("'" + argument + "' holds both kinds of quote and cannot be passed in an "
                + "argLine");
    }

    /** An argument as written ({@code raw}, quotes and all) and as the JVM gets it ({@code value}). */
    record Token(String raw, String value) {
    }

    static List<Token> split(String line) {
        List<Token> tokens = new ArrayList<>();
        if (line == null) {
            return tokens;
        }
        int start = -1;
        char quote = 0;
        StringBuilder value = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    value.append(c);
                }
            } else if (Character.isWhitespace(c)) {
                if (start >= 0) {
                    tokens.add(new Token(line.substring(start, i), value.toString()));
                    value.setLength(0);
                    start = -1;
                }
            } else {
                if (start < 0) {
                    start = i;
                }
                if (c == '"' || c == '\'') {
                    quote = c;
                } else {
                    value.append(c);
                }
            }
        }
        if (start >= 0) {
            tokens.add(new Token(line.substring(start), value.toString()));
        }
        return tokens;
    }

    /** {@code -javaagent:.../leak-audit-agent[-VERSION].jar[=...]}, wherever the jar lies. */
    static boolean isLeakAuditAgent(String argument) {
        if (!argument.startsWith(JAVAAGENT)) {
            return false;
        }
        String rest = argument.substring(JAVAAGENT.length());
        int jar = rest.indexOf(".jar");
        String path = jar < 0 ? rest : rest.substring(0, jar + 4);
        try {
            Path name = Paths.get(path).getFileName();
            return name != null && name.toString().startsWith(AGENT_JAR_NAME);
        } catch (RuntimeException notAPath) {
            return false;
        }
    }
}
