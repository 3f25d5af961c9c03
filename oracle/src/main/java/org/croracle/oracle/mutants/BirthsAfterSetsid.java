package org.croracle.oracle.mutants;

import org.croracle.impl.restart.BirthOrder;

/**
 * A planner that forgets rule R2: every child is created after its creator's setsid, so a child
 * that must be born in its creator's old session lands in the creator's new one.
 */
final class BirthsAfterSetsid implements BirthOrder {
    @Override
    public boolean createdBeforeSetsid(boolean bornBeforeSetsid) {
        return false;
    }
}
