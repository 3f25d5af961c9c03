package org.croracle.oracle.tlc;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * What to model-check with TLC's distributed mode, and where: one TLC server (it holds the state
 * queue and the fingerprint set and runs no worker of its own) and TLC worker JVMs that compute
 * successor states, talking Java RMI.
 *
 * @param model            the spec, cfg, library directories and the timeout for the whole run
 *                         (its {@code workers} field is not used here)
 * @param localWorkers     worker JVMs to start on this machine; 0 when all workers are started
 *                         by hand on other machines
 * @param threadsPerWorker threads in each local worker JVM
 * @param serverHost       the address the server gives workers to call it back on (its
 *                         {@code java.rmi.server.hostname}), which local workers use too;
 *                         {@value #LOOPBACK} keeps everything on this machine
 * @param port             the server's RMI registry port, which every worker must reach
 */
public record DistributedTlcRequest(TlcRequest model, int localWorkers, int threadsPerWorker, String serverHost,
                                   int port) {

    public static final String LOOPBACK = "127.0.0.1";

    /** TLC's own default registry port ({@code tlc2.tool.distributed.TLCServer.port}). */
    public static final int TLC_DEFAULT_PORT = 10997;

    public DistributedTlcRequest {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(serverHost, "serverHost");
        if (localWorkers < 0) {
            throw new IllegalArgumentException("localWorkers must not be negative: " + localWorkers);
        }
        if (threadsPerWorker < 1) {
            throw new IllegalArgumentException("threadsPerWorker must be at least 1: " + threadsPerWorker);
        }
        if (serverHost.isBlank() || serverHost.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("serverHost must be a host name or address: '" + serverHost + "'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be in 1..65535: " + port);
        }
    }

    /** True if the server's address is this machine's loopback: no worker can come from elsewhere. */
    public boolean isLoopback() {
        try {
            return InetAddress.getByName(serverHost).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Everything on this machine: the server and {@code localWorkers} workers on loopback. */
    public static DistributedTlcRequest loopback(TlcRequest model, int localWorkers, int threadsPerWorker, int port) {
        return new DistributedTlcRequest(model, localWorkers, threadsPerWorker, LOOPBACK, port);
    }
}
