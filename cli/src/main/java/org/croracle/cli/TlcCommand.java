package org.croracle.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.croracle.oracle.explain.ExplanationText;
import org.croracle.oracle.explain.TraceFiles;
import org.croracle.oracle.suite.SpecSuite;
import org.croracle.oracle.registry.Specs;
import org.croracle.oracle.tlc.CounterexampleTable;
import org.croracle.oracle.tlc.TlcCounterexample;
import org.croracle.oracle.tlc.TlcCounterexampleFile;
import org.croracle.oracle.tlc.TlcModelChecker;
import org.croracle.oracle.tlc.TlcOutcome;
import org.croracle.oracle.tlc.TlcRequest;
import org.croracle.oracle.tlc.TlcRun;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./cr tlc SPEC}: model-check one spec with TLC. */
@Command(name = "tlc", mixinStandardHelpOptions = true,
        description = {"Model-check one spec with TLC: progress, then states, distinct states, depth, time and "
                + "the verdict; on a violation, the counterexample as a table of steps.",
                "",
                "--distributed runs TLC's own distributed mode: a TLC server JVM and worker JVMs that talk Java RMI. "
                + "Local workers (--workers, loopback only, nothing listens beyond this machine) or workers on "
                + "other machines (--workers-on HOST,...): then this prints, for each HOST, the command to run "
                + "there with the TLC jar copied over,",
                "  java -Djava.rmi.server.hostname=HOST",
                "       -Dtlc2.tool.distributed.TLCServer.port=PORT",
                "       -cp cr.jar tlc2.tool.distributed.TLCWorker SERVER",
                "and waits for them. The workers reach the server on PORT and on one ephemeral RMI port, and the "
                + "server calls each worker back on one ephemeral port: allow TCP both ways between the machines, "
                + "on a private network only (TLC's RMI has no authentication).",
                "TLC's distributed mode has no liveness checker: a model with temporal properties is refused. A "
                + "violation is reported without its name and with its last step only (TLC 2.18). "
                + "See docs/distributed-tlc.md."})
