package dev.leakaudit.maven;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.maven.execution.MavenSession;

/**
 * Why a module's tests ran but left no leak-audit report, in one line: the likely cause, most
 * specific first. A report or check that found nothing to read fails with it; it never skips.
 */
final class MissingReports {

    private MissingReports() {
    }

    /** "tests ran (...) but no leak-audit report was written to ...: likely cause ..." */
    static String explain(ModuleRuns runs, MavenSession session) {
        StringBuilder folders = new StringBuilder();
        for (var folder : runs.dataFolders()) {
            folders.append(folders.length() == 0 ? "" : " or ").append(runs.relative(folder));
        }
        int results = runs.testResults().size();
        return "tests ran (" + results + " result file" + (results == 1 ? "" : "s") + " in target/surefire-reports or "
                + "target/failsafe-reports) but no leak-audit report was written to " + folders
                + ", so nothing was audited; likely cause: " + likelyCause(runs, session);
    }

    private static String likelyCause(ModuleRuns runs, MavenSession session) {
        Properties properties = runs.project().getProperties();
        String propertyName = propertyHoldingAgent(properties);
        long buildStarted = session.getRequest().getStartTime() == null ? 0
                : session.getRequest().getStartTime().getTime();
        if (runs.newestTestResultMillis() < buildStarted) {
            return "the tests ran in an earlier build, without the agent (their results are older than this build): "
                    + "run them again with prepare-agent, e.g. mvn clean " + PluginCoordinates.goal("prepare-agent")
                    + " verify";
        }
        List<String> problems = ArgLineAdvice.problems(runs.project(), session.getUserProperties(),
                propertyName == null ? ArgLineAdvice.SUREFIRE_PROPERTY : propertyName);
        if (!problems.isEmpty()) {
            return problems.get(0);
        }
        if (propertyName == null) {
            return "prepare-agent did not run before the tests in this build: bind it in the pom (<goal>prepare-agent"
                    + "</goal>), or run mvn " + PluginCoordinates.goal("prepare-agent") + " verify";
        }
        return "prepare-agent put the agent in " + propertyName + ", but the test JVMs started without it or it could "
                + "not start: look for a line starting with [leak-audit] in the test output";
    }

    /** The property that prepare-agent filled in this build, or null when it did not run. */
    private static String propertyHoldingAgent(Properties properties) {
        for (Map.Entry<Object, Object> entry : properties.entrySet()) {
            if (String.valueOf(entry.getValue()).contains(PluginCoordinates.AGENT_JAR_NAME)
                    && String.valueOf(entry.getValue()).contains("-javaagent:")) {
                return String.valueOf(entry.getKey());
            }
        }
        return null;
    }
}
