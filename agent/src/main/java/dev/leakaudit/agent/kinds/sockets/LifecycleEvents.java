package dev.leakaudit.agent.kinds.sockets;

import dev.leakaudit.agent.attribution.Attribution;
import dev.leakaudit.agent.attribution.TestScopes;
import dev.leakaudit.agent.ledger.ThreadInfo;
import dev.leakaudit.agent.stacks.CallStack;
import dev.leakaudit.agent.verdict.Finding;
import dev.leakaudit.agent.verdict.FindingContext;
import dev.leakaudit.agent.verdict.FindingLog;
import dev.leakaudit.agent.verdict.JdkOwnership;
import dev.leakaudit.agent.events.AuditEvents;

/**
 * Turns ledger events into JFR events, and a second close into a {@code double-close} note, unless
 * the two closes are one close through a wrapper ({@link DelegatedClose}).
 */
public final class LifecycleEvents implements LedgerListener {

    private final AuditEvents events;
    private final FindingContext findings;
    private final FindingLog log;
    private final TestScopes scopes;

    public LifecycleEvents(AuditEvents events, FindingContext findings, FindingLog log, TestScopes scopes) {
        this.events = events;
        this.findings = findings;
        this.log = log;
        this.scopes = scopes;
    }

    @Override
    public void opened(ResourceRecord record) {
        events.opened(record.kind().reportName(), record.className(), record.id(), ownerName(record.attribution()));
    }

    @Override
    public void closed(ResourceRecord record) {
        events.closed(record.kind().reportName(), record.className(), record.id(), ownerName(record.attribution()),
                Math.max(0, record.closedAtMillis() - record.openedAtMillis()));
    }

    @Override
    public void closedAgain(ResourceRecord record, CallStack secondClose, boolean throughWrapper, ThreadInfo thread) {
        if (record.closeCalls() != 2) {
            return; // one note per resource, however many more closes follow
        }
        if (record.firstCloseThroughWrapper() || throughWrapper) {
            // Closing a socket's stream, a channel's adaptor or an SSLSocket with autoClose closes
            // what it wraps (as specified), so that and the owner's close are one close.
            return;
        }
        if (JdkOwnership.componentBeforeSite(record.creation().frames()) != null) {
            // Opened through a JDK component (HttpClient, HttpURLConnection), which closes it itself,
            // sometimes twice. The JDK's wholly internal ones go by option jdkOwned, in closedTwice.
            return;
        }
        Attribution where = scopes.attributeCurrentThread();
        Finding finding = SocketFindings.closedTwice(findings, record, secondClose, thread, where);
        if (finding == null) {
            return;
        }
        if (log.confirm(finding) && where.scope() != null) {
            where.scope().countNote();
        }
        events.closedAgain(record.kind().reportName(), record.className(), record.id(), ownerName(where),
                findings.stackText(record.firstClose()));
    }

    private static String ownerName(Attribution attribution) {
        return attribution.scope() == null ? null : attribution.scope().name();
    }
}
