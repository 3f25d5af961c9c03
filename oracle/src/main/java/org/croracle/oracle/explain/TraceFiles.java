package org.croracle.oracle.explain;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.croracle.impl.syscall.KernelConfig;
import org.croracle.impl.scenario.Scenario;
import org.croracle.impl.scenario.ScenarioParser;
import org.croracle.impl.scenario.ScenarioSyntaxException;
import org.croracle.oracle.registry.Specs;
import org.croracle.oracle.tlc.SpecLoadException;
import org.croracle.oracle.tlc.SpecOracle;
import org.croracle.oracle.tlc.SpecOracles;
import org.croracle.oracle.suite.SpecSuite;
import org.croracle.oracle.tlc.TlcCounterexample;
import org.croracle.oracle.tlc.TlcCounterexampleFile;

/**
 * {@code ./cr explain FILE}: tells a TLC counterexample from a scenario by the file's extension
 * and content, and explains it. A TLC counterexample is a file {@code ./cr tlc --save-trace}
 * wrote, or TLC's own output holding an error trace; a scenario is a {@code .crs} file (or any
 * file that parses as one), replayed under the oracle.
 */
public final class TraceFiles {
    private TraceFiles() {}

    /** The kinds of file {@code explain} reads. */
    public enum Kind { TLC_COUNTEREXAMPLE, SCENARIO, WORKLOAD_TRACE, SPEC_BEHAVIOUR }