final class TlcCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SPEC",
            description = "A spec of specs/ (freeze), or the path of a .tla module (a model, a bug variant, "
                    + "your own copy); modules in bugs/ also see the modules of the folder above.")
    String specName;

    @Option(names = "--config", paramLabel = "FILE",
            description = "The model configuration: a path, or a file of the spec's folder "
                    + "(default: the spec's CI model, or MODULE.cfg beside a module).")
    String config;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "2",
            description = "TLC worker threads (default: ${DEFAULT-VALUE}); with --distributed, worker JVMs on this "
                    + "machine, each with cores/N threads (default: 2, none with --workers-on).")
    int workers;

    @Option(names = "--distributed", description = "Use TLC's distributed mode (TLCServer and TLCWorker JVMs).")
    boolean distributed;

    @Option(names = "--port", paramLabel = "PORT",
            description = "With --distributed: the TLC server's RMI registry port (default: a free port; "
                    + "TLC's 10997 with --workers-on).")
    Integer port;

    @Option(names = "--workers-on", paramLabel = "HOST", split = ",",
            description = "With --distributed: workers on these machines, started by hand with the printed command.")
    List<String> workersOn = new ArrayList<>();

    @Option(names = "--server-host", paramLabel = "ADDRESS",
            description = "With --workers-on: this machine's address as the workers reach it (default: its "
                    + "address on the route to the first HOST).")
    String serverHost;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "3600",
            description = "Stop TLC after this long (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--quiet", description = "No progress on stderr (there is none anyway when stderr is not a terminal).")
    boolean quiet;

    @Option(names = "--save-trace", paramLabel = "FILE",
            description = "On a violation, write the counterexample to FILE (the spec, its model and TLC's "
                    + "trace as TLC prints it), for ./cr explain FILE.")
    Path saveTrace;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (timeoutSeconds < 1) {
            throw new UserError("--timeout must be at least 1 second, not " + timeoutSeconds);
        }
        if (distributed) {
            if (saveTrace != null) {
                throw new UserError("--save-trace needs a single-process run: distributed TLC 2.18 does not name the"
                        + " violation nor keep the behaviour");
            }
            return distributed(out, err);
        }
        for (String option : List.of("--port", "--workers-on", "--server-host")) {
            if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw new UserError(option + " needs --distributed");
            }
        }
        if (workers < 1) {
            throw new UserError("--workers must be at least 1, not " + workers);
        }
        TlcRequest request = request();
        String label = request.rootModule() + " (" + Path.of(request.configFile()).getFileName() + ", "
                + workers + " workers)";
        // progress for a person at a terminal: TLC reports its last figures twice, shown once
        boolean showProgress = !quiet && System.console() != null;
        long start = System.nanoTime();
        String[] last = {""};
        TlcRun run = new TlcModelChecker().run(request, p -> {
            String line = String.format("tlc: %s: depth %d, %s states, %s distinct, %s queued", label, p.depth(),
                    Table.count(p.statesGenerated()), Table.count(p.distinctStates()), Table.count(p.statesLeftOnQueue()));
            if (showProgress && !line.equals(last[0])) {
                double seconds = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
                err.printf("%s (%s elapsed, %s states/s)%n", line, Progress.clock(seconds),
                        Table.count((long) (p.statesGenerated() / seconds)));
                err.flush();
            }
            last[0] = line;
        });
        if (run.outcome() == TlcOutcome.ERROR || run.outcome() == TlcOutcome.TIMEOUT) {
            throw new UserError(run.errorMessage());
        }
        out.printf("spec             %s (%s)%n", request.rootModule(), request.configFile());
        out.printf("states generated %s%n", Table.count(run.statesGenerated()));
        out.printf("distinct states  %s%n", Table.count(run.distinctStates()));
        out.printf("depth            %d%n", run.depth());
        out.printf("time             %s%n", Table.seconds(run.elapsed()));
        out.printf("verdict          %s%n", verdict(run));
        if (!run.counterexample().isEmpty()) {
            // as ./cr explain shows it: a row per step with what it changed, the whole state at the failing step
            out.println();
            out.println("counterexample:");
            TlcCounterexample c = counterexample(request, run, "found by ./cr tlc");
            try {
                out.print(ExplanationText.render(TraceFiles.explainTlc(new TraceFiles.Input(
                        Path.of(request.rootModule()), TlcCounterexampleFile.format(c),
                        TraceFiles.Kind.TLC_COUNTEREXAMPLE), SpecArgs.specsRoot())));
            } catch (TraceFiles.BadTraceFile e) {
                out.print(CounterexampleTable.render(run.counterexample()));
            }
        }
        if (saveTrace != null) {
            save(request, run, out, err);
        }
        return run.holds() ? 0 : Main.FAILED;
    }

    /** The run's counterexample with its spec and model, paths relative to here when below it. */
    private static TlcCounterexample counterexample(TlcRequest request, TlcRun run, String origin) {
        Path here = Path.of("").toAbsolutePath();
        Path dir = request.specDir().toAbsolutePath().normalize();
        return new TlcCounterexample(origin,
                relative(here, dir.resolve(request.rootModule() + ".tla")),
                relative(here, dir.resolve(request.configFile()).normalize()),
                request.libraryDirs().stream().map(l -> relative(here, l.toAbsolutePath().normalize())).toList(),
                run.outcome(), run.violatedProperty(), run.counterexample());
    }

    /** {@code --save-trace}: the counterexample with its spec and model, paths relative to here when below it. */
    private void save(TlcRequest request, TlcRun run, PrintWriter out, PrintWriter err) {
        if (run.counterexample().isEmpty()) {
            err.println("cr: no counterexample, nothing written to " + saveTrace);
            return;
        }
        TlcCounterexample c = counterexample(request, run, "saved by ./cr tlc --save-trace");
        try {
            Path parent = saveTrace.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(saveTrace, TlcCounterexampleFile.format(c));
        } catch (IOException e) {
            throw new UserError("cannot write " + saveTrace + ": " + e.getMessage());
        }
        out.println();
        out.println("counterexample saved to " + saveTrace + " (./cr explain " + saveTrace + ")");
    }

    private static Path relative(Path base, Path p) {
        return p.startsWith(base) ? base.relativize(p) : p;
    }

    private int distributed(PrintWriter out, PrintWriter err) {
        boolean workersGiven = spec.commandLine().getParseResult().hasMatchedOption("--workers");
        int local = workersOn.isEmpty() || workersGiven ? workers : 0;
        if (local < (workersOn.isEmpty() ? 1 : 0)) {
            throw new UserError("--workers must be at least " + (workersOn.isEmpty() ? 1 : 0) + ", not " + workers);
        }
        if (port != null && (port < 1 || port > 65535)) {
            throw new UserError("--port must be in 1..65535, not " + port);
        }
        for (String host : workersOn) {
            if (host.isBlank() || host.chars().anyMatch(Character::isWhitespace)) {
                throw new UserError("--workers-on: '" + host + "' is not a host name or address");
            }
        }
        if (serverHost != null && workersOn.isEmpty()) {
            throw new UserError("--server-host needs --workers-on (local workers use loopback)");
        }
        if (serverHost != null && (serverHost.isBlank() || serverHost.chars().anyMatch(Character::isWhitespace))) {
            throw new UserError("--server-host: '" + serverHost + "' is not a host name or address");
        }
        return new DistributedTlc(request(), local, List.copyOf(workersOn), serverHost, port).run(out, err);
    }

    /** What to run: a registered spec's model, or a module given by its path. */
    private TlcRequest request() {
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        Path dir;
        String module;
        List<Path> libraries = new ArrayList<>();
        String defaultConfig;
        if (Specs.named(specName).isPresent()) {
            SpecSuite suite = SpecArgs.spec(specName);
            dir = suite.dir(SpecArgs.specsRoot());
            module = suite.modelModule();
            defaultConfig = suite.ciConfig();
        } else if (specName.endsWith(".tla")) {
            Path file = Path.of(specName).toAbsolutePath().normalize();
            if (!Files.isRegularFile(file)) {
                throw new UserError("no module file " + specName);
            }
            dir = file.getParent();
            String name = file.getFileName().toString();
            module = name.substring(0, name.length() - 4);
            defaultConfig = module + ".cfg";
            if (dir.getFileName() != null && dir.getFileName().toString().equals("bugs")) {
                libraries.add(dir.getParent());
            }
        } else {
            throw new UserError("no spec '" + specName + "' (known: " + String.join(", ", Specs.names())
                    + "; or give the path of a .tla module)");
        }
        String cfg = config == null ? defaultConfig : config;
        Path cfgPath = Path.of(cfg);
        if (Files.isRegularFile(cfgPath) && config != null) {
            cfg = cfgPath.toAbsolutePath().normalize().toString();
        } else if (!Files.isRegularFile(dir.resolve(cfg))) {
            throw new UserError("no model configuration " + cfg + " (looked in . and " + dir + ")");
        }
        if (Specs.named(specName).isPresent()) { // a spec's model: the module its configuration is for
            module = SpecArgs.spec(specName).moduleOf(SpecArgs.specsRoot(), cfg);
        }
        return new TlcRequest(dir, module, cfg, libraries, Math.max(1, workers), timeout); // --distributed --workers-on may start 0 local workers
    }

    static String verdict(TlcRun run) {
        return switch (run.outcome()) {
            case OK -> "OK: no error found";
            case INVARIANT_VIOLATED -> "VIOLATED: invariant " + run.violatedProperty();
            case ACTION_PROPERTY_VIOLATED -> "VIOLATED: action property " + run.violatedProperty();
            case TEMPORAL_PROPERTY_VIOLATED -> "VIOLATED: a temporal property (liveness)";
            case DEADLOCK -> "VIOLATED: deadlock";
            case ASSUMPTION_VIOLATED -> "VIOLATED: assumption at " + run.violatedProperty();
            case UNNAMED_VIOLATION -> "VIOLATED: an invariant, an action property, a deadlock or an evaluation "
                    + "error (distributed TLC does not say which)";
            case TIMEOUT, ERROR -> "ERROR: " + run.errorMessage();
        };
    }
}
