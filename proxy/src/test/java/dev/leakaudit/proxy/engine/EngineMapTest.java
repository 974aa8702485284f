package dev.leakaudit.proxy.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** ENGINE.md's table from seed pattern to class and test names only classes, methods and tests that exist. */
class EngineMapTest {

    private static final Pattern CODE = Pattern.compile("`([A-Za-z][A-Za-z0-9_.*]*)`");
    private static final List<String> PACKAGES = List.of("dev.leakaudit.proxy.engine.", "dev.leakaudit.proxy.cli.",
            "dev.leakaudit.proxy.", "dev.leakaudit.proxy.security.", "dev.leakaudit.proxy.tls.", "dev.leakaudit.proxy.proxyprotocol.");

    @Test
    void everyClassMethodAndTestInThePatternTableExists() throws Exception {
        List<String> rows = Files.readAllLines(Path.of("ENGINE.md")).stream()
                .filter(l -> l.matches("\\| [1-8] .*")).toList();
        assertTrue(rows.size() == 8, "eight pattern rows, found " + rows.size());
        List<String> checked = new ArrayList<>();
        for (String row : rows) {
            String[] cells = row.split("\\|");
            check(cells[3], checked);
            check(cells[4], checked);
        }
        assertTrue(checked.size() >= 20, "checked " + checked);
    }

    @Test
    void everyClassMethodAndTestInTheAdditionsTableExists() throws Exception {
        List<String> rows = Files.readAllLines(Path.of("ENGINE.md")).stream()
                .filter(l -> l.matches("\\| [A-Z][0-9]+ .*")).toList();
        assertTrue(rows.size() >= 6, "addition rows, found " + rows.size());
        List<String> checked = new ArrayList<>();
        for (String row : rows) {
            String[] cells = row.split("\\|");
            check(cells[2], checked);
            check(cells[3], checked);
        }
        assertTrue(checked.size() >= 2 * rows.size(), "checked " + checked);
    }

    private static void check(String cell, List<String> checked) {
        Matcher m = CODE.matcher(cell);
        Class<?> current = null;
        while (m.find()) {
            String token = m.group(1);
            int dot = token.lastIndexOf('.');
            String owner = dot < 0 ? null : token.substring(0, dot);
            String member = dot < 0 ? token : token.substring(dot + 1);
            if (dot < 0 && Character.isUpperCase(token.charAt(0))) {
                current = load(token);
                checked.add(token);
                continue;
            }
            if (owner != null && Character.isUpperCase(owner.charAt(owner.lastIndexOf('.') + 1))) {
                current = load(owner);
            } else if (owner != null) {
                current = load(token); // package-qualified class, e.g. lifecycle.ErrorReasons
                checked.add(token);
                continue;
            }
            if (current == null) {
                if (!token.contains(":")) {
                    continue; // a value such as 127.0.0.1
                }
            }
            String prefix = member.endsWith("*") ? member.substring(0, member.length() - 1) : null;
            Class<?> c = current;
            boolean found = Arrays.stream(allMethods(c)).anyMatch(x -> prefix == null
                    ? x.getName().equals(member) : x.getName().startsWith(prefix))
                    || Arrays.stream(c.getDeclaredFields()).anyMatch(f -> f.getName().equals(member));
            if (!found) {
                fail("ENGINE.md names " + c.getSimpleName() + "." + member + ", which does not exist");
            }
            checked.add(c.getSimpleName() + "." + member);
        }
    }

    private static Method[] allMethods(Class<?> c) {
        return c.getDeclaredMethods();
    }

    private static Class<?> load(String name) {
        for (String p : PACKAGES) {
            try {
                return Class.forName(p + name);
            } catch (ClassNotFoundException e) {
                // next package
            }
        }
        fail("ENGINE.md names class " + name + ", which does not exist");
        return null;
    }
}
