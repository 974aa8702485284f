package dev.leakaudit.agent.config;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The options written back as a -javaagent argument, and put in front of an argLine. */
class AgentOptionsWriteBackTest {

    private static final Path JAR = Path.of("/repo/dev/leakaudit/leak-audit-agent/0.1.0/leak-audit-agent-0.1.0.jar");

    @Test
    void parsingTheWrittenFormGivesTheSameOptions() throws OptionsException {
        AgentOptions options = AgentOptions.parse("destdir=/tmp/x,linger=500ms,excludes=thread@io.netty.:com.acme.,"
                + "handlers=com.acme.Bus#on/off,retention=test,jdkOwned=report");
        AgentOptions again = AgentOptions.parse(options.toString());
        assertEquals(options.inForce(), again.inForce());
        assertEquals("destdir=/tmp/x,linger=500ms,excludes=thread@io.netty.:com.acme.,handlers=com.acme.Bus#on/off,"
                + "retention=test,jdkowned=report", options.toString(), "defaults are left out, keys as the agent names them");
        assertEquals("", AgentOptions.defaults().toString());
    }

    @Test
    void theVmArgumentNamesTheJarAndTheOptions() throws OptionsException {
        assertEquals("-javaagent:" + JAR + "=destdir=/tmp/x", AgentOptions.parse("destdir=/tmp/x").vmArgument(JAR));
        assertEquals("-javaagent:" + JAR, AgentOptions.defaults().vmArgument(JAR));
    }

    @Test
    void prependingKeepsWhatIsThereAndReplacesAnEarlierLeakAuditAgent() throws OptionsException {
        AgentOptions options = AgentOptions.parse("destdir=/tmp/x");
        String jacoco = "-javaagent:/m2/org/jacoco/org.jacoco.agent-0.8.15-runtime.jar=destfile=/t/jacoco.exec";
        String once = options.prependVmArgument(jacoco + " -Xmx256m  @{extra}", JAR);
        assertEquals("-javaagent:" + JAR + "=destdir=/tmp/x " + jacoco + " -Xmx256m @{extra}", once);
        assertEquals(once, options.prependVmArgument(once, JAR), "running twice is harmless");
        String elsewhere = "-javaagent:/work/agent/target/leak-audit-agent.jar=linger=1s -Da=b";
        assertEquals("-javaagent:" + JAR + "=destdir=/tmp/x -Da=b", options.prependVmArgument(elsewhere, JAR));
        assertEquals("-javaagent:" + JAR + "=destdir=/tmp/x", options.prependVmArgument(null, JAR));
        assertEquals("-javaagent:" + JAR + "=destdir=/tmp/x", options.prependVmArgument("  ", JAR));
    }

    @Test
    void pathsWithSpacesAreQuotedAndKeptQuoted() throws OptionsException {
        AgentOptions options = AgentOptions.parse("destdir=/my work/leak audit");
        Path jar = Path.of("/my work/leak-audit-agent.jar");
        String line = options.prependVmArgument("\"-Dname=a b\" -Xss1m", jar);
        assertEquals("\"-javaagent:/my work/leak-audit-agent.jar=destdir=/my work/leak audit\" \"-Dname=a b\" -Xss1m",
                line);
        List<ArgLine.Token> tokens = ArgLine.split(line);
        assertEquals(List.of("-javaagent:/my work/leak-audit-agent.jar=destdir=/my work/leak audit", "-Dname=a b",
                "-Xss1m"), tokens.stream().map(ArgLine.Token::value).toList());
        assertEquals(line, options.prependVmArgument(line, jar), "a quoted earlier agent is found too");
        assertEquals("'-Dq=say \"hi\"'", ArgLine.quote("-Dq=say \"hi\""));
        assertThrows(IllegalArgumentException.class, () -> ArgLine.quote("-Dq=\"it's\""));
    }

    @Test
    void onlyLeakAuditAgentsAreRecognised() {
        assertTrue(ArgLine.isLeakAuditAgent("-javaagent:leak-audit-agent.jar"));
        assertTrue(ArgLine.isLeakAuditAgent("-javaagent:/a/leak-audit-agent-0.1.0-SNAPSHOT.jar=linger=1s"));
        assertFalse(ArgLine.isLeakAuditAgent("-javaagent:/a/org.jacoco.agent-runtime.jar=destfile=leak-audit-agent.jar"));
        assertFalse(ArgLine.isLeakAuditAgent("-Dleak-audit-agent.jar"));
    }
}
