package dev.leakaudit.agent.instrument;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;

import dev.leakaudit.agent.bootstrap.AgentThreadState;
import dev.leakaudit.agent.config.AgentJar;
import dev.leakaudit.agent.config.ThisJvm;

/**
 * Classes as the agent wove them, kept on disk so that the next JVM of the same build (a suite that
 * forks one per test class) reads them instead of weaving again. An entry is used only when the
 * agent jar is the same file (path, size, time), the class's advice is the same, and the class's own
 * bytes are those it was woven from (up to the order of its methods, see {@link ClassFileShape}); its
 * checksum guards against a torn file. Anything unreadable is a miss, never an error: the class is
 * woven as if there were no cache.
 */
public final class AdviceCache {

    private static final int MAGIC = 0x4c414331; // "LAC1"

    private final File folder;
    private final String agentBuild;
    private final AtomicInteger hits = new AtomicInteger();
    private final AtomicInteger misses = new AtomicInteger();
    private final Set<String> missed = ConcurrentHashMap.newKeySet();
    private volatile String problem;

    private AdviceCache(File folder, String agentBuild) {
        this.folder = folder;
        this.agentBuild = agentBuild;
    }

    /** No cache: every class is woven. */
    public static AdviceCache off() {
        return new AdviceCache(null, "");
    }

    /** A cache under {@code root} for the agent jar this class was loaded from (off when it is not a jar file). */
    public static AdviceCache in(File root) {
        File agentJar = AgentJar.file();
        if (agentJar == null) {
            return off();
        }
        String build = agentJar.getAbsolutePath() + "|" + agentJar.length() + "|" + agentJar.lastModified() + "|"
                + System.getProperty("java.vm.version");
        return new AdviceCache(new File(root, Integer.toHexString(build.hashCode())), build);
    }

    /** The woven bytes kept for {@code original} under {@code recipe}, or null. */
    byte[] lookup(String className, String recipe, byte[] original) {
        if (folder == null) {
            return null;
        }
        File entry = entryFile(className, recipe);
        if (!entry.isFile()) {
            misses.incrementAndGet();
            return null;
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(new FileInputStream(entry)))) {
            if (in.readInt() != MAGIC || !agentBuild.equals(in.readUTF()) || !recipe.equals(in.readUTF())) {
                misses.incrementAndGet();
                return null;
            }
            byte[] kept = readBlock(in);
            byte[] woven = readBlock(in);
            if (!Arrays.equals(kept, ClassFileShape.canonical(original)) || in.readLong() != checksum(kept, woven)) {
                missed.add(className);
                misses.incrementAndGet();
                return null;
            }
            hits.incrementAndGet();
            return woven;
        } catch (IOException | RuntimeException e) {
            misses.incrementAndGet();
            return null;
        }
    }

    /** Keeps {@code woven} for the next JVM. */
    void store(String className, String recipe, byte[] original, byte[] woven) {
        if (folder == null) {
            return;
        }
        writeAside(entryFile(className, recipe), out -> {
            out.writeUTF(recipe);
            byte[] kept = ClassFileShape.canonical(original);
            out.writeInt(kept.length);
            out.write(kept);
            out.writeInt(woven.length);
            out.write(woven);
            out.writeLong(checksum(kept, woven));
        });
    }

    /**
     * True when every class transformed so far came from the cache and a JVM of the same plan (same
     * agent jar, same JVM version, same advice for every class) recorded that its self-test passed:
     * this JVM runs the very classes that were probed then.
     */
    public boolean provenBefore(String planRecipe) {
        if (folder == null || hits.get() == 0 || misses.get() > 0) {
            return false;
        }
        File proof = proofFile(planRecipe);
        AgentThreadState state = AgentThreadState.current();
        boolean entered = state.enter(); // the agent's own file, not the program's
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(new FileInputStream(proof)))) {
            return in.readInt() == MAGIC && agentBuild.equals(in.readUTF()) && planRecipe.equals(readText(in));
        } catch (IOException | RuntimeException e) {
            return false;
        } finally {
            if (entered) {
                state.exit();
            }
        }
    }

    /** Records that the self-test passed with the classes of this plan, for the JVMs after this one. */
    public void recordProven(String planRecipe) {
        if (folder == null) {
            return;
        }
        writeAside(proofFile(planRecipe), out -> {
            byte[] text = planRecipe.getBytes(StandardCharsets.UTF_8);
            out.writeInt(text.length);
            out.write(text);
        });
    }

    /** What follows the header (magic, agent build) in a file of the cache. */
    private interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    /**
     * Writes {@code file} aside and renames it into place, so a reader never sees half of it; as the
     * agent's own file, not the program's. A failure is kept for the summary line, never thrown.
     */
    private void writeAside(File file, Body body) {
        File partial = new File(folder, file.getName() + "." + ThisJvm.pid() + ".part");
        AgentThreadState state = AgentThreadState.current();
        boolean entered = state.enter();
        try {
            if (!folder.isDirectory() && !folder.mkdirs() && !folder.isDirectory()) {
                throw new IOException("cannot make " + folder);
            }
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(partial)))) {
                out.writeInt(MAGIC);
                out.writeUTF(agentBuild);
                body.write(out);
            }
            if (!partial.renameTo(file)) {
                throw new IOException("cannot rename " + partial + " to " + file.getName());
            }
        } catch (IOException | RuntimeException e) {
            problem = String.valueOf(e.getMessage());
            partial.delete();
        } finally {
            if (entered) {
                state.exit();
            }
        }
    }

    /** E.g. {@code 21 of 21 classes from the cache}, for the timing line. */
    String summary() {
        if (folder == null) {
            return "no cache";
        }
        return hits.get() + " of " + (hits.get() + misses.get()) + " classes from the cache " + folder
                + (problem == null ? "" : " (could not write: " + problem + ")") + (missed.isEmpty() ? "" : "; missed " + missed);
    }

    private File entryFile(String className, String recipe) {
        return new File(folder, className + "." + Integer.toHexString(recipe.hashCode()) + ".class-woven");
    }

    private File proofFile(String planRecipe) {
        return new File(folder, "self-test-passed." + Integer.toHexString(planRecipe.hashCode()));
    }

    private static String readText(DataInputStream in) throws IOException {
        return new String(readBlock(in), StandardCharsets.UTF_8);
    }

    private static byte[] readBlock(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > 64 << 20) {
            throw new IOException("bad length " + length);
        }
        byte[] block = new byte[length];
        in.readFully(block);
        return block;
    }

    private static long checksum(byte[] original, byte[] woven) {
        CRC32 crc = new CRC32();
        crc.update(original);
        crc.update(woven);
        return crc.getValue();
    }
}
