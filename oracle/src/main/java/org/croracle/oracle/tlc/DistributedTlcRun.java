package org.croracle.oracle.tlc;

import java.util.List;
import java.util.Objects;

/**
 * The result of one distributed model-checking run.
 *
 * @param run       the outcome and figures, read from the server's output as for a
 *                  single-process run (see {@link DistributedModelChecker} for how they differ)
 * @param workers   the server's figures per worker, in the order it printed them
 * @param port      the RMI registry port the server used
 * @param childPids the process ids of every JVM the run started (all ended by the time the run
 *                  returned)
 */
public record DistributedTlcRun(TlcRun run, List<TlcWorkerFigures> workers, int port, List<Long> childPids) {

    public DistributedTlcRun {
        Objects.requireNonNull(run, "run");
        workers = List.copyOf(workers);
        childPids = List.copyOf(childPids);
    }
}
