package dev.leakaudit.maven;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.apache.maven.project.MavenProject;

/**
 * What in a module's build would keep the agent out of its test JVMs although prepare-agent set
 * the property, each with the line to write instead. JaCoCo's users most often lose its agent to a
 * Surefire {@code <argLine>} written without {@code @{argLine}}, and learn of it only from an empty report.
 */
final class ArgLineAdvice {

    static final String SUREFIRE_PROPERTY = "argLine";

    private ArgLineAdvice() {
    }

    /** One line per problem; empty when every test JVM gets what {@code propertyName} holds. */
    static List<String> problems(MavenProject project, Properties userProperties, String propertyName) {
        List<String> problems = new ArrayList<>();
        String late = "@{" + propertyName + "}";
        for (TestPlugins.Setting setting : TestPlugins.of(project)) {
            if ("0".equals(setting.forkCount())) {
                problems.add(setting.where() + " runs the tests in Maven's own JVM (<forkCount>0</forkCount>), which "
                        + "never reads argLine: fork them (<forkCount>1</forkCount>), or put the agent in MAVEN_OPTS");
            } else if (setting.argLine() == null) {
                if (!SUREFIRE_PROPERTY.equals(propertyName)) {
                    problems.add(setting.where() + " has no <argLine>, so it never reads " + propertyName
                            + ", which prepare-agent sets: write <argLine>" + late + "</argLine>");
                } else if (userProperties.getProperty(SUREFIRE_PROPERTY) != null) {
                    problems.add("-DargLine on the command line replaces the argLine that prepare-agent sets, so "
                            + setting.where() + " starts its JVMs without the agent: leave -DargLine out, or write "
                            + "<argLine>" + late + " ...</argLine> in its configuration");
                }
            } else if (!setting.argLine().contains(late)) {
                // ${argLine} is read when the pom is loaded, before prepare-agent runs: it goes too.
                String rest = setting.argLine().replace("${" + propertyName + "}", "").trim();
                problems.add(setting.where() + "'s <argLine>" + setting.argLine() + "</argLine> does not keep "
                        + late + ", so its JVMs start without the agent: write <argLine>" + late
                        + (rest.isEmpty() ? "" : " " + rest) + "</argLine>");
            }
        }
        return problems;
    }
}
