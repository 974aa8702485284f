package dev.leakaudit.reports.model;

/** Input a user gave that cannot be used; its message is the one line the command line prints. */
public final class BadInputException extends Exception {

    public BadInputException(String message) {
        super(message);
    }
}
