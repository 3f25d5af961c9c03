package org.croracle.oracle.tlc;

import java.util.Objects;

/**
 * What TLC's distributed server says about one worker at the end of a run (its message 7003,
 * "Worker: URI Sent: S Rcvd: R CacheRatio: C").
 *
 * @param worker         the worker's RMI address as TLC names it ({@code rmi://host:port/thread});
 *                       the port is the worker's own RMI port
 * @param statesExpanded states the server sent the worker to compute successors of ("Sent")
 * @param statesReturned successor states the worker sent back as possibly new ("Rcvd"), after
 *                       its own cache of recently seen fingerprints
 * @param cacheHitRatio  that cache's hit ratio as TLC printed it ("n/a" when unknown)
 */
public record TlcWorkerFigures(String worker, long statesExpanded, long statesReturned, String cacheHitRatio) {

    public TlcWorkerFigures {
        Objects.requireNonNull(worker, "worker");
        Objects.requireNonNull(cacheHitRatio, "cacheHitRatio");
    }
}
