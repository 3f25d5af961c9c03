package org.croracle.oracle.concurrentcheckpoint;

import java.util.List;

import org.croracle.oracle.suite.ModelOnlySuite;
import org.croracle.oracle.suite.SpecSuite;

/**
 * ConcurrentCheckpoint.tla in {@code ./cr check}: one container checkpoint() whose steps
 * interleave with the world outside the container. The quick tier checks one outside task and a
 * frozen tree of two (about 70,000 states); the full tier adds a second outside task, the gate's
 * and the scan's refusals and forks across the boundary.
 */
public final class ConcurrentCheckpointSuite {
    private ConcurrentCheckpointSuite() {}

    public static SpecSuite create() {
        return new ModelOnlySuite("concurrentcheckpoint", "MCConcurrentCheckpoint",
                List.of("MCConcurrentCheckpoint.cfg", "MCConcurrentCheckpointLarge.cfg"), "MCConcurrentCheckpoint.cfg",
                "MCConcurrentCheckpointLarge.cfg");
    }
}
