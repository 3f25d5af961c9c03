package org.croracle.oracle.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.croracle.impl.syscall.KernelConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The round trip on the real kernel, as a property: random containers built on Linux, frozen,
 * checkpointed from /proc, destroyed and restarted on Linux by the planner's plan come back equal
 * to the saved tree and to the simulated kernel's restart, or are refused for a named reason.
 */
class LinuxRoundTripPropertyTest {

    /** 300 by default; -Dcroracle.linux.trees=N for a longer (or, while working, a shorter) run. */
    static final int TREES = Integer.getInteger("croracle.linux.trees", 300);

    @BeforeEach
    void needLinux() {
        LinuxHere.assume();
    }

    @Test
    void threeHundredRandomContainersComeBackEqualOrAreRefusedForANamedReason() {
        LinuxRoundTrip trip = new LinuxRoundTrip(KernelConfig.defaults(), Duration.ofSeconds(5));
        Map<LinuxRoundTrip.Verdict, Integer> verdicts = new TreeMap<>();
        Map<String, Integer> refusals = new TreeMap<>();
        AtomicInteger tasks = new AtomicInteger();
        long start = System.nanoTime();
        // plain seeded draws rather than a property-test runner: exactly TREES trees (one that goes
        // wrong is shrunk by LinuxRoundTrip itself, which knows the scenario's lines)
        java.util.Random random = new java.util.Random(20261207L);
        for (int n = 0; n < TREES; n++) {
            List<Integer> codes = new java.util.ArrayList<>();
            for (int k = 0; k < 18; k++) {
                codes.add(random.nextInt(1 << 20));
            }
            LinuxRoundTrip.Result r;
            try {
                r = trip.run(codes);
            } catch (RuntimeException e) {
                throw new AssertionError("the round trip of codes " + codes + " threw " + e + ":\n"
                        + RandomContainerScenario.text(codes), e);
            }
            if (r.verdict() == LinuxRoundTrip.Verdict.WRONG) {
                if (Boolean.getBoolean("croracle.linux.noshrink")) {
                    throw new AssertionError(r.outcome().summary() + "\n" + RandomContainerScenario.text(codes));
                }
                fail(trip, codes, r);
            }
            if (r.verdict() == LinuxRoundTrip.Verdict.REFUSED && Boolean.getBoolean("croracle.linux.showrefused")) {
                System.out.println("[linux] refused: " + r.outcome().refusal() + "\n" + RandomContainerScenario.text(codes));
            }
            verdicts.merge(r.verdict(), 1, Integer::sum);
            if (r.reason() != null) {
                refusals.merge(r.reason(), 1, Integer::sum);
            }
            tasks.addAndGet(r.outcome().tasks());
        }
        System.out.printf("[linux] round trip: %s trees, %d tasks compared, %d ms%n", verdicts, tasks.get(),
                (System.nanoTime() - start) / 1_000_000);
        refusals.forEach((why, n) -> System.out.printf("[linux]   %4d  %s%n", n, why));
        int total = verdicts.values().stream().mapToInt(Integer::intValue).sum();
        assertEquals(TREES, total);
        assertTrue(verdicts.getOrDefault(LinuxRoundTrip.Verdict.EQUAL, 0) >= 150,
                "most random containers must make the whole round trip: " + verdicts);
    }

    /** Shrinks, saves the minimal scenario in regressions/linux/, and fails with it. */
    static void fail(LinuxRoundTrip trip, List<Integer> codes, LinuxRoundTrip.Result r) {
        LinuxRoundTrip.Shrunk s = trip.shrink(codes);
        String saved;
        try {
            saved = LinuxRoundTrip.save(s, Path.of("..", "regressions", "linux")).toString();
        } catch (java.io.IOException e) {
            saved = "(not saved: " + e.getMessage() + ")";
        }
        throw new AssertionError("the round trip on Linux went wrong: " + r.outcome().summary() + "; shrunk and saved as "
                + saved + ":\n" + s.result().outcome().summary() + "\n" + s.scenario());
    }
}
