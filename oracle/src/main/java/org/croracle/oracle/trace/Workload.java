package org.croracle.oracle.trace;

import org.croracle.impl.syscall.Kernel;

/**
 * Turns a list of small integers into kernel operations, each code decoded against the kernel's
 * current state (which task, which cgroup), so that every list is a valid sequence and any
 * sub-list still is: list shrinking keeps failures meaningful.
 */
public interface Workload {

    /** Codes are drawn from 0 (inclusive) to this bound (exclusive). */
    int codeBound();

    /** Performs the operation {@code code} stands for in the current state (possibly none). */
    void apply(Kernel kernel, int code);
}
