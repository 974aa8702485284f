package dev.leakaudit.reports.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code leak-audit report|merge|check|baseline|sarif|junit ...}: the reports command line.
 * Exit codes: 0 clean or nothing beyond the baseline, 1 findings that fail the gate, 2 bad input.
 * Without a subcommand the arguments are those of {@code check} (as the build's own leak check calls it).
 */
@Command(name = "leak-audit", mixinStandardHelpOptions = true, versionProvider = LeakAuditCli.Version.class,
        description = "Reads the agent's per-JVM reports: merges them, writes the HTML page, SARIF, JUnit XML and "
                + "baselines, and gates CI.",
        subcommands = {ReportCommand.class, MergeCommand.class, CheckCommand.class, BaselineCommand.class,
                SarifCommand.class, JUnitCommand.class})
public final class LeakAuditCli implements Runnable {

    public static final int BAD_INPUT = 2;
    private static final Set<String> SUBCOMMANDS = Set.of("report", "merge", "check", "baseline", "sarif", "junit",
            "help", "-h", "--help", "-V", "--version");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: report, merge, check, "
                + "baseline, sarif or junit");
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        String[] effective = args;
        if (args.length > 0 && !SUBCOMMANDS.contains(args[0])) {
            effective = new String[args.length + 1];
            effective[0] = "check";
            System.arraycopy(args, 0, effective, 1, args.length);
        }
        CommandLine commandLine = new CommandLine(new LeakAuditCli());
        commandLine.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        commandLine.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        commandLine.setParameterExceptionHandler((e, unused) -> {
            err.println("leak-audit: " + e.getMessage() + " (see leak-audit "
                    + (e.getCommandLine().getCommandName().equals("leak-audit") ? "" : e.getCommandLine().getCommandName() + " ")
                    + "--help)");
            return BAD_INPUT;
        });
        commandLine.setExecutionExceptionHandler((e, cmd, unused) -> {
            err.println("leak-audit " + cmd.getCommandName() + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return BAD_INPUT;
        });
        commandLine.setExitCodeExceptionMapper(e -> BAD_INPUT);
        commandLine.setExecutionStrategy(new CommandLine.RunLast());
        int code = commandLine.execute(effective);
        out.flush();
        err.flush();
        return code;
    }

    /** The version of this jar, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"leak-audit reports " + version()};
        }

        static String version() {
            return dev.leakaudit.reports.ReportJobs.version();
        }
    }
}
