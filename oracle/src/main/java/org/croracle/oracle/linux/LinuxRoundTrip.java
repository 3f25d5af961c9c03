package org.croracle.oracle.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.croracle.impl.syscall.KernelConfig;
import org.croracle.impl.scenario.Scenario;
import org.croracle.oracle.trace.TraceShrinker;

/**
 * The round trip on the real kernel: a random container ({@link RandomContainerScenario}) built on
 * Linux and on the simulated kernel, frozen, checkpointed from /proc, destroyed, restarted on Linux
 * by the planner's plan, and compared with the saved tree ({@code expect same} on Linux) and with
 * the simulated kernel's restart of its own image of the same tree (whose facts Linux's image must
 * have). A tree that comes back different, or any other disagreement, is shrunk and saved.
 */
public final class LinuxRoundTrip {

    /** How one tree's round trip ended. */
    public enum Verdict {
        /** Restored on Linux, equal to the saved tree and to the model's restart. */
        EQUAL,
        /** Linux cannot rebuild it the way the plan says (a named mainline refusal). */
        REFUSED,
        /** Not run on Linux: the step would make Linux hang (zap_pid_ns_processes). */
        HANG,
        /** Linux and the model disagree, or the tree came back different. */
        WRONG
    }

    /** One tree's result: the verdict, the refusal's reason with numbers dropped (for a tally), the comparison. */
    public record Result(Verdict verdict, String reason, LinuxComparison.Outcome outcome) {
    }

    private final KernelConfig config;
    private final Duration timeout;

    public LinuxRoundTrip(KernelConfig config, Duration timeout) {
        this.config = config;
        this.timeout = timeout;
    }

    /** The round trip of the tree these codes build. */
    public Result run(List<Integer> codes) {
        return run(RandomContainerScenario.scenario("roundtrip", codes));
    }

    public Result run(Scenario scenario) {
        LinuxComparison.Outcome o;
        try (CrLinux linux = CrLinux.start(timeout)) {
            o = LinuxComparison.compare(scenario, config, linux);
        } catch (CrLinux.Unavailable e) {
            throw new CrLinux.Failure("crlinux stopped working: " + e.getMessage());
        }
        return classify(o);
    }

    static Result classify(LinuxComparison.Outcome o) {
        if (!o.agrees()) {
            return new Result(Verdict.WRONG, o.disagreement().what(), o);
        }
        if (o.stop() == null) {
            return new Result(Verdict.EQUAL, null, o);
        }
        if (o.refusal() != null) {
            return new Result(Verdict.REFUSED, generic(o.refusal()), o);
        }
        if (o.stop().contains(LinuxComparison.HANG)) {
            return new Result(Verdict.HANG, "Linux would hang in zap_pid_ns_processes", o);
        }
        // Both kernels refusing to restart (or checkpoint) a tree that exists on Linux is a wrong
        // round trip too: the tree was built by legal steps, so the planner must rebuild it.
        return new Result(Verdict.WRONG, "stopped before the round trip ended: " + o.stop(), o);
    }

    /** A reason with its numbers (pids, groups) dropped, so that refusals of one kind count together. */
    static String generic(String reason) {
        return reason.replaceAll("(?<![A-Za-z(])\\d+", "N"); // keeps setpgid(2)
    }

    /** A wrong tree, shrunk. */
    public record Shrunk(List<Integer> codes, String scenario, Result result) {
    }

    /** Shrinks failing codes to few lines that still go wrong in the same way. */
    public Shrunk shrink(List<Integer> failing) {
        String kind = kind(run(failing));
        List<Integer> minimal = TraceShrinker.shrink(failing, c -> kind(run(c)).equals(kind));
        List<String> lines = RandomContainerScenario.body(minimal);
        List<Integer> all = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            all.add(i); // the first line makes the container: always kept
        }
        List<Integer> kept = TraceShrinker.shrink(all, idx -> {
            String text = textOf(lines, idx);
            return text != null && kind(run(GeneratedLines.parse("roundtrip", text))).equals(kind);
        });
        String text = "# shrunk from the round trip of codes " + minimal + "\n" + textOf(lines, kept);
        return new Shrunk(minimal, text, run(GeneratedLines.parse("roundtrip", text)));
    }

    private static String textOf(List<String> lines, List<Integer> idx) {
        List<Integer> sorted = idx.stream().distinct().sorted().toList();
        if (!sorted.equals(idx)) {
            return null;
        }
        List<String> chosen = new ArrayList<>();
        chosen.add(lines.get(0));
        sorted.forEach(i -> chosen.add(lines.get(i)));
        String body = RandomContainerScenario.annotate(chosen);
        return body == null ? null : body + RandomContainerScenario.ROUND_TRIP;
    }

    private static String kind(Result r) {
        return r.verdict() != Verdict.WRONG ? "" : r.reason().replaceAll("\\d+", "N").replaceAll("\\(.*", "");
    }

    /** Writes the shrunk scenario, with what went wrong as a comment, to DIR/roundtrip-HASH.crs. */
    public static Path save(Shrunk shrunk, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("roundtrip-" + Integer.toHexString(shrunk.scenario().hashCode()) + ".crs");
        String header = "# The round trip on Linux goes wrong (./cr run --on-linux " + file.getFileName() + "):\n# "
                + shrunk.result().outcome().summary().replace("\n", "\n# ") + "\n";
        Files.writeString(file, header + shrunk.scenario());
        return file;
    }
}
