package dev.leakaudit.maven;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * How a module's Surefire and Failsafe start their test JVMs, as far as it decides whether the
 * agent reaches them: the argLine each configures (null: the argLine property is used) and the fork count.
 */
final class TestPlugins {

    /** One configuration: a plugin's own, or one of its executions' (with the plugin's merged in). */
    record Setting(String plugin, String execution, String argLine, String forkCount) {

        /** "maven-surefire-plugin" or "maven-surefire-plugin (execution it)". */
        String where() {
            return plugin + (execution == null ? "" : " (execution " + execution + ")");
        }
    }

    private static final List<String> RUNNERS = List.of("maven-surefire-plugin", "maven-failsafe-plugin");

    private TestPlugins() {
    }

    static List<Setting> of(MavenProject project) {
        List<Setting> settings = new ArrayList<>();
        for (Plugin plugin : project.getBuildPlugins()) {
            if (!"org.apache.maven.plugins".equals(plugin.getGroupId()) || !RUNNERS.contains(plugin.getArtifactId())) {
                continue;
            }
            Xpp3Dom own = (Xpp3Dom) plugin.getConfiguration();
            Setting pluginLevel = setting(plugin.getArtifactId(), null, own);
            settings.add(pluginLevel);
            for (PluginExecution execution : plugin.getExecutions()) {
                Xpp3Dom config = (Xpp3Dom) execution.getConfiguration();
                if (config == null) {
                    continue;
                }
                Setting merged = setting(plugin.getArtifactId(), execution.getId(), Xpp3Dom.mergeXpp3Dom(
                        new Xpp3Dom(config), own == null ? null : new Xpp3Dom(own)));
                // Lifecycle executions (default-test) carry the plugin's own configuration: said once.
                if (!Objects.equals(merged.argLine(), pluginLevel.argLine())
                        || !Objects.equals(merged.forkCount(), pluginLevel.forkCount())) {
                    settings.add(merged);
                }
            }
        }
        return settings;
    }

    private static Setting setting(String plugin, String execution, Xpp3Dom config) {
        return new Setting(plugin, execution, value(config, "argLine"), value(config, "forkCount"));
    }

    private static String value(Xpp3Dom config, String name) {
        Xpp3Dom child = config == null ? null : config.getChild(name);
        return child == null || child.getValue() == null ? null : child.getValue().trim();
    }
}
