package org.croracle.oracle.linux;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.croracle.impl.syscall.KernelConfig;
import org.croracle.oracle.mutants.Mutant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The differential test has teeth: a copy of the model in which setsid succeeds while a group with
 * the caller's pid still has members (the caller moved to another group) disagrees with Linux, and
 * the differential test finds it among random sequences and shrinks it to at most 6 operations.
 */
class PlantedDisagreementTest {

    @BeforeEach
    void needLinux() {
        LinuxHere.assume();
    }

    @Test
    void setsidWhileALeftGroupLivesOnIsFoundAndShrunkToSixOperations() {
        LinuxDifferential diff = new LinuxDifferential(Mutant.SETSID_IGNORES_LEFT_GROUP.plant(KernelConfig.defaults()),
                LinuxDifferentialPropertyTest.TIMEOUT);
        SplittableRandom random = new SplittableRandom(20261129L);
        List<Integer> failing = null;
        int tried = 0;
        while (failing == null && tried < 300) {
            List<Integer> codes = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                codes.add(random.nextInt(1 << 20));
            }
            tried++;
            if (!diff.compare(codes).agrees()) {
                failing = codes;
            }
        }
        assertNotNull(failing, "no disagreement in " + tried + " random sequences");
        LinuxDifferential.Shrunk s = diff.shrink(failing);
        System.out.printf("[linux] planted setsid mutant found after %d sequences, shrunk from 40 codes to %d operations:%n%s%s%n",
                tried, s.operations(), s.scenario(), s.outcome().summary());
        assertFalse(s.outcome().agrees());
        assertTrue(s.outcome().disagreement().text().endsWith("setsid"), s.outcome().summary());
        assertTrue(s.operations() <= 6, s.operations() + " operations:\n" + s.scenario());
    }
}
