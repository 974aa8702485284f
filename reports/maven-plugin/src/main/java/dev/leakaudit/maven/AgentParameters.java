package dev.leakaudit.maven;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.maven.plugin.MojoExecutionException;

import dev.leakaudit.agent.config.AgentOptions;
import dev.leakaudit.agent.config.OptionsException;

/**
 * The agent's options from a goal's parameters. Each value is checked by the agent's own parser on
 * its own, so that a bad one fails the goal with one line naming its parameter.
 */
final class AgentParameters {

    /** A parameter and the agent option it sets. */
    private record Named(String parameter, String option, String value) {
    }

    private final Map<String, Named> byOption = new LinkedHashMap<>();

    /** Sets {@code option} from {@code parameter}; null leaves the agent's default, a list is joined with ':'. */
    AgentParameters set(String parameter, String option, Object value) {
        String text = textOf(value);
        if (text != null) {
            byOption.put(option, new Named(parameter, option, text));
        }
        return this;
    }

    /** The options, the named parameters and then the free-form {@code options}; each checked by the agent. */
    AgentOptions toOptions(String freeForm) throws MojoExecutionException {
        StringBuilder all = new StringBuilder();
        for (Named named : byOption.values()) {
            if (named.value().indexOf(',') >= 0) {
                throw ParameterError.of(named.parameter(), "'" + named.value() + "' holds a comma, which separates the agent's "
                        + "options: separate list entries with ':'");
            }
            String pair = named.option() + "=" + named.value();
            parse(named.parameter(), pair);
            all.append(all.length() == 0 ? "" : ",").append(pair);
        }
        if (freeForm != null && !freeForm.isBlank()) {
            AgentOptions given = parse("options", freeForm);
            for (String pair : freeForm.split(",")) {
                int equals = pair.indexOf('=');
                String key = equals < 0 ? pair.trim() : pair.substring(0, equals).trim().toLowerCase(Locale.ROOT);
                Named named = byOption.get(key);
                if (named != null) {
                    throw ParameterError.of("options", "'" + pair.trim() + "' sets " + key + ", which parameter " + named.parameter()
                            + " sets too: use one of them");
                }
            }
            all.append(all.length() == 0 ? "" : ",").append(given.toString());
        }
        return parse("options", all.toString());
    }

    private static AgentOptions parse(String parameter, String text) throws MojoExecutionException {
        try {
            return AgentOptions.parse(text);
        } catch (OptionsException e) {
            // The agent names its option ("option 'linger': ..."); here the parameter is named instead.
            throw ParameterError.of(parameter, e.getMessage().replaceFirst("^option '[^']*': ", ""));
        }
    }

    private static String textOf(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof File file) {
            return file.getAbsolutePath();
        }
        if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                return null;
            }
            StringBuilder joined = new StringBuilder();
            for (Object item : list) {
                joined.append(joined.length() == 0 ? "" : ":").append(String.valueOf(item).trim());
            }
            return joined.toString();
        }
        return String.valueOf(value).trim();
    }
}
