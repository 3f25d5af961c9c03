package org.croracle.impl.freezer;

import org.croracle.impl.kernel.FreezerState;

/** What a read of freezer.state returned, and whether the read itself moved FREEZING to FROZEN. */
public record FreezerReading(FreezerState state, boolean settled) {
    @Override
    public String toString() {
        return settled ? state + " (settled)" : state.toString();
    }
}
