package org.croracle.oracle.tlc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs the real TLC on the freeze specs, their bug variants and broken copies of them. */
class TlcModelCheckerTest {

    static final Path SPECS = Path.of(System.getProperty("cr.specs", "../specs")).toAbsolutePath().normalize();
    static final Path FREEZE = SPECS.resolve("freeze");
    static final Path BUGS = FREEZE.resolve("bugs");
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final TlcModelChecker TLC = new TlcModelChecker();

    private static final Pattern EXPECT = Pattern.compile("\\\\\\*\\s*EXPECT-VIOLATION:\\s*(\\w+)");

    private static TlcRun check(Path dir, String module, String cfg, List<Path> libs) {
        return TLC.run(new TlcRequest(dir, module, cfg, libs, 1, TIMEOUT), null);
    }

    private static Set<Path> runDirectories() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        if (!Files.isDirectory(tmp)) {
            return Set.of();
        }
        try (Stream<Path> s = Files.list(tmp)) {
            return Set.copyOf(s.filter(p -> p.getFileName().toString().startsWith("cr-tlc-")).toList());
        }
    }

    private static List<ProcessHandle> tlcChildren() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().arguments().map(a -> List.of(a).contains("tlc2.TLC")).orElse(false))
                .filter(ProcessHandle::isAlive).toList();
    }

    @Test
    void mcFreezeHolds() throws IOException {
        Set<Path> before = runDirectories();
        List<TlcProgress> progress = new ArrayList<>();
        TlcRun run = TLC.run(new TlcRequest(FREEZE, "MCFreeze", "MCFreeze.cfg", List.of(), 2, TIMEOUT), progress::add);
        assertEquals(TlcOutcome.OK, run.outcome(), run.output());
        assertTrue(run.holds());
        assertTrue(run.statesGenerated() > 0);
        assertEquals(243, run.distinctStates());
        assertTrue(run.statesGenerated() >= run.distinctStates());
        assertTrue(run.depth() > 0);
        assertNull(run.violatedProperty());
        assertNull(run.errorMessage());
        assertTrue(run.counterexample().isEmpty());
        assertTrue(run.elapsed().compareTo(Duration.ZERO) > 0);
        assertTrue(run.output().contains("Model checking completed. No error has been found."));
        assertFalse(progress.isEmpty());
        TlcProgress last = progress.get(progress.size() - 1);
        assertEquals(new TlcProgress(run.depth(), run.statesGenerated(), 243, 0), last);
        assertEquals(before, runDirectories(), "the run's temporary directory is deleted");
    }

    static Stream<Path> bugConfigs() throws IOException {
        try (Stream<Path> s = Files.list(BUGS)) {
            List<Path> cfgs = s.filter(p -> p.toString().endsWith(".cfg")).sorted().toList();
            assertFalse(cfgs.isEmpty(), "no bug variants in " + BUGS);
            return cfgs.stream();
        }
    }

    /** The entries of each cfg section (INVARIANTS, PROPERTIES, ...), comments removed. */
    private static Map<String, List<String>> sections(String cfg) {
        Map<String, List<String>> sections = new LinkedHashMap<>();
        List<String> current = null;
        for (String line : cfg.lines().toList()) {
            int comment = line.indexOf("\\*");
            String l = (comment >= 0 ? line.substring(0, comment) : line).strip();
            if (l.isEmpty()) {
                continue;
            }
            String[] words = l.split("\\s+");
            if (words[0].matches("[A-Z]+") && !l.contains("<-") && !l.contains("=")) {
                String key = words[0].replaceFirst("^(INVARIANT|PROPERTY|CONSTANT)S?$", "$1S");
                current = sections.computeIfAbsent(key, k -> new ArrayList<>());
                current.addAll(List.of(words).subList(1, words.length));
            } else if (current != null) {
                current.addAll(List.of(words));
            }
        }
        return sections;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bugConfigs")
    void everyBugVariantIsRejectedAsItsCfgExpects(Path cfgFile) throws IOException {
        String cfg = Files.readString(cfgFile);
        Matcher expect = EXPECT.matcher(cfg);
        assertTrue(expect.find(), cfgFile + " has no EXPECT-VIOLATION line");
        String expected = expect.group(1);
        Map<String, List<String>> sections = sections(cfg);
        List<String> invariants = sections.getOrDefault("INVARIANTS", List.of());
        List<String> properties = sections.getOrDefault("PROPERTIES", List.of());
        String module = cfgFile.getFileName().toString().replaceFirst("\\.cfg$", "");

        TlcRun run = check(BUGS, module, cfgFile.getFileName().toString(), List.of(FREEZE));

        if (invariants.contains(expected)) {
            assertEquals(TlcOutcome.INVARIANT_VIOLATED, run.outcome(), run.output());
            assertEquals(expected, run.violatedProperty());
        } else if (properties.contains(expected)) {
            if (run.outcome() == TlcOutcome.TEMPORAL_PROPERTY_VIOLATED) {
                // TLC 2.18 does not name the violated temporal property: only unambiguous if it is the only one.
                assertEquals(List.of(expected), properties, "TLC cannot say which temporal property failed");
                assertNull(run.violatedProperty());
            } else {
                assertEquals(TlcOutcome.ACTION_PROPERTY_VIOLATED, run.outcome(), run.output());
                assertEquals(expected, run.violatedProperty());
            }
        } else {
            fail(cfgFile + " expects " + expected + " but checks neither such invariant nor property");
        }
        assertNull(run.errorMessage());
        assertTrue(run.statesGenerated() > 0 && run.distinctStates() > 0 && run.depth() > 0);
        List<TlcTraceState> trace = run.counterexample();
        assertFalse(trace.isEmpty(), run.output());
        assertTrue(trace.get(0).isInitial());
        assertEquals(1, trace.get(0).number());
        for (int i = 0; i < trace.size(); i++) {
            TlcTraceState s = trace.get(i);
            assertEquals(i + 1, s.number());
            assertEquals(Set.of("freezer", "tstate", "ckpt"), s.variables().keySet());
            assertTrue(i == 0 || !s.action().isEmpty() && (s.isLassoEnd() || s.location().contains(" of module ")), s::toString);
            assertTrue(i == trace.size() - 1 || !s.isLassoEnd());
        }
        String table = CounterexampleTable.render(trace);
        assertTrue(table.contains("Initial predicate"), table);
        // header and rule, every variable of the initial state, then one line per change of each step
        long expectedLines = 2 + trace.get(0).variables().size()
                + trace.stream().skip(1).mapToLong(s -> changes(trace, s)).sum();
        assertEquals(expectedLines, table.lines().count(), table);
    }

    /** Number of table lines of state s (its changed variables, at least one line). */
    private static long changes(List<TlcTraceState> trace, TlcTraceState s) {
        if (s.isLassoEnd()) {
            return 1;
        }
        Map<String, String> prev = trace.get(s.number() - 2).variables();
        long n = s.variables().entrySet().stream().filter(e -> !e.getValue().equals(prev.get(e.getKey()))).count();
        return Math.max(1, n);
    }

    @Test
    void invariantViolatedByTheInitialState(@TempDir Path dir) throws IOException {
        Path freeze = copyFreeze(dir);
        replace(freeze, "SingleCheckpointer == ckpt <= 1", "SingleCheckpointer == ckpt > 5");
        TlcRun run = check(dir, "MCFreeze", "MCFreeze.cfg", List.of());
        assertEquals(TlcOutcome.INVARIANT_VIOLATED, run.outcome(), run.output());
        assertEquals("SingleCheckpointer", run.violatedProperty());
        assertEquals(1, run.counterexample().size());
        TlcTraceState init = run.counterexample().get(0);
        assertTrue(init.isInitial());
        assertEquals(Map.of("ckpt", "0", "freezer", "\"THAWED\"", "tstate", "<< >>"), init.variables());
    }

    @Test
    void livenessLassoBackToAnEarlierState(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("Loop.tla"), """
                ---- MODULE Loop ----
                EXTENDS Naturals
                VARIABLES x, big
                Init == x = 0 /\\ big = [i \\in 1..4 |-> [name |-> "a fairly long string value", set |-> {i, i + 1}]]
                Next == x' = (IF x = 3 THEN 1 ELSE x + 1) /\\ UNCHANGED big
                Spec == Init /\\ [][Next]_<<x, big>> /\\ WF_<<x, big>>(Next)
                Never == <>(x = 7)
                ====
                """);
        Files.writeString(dir.resolve("Loop.cfg"), "SPECIFICATION Spec\nPROPERTY Never\n");
        TlcRun run = check(dir, "Loop", "Loop.cfg", List.of());
        assertEquals(TlcOutcome.TEMPORAL_PROPERTY_VIOLATED, run.outcome(), run.output());
        List<TlcTraceState> t = run.counterexample();
        assertEquals(5, t.size(), run.output());
        assertEquals(2, t.get(4).backToState());
        assertEquals("1", t.get(4).variables().get("x"));
        assertTrue(t.get(0).variables().get("big").startsWith("<< [name |-> \"a fairly long string value\", set |-> {1, 2}], [name"));
        assertFalse(t.get(0).variables().get("big").contains("\n"));
        assertTrue(CounterexampleTable.render(t).endsWith("back to state 2\n"));
    }

    @Test
    void deadlockAndFalseAssumption(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("One.tla"), """
                ---- MODULE One ----
                EXTENDS Naturals
                CONSTANT N
                ASSUME N > 10
                VARIABLE y
                Init == y = 0
                Next == y < 2 /\\ y' = y + 1
                ====
                """);
        Files.writeString(dir.resolve("One.cfg"), "CONSTANT N = 20\nINIT Init\nNEXT Next\n");
        Files.writeString(dir.resolve("Small.cfg"), "CONSTANT N = 3\nINIT Init\nNEXT Next\n");
        TlcRun deadlock = check(dir, "One", "One.cfg", List.of());
        assertEquals(TlcOutcome.DEADLOCK, deadlock.outcome(), deadlock.output());
        assertEquals(List.of("0", "1", "2"), deadlock.counterexample().stream().map(s -> s.variables().get("y")).toList());
        TlcRun assumption = check(dir, "One", "Small.cfg", List.of());
        assertEquals(TlcOutcome.ASSUMPTION_VIOLATED, assumption.outcome(), assumption.output());
        assertEquals("line 4, col 8 to line 4, col 13 of module One", assumption.violatedProperty());
    }

    @Test
    void timeoutKillsTheChildAndCleansUp(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("Forever.tla"), """
                ---- MODULE Forever ----
                EXTENDS Naturals
                VARIABLE n
                Init == n = 0
                Next == n' = n + 1
                ====
                """);
        Files.writeString(dir.resolve("Forever.cfg"), "INIT Init\nNEXT Next\n");
        Set<Path> before = runDirectories();
        long start = System.nanoTime();
        TlcRun run = TLC.run(new TlcRequest(dir, "Forever", null, List.of(), 1, Duration.ofSeconds(2)), null);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(TlcOutcome.TIMEOUT, run.outcome(), run.output());
        assertTrue(took.compareTo(Duration.ofSeconds(15)) < 0, took::toString);
        assertNotNull(run.errorMessage());
        assertTrue(run.errorMessage().contains("Forever.tla") && run.errorMessage().contains("2 s"), run.errorMessage());
        assertTrue(tlcChildren().isEmpty(), "TLC child still running");
        assertEquals(before, runDirectories(), "the run's temporary directory is deleted after a timeout");
    }

    private static Path copyFreeze(Path dir) throws IOException {
        for (String f : List.of("Freeze.tla", "MCFreeze.tla", "MCFreeze.cfg")) {
            Files.copy(FREEZE.resolve(f), dir.resolve(f));
        }
        return dir.resolve("Freeze.tla");
    }

    /** Replaces the one occurrence of {@code from}; returns its 1-based line number. */
    private static int replace(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        int at = text.indexOf(from);
        assertTrue(at >= 0 && text.indexOf(from, at + 1) < 0, "expected exactly one '" + from + "' in " + file);
        Files.writeString(file, text.substring(0, at) + to + text.substring(at + from.length()));
        return (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    }

    @Nested
    class BrokenInputs {

        /** An ERROR run's message: one line, names {@code file}, no Java exception or stack frame. */
        private String error(TlcRun run, String file) {
            assertEquals(TlcOutcome.ERROR, run.outcome(), run.output());
            String m = run.errorMessage();
            assertNotNull(m);
            assertFalse(m.isBlank());
            assertFalse(m.contains("\n") || m.contains("\r"), m);
            assertFalse(m.contains("Exception"), m);
            assertFalse(m.contains("at org.") || m.contains("at tlc2.") || m.contains("at tla2sany."), m);
            assertTrue(m.contains(file), "'" + m + "' should name " + file);
            assertTrue(run.counterexample().isEmpty());
            return m;
        }

        @Test
        void parseError(@TempDir Path dir) throws IOException {
            int line = replace(copyFreeze(dir), "\\subseteq Members]_vars", "\\subseteq Members)]_vars");
            String m = error(check(dir, "MCFreeze", "MCFreeze.cfg", List.of()), "Freeze.tla");
            assertTrue(m.startsWith("Freeze.tla does not parse: "), m);
            assertTrue(m.contains("at line " + line + ", column"), m);
        }

        @Test
        void semanticErrorUndefinedSymbol(@TempDir Path dir) throws IOException {
            int line = replace(copyFreeze(dir), "SingleCheckpointer == ckpt <= 1", "SingleCheckpointer == ckpt <= Undefined");
            String m = error(check(dir, "MCFreeze", "MCFreeze.cfg", List.of()), "Freeze.tla");
            assertTrue(m.startsWith("Freeze.tla: semantic error at line " + line + ", col"), m);
            assertTrue(m.contains("Undefined"), m);
        }

        @Test
        void cfgNamesAnUndefinedInvariant(@TempDir Path dir) throws IOException {
            copyFreeze(dir);
            String cfg = Files.readString(dir.resolve("MCFreeze.cfg")).replace("    TypeOK\n", "    TypeOK\n    NoSuchInvariant\n");
            Files.writeString(dir.resolve("MCBad.cfg"), cfg);
            String m = error(check(dir, "MCFreeze", "MCBad.cfg", List.of()), "MCBad.cfg");
            assertTrue(m.startsWith("MCBad.cfg: ") && m.contains("NoSuchInvariant"), m);
        }

        @Test
        void syntacticallyBrokenCfg(@TempDir Path dir) throws IOException {
            copyFreeze(dir);
            Files.writeString(dir.resolve("Broken.cfg"), "CONSTANTS\n    Tasks <-\nSPECIFICATION Spec\nINVARIANTS = TypeOK ]]\n");
            String m = error(check(dir, "MCFreeze", "Broken.cfg", List.of()), "Broken.cfg");
            assertTrue(m.startsWith("Broken.cfg: ") && m.contains("line"), m);
        }

        @Test
        void missingRootModule(@TempDir Path dir) throws IOException {
            copyFreeze(dir);
            String m = error(check(dir, "NoSuchModule", "MCFreeze.cfg", List.of()), "NoSuchModule");
            assertTrue(m.startsWith("NoSuchModule.tla not found"), m);
        }

        @Test
        void missingExtendedModuleWithoutItsLibraryDir() {
            String m = error(check(BUGS, "AttachToFrozen", "AttachToFrozen.cfg", List.of()), "MCFreeze");
            assertTrue(m.startsWith("MCFreeze.tla not found") && m.contains("AttachToFrozen"), m);
        }

        @Test
        void missingSpecDirectory(@TempDir Path dir) {
            String m = error(check(dir.resolve("nope"), "MCFreeze", "MCFreeze.cfg", List.of()), "MCFreeze");
            assertTrue(m.contains("does not exist"), m);
        }
    }
}
