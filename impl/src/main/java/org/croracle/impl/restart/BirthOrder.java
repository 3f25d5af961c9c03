package org.croracle.impl.restart;

/**
 * Where a creator's creations go around its own setsid. A child that must be born in its
 * creator's old session (rule R2: the creator leads another session in the image) exists only if
 * the creator makes it before calling setsid; every other child is made after.
 */
public interface BirthOrder {

    /** linux-cr's MakeForest: a child born before its creator's setsid is created before it. */
    BirthOrder LINUX_CR = bornBeforeSetsid -> bornBeforeSetsid;

    /** Whether the creator makes this child before its setsid. */
    boolean createdBeforeSetsid(boolean bornBeforeSetsid);
}
