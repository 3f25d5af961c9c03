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

import org.croracle.oracle.linux.RestartPlanReport;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./cr plan IMAGE}: the restart plan of an image, and whether linux-cr or mainline can restore it. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Print the restart plan of a checkpoint image (a snapshot of a live tree included): which task "
                + "creates which at which pids, the sessions and groups made, the temporary tasks; then whether the tree "
                + "is restorable by linux-cr's restart, by mainline Linux, or neither, and why. Tasks are named by the "
                + "commands in IMAGE.log when there is one (a snapshot's). Exit 0 if linux-cr's restart can restore it, "
                + "1 if not, 2 if the file cannot be read.")
final class PlanCommand implements Callable<Integer> {

    /** A task line of a snapshot's log: {@code task PID (COMM): parent ...}. */
    private static final Pattern TASK = Pattern.compile("^task (\\d+) \\((.*)\\): parent ");

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IMAGE")
    Path file;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.isRegularFile(file)) {
            throw new UserError("no image file " + file);
        }
        byte[] image;
        Map<Integer, String> labels = new HashMap<>();
        try {
            image = Files.readAllBytes(file);
            Path log = file.resolveSibling(file.getFileName() + ".log");
            if (Files.isRegularFile(log)) {
                for (String l : Files.readAllLines(log)) {
                    Matcher m = TASK.matcher(l);
                    if (m.find()) {
                        labels.put(Integer.parseInt(m.group(1)), m.group(2).replaceAll("\\s+", "_"));
                    }
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage());
        }
        RestartPlanReport.Report r = RestartPlanReport.of(image, labels);
        r.lines().forEach(out::println);
        return r.linuxCr() ? 0 : Main.FAILED;
    }
}
