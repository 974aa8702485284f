package dev.leakaudit.maven;

/** How users and the build log name this plugin and the agent it carries. */
final class PluginCoordinates {

    static final String GROUP_ID = "dev.leakaudit";
    static final String ARTIFACT_ID = "leak-audit-maven-plugin";
    /** The key of the agent in the plugin's own dependencies ({@code plugin.artifactMap}). */
    static final String AGENT_KEY = GROUP_ID + ":leak-audit-agent";
    /** The start of the agent jar's file name, wherever it lies. */
    static final String AGENT_JAR_NAME = "leak-audit-agent";

    private PluginCoordinates() {
    }

    /** A goal as a user types it on an unedited project: {@code dev.leakaudit:leak-audit-maven-plugin:check}. */
    static String goal(String name) {
        return GROUP_ID + ":" + ARTIFACT_ID + ":" + name;
    }
}
