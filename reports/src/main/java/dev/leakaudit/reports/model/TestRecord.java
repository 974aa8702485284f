package dev.leakaudit.reports.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A test or class the agent saw, with its status, its findings (leaks and warnings) and its notes:
 * clean tests show as clean.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TestRecord(String test, String level, String displayName, String uniqueId, String status, int findings,
                         Integer notes) {
}
