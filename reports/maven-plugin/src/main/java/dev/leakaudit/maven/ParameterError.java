package dev.leakaudit.maven;

import org.apache.maven.plugin.MojoExecutionException;

/** A parameter value the goal cannot use: one line naming the parameter and what is allowed. */
final class ParameterError {

    private ParameterError() {
    }

    static MojoExecutionException of(String parameter, String what) {
        return new MojoExecutionException("leak-audit: parameter " + parameter + ": " + what);
    }
}
