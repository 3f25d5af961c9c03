package org.croracle.architecture.plantedcycle.alpha;

import org.croracle.architecture.plantedcycle.beta.Beta;

/** Half of a deliberate package cycle: ArchitectureTest shows that its rules reject one. */
public final class Alpha {
    private Alpha() {}

    public static int depth(int n) {
        return n <= 0 ? 0 : 1 + Beta.depth(n - 1);
    }
}
