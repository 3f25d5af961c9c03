package org.croracle.oracle.checkpointrestart;

import java.util.List;

import org.croracle.oracle.suite.ModelOnlySuite;
import org.croracle.oracle.suite.SpecSuite;

/**
 * CheckpointRestart.tla in {@code ./cr check}: model-checked only (the kernel's round trip is
 * checked step by step against the other specs and end to end by {@link RoundTrip}). CI checks
 * the round trip of every tree of 3 tasks at once, every step of their world shown to be one of
 * the flagless world; of every tree of 4 tasks at once, built by the flagless world (a model module
 * of its own, MCFlaglessWorld); then of
 * every tree of 2 step by step. The long model takes 5 tasks in the flagless world.
 */
public final class CheckpointRestartSuite {
    private CheckpointRestartSuite() {}

    public static SpecSuite create() {
        // the quick tier: the step-by-step round trip of every tree of 2 tasks (about 105,000 states)
        // rather than every tree of 3 restarted at once (6.2 million, minutes)
        return new ModelOnlySuite("checkpointrestart", "MCCheckpointRestart",
                List.of("MCCheckpointRestart.cfg", "MCFlaglessWorld.cfg", "MCCheckpointRestartSteps.cfg"),
                "MCCheckpointRestartSteps.cfg", "MCFlaglessWorldFive.cfg");
    }
}
