package dev.leakaudit.agent.instrument;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.scaffold.TypeInitializer;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.implementation.auxiliary.AuxiliaryType;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.OpenedClassReader;

/**
 * Inlines a class's advice into its bytes with Byte Buddy's {@code Advice} applied straight to
 * ASM: what an {@code AgentBuilder} with {@code disableClassFormatChanges()} and the decorating
 * type strategy does, without building the agent builder itself (a third of a second per JVM).
 * Only used for classes the cache does not hold, so most JVMs never load it.
 */
final class AdviceWeaver {

    private final ClassFileLocator agentClasses;
    private final TypePool agentTypes;
    private final Map<String, Advice> adviceByClass = new ConcurrentHashMap<>();

    AdviceWeaver(ClassLoader agentLoader) {
        this.agentClasses = ClassFileLocator.ForClassLoader.of(agentLoader);
        this.agentTypes = TypePool.Default.of(agentClasses);
    }

    byte[] weave(ClassAdvice plan, byte[] bytes, ClassLoader loader) {
        String name = plan.className();
        ClassFileLocator locator = new ClassFileLocator.Compound(ClassFileLocator.Simple.of(name, bytes),
                ClassFileLocator.ForClassLoader.of(loader), agentClasses);
        TypePool types = new TypePool.Default.WithLazyResolution(new TypePool.CacheProvider.Simple(), locator,
                TypePool.Default.ReaderMode.FAST);
        TypeDescription type = types.describe(name).resolve();
        AsmVisitorWrapper.ForDeclaredMethods wrapper = new AsmVisitorWrapper.ForDeclaredMethods();
        for (ClassAdvice.Entry entry : plan.entries()) {
            wrapper = wrapper.invokable(MethodMatchers.of(entry.methods()), advice(entry.adviceClass()));
        }
        int writerFlags = wrapper.mergeWriter(AsmVisitorWrapper.NO_FLAGS);
        int readerFlags = wrapper.mergeReader(AsmVisitorWrapper.NO_FLAGS);
        ClassReader reader = OpenedClassReader.of(bytes);
        ClassWriter writer = new ClassWriter(reader, writerFlags); // keeps the constant pool: only the advised methods change
        ClassFileVersion version = ClassFileVersion.ofClassFile(bytes);
        Implementation.Context.ExtractableView context = Implementation.Context.Disabled.Factory.INSTANCE.make(type,
                new AuxiliaryType.NamingStrategy.SuffixingRandom("leakaudit"), TypeInitializer.None.INSTANCE, version,
                version);
        reader.accept(wrapper.wrap(type, writer, context, types, type.getDeclaredFields(), type.getDeclaredMethods(),
                writerFlags, readerFlags), readerFlags);
        return writer.toByteArray();
    }

    /** An advice class, read once per JVM; exceptions it throws are suppressed where it is inlined. */
    private Advice advice(String adviceClass) {
        return adviceByClass.computeIfAbsent(adviceClass, name -> Advice.to(agentTypes.describe(name).resolve(),
                agentClasses).withExceptionHandler(Advice.ExceptionHandler.Default.SUPPRESSING));
    }
}
