package org.croracle.oracle.concurrentcheckpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.croracle.oracle.registry.Specs;
import org.croracle.oracle.suite.SpecSuite;
import org.croracle.oracle.tlc.TlcModelChecker;
import org.croracle.oracle.tlc.TlcOutcome;
import org.croracle.oracle.tlc.TlcRequest;
import org.croracle.oracle.tlc.TlcRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ConcurrentCheckpoint.tla under the real TLC: the quick model holds after exploring states, and
 * every bug variant (each of linux-cr's checks left out, and linux-cr's own /proc and visit rules)
 * is rejected with the property its cfg names.
 */
class ConcurrentCheckpointSpecTest {

    static final Path DIR = Specs.root().resolve("concurrentcheckpoint");
    static final Path BUGS = DIR.resolve("bugs");
    static final Duration TIMEOUT = Duration.ofSeconds(300);
    static final TlcModelChecker TLC = new TlcModelChecker();
    private static final Pattern EXPECT = Pattern.compile("\\\\\\*\\s*EXPECT-VIOLATION:\\s*(\\w+)");

    @Test
    void isRegisteredWithItsQuickAndLargeModels() {
        SpecSuite suite = Specs.named("concurrentcheckpoint").orElseThrow();
        assertEquals("MCConcurrentCheckpoint.cfg", suite.quickConfig());
        assertEquals("MCConcurrentCheckpointLarge.cfg", suite.longConfig());
        assertTrue(suite.refinementChecked());
    }

    @Test
    void quickModelHolds() {
        TlcRun run = TLC.run(new TlcRequest(DIR, "MCConcurrentCheckpoint", "MCConcurrentCheckpoint.cfg", List.of(), 1,
                TIMEOUT), null);
        assertEquals(TlcOutcome.OK, run.outcome(), run.output());
        assertTrue(run.holds());
        assertTrue(run.distinctStates() > 10_000, "the quick model explores the races: " + run.distinctStates());
        assertTrue(run.depth() > 15, "a whole call with the world acting between its steps: " + run.depth());
    }

    static Stream<String> variants() throws IOException {
        try (Stream<Path> s = Files.list(BUGS)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".cfg"))
                    .map(n -> n.replaceFirst("\\.cfg$", "")).sorted().toList().stream();
        }
    }

    @Test
    void everyCheckOfLinuxCrHasAVariantWithoutIt() throws IOException {
        assertTrue(variants().toList().containsAll(Set.of("NoLeakCheck", "NoReverseLeakCheck", "NoVisitCheck",
                "MoveWhileCheckpointingNoRecount", "ThawWhileCheckpointing", "VisitedFlagOnly", "ProcFdDuringDump")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void everyVariantIsRejectedWithItsProperty(String variant) throws IOException {
        Matcher expect = EXPECT.matcher(Files.readString(BUGS.resolve(variant + ".cfg")));
        assertTrue(expect.find(), variant + " has no EXPECT-VIOLATION line");
        TlcRun run = TLC.run(new TlcRequest(BUGS, variant, variant + ".cfg", List.of(DIR), 1, TIMEOUT), null);
        assertEquals(TlcOutcome.INVARIANT_VIOLATED, run.outcome(), run.output());
        assertEquals(expect.group(1), run.violatedProperty(), run.output());
        assertTrue(run.statesGenerated() > 0 && run.counterexample().size() > 1, run.output());
    }
}