    /** A file {@code explain} cannot read: the message is one line naming the file and why. */
    public static final class BadTraceFile extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadTraceFile(String message) {
            super(message);
        }
    }

    /** A file's text and what it is. */
    public record Input(Path file, String text, Kind kind) {
    }

    /**
     * Reads and classifies a file.
     *
     * @throws BadTraceFile when it is missing, not text, empty, or neither kind
     */
    public static Input read(Path file) {
        String text = readText(file, "trace file");
        if (text.isBlank()) {
            throw new BadTraceFile(file + " is empty");
        }
        if (WorkloadTrace.looksLikeOne(text)) {
            return new Input(file, text, Kind.WORKLOAD_TRACE);
        }
        if (SpecBehaviourTrace.looksLikeOne(text)) {
            return new Input(file, text, Kind.SPEC_BEHAVIOUR);
        }
        if (file.toString().endsWith(".crs")) {
            return new Input(file, text, Kind.SCENARIO);
        }
        if (TlcCounterexampleFile.looksLikeTlc(text)) {
            return new Input(file, text, Kind.TLC_COUNTEREXAMPLE);
        }
        try {
            ScenarioParser.parse(file.toString(), text);
            return new Input(file, text, Kind.SCENARIO);
        } catch (ScenarioSyntaxException e) {
            throw new BadTraceFile(file + " is neither a TLC counterexample (no 'State 1:' or TLC output in it) nor a "
                    + "scenario (as one, " + e.getMessage().replace(file + ":", "line ") + ")");
        }
    }

    /**
     * The text of a file a person names on the command line (a trace, a scenario), or one line
     * saying why it is not one: missing, a directory, not UTF-8, binary. A leading UTF-8
     * byte-order mark is dropped.
     *
     * @param what what the file should be, for the message ("scenario file")
     * @throws BadTraceFile when it cannot be read as text
     */
    public static String readText(Path file, String what) {
        if (!Files.exists(file)) {
            throw new BadTraceFile("no file " + file);
        }
        if (Files.isDirectory(file)) {
            throw new BadTraceFile(file + " is a directory, not a " + what);
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (CharacterCodingException e) {
            throw new BadTraceFile(file + " is not a text file (not UTF-8)");
        } catch (IOException e) {
            throw new BadTraceFile("cannot read " + file + ": " + e.getMessage());
        }
        if (text.indexOf('\0') >= 0) {
            throw new BadTraceFile(file + " is not a text file (it holds NUL bytes)");
        }
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** Explains a TLC counterexample, with the spec it names loaded in-process when it can be found. */
    public static Explanation explainTlc(Input input, Path specsRoot) {
        return explainTlc(input, specsRoot, 0);
    }

    /** The same, with the state diff at state {@code step} (0: the failing one). */
    public static Explanation explainTlc(Input input, Path specsRoot, int step) {
        TlcCounterexample c;
        try {
            c = TlcCounterexampleFile.parse(input.text());
        } catch (IllegalArgumentException e) {
            throw new BadTraceFile(input.file() + ": " + e.getMessage());
        }
        List<Path> bases = bases(input.file(), specsRoot);
        String noOracle = null;
        SpecOracle oracle = null;
        Optional<Path> spec = c.spec() == null ? Optional.empty() : find(c.spec(), bases);
        if (c.spec() == null) {
            noOracle = "the file does not name its spec";
        } else if (spec.isEmpty()) {
            noOracle = "spec " + c.spec() + " not found";
        } else {
            Path dir = spec.get().getParent();
            Optional<Path> config = c.config() == null ? Optional.of(dir.resolve(c.moduleName() + ".cfg"))
                    .filter(Files::isRegularFile) : find(c.config(), bases);
            List<Path> libraries = new ArrayList<>();
            c.libraries().forEach(l -> find(l, bases).ifPresent(libraries::add));
            if (config.isEmpty()) {
                noOracle = "model configuration " + (c.config() == null ? c.moduleName() + ".cfg" : c.config()) + " not found";
            } else {
                String cfg = config.get().startsWith(dir) ? dir.relativize(config.get()).toString() : config.get().toString();
                try {
                    oracle = SpecOracles.load(dir, c.moduleName(), cfg, libraries);
                } catch (SpecLoadException e) {
                    noOracle = e.getMessage();
                }
            }
        }
        try {
            return TlcExplainer.explain(input.file().toString(), c, Optional.ofNullable(oracle), noOracle, step);
        } catch (IllegalArgumentException e) {
            if (step == 0) {
                throw e;
            }
            throw new BadTraceFile("--step: " + e.getMessage());
        } finally {
            if (oracle != null) {
                oracle.close();
            }
        }
    }

    /** Replays a scenario under the oracle of every bound spec. */
    public static Explanation explainScenario(Input input, KernelConfig config, String kernelNote, Path specsRoot) {
        Scenario scenario;
        try {
            scenario = ScenarioParser.parse(input.file().toString(), input.text());
        } catch (ScenarioSyntaxException e) {
            throw new BadTraceFile(e.getMessage());
        }
        return ScenarioExplainer.explain(input.file().toString(), scenario, config, Specs.bound(), specsRoot, kernelNote);
    }

    /** The planted bug a workload trace or a spec behaviour names (null if none), to build its kernel with. */
    public static String mutantOf(Input input) {
        return input.kind() == Kind.SPEC_BEHAVIOUR ? SpecBehaviourTrace.parse(input.file().toString(), input.text()).mutant()
                : WorkloadTrace.parse(input.file().toString(), input.text()).mutant();
    }

    /**
     * Replays a spec behaviour ({@code ./cr conform --from-spec --save}) on kernels built from
     * {@code config} (the caller plants the file's bug, {@link #mutantOf}).
     */
    public static Explanation explainSpecBehaviour(Input input, KernelConfig config, String kernelNote, Path specsRoot) {
        SpecBehaviourTrace trace = SpecBehaviourTrace.parse(input.file().toString(), input.text());
        return SpecBehaviourExplainer.explain(input.file().toString(), trace, config, specsRoot, kernelNote);
    }

    /**
     * Replays a workload trace ({@code ./cr conform --save}) on a kernel built from {@code config}
     * (the caller plants the trace's bug, {@link #mutantOf}), every step checked against its spec.
     */
    public static Explanation explainWorkloadTrace(Input input, KernelConfig config, String kernelNote, Path specsRoot) {
        WorkloadTrace trace = WorkloadTrace.parse(input.file().toString(), input.text());
        SpecSuite suite = Specs.named(trace.spec(), config).orElseThrow(() -> new BadTraceFile(input.file()
                + ": no bound spec '" + trace.spec() + "' (one of " + String.join(", ", Specs.bound().stream()
                .map(SpecSuite::name).toList()) + ")"));
        return WorkloadTraceExplainer.explain(input.file().toString(), trace, suite, specsRoot, kernelNote);
    }

    /** Where a relative path in a trace file may be relative to: here, the file's folder, the repository. */
    private static List<Path> bases(Path file, Path specsRoot) {
        List<Path> bases = new ArrayList<>();
        bases.add(Path.of("").toAbsolutePath());
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            bases.add(dir);
        }
        if (specsRoot.getParent() != null) {
            bases.add(specsRoot.getParent());
        }
        return bases;
    }

    private static Optional<Path> find(Path p, List<Path> bases) {
        if (p.isAbsolute()) {
            return Optional.of(p).filter(Files::exists);
        }
        return bases.stream().map(b -> b.resolve(p).normalize()).filter(Files::exists).findFirst();
    }
}
