package dev.leakaudit.agent.instrument;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import net.bytebuddy.asm.Advice;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The plan names its advice classes by string, so that building it loads none of them (about 20 ms of
 * every JVM's start): every such name in the agent's sources must be an advice class of the agent.
 */
class AdviceNamesTest {

    private static final Pattern ADVICE_NAME = Pattern.compile("\"(dev\\.leakaudit\\.agent\\.[\\w.$]+Advice)\"");

    @Test
    void everyAdviceNamedInTheSourcesIsAClassWithAdviceMethods() throws IOException {
        TreeSet<String> names = new TreeSet<>();
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path source : (Iterable<Path>) sources.filter(p -> p.toString().endsWith(".java"))::iterator) {
                Matcher matcher = ADVICE_NAME.matcher(Files.readString(source));
                while (matcher.find()) {
                    names.add(matcher.group(1));
                }
            }
        }
        assertTrue(names.size() >= 30, "the plan's advice names were not found in the sources: " + names);
        List<String> wrong = new ArrayList<>();
        for (String name : names) {
            try {
                Class<?> advice = Class.forName(name, false, getClass().getClassLoader());
                if (!hasAdviceMethod(advice)) {
                    wrong.add(name + " has no @Advice.OnMethodEnter or @Advice.OnMethodExit method");
                }
            } catch (ClassNotFoundException e) {
                wrong.add(name + " is not a class of the agent");
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    private static boolean hasAdviceMethod(Class<?> advice) {
        for (Method method : advice.getDeclaredMethods()) {
            if (method.isAnnotationPresent(Advice.OnMethodEnter.class) || method.isAnnotationPresent(Advice.OnMethodExit.class)) {
                return true;
            }
        }
        return false;
    }
}
