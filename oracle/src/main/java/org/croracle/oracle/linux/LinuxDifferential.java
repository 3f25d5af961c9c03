package org.croracle.oracle.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.croracle.impl.syscall.KernelConfig;
import org.croracle.impl.scenario.Scenario;
import org.croracle.oracle.trace.TraceShrinker;

/**
 * The differential check: a random process scenario ({@link RandomProcessScenario}) on the
 * simulated kernel and on Linux, each in a fresh namespace; a disagreement is shrunk to a minimal
 * scenario and saved as a replayable .crs.
 */
public final class LinuxDifferential {

    private final KernelConfig config;
    private final Duration timeout;

    public LinuxDifferential(KernelConfig config, Duration timeout) {
        this.config = config;
        this.timeout = timeout;
    }

    /** Whether Linux can be compared here; null if it can, else the reason (not root, no helper, ...). */
    public static String unavailableReason() {
        try (CrLinux linux = CrLinux.start(Duration.ofSeconds(5))) {
            return null;
        } catch (CrLinux.Unavailable e) {
            return e.getMessage();
        }
    }

    /** Compares the scenario these codes make. */
    public LinuxComparison.Outcome compare(List<Integer> codes) {
        return compare(RandomProcessScenario.scenario("random", codes));
    }

    /** Compares a scenario. */
    public LinuxComparison.Outcome compare(Scenario scenario) {
        try (CrLinux linux = CrLinux.start(timeout)) {
            return LinuxComparison.compare(scenario, config, linux);
        } catch (CrLinux.Unavailable e) {
            throw new CrLinux.Failure("crlinux stopped working: " + e.getMessage());
        }
    }

    /** A disagreement, shrunk. */
    public record Shrunk(List<Integer> codes, String scenario, LinuxComparison.Outcome outcome, int operations) {
    }

    /**
     * Shrinks failing codes to a minimal list whose scenario still disagrees in the same way (at
     * the same operation, on the result or on a task fact), so that shrinking cannot wander off
     * to another disagreement.
     */
    public Shrunk shrink(List<Integer> failing) {
        String kind = kind(compare(failing));
        List<Integer> minimal = TraceShrinker.shrink(failing, c -> {
            LinuxComparison.Outcome o = compare(c);
            return !o.agrees() && kind(o).equals(kind);
        });
        // then line by line: one code may stand for several lines, and most of them may not matter
        List<String> lines = RandomProcessScenario.operations(RandomProcessScenario.text(minimal));
        List<Integer> all = new java.util.ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            all.add(i);
        }
        List<Integer> kept = TraceShrinker.shrink(all, idx -> {
            String text = linesAt(lines, idx);
            if (text == null) {
                return false;
            }
            LinuxComparison.Outcome o = compare(parse(text));
            return !o.agrees() && kind(o).equals(kind);
        });
        String text = "# shrunk from the scenario of codes " + minimal + "\n" + linesAt(lines, kept);
        Scenario s = parse(text);
        int ops = (int) s.statements().stream().filter(st -> !(st.isCommand() && st.verb().equals("expect"))).count();
        return new Shrunk(minimal, text, compare(s), ops);
    }

    /** The annotated scenario of the lines at these indices, in order, each once; null if it does not parse. */
    private static String linesAt(List<String> lines, List<Integer> idx) {
        List<Integer> sorted = idx.stream().distinct().sorted().toList();
        if (sorted.size() != idx.size() || !sorted.equals(idx)) {
            return null; // the shrinker's "smaller value" tries: not a subsequence
        }
        return RandomProcessScenario.annotate(sorted.stream().map(lines::get).toList());
    }

    private static Scenario parse(String text) {
        try {
            return org.croracle.impl.scenario.ScenarioParser.parse("random", text);
        } catch (org.croracle.impl.scenario.ScenarioSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The operation and the kind of fact a disagreement is about ("setsid result", "exit task facts"). */
    private static String kind(LinuxComparison.Outcome o) {
        if (o.agrees()) {
            return "";
        }
        String[] words = o.disagreement().text().split(" ");
        String verb = words.length > 1 ? words[1] : words[0];
        String what = o.disagreement().what();
        return verb + " " + (what.equals("result") ? "result" : what.substring(what.lastIndexOf(':') + 1).strip());
    }

    /** Writes the shrunk scenario, with the disagreement as a comment, to DIR/linux-HASH.crs. */
    public static Path save(Shrunk shrunk, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("linux-" + Integer.toHexString(shrunk.scenario().hashCode()) + ".crs");
        String header = "# Linux and the simulated kernel disagree on this scenario (./cr run --on-linux " + file.getFileName()
                + "):\n# " + shrunk.outcome().summary().replace("\n", "\n# ") + "\n";
        Files.writeString(file, header + shrunk.scenario());
        return file;
    }
}
