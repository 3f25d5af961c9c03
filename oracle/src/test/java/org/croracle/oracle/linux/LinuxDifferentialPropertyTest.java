package org.croracle.oracle.linux;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.croracle.impl.syscall.KernelConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The simulated kernel against Linux: random sequences of 40 process operations (fork with
 * random CLONE_PARENT and CLONE_NEWPID, setsid, setpgid with legal and illegal targets, exit,
 * kill with fatal and harmless signals, wait on children and non-children, subreaper, nested
 * namespaces, signal dispositions and masks, uid) must give the same result at every step and the
 * same tree after it. A disagreement is shrunk and saved as target/regressions/linux-*.crs.
 */
class LinuxDifferentialPropertyTest {

    static final Duration TIMEOUT = Duration.ofSeconds(5);

    @BeforeEach
    void needLinux() {
        LinuxHere.assume();
    }

    @Test
    void threeHundredSequencesOfFortyOperationsAgreeWithLinux() {
        LinuxDifferential diff = new LinuxDifferential(KernelConfig.defaults(), TIMEOUT);
        AtomicInteger sequences = new AtomicInteger();
        AtomicLong operations = new AtomicLong();
        AtomicLong errnos = new AtomicLong();
        AtomicLong facts = new AtomicLong();
        AtomicInteger hangs = new AtomicInteger();
        long start = System.nanoTime();
        qt().withFixedSeed(20261129L).withExamples(300).withShrinkCycles(0)
                .forAll(lists().of(integers().between(0, (1 << 20) - 1)).ofSize(40))
                .checkAssert(codes -> {
                    LinuxComparison.Outcome o = diff.compare(codes);
                    if (!o.agrees()) {
                        fail(diff, codes);
                    }
                    sequences.incrementAndGet();
                    operations.addAndGet(o.operations());
                    errnos.addAndGet(o.errnos());
                    facts.addAndGet(o.facts());
                    if (o.stop() != null && o.stop().contains(LinuxComparison.HANG)) {
                        hangs.incrementAndGet(); // stopped before a step that hangs Linux
                    }
                });
        System.out.printf("[linux] %d sequences agree: %d operations (%d errnos), %d task facts compared, %d stopped before"
                + " a Linux hang, %d ms%n", sequences.get(), operations.get(), errnos.get(), facts.get(), hangs.get(),
                (System.nanoTime() - start) / 1_000_000);
        assertTrue(operations.get() > 300 * 30, operations.get() + " operations compared");
        assertTrue(errnos.get() > 1000, errnos.get() + " errnos compared");
    }

    /** Shrinks, saves the minimal scenario, and fails with it. */
    static void fail(LinuxDifferential diff, List<Integer> codes) {
        LinuxDifferential.Shrunk s = diff.shrink(codes);
        String saved;
        try {
            saved = LinuxDifferential.save(s, Path.of("target", "regressions")).toString();
        } catch (java.io.IOException e) {
            saved = "(not saved: " + e.getMessage() + ")";
        }
        throw new AssertionError("Linux and the model disagree; shrunk to " + s.operations() + " operations, saved as "
                + saved + ":\n" + s.outcome().summary() + "\n" + s.scenario());
    }
}
