package org.croracle.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;

import org.croracle.oracle.linux.CrLinux;
import org.croracle.oracle.linux.LiveSnapshot;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./cr snapshot PID -o IMAGE}: a live process tree of this machine, one nothing in this
 * project made, read from /proc into the image format, with linux-cr's leak verdict on it.
 */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = "Read the live process tree below PID from /proc (frozen in its freezer cgroup) and write it as a "
                + "checkpoint image, with the objects something outside the tree also holds (linux-cr's usage leaks). "
                + "The log goes to stdout and to IMAGE.log. Exit 0 if the image is written, 1 if the tree cannot be read "
                + "(a task vanished, PID namespaces the reader cannot see), 2 for a mistake in what was asked (no such "
                + "pid, no freezer cgroup of its own), 77 if this machine cannot (not root, no kcmp(2), no helper).")
final class SnapshotCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PID", description = "The root of the tree (a pid of this /proc).")
    String pid;

    @Option(names = {"-o", "--output"}, paramLabel = "IMAGE", required = true,
            description = "Where the image goes (and its log, to IMAGE.log).")
    Path output;

    @Option(names = "--freeze", description = "Move the tree into a new freezer cgroup, freeze it there, and move it "
            + "back afterwards (when it has no freezer cgroup of its own).")
    boolean freeze;

    @Option(names = "--unfrozen", description = "Read the tree while it runs (the snapshot may be inconsistent).")
    boolean unfrozen;

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "5000",
            description = "How long freezing may take (default: ${DEFAULT-VALUE}).")
    int timeoutMs;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int root;
        try {
            root = Integer.parseInt(pid);
        } catch (NumberFormatException e) {
            throw new UserError("PID must be a process id, not '" + pid + "'");
        }
        if (root <= 0) {
            throw new UserError("PID must be a positive process id, not " + root);
        }
        if (freeze && unfrozen) {
            throw new UserError("--freeze and --unfrozen exclude each other");
        }
        if (timeoutMs < 100) {
            throw new UserError("--timeout-ms must be at least 100, not " + timeoutMs);
        }
        Path dir = output.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new UserError("no directory " + dir + " for " + output);
        }
        if (!Files.isDirectory(Path.of("/proc", String.valueOf(root)))) {
            throw new UserError("no process " + root + " (/proc/" + root + " does not exist)");
        }
        LiveSnapshot.Freeze how = freeze ? LiveSnapshot.Freeze.NEW_CGROUP
                : unfrozen ? LiveSnapshot.Freeze.UNFROZEN : LiveSnapshot.Freeze.OWN_CGROUP;
        LiveSnapshot.Outcome o = LiveSnapshot.take(root, how, timeoutMs);
        if (!o.ok()) {
            o.log().forEach(out::println);
            out.flush();
            err.println("cr: snapshot of " + root + ": " + o.error());
            return o.unsupported() ? CrLinux.EXIT_UNSUPPORTED : o.refused() ? Main.USAGE : Main.FAILED;
        }
        Path log = output.resolveSibling(output.getFileName() + ".log");
        write(output, o.image());
        write(log, (String.join("\n", o.log()) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        o.log().forEach(out::println);
        out.printf("%s: %d tasks, %d bytes; %s; log in %s%n", output, o.labels().size(), o.image().length,
                o.leaks().isEmpty() ? "nothing of the tree is held from outside it"
                        : o.leaks().size() + " object" + (o.leaks().size() == 1 ? "" : "s") + " held from outside the tree",
                log);
        return 0;
    }

    /** Written to a temporary file and renamed: a failure leaves no partial file behind. */
    private static void write(Path target, byte[] bytes) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile(target.toAbsolutePath().getParent(), target.getFileName().toString(), ".part");
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UserError("cannot write " + target + ": " + e.getMessage());
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the rename happened, or the error above is reported
                }
            }
        }
    }
}
