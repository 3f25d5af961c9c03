package org.croracle.impl.kernel;


/** What a read of freezer.state returned, and whether the read itself moved FREEZING to FROZEN. */
public record FreezerReading(FreezerState state, boolean settled) {
    @Override
    public String toString() {
        return settled ? state + " (settled)" : state.toString();
    }
}
