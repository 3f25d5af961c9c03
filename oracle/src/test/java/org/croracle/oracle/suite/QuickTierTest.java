package org.croracle.oracle.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.croracle.oracle.registry.Specs;
import org.junit.jupiter.api.Test;

/**
 * ./cr check's quick tier checks every spec on one of its CI models: the round trip's is the
 * step-by-step model of every tree of 2 tasks, not the minutes-long one of every tree of 3.
 */
class QuickTierTest {

    @Test
    void everySpecHasAQuickModelAmongItsCiModels() {
        for (SpecSuite suite : Specs.all()) {
            assertTrue(suite.ciConfigs().contains(suite.quickConfig()), suite.name() + ": " + suite.quickConfig());
        }
        assertEquals("MCCheckpointRestartSteps.cfg", Specs.named("checkpointrestart").orElseThrow().quickConfig());
        assertEquals("MCEclone.cfg", Specs.named("eclone").orElseThrow().quickConfig());
    }
}
