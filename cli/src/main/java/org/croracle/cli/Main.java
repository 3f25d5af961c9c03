package org.croracle.cli;

import java.io.PrintWriter;

import org.croracle.oracle.tlc.SpecLoadException;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./cr}: the command line of cr-oracle. */
@Command(name = "cr", mixinStandardHelpOptions = true, version = "cr-oracle 0.1.0",
        description = "A formal-model-driven test oracle for Linux checkpoint/restart (linux-cr v21).",
        subcommands = {CheckCommand.class, TlcCommand.class, ConformCommand.class, RunCommand.class, ExplainCommand.class, RoundTripCommand.class, CkptinfoCommand.class,
                SnapshotCommand.class, PlanCommand.class,
                BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    /** Exit codes: 0 all holds, 1 a check failed (a violation, a divergence), 2 bad input or setup. */
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int INTERNAL = 70;

    private static final java.util.regex.Pattern AT_LINE = java.util.regex.Pattern.compile("[^\\s:]+:\\d+: ");

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams and returns the exit code (for tests). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cmd = new CommandLine(new Main());
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setParameterExceptionHandler((ex, a) -> {
            err.println("cr: " + ex.getMessage());
            err.println("    (see: " + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
            return USAGE;
        });
        cmd.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (ex instanceof UserError || ex instanceof SpecLoadException) {
                // a mistake at a place in a file starts with FILE:LINE:, as a compiler's, so that editors jump to it
                err.println((AT_LINE.matcher(ex.getMessage()).lookingAt() ? "" : "cr: ") + ex.getMessage());
                return USAGE;
            }
            err.println("cr: internal error: " + ex);
            if (System.getenv("CR_DEBUG") != null) {
                ex.printStackTrace(err);
            } else {
                err.println("    (set CR_DEBUG=1 for the stack trace)");
            }
            return INTERNAL;
        });
        int code = cmd.execute(args);
        out.flush();
        err.flush();
        return code;
    }
}
