package org.croracle.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.croracle.oracle.linux.CrLinux;
import org.croracle.oracle.linux.LinuxRestart;
import org.croracle.oracle.linux.LiveSnapshot;
import org.croracle.oracle.linux.RestartPlanReport;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./cr plan IMAGE}: the restart plan of an image, and whether linux-cr or mainline can restore it. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Print the restart plan of a checkpoint image (a snapshot of a live tree included): which task "
                + "creates which at which pids, the sessions and groups made, the temporary tasks; then whether the tree "
                + "is restorable by linux-cr's restart, by mainline Linux, or neither, and why. Tasks are named by the "
                + "commands in IMAGE.log when there is one (a snapshot's), which also says whether checkpoint() would have "
                + "refused the tree (a container whose objects are held from outside). Exit 0 if linux-cr's restart can restore it, "
                + "1 if not, 2 if the file cannot be read; with --on-linux, 1 also if the tree comes back different, 77 "
                + "if this machine cannot run it.")
final class PlanCommand implements Callable<Integer> {

    /** A task line of a snapshot's log: {@code task PID (COMM): parent ...}. */
    private static final Pattern TASK = Pattern.compile("^task (\\d+) \\((.*)\\): parent ");

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IMAGE")
    Path file;

    @Option(names = "--on-linux", description = "Also rebuild the tree's skeleton (pids, parents, sessions, groups, "
            + "zombies, credentials, signal masks; no files or memory) on this machine's Linux with the helper's "
            + "processes, in a new PID namespace, by this plan; read it back from /proc and compare it with the image.")
    boolean onLinux;

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "5000",
            description = "With --on-linux: how long one operation on Linux may take (default: ${DEFAULT-VALUE}).")
    int timeoutMs;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.isRegularFile(file)) {
            throw new UserError("no image file " + file);
        }
        byte[] image;
        Map<Integer, String> labels = new HashMap<>();
        String refusal = null;
        try {
            image = Files.readAllBytes(file);
            Path log = file.resolveSibling(file.getFileName() + ".log");
            if (Files.isRegularFile(log)) {
                for (String l : Files.readAllLines(log)) {
                    if (l.startsWith(LiveSnapshot.CONTAINER_REFUSED)) {
                        refusal = l.substring(LiveSnapshot.CONTAINER_REFUSED.length());
                    }
                    Matcher m = TASK.matcher(l);
                    if (m.find()) {
                        labels.put(Integer.parseInt(m.group(1)), m.group(2).replaceAll("\\s+", "_"));
                    }
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage());
        }
        if (timeoutMs < 100) {
            throw new UserError("--timeout-ms must be at least 100, not " + timeoutMs);
        }
        RestartPlanReport.Report r = RestartPlanReport.of(image, labels, refusal);
        r.lines().forEach(out::println);
        if (!r.linuxCr()) {
            return Main.FAILED;
        }
        return onLinux ? onLinux(image, out, spec.commandLine().getErr()) : 0;
    }

    private int onLinux(byte[] image, PrintWriter out, PrintWriter err) {
        LinuxRestart.SkeletonOutcome s;
        try (CrLinux linux = CrLinux.start(java.time.Duration.ofMillis(timeoutMs))) {
            s = LinuxRestart.skeleton(linux, image);
        } catch (CrLinux.Unavailable e) {
            err.println("cr: cannot restart on Linux here: " + e.getMessage());
            return e.unsupported() ? CrLinux.EXIT_UNSUPPORTED : Main.FAILED;
        } catch (CrLinux.Failure e) {
            err.println("cr: the Linux side failed: " + e.getMessage());
            return Main.FAILED;
        }
        if (!s.restart().ok()) {
            out.println("skeleton restart on Linux: failed: " + s.restart().errno() + ": " + s.restart().reason());
            return Main.FAILED;
        }
        if (s.difference() != null) {
            out.println("skeleton restart on Linux: the tree came back different: " + s.difference());
            return Main.FAILED;
        }
        out.printf("skeleton restart on Linux: %d tasks rebuilt (%d helper operations), read back from /proc: equal to"
                + " the image (pids, parents, sessions, groups, zombies)%n", s.restored().size(), s.restart().steps());
        return 0;
    }
}
