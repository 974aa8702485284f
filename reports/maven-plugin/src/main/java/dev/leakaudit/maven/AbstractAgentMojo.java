package dev.leakaudit.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.maven.artifact.Artifact;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

import dev.leakaudit.agent.config.AgentOptions;

/**
 * Puts the agent in front of the property the test plugins read ({@code argLine}), keeping what
 * is there; the agent's options come from the parameters, checked by the agent's own parser.
 * Then says at once if the module's Surefire or Failsafe configuration would keep the agent out.
 */
abstract class AbstractAgentMojo extends AbstractMojo {

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    MavenSession session;

    /** The plugin's own dependencies: the agent jar is the one this plugin was built with. */
    @Parameter(property = "plugin.artifactMap", readonly = true, required = true)
    Map<String, Artifact> pluginArtifactMap;

    /** The property that gets the -javaagent argument; Surefire and Failsafe read {@code argLine}. */
    @Parameter(property = "leakaudit.propertyName", defaultValue = "argLine")
    String propertyName;

    /** Skips every leak-audit goal; the property is then set to empty when unset, so {@code @{argLine}} resolves. */
    @Parameter(property = "leakaudit.skip", defaultValue = "false")
    boolean skip;

    /** Keep the reports of earlier runs in the folder (by default they are removed, so the page shows this run). */
    @Parameter(property = "leakaudit.append", defaultValue = "false")
    boolean append;

    /** How long a test's resources may take to close after it ends: 500ms, 2s, 1m (agent default 2s). */
    @Parameter(property = "leakaudit.linger")
    String linger;

    /** Creation-stack prefixes never reported; {@code kind@prefix} for one kind only (thread@io.netty.). */
    @Parameter(property = "leakaudit.excludes")
    List<String> excludes;

    /** Tests or test classes, by name prefix, whose leftovers are shared fixtures of the run. */
    @Parameter(property = "leakaudit.fixtures")
    List<String> fixtures;

    /** Frames kept per stack in the report, 1 to 1024 (agent default 32). */
    @Parameter(property = "leakaudit.stackDepth")
    String stackDepth;

    /** site (one stack per call site, the default) or full (a stack for every event). */
    @Parameter(property = "leakaudit.stacks")
    String stacks;

    /** Record the agent's JDK Flight Recorder events beside the report: true (default) or false. */
    @Parameter(property = "leakaudit.jfr")
    String jfr;

    /** Thread-name prefixes never reported. */
    @Parameter(property = "leakaudit.threads")
    List<String> threads;

    /** Registrations to audit, CLASS#ADD/REMOVE[/REMOVE_ALL]. */
    @Parameter(property = "leakaudit.handlers")
    List<String> handlers;

    /** Cleanup methods that must be idempotent, CLASS#METHOD. */
    @Parameter(property = "leakaudit.cleanup")
    List<String> cleanup;

    /** When to look for objects retained after close: test, class, run (default) or off. */
    @Parameter(property = "leakaudit.retention")
    String retention;

    /** Stack prefixes of registrations a library makes for the life of the process. */
    @Parameter(property = "leakaudit.processWide")
    List<String> processWide;

    /** omit (default) or report: findings created by the JDK's own internals. */
    @Parameter(property = "leakaudit.jdkOwned")
    String jdkOwned;

    /** Any further agent options, as the agent reads them: key=value,key=value. */
    @Parameter(property = "leakaudit.options")
    String options;

    /** The folder the agent writes its reports to. */
    abstract File destDir();

    @Override
    public void execute() throws MojoExecutionException {
        Properties properties = project.getProperties();
        if (skip) {
            if (properties.getProperty(propertyName) == null) {
                properties.setProperty(propertyName, "");
                getLog().info("leak-audit: skipped; " + propertyName + " set to empty");
            } else {
                getLog().info("leak-audit: skipped");
            }
            return;
        }
        AgentOptions agentOptions = agentParameters().toOptions(options);
        String value;
        try {
            value = agentOptions.prependVmArgument(properties.getProperty(propertyName), agentJar());
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("leak-audit: " + propertyName + " cannot take the agent: " + e.getMessage());
        }
        properties.setProperty(propertyName, value);
        getLog().info(propertyName + " set to " + value);
        if (!append) {
            removeEarlierReports(agentOptions.destdir());
        }
        for (String problem : ArgLineAdvice.problems(project, session.getUserProperties(), propertyName)) {
            getLog().warn("leak-audit: " + problem);
        }
    }

    private AgentParameters agentParameters() {
        return new AgentParameters()
                .set("destDir", AgentOptions.DESTDIR, destDir())
                .set("linger", AgentOptions.LINGER, linger)
                .set("excludes", AgentOptions.EXCLUDES, excludes)
                .set("fixtures", AgentOptions.FIXTURES, fixtures)
                .set("stackDepth", AgentOptions.STACKDEPTH, stackDepth)
                .set("stacks", AgentOptions.STACKS, stacks)
                .set("jfr", AgentOptions.JFR, jfr)
                .set("threads", AgentOptions.THREADS, threads)
                .set("handlers", AgentOptions.HANDLERS, handlers)
                .set("cleanup", AgentOptions.CLEANUP, cleanup)
                .set("retention", AgentOptions.RETENTION, retention)
                .set("processWide", AgentOptions.PROCESS_WIDE, processWide)
                .set("jdkOwned", AgentOptions.JDK_OWNED, jdkOwned);
    }

    private Path agentJar() throws MojoExecutionException {
        Artifact agent = pluginArtifactMap.get(PluginCoordinates.AGENT_KEY);
        if (agent == null || agent.getFile() == null) {
            throw new MojoExecutionException("leak-audit: the plugin's own dependency " + PluginCoordinates.AGENT_KEY
                    + " was not resolved");
        }
        return agent.getFile().toPath().toAbsolutePath();
    }

    /** Earlier runs' reports would be merged with this run's: each JVM writes a file of its own. */
    private void removeEarlierReports(Path folder) throws MojoExecutionException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "leak-report-*")) {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new MojoExecutionException("leak-audit: cannot clear earlier reports from " + folder + ": " + e);
        }
    }
}
