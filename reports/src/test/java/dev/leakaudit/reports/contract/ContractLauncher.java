package dev.leakaudit.reports.contract;

import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Runs fixture test classes (default {@link EveryFieldScenarios}) on the JUnit Platform, with
 * parallel execution enabled for the classes that ask for it, as a build's test runner would.
 */
public final class ContractLauncher {

    private ContractLauncher() {
    }

    public static void main(String[] args) {
        String fixture = args.length > 0 ? args[0] : EveryFieldScenarios.class.getName();
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(fixture))
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "2")
                .build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        launcher.execute(request, summary);
        System.err.println("contract fixture: " + summary.getSummary().getTestsSucceededCount() + " succeeded, "
                + summary.getSummary().getTotalFailureCount() + " failed");
        System.exit(0); // the JDK HttpServer left running on purpose keeps a non-daemon thread
    }
}
