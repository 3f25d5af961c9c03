package org.croracle.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;

import org.croracle.oracle.tlc.CounterexampleTable;
import org.croracle.oracle.tlc.DistributedModelChecker;
import org.croracle.oracle.tlc.DistributedTlcRequest;
import org.croracle.oracle.tlc.DistributedTlcRun;
import org.croracle.oracle.tlc.TlcOutcome;
import org.croracle.oracle.tlc.TlcRequest;
import org.croracle.oracle.tlc.TlcRun;
import org.croracle.oracle.tlc.TlcWorkerFigures;

/**
 * {@code ./cr tlc SPEC --distributed}: TLC's distributed mode, with its workers on this machine
 * (loopback only) or on the machines named by {@code --workers-on}, which the user starts by hand
 * with the command this prints.
 *
 * @param workersOn  the worker machines' addresses (empty: local workers only)
 * @param serverHost this machine's address for remote workers; null to find it
 * @param port       the server's port; null for a free one (TLC's 10997 with remote workers)
 */
record DistributedTlc(TlcRequest model, int localWorkers, List<String> workersOn, String serverHost, Integer port) {

    int run(PrintWriter out, PrintWriter err) {
        DistributedModelChecker checker = new DistributedModelChecker();
        DistributedTlcRequest request = request();
        String label = model.rootModule() + " (" + Path.of(model.configFile()).getFileName() + ", distributed)";
        if (!workersOn.isEmpty()) {
            printInstructions(err, checker, request);
        }
        DistributedTlcRun result = checker.run(request, p -> err.printf(
                        "tlc: %s: depth %d, %s states, %s distinct, %s queued%n", label, p.depth(),
                        Table.count(p.statesGenerated()), Table.count(p.distinctStates()),
                        Table.count(p.statesLeftOnQueue())),
                event -> err.println("tlc: " + event));
        TlcRun run = result.run();
        if (run.outcome() == TlcOutcome.ERROR || run.outcome() == TlcOutcome.TIMEOUT) {
            throw new UserError(run.errorMessage());
        }
        out.printf("spec             %s (%s)%n", model.rootModule(), model.configFile());
        out.printf("distributed      server %s:%d, %d local worker JVMs, worker threads registered: %d%n",
                request.serverHost(), result.port(), localWorkers, result.workers().size());
        out.printf("states generated %s (by the workers, cache hits included)%n", Table.count(run.statesGenerated()));
        out.printf("distinct states  %s%n", Table.count(run.distinctStates()));
        out.printf("depth            %d%n", run.depth());
        out.printf("time             %s%n", Table.seconds(run.elapsed()));
        out.printf("verdict          %s%n", TlcCommand.verdict(run));
        if (!result.workers().isEmpty()) {
            out.println();
            out.print(workerTable(result.workers()));
        }
        if (!run.counterexample().isEmpty()) {
            out.println();
            out.println(run.outcome() == TlcOutcome.UNNAMED_VIOLATION
                    ? "the last step (TLC's distributed server keeps no more; run without --distributed for the"
                            + " property and the whole behaviour):"
                    : "counterexample:");
            out.print(CounterexampleTable.render(run.counterexample()));
        }
        return run.holds() ? 0 : Main.FAILED;
    }

    private DistributedTlcRequest request() {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, localWorkers));
        if (workersOn.isEmpty()) {
            int p = port != null ? port : DistributedModelChecker.freePort();
            return DistributedTlcRequest.loopback(model, localWorkers, threads, p);
        }
        String host = serverHost != null ? serverHost : addressTowards(workersOn.get(0));
        int p = port != null ? port : DistributedTlcRequest.TLC_DEFAULT_PORT;
        return new DistributedTlcRequest(model, localWorkers, threads, host, p);
    }

    /** This machine's address on the route to {@code host}: where that worker can call the server. */
    private static String addressTowards(String host) {
        try (DatagramSocket s = new DatagramSocket()) {
            // Connecting a UDP socket sends nothing: the kernel only picks the route and our address on it.
            s.connect(InetAddress.getByName(host), DistributedTlcRequest.TLC_DEFAULT_PORT);
            InetAddress local = s.getLocalAddress();
            if (local.isAnyLocalAddress()) {
                throw new UserError("cannot tell this machine's address towards worker host " + host
                        + ": give it with --server-host");
            }
            return local.getHostAddress();
        } catch (UnknownHostException e) {
            throw new UserError("--workers-on: unknown host " + host + " (or give this machine's address with --server-host)");
        } catch (IOException e) {
            throw new UserError("--workers-on: no route to " + host + " (" + e.getMessage()
                    + "); give this machine's address with --server-host");
        }
    }

    private void printInstructions(PrintWriter err, DistributedModelChecker checker, DistributedTlcRequest request) {
        Path jar = checker.tlcClasspath();
        String jarName = jar.getFileName().toString();
        err.printf("tlc: TLC server for %s (%s) at %s:%d%n", model.rootModule(),
                Path.of(model.configFile()).getFileName(), request.serverHost(), request.port());
        err.printf("tlc: on each worker machine (Java 8 or later), with %s copied there (from %s), run:%n", jarName,
                jar);
        for (String host : workersOn) {
            err.printf("tlc:   on %s: %s%n", host,
                    DistributedModelChecker.workerCommandLine(jarName, request.serverHost(), request.port(), host));
        }
        err.printf("tlc: the workers connect to TCP %d and to one ephemeral RMI port of this machine, and this machine"
                + " connects back to one ephemeral port of each worker: allow TCP both ways between them, on a private"
                + " network only (TLC's RMI has no authentication)%n", request.port());
        err.printf("tlc: waiting for workers (--timeout %d s); Ctrl-C stops the server%n",
                model.timeout().toSeconds());
        err.flush();
    }

    private static String workerTable(List<TlcWorkerFigures> workers) {
        int w = Math.max("worker".length(), workers.stream().mapToInt(f -> f.worker().length()).max().orElse(0));
        String row = "%-" + w + "s  %8s  %8s  %s%n";
        StringBuilder sb = new StringBuilder(String.format(row, "worker", "expanded", "returned", "cache hit ratio"));
        for (TlcWorkerFigures f : workers) {
            sb.append(String.format(row, f.worker(), Table.count(f.statesExpanded()), Table.count(f.statesReturned()),
                    f.cacheHitRatio()));
        }
        sb.append("(expanded: states the server gave the worker; returned: the successors it sent back as new)\n");
        return sb.toString();
    }
}
