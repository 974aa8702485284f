package dev.leakaudit.reports.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/** One finding of a {@code leak-audit/1} report, field for field as the README documents it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Finding(
        String kind,
        String severity,
        String resource,
        Long resourceId,
        @JsonInclude(JsonInclude.Include.ALWAYS) String test,
        @JsonInclude(JsonInclude.Include.ALWAYS) String displayName,
        String testStatus,
        String attribution,
        List<String> candidates,
        String thread,
        Long threadId,
        Boolean virtualThread,
        String openedAt,
        String site,
        String stackId,
        List<String> stack,
        String message,
        String localAddress,
        String remoteAddress,
        Boolean collected,
        List<String> currentStack,
        List<String> firstClose,
        List<String> secondClose,
        String owner,
        String path,
        String command,
        List<String> referencePath,
        Long bytes,
        String allocator,
        List<String> touches) {

    public static final String LEAK = "leak";
    public static final String WARNING = "warning";
    /** Low severity (a plain double close): shown, never failing a build. */
    public static final String NOTE = "note";

    public Finding {
        candidates = candidates == null ? null : List.copyOf(candidates);
        stack = stack == null ? List.of() : List.copyOf(stack);
        currentStack = currentStack == null ? null : List.copyOf(currentStack);
        firstClose = firstClose == null ? null : List.copyOf(firstClose);
        secondClose = secondClose == null ? null : List.copyOf(secondClose);
        referencePath = referencePath == null ? null : List.copyOf(referencePath);
        touches = touches == null ? null : List.copyOf(touches);
    }

    @JsonIgnore
    public boolean isLeak() {
        return LEAK.equals(severity);
    }

    @JsonIgnore
    public boolean isNote() {
        return NOTE.equals(severity);
    }

    /** Its test failed or was aborted: the finding may be a consequence of that, not its cause. */
    @JsonIgnore
    public boolean fromFailedTest() {
        return "failed".equals(testStatus) || "aborted".equals(testStatus);
    }

    /** Leaks first, then warnings, then notes: how every list of findings is ordered. */
    @JsonIgnore
    public int severityRank() {
        return rank(severity);
    }

    public static int rank(String severity) {
        return LEAK.equals(severity) ? 0 : WARNING.equals(severity) ? 1 : 2;
    }

    @JsonIgnore
    public Fingerprint fingerprint() {
        return Fingerprint.of(this);
    }
}
