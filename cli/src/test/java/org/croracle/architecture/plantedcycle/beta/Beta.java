package org.croracle.architecture.plantedcycle.beta;

import org.croracle.architecture.plantedcycle.alpha.Alpha;

/** The other half of the deliberate package cycle (alpha -> beta -> alpha). */
public final class Beta {
    private Beta() {}

    public static int depth(int n) {
        return n <= 0 ? 0 : 1 + Alpha.depth(n - 1);
    }
}
