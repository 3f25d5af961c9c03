package org.croracle.oracle.tlc;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Runs TLC as a model checker in a child JVM and reads its {@code -tool} output.
 *
 * <p>A child process rather than TLC in this JVM: TLC keeps the loaded spec in static state and
 * calls {@code System.exit} (see tlc-in-process.md), and a child can be killed at a timeout. Each
 * run gets a fresh temporary directory, used as the child's {@code java.io.tmpdir} (TLC extracts
 * its standard modules there) and for the {@code -metadir}, so that concurrent runs share
 * nothing; it is deleted afterwards in every case. The output is read as it arrives on the
 * calling thread, which also receives the progress reports. Instances hold no per-run state and
 * may be shared.
 */
public final class TlcModelChecker {

    private final Path java;
    private final Path tlcClasspath;

    /**
     * Uses this JVM's {@code java} executable and the jar (or class directory) that holds
     * {@code tlc2.TLC} on this class's class path.
     */
    public TlcModelChecker() {
        this(ChildJvms.currentJava(), ChildJvms.locateTlc());
    }

    /** Uses the given {@code java} executable and class path entry for TLC (tests, another TLC build). */
    public TlcModelChecker(Path java, Path tlcClasspath) {
        this.java = Objects.requireNonNull(java, "java");
        this.tlcClasspath = Objects.requireNonNull(tlcClasspath, "tlcClasspath");
    }

    /** The child's command line for a run whose temporary directory is {@code tmp}. */
    List<String> command(TlcRequest request, Path tmp) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.add("-XX:+UseParallelGC");
        cmd.add("-Xss4m");
        cmd.add("-Djava.io.tmpdir=" + tmp);
        // An empty TLA-Library makes SANY search "/" as well, so leave it out when there is none.
        if (!request.libraryDirs().isEmpty()) {
            cmd.add("-DTLA-Library=" + request.libraryDirs().stream()
                    .map(p -> p.toAbsolutePath().normalize().toString())
                    .collect(Collectors.joining(File.pathSeparator)));
        }
        cmd.add("-cp");
        cmd.add(tlcClasspath.toString());
        cmd.add(ChildJvms.TLC_MAIN);
        cmd.add("-tool");
        cmd.add("-workers");
        cmd.add(Integer.toString(request.workers()));
        if (request.simulation() != null) {
            cmd.add("-simulate");
            cmd.add("num=" + request.simulation().behaviours());
            cmd.add("-depth");
            cmd.add(Integer.toString(request.simulation().depth()));
            cmd.add("-seed");
            cmd.add(Long.toString(request.simulation().seed()));
        }
        cmd.add("-metadir");
        cmd.add(tmp.resolve("states").toString());
        if (request.dumpStates() != null) {
            // TLC appends ".dump" to a name that lacks it; give it the name with the suffix
            // so that the file is where the caller asked.
            cmd.add("-dump");
            cmd.add(request.dumpStates().toAbsolutePath().toString());
        }
        cmd.add("-config");
        cmd.add(request.configFile());
        cmd.add(request.rootModule());
        return cmd;
    }

    /**
     * Model-checks {@code request}. Returns ERROR (with a one-line message) for anything TLC
     * could not check, TIMEOUT when the timeout expired; never throws for problems of the spec.
     *
     * @param progress receives every progress report, on the calling thread; may be null
     * @throws UncheckedIOException if the child cannot be started or its temporary directory created
     */
    public TlcRun run(TlcRequest request, Consumer<TlcProgress> progress) {
        Objects.requireNonNull(request, "request");
        Path specDir = request.specDir().toAbsolutePath().normalize();
        String configName = Path.of(request.configFile()).getFileName().toString();
        long start = System.nanoTime();
        if (!Files.isDirectory(specDir)) {
            return new TlcRun(TlcOutcome.ERROR, 0, 0, 0, Duration.ofNanos(System.nanoTime() - start), null, List.of(),
                    request.rootModule() + ".tla: spec directory " + specDir + " does not exist", "");
        }
        Path tmp = ChildJvms.createRunDirectory();
        Process process = null;
        Thread watchdog = null;
        try {
            ProcessBuilder pb = new ProcessBuilder(command(request, tmp))
                    .directory(specDir.toFile())
                    .redirectErrorStream(true);
            process = pb.start();
            process.getOutputStream().close();
            AtomicBoolean timedOut = new AtomicBoolean();
            watchdog = startWatchdog(process, request.timeout(), timedOut);

            TlcOutputInterpreter interpreter = new TlcOutputInterpreter(progress);
            StringBuilder output = new StringBuilder();
            try (BufferedReader reader = process.inputReader()) {
                String line;
                while ((line = reader.readLine()) != null) {
                    output.append(line).append('\n');
                    interpreter.accept(line);
                }
            } catch (IOException e) {
                // The stream closes under us when the watchdog kills the child; anything else
                // ends the run just the same, and the output so far still tells what happened.
                if (!timedOut.get()) {
                    output.append("[cr-oracle: reading TLC's output failed: ").append(e.getMessage()).append("]\n");
                }
            }
            int exitCode = ChildJvms.waitForExit(process);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            return interpreter.finish(timedOut.get(), exitCode, elapsed, request.timeout(), request.rootModule(),
                    configName, output.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start TLC for " + request.rootModule() + " in " + specDir, e);
        } finally {
            if (watchdog != null) {
                watchdog.interrupt();
            }
            if (process != null && process.isAlive()) {
                ChildJvms.killTree(process);
                ChildJvms.waitForExit(process);
            }
            ChildJvms.deleteRecursively(tmp);
        }
    }

    private static Thread startWatchdog(Process process, Duration timeout, AtomicBoolean timedOut) {
        Thread t = new Thread(() -> {
            try {
                if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                    timedOut.set(true);
                    ChildJvms.killTree(process);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "tlc-watchdog-" + process.pid());
        t.setDaemon(true);
        t.start();
        return t;
    }
}
