package dev.leakaudit.agent;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;

import dev.leakaudit.agent.config.AgentJar;

/**
 * Makes the bridge that advice inlined into java.base calls, and the sink interface it forwards
 * to, visible to the bootstrap class loader. Preferred: define them there directly, as JaCoCo's
 * runtime does for its own class; appending a jar to the bootstrap search path also works, but
 * makes the JVM print a class-sharing warning. Uses java.base only, and must run before anything
 * touches those two classes.
 */
final class BootstrapClasses {

    static final String[] CLASSES = {
        "dev.leakaudit.agent.bootstrap.ResourceSink",
        "dev.leakaudit.agent.bootstrap.UsageSink",
        "dev.leakaudit.agent.bootstrap.ExecutorSink",
        "dev.leakaudit.agent.bootstrap.KindEventSink",
        "dev.leakaudit.agent.bootstrap.LeakAuditBridge",
        "dev.leakaudit.agent.bootstrap.TaskSink",
        "dev.leakaudit.agent.bootstrap.TaskBridge",
        "dev.leakaudit.agent.bootstrap.AgentThreadState",
        "dev.leakaudit.agent.bootstrap.TestEventSink",
        "dev.leakaudit.agent.bootstrap.TestEventBridge",
    };

    private BootstrapClasses() {
    }

    static void install(Instrumentation instrumentation) throws IOException {
        try {
            defineInBootstrapLoader(instrumentation);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            instrumentation.appendToBootstrapClassLoaderSearch(jar());
        }
    }

    private static void defineInBootstrapLoader(Instrumentation instrumentation)
            throws IOException, ReflectiveOperationException {
        Module javaBase = Object.class.getModule();
        Module agent = BootstrapClasses.class.getModule();
        instrumentation.redefineModule(javaBase, Set.of(), Map.of(), Map.of("jdk.internal.misc", Set.of(agent)),
                Set.of(), Map.of());
        Class<?> unsafeClass = Class.forName("jdk.internal.misc.Unsafe");
        Object unsafe = unsafeClass.getMethod("getUnsafe").invoke(null);
        Method define = unsafeClass.getMethod("defineClass", String.class, byte[].class, int.class, int.class,
                ClassLoader.class, java.security.ProtectionDomain.class);
        List<byte[]> classes = AgentJar.read(entries());
        for (int i = 0; i < CLASSES.length; i++) {
            byte[] bytes = classes.get(i);
            define.invoke(unsafe, CLASSES[i], bytes, 0, bytes.length, null, null);
        }
    }

    private static List<String> entries() {
        List<String> entries = new ArrayList<>(CLASSES.length);
        for (String name : CLASSES) {
            entries.add(name.replace('.', '/') + ".class");
        }
        return entries;
    }

    private static JarFile jar() throws IOException {
        Path jar = Files.createTempFile("leak-audit-bootstrap", ".jar");
        jar.toFile().deleteOnExit();
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            List<String> entries = entries();
            List<byte[]> classes = AgentJar.read(entries);
            for (int i = 0; i < CLASSES.length; i++) {
                out.putNextEntry(new ZipEntry(entries.get(i)));
                out.write(classes.get(i));
                out.closeEntry();
            }
        }
        return new JarFile(jar.toFile());
    }
}
