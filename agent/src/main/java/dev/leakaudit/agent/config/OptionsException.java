package dev.leakaudit.agent.config;

/** A -javaagent option the agent cannot accept; the message names the option. */
public final class OptionsException extends Exception {

    private static final long serialVersionUID = 1L;

    public OptionsException(String message) {
        super(message);
    }
}
