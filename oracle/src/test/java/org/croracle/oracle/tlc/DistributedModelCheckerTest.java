package org.croracle.oracle.tlc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs TLC's distributed mode for real: a server and worker JVMs on loopback, on the safety part
 * of the freeze models (MCFreezeSafety.cfg, 243 distinct states; with five tasks, 4,635).
 */
class DistributedModelCheckerTest {

    static final Path FREEZE = TlcModelCheckerTest.FREEZE;
    static final Duration TIMEOUT = Duration.ofSeconds(120);
    static final DistributedModelChecker CLUSTER = new DistributedModelChecker();

    private static DistributedTlcRequest loopback(Path dir, String module, String cfg, List<Path> libs, int workers,
                                                  Duration timeout) {
        TlcRequest model = new TlcRequest(dir, module, cfg, libs, 1, timeout);
        return DistributedTlcRequest.loopback(model, workers, 1, DistributedModelChecker.freePort());
    }

    /** Every JVM the run started, and any distributed TLC JVM below this one, is gone. */
    private static void assertNoChildLeft(DistributedTlcRun run) {
        for (long pid : run.childPids()) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "child " + pid + " still runs");
        }
        List<ProcessHandle> left = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains("tlc2.tool.distributed")
                        || String.join(" ", a).contains(LoopbackRmiMain.class.getName())).orElse(false))
                .toList();
        assertEquals(List.of(), left);
    }

    /** MCFreezeSafety.cfg with five tasks, in {@code dir}. */
    private static Path largeSafetyModel(Path dir) throws IOException {
        Path cfg = dir.resolve("MCFreezeLargeSafety.cfg");
        Files.writeString(cfg, Files.readString(FREEZE.resolve("MCFreezeSafety.cfg"))
                .replace("Tasks <- MCTasks\n", "Tasks <- MCTasksLarge\n"));
        return cfg;
    }

    /** The addresses of this machine (IPv4, loopback first) on which something accepts {@code port}. */
    private static List<String> addressesAccepting(int port) {
        List<InetAddress> all = new ArrayList<>(List.of(InetAddress.getLoopbackAddress()));
        try {
            NetworkInterface.networkInterfaces().flatMap(NetworkInterface::inetAddresses)
                    .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).forEach(all::add);
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
        List<String> accepting = new ArrayList<>();
        for (InetAddress a : all) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(a, port), 2000);
                accepting.add(a.getHostAddress());
            } catch (IOException refused) {
                // not listening there
            }
        }
        return accepting;
    }

    @Test
    void twoWorkersFindTheSameStatesAsOneProcess(@TempDir Path dir) throws IOException {
        // Five tasks (about 5 s in one process): enough work that the second worker registers
        // before the first has done it all. The cfg lives outside the spec's folder, so the server
        // must also find it for the workers.
        Path cfg = largeSafetyModel(dir);
        TlcRun single = TlcModelCheckerTest.TLC.run(
                new TlcRequest(FREEZE, "MCFreeze", cfg.toString(), List.of(), 2, TIMEOUT), null);
        assertEquals(TlcOutcome.OK, single.outcome(), single.output());
        assertEquals(4635, single.distinctStates());

        List<String> events = new ArrayList<>();
        List<TlcProgress> progress = new ArrayList<>();
        List<String> reachable = new ArrayList<>();
        DistributedTlcRequest request = loopback(FREEZE, "MCFreeze", cfg.toString(), List.of(), 2, TIMEOUT);
        DistributedTlcRun run = CLUSTER.run(request, progress::add, e -> {
            events.add(e);
            if (e.startsWith("TLC server ready")) {
                reachable.addAll(addressesAccepting(request.port()));
            }
        });

        assertEquals(TlcOutcome.OK, run.run().outcome(), run.run().output());
        assertTrue(run.run().distinctStates() > 0);
        assertEquals(single.distinctStates(), run.run().distinctStates());
        assertTrue(run.run().statesGenerated() >= run.run().distinctStates());
        assertTrue(run.run().depth() > 0);
        assertFalse(progress.isEmpty());
        assertEquals(run.run().distinctStates(), progress.get(progress.size() - 1).distinctStates());

        // Two workers did the work: the server expands every distinct state exactly once.
        assertEquals(2, run.workers().size(), run.run().output());
        assertEquals(run.run().distinctStates(), run.workers().stream().mapToLong(TlcWorkerFigures::statesExpanded).sum());
        assertEquals(2, run.workers().stream().map(TlcWorkerFigures::worker).distinct().count(),
                "workers are told apart by their RMI port: " + run.workers());
        assertTrue(events.get(0).startsWith("TLC server ready at 127.0.0.1:" + run.port()), events.toString());
        assertEquals(2, events.stream().filter(e -> e.matches("worker rmi://\\S+ registered")).count(), events.toString());

        // The registry listens on loopback only, not on this machine's other addresses.
        assertEquals(List.of(InetAddress.getLoopbackAddress().getHostAddress()), reachable);

        assertEquals(3, run.childPids().size(), "a server and two workers");
        assertNoChildLeft(run);
    }

    @Test
    void refusesAModelWithLivenessBeforeStartingAnything() {
        DistributedTlcRun run = CLUSTER.run(loopback(FREEZE, "MCFreeze", "MCFreeze.cfg", List.of(), 2, TIMEOUT),
                null, null);
        assertEquals(TlcOutcome.ERROR, run.run().outcome());
        String message = run.run().errorMessage();
        assertTrue(message.startsWith("MCFreeze.tla with MCFreeze.cfg: has temporal properties "
                + "(FreezeCompletes, CheckpointReturns)"), message);
        assertTrue(message.contains("no liveness checker"), message);
        assertEquals(List.of(), run.childPids());
    }

    @Test
    void aBadStepIsReportedWithoutANameAndOnlyItsLastStep() {
        // ThawWhileCheckpointing breaks NoThawWhileCheckpointing: the server does not say so.
        DistributedTlcRun run = CLUSTER.run(loopback(FREEZE.resolve("bugs"), "ThawWhileCheckpointing",
                "ThawWhileCheckpointing.cfg", List.of(FREEZE), 2, TIMEOUT), null, null);
        TlcRun r = run.run();
        assertEquals(TlcOutcome.UNNAMED_VIOLATION, r.outcome(), r.output());
        List<TlcTraceState> trace = r.counterexample();
        assertEquals(2, trace.size(), r.output());
        assertEquals(TlcTraceState.REACHED_STATE, trace.get(0).action());
        assertEquals("\"CHECKPOINTING\"", trace.get(0).variables().get("freezer"));
        assertEquals("BuggyWriteThawed", trace.get(1).action());
        assertEquals("\"THAWED\"", trace.get(1).variables().get("freezer"));
        assertNoChildLeft(run);
    }

    @Test
    void aServerWithoutWorkersIsStoppedAtTheTimeout() {
        // Long enough for the server's JVM to start and parse the spec on a loaded 2-core machine,
        // so that the timeout finds it ready and waiting for workers.
        DistributedTlcRun run = CLUSTER.run(loopback(FREEZE, "MCFreeze", "MCFreezeSafety.cfg", List.of(), 0,
                Duration.ofSeconds(12)), null, null);
        assertEquals(TlcOutcome.TIMEOUT, run.run().outcome(), run.run().output());
        assertTrue(run.run().output().contains("is ready"), run.run().output());
        assertEquals(1, run.childPids().size());
        assertNoChildLeft(run);
    }

    @Test
    void aServerWhoseWorkersAllDiedIsStopped(@TempDir Path dir) throws IOException {
        // Kill the workers as soon as one registers, on a model too big to finish first.
        Path cfg = largeSafetyModel(dir);
        DistributedTlcRun run = CLUSTER.run(loopback(FREEZE, "MCFreeze", cfg.toString(), List.of(), 2, TIMEOUT), null,
                e -> {
                    if (e.endsWith(" registered")) {
                        ProcessHandle.current().descendants()
                                .filter(p -> p.info().arguments().map(a -> List.of(a).contains(LoopbackRmiMain.WORKER))
                                        .orElse(false))
                                .forEach(ProcessHandle::destroyForcibly);
                    }
                });
        assertEquals(TlcOutcome.ERROR, run.run().outcome(), run.run().output());
        assertTrue(run.run().errorMessage().contains("all 2 local TLC workers exited while the server still had work"),
                run.run().errorMessage());
        assertNoChildLeft(run);
    }

    @Test
    void anOrphanedServerStopsByItself(@TempDir Path dir) throws Exception {
        // The server's starter (here a shell, in real life ./cr) is killed with SIGKILL once the
        // server is up: no shutdown hook runs, the server must notice by itself.
        DistributedTlcRequest request = loopback(FREEZE, "MCFreeze", "MCFreezeSafety.cfg", List.of(), 0, TIMEOUT);
        String starter = "-D" + LoopbackRmiMain.STARTER_PID_PROPERTY + "=";
        String server = CLUSTER.serverCommand(request, dir).stream()
                .map(a -> a.startsWith(starter) ? starter + "$$" : "'" + a.replace("'", "'\\''") + "'")
                .collect(Collectors.joining(" "));
        Path log = dir.resolve("server.log");
        Process shell = new ProcessBuilder("sh", "-c", server + " > '" + log + "' 2>&1 & echo $!; exec sleep 600")
                .directory(FREEZE.toFile()).start();
        try (BufferedReader r = shell.inputReader()) {
            ProcessHandle java = ProcessHandle.of(Long.parseLong(r.readLine().strip())).orElseThrow();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!(Files.exists(log) && Files.readString(log).contains("is ready")) && System.nanoTime() < deadline) {
                assertTrue(java.isAlive(), "the server died early");
                Thread.sleep(100);
            }
            shell.destroyForcibly();
            java.onExit().get(30, TimeUnit.SECONDS);
            assertTrue(Files.readString(log).contains("the JVM that started this one is gone"), Files.readString(log));
        } finally {
            shell.destroyForcibly();
        }
    }

    @Test
    void aPortInUseIsRefusedByName() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            TlcRequest model = new TlcRequest(FREEZE, "MCFreeze", "MCFreezeSafety.cfg", List.of(), 1, TIMEOUT);
            DistributedTlcRun run = CLUSTER.run(DistributedTlcRequest.loopback(model, 1, 1, taken.getLocalPort()),
                    null, null);
            assertEquals(TlcOutcome.ERROR, run.run().outcome());
            assertTrue(run.run().errorMessage().contains("TCP port " + taken.getLocalPort() + " is in use"),
                    run.run().errorMessage());
            assertEquals(List.of(), run.childPids());
        }
    }

    @Test
    void remoteWorkersGetTlcsOwnMainAndTheirOwnAddress() {
        TlcRequest model = new TlcRequest(FREEZE, "MCFreeze", "MCFreezeSafety.cfg", List.of(), 1, TIMEOUT);
        DistributedTlcRequest remote = new DistributedTlcRequest(model, 1, 2, "10.0.0.5", 10997);
        assertFalse(remote.isLoopback());
        List<String> server = CLUSTER.serverCommand(remote, Path.of("/tmp/x"));
        assertTrue(server.contains(DistributedModelChecker.SERVER_MAIN), server.toString());
        assertTrue(server.contains("-Djava.rmi.server.hostname=10.0.0.5"), server.toString());
        assertTrue(server.contains("-Dtlc2.tool.distributed.TLCServer.port=10997"), server.toString());
        List<String> worker = CLUSTER.workerCommand(remote, Path.of("/tmp/y"));
        assertEquals("10.0.0.5", worker.get(worker.size() - 1));
        assertTrue(worker.contains("-Dtlc2.tool.distributed.TLCWorker.threadCount=2"), worker.toString());

        // A cfg outside the spec's folder: the server must find it by name for the workers.
        TlcRequest elsewhere = new TlcRequest(FREEZE, "MCFreeze", "/elsewhere/X.cfg", List.of(), 1, TIMEOUT);
        assertTrue(CLUSTER.serverCommand(new DistributedTlcRequest(elsewhere, 1, 1, "10.0.0.5", 10997), Path.of("/t"))
                .contains("-DTLA-Library=/elsewhere"));
        assertFalse(server.stream().anyMatch(a -> a.startsWith("-DTLA-Library")), server.toString());

        DistributedTlcRequest local = DistributedTlcRequest.loopback(model, 1, 1, 10997);
        assertTrue(local.isLoopback());
        List<String> loopServer = CLUSTER.serverCommand(local, Path.of("/tmp/x"));
        assertTrue(loopServer.contains(LoopbackRmiMain.class.getName()), loopServer.toString());

        assertEquals("java -Djava.rmi.server.hostname=w1.example -Dtlc2.tool.distributed.TLCServer.port=10997 "
                        + "-cp cr.jar tlc2.tool.distributed.TLCWorker 10.0.0.5",
                DistributedModelChecker.workerCommandLine("cr.jar", "10.0.0.5", 10997, "w1.example"));
        assertNotNull(CLUSTER.tlcClasspath());
    }
}
