package org.croracle.oracle.checkpointrestart;

import java.util.List;

import org.croracle.oracle.suite.ModelOnlySuite;
import org.croracle.oracle.suite.SpecSuite;

/**
 * CheckpointRestart.tla in {@code ./cr check}: model-checked only (the kernel's round trip is
 * checked step by step against the other specs and end to end by {@link RoundTrip}). CI checks
 * the round trip of every tree of 3 tasks at once, then of every tree of 2 step by step; the long
 * model takes 4 tasks.
 */
public final class CheckpointRestartSuite {
    private CheckpointRestartSuite() {}

    public static SpecSuite create() {
        return new ModelOnlySuite("checkpointrestart", "MCCheckpointRestart",
                List.of("MCCheckpointRestart.cfg", "MCCheckpointRestartSteps.cfg"), "MCCheckpointRestartLarge.cfg");
    }
}
