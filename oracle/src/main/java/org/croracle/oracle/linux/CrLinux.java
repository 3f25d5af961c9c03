package org.croracle.oracle.linux;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The native helper {@code crlinux} (docs/linux-helper.md) as a Java object: it runs the process
 * operations of a scenario as real processes in a fresh PID namespace and reports the tree from
 * that namespace's {@code /proc}. One instance is one helper process and one namespace; closing it
 * ends both, and every process the helper started with them.
 */
public final class CrLinux implements AutoCloseable {

    /** The class-path resource the Maven build compiles the helper into (oracle/src/main/c/build.sh). */
    static final String RESOURCE = "/org/croracle/oracle/linux/crlinux";

    /** A pid that exists in no namespace: what a label names when the actor cannot see its task. */
    public static final int NO_SUCH_PID = 1_073_741_823;

    /** Exit status of a program that cannot run here (automake's "skipped"). */
    public static final int EXIT_UNSUPPORTED = 77;

    private final Process process;
    private final Path dir;
    private final Writer in;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Duration timeout;
    private boolean closed;
    private final List<String> warnings = new ArrayList<>();

    /** The helper could not run, and why: {@code unsupported} ones are this machine's limits (exit 77). */
    public static final class Unavailable extends Exception {
        private final boolean unsupported;

        Unavailable(String reason, boolean unsupported) {
            super(reason);
            this.unsupported = unsupported;
        }

        public boolean unsupported() {
            return unsupported;
        }
    }

    /** The helper failed while it ran (a timeout, a crash, an answer out of protocol). */
    public static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message);
        }
    }

    /**
     * One operation's answer: {@code ok [words]}, {@code err ERRNO}, or {@code hang PID REASON}
     * (the operation made Linux hang, in zap_pid_ns_processes; the helper released the task
     * afterwards, see docs/linux-helper.md).
     */
    public record Answer(boolean ok, String errno, List<String> values, String hang) {
        static Answer parse(String line) {
            String[] w = line.split(" ");
            if (w[0].equals("ok")) {
                return new Answer(true, null, List.of(w).subList(1, w.length), null);
            }
            if (w[0].equals("err") && w.length == 2) {
                return new Answer(false, w[1], List.of(), null);
            }
            if (w[0].equals("hang") && w.length >= 2) {
                return new Answer(false, null, List.of(), line.substring("hang ".length()));
            }
            throw new Failure("crlinux answered '" + line + "'");
        }

        @Override
        public String toString() {
            return hang != null ? "hang " + hang : ok ? "ok" + (values.isEmpty() ? "" : " " + String.join(" ", values)) : errno;
        }
    }

    private CrLinux(Process process, Path dir, Duration timeout) {
        this.process = process;
        this.dir = dir;
        this.timeout = timeout;
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII);
        Thread reader = new Thread(() -> pump(process.getInputStream()), "crlinux-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    private void pump(InputStream out) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(out, StandardCharsets.US_ASCII))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            // the process ended; next() reports it
        }
        lines.add("\u0000eof");
    }

    /**
     * Starts a helper and waits until its namespace's {@code host} serves.
     *
     * @param timeout how long any one answer may take (the helper's own per-task timeout is the same)
     */
    public static CrLinux start(Duration timeout) throws Unavailable {
        Path dir = install();
        Path binary = dir.resolve("crlinux");
        Process p;
        try {
            p = new ProcessBuilder(binary.toString(), "--timeout-ms", String.valueOf(timeout.toMillis()))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            deleteQuietly(dir);
            throw new Unavailable("cannot start " + binary + ": " + e.getMessage(), false);
        }
        CrLinux helper = new CrLinux(p, dir, timeout);
        String first;
        try {
            first = helper.next("start");
        } catch (Failure f) {
            helper.close();
            throw new Unavailable(f.getMessage(), false);
        }
        if (first.equals("ready")) {
            return helper;
        }
        helper.close();
        if (first.startsWith("unsupported ")) {
            throw new Unavailable(first.substring("unsupported ".length()), true);
        }
        throw new Unavailable("crlinux did not start: " + first, false);
    }

    /** Copies the helper out of the class path into a private temporary directory (with it as {@code crlinux}). */
    static Path install() throws Unavailable {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            throw new Unavailable("this is not Linux (" + System.getProperty("os.name") + ")", true);
        }
        Path dir;
        Path binary;
        try (InputStream res = CrLinux.class.getResourceAsStream(RESOURCE)) {
            if (res == null) {
                throw new Unavailable("the native helper crlinux was not built (gcc was not found when Maven built the"
                        + " project; install gcc and rebuild)", true);
            }
            // a test JVM's own java.io.tmpdir may not exist yet
            Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
            dir = Files.createTempDirectory("crlinux", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            binary = dir.resolve("crlinux");
            Files.copy(res, binary, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new Unavailable("cannot install the helper: " + e.getMessage(), false);
        }
        return dir;
    }

    /** Sends one operation and returns its answer (after the helper settled its effects). */
    public Answer op(String command) {
        send(command);
        return Answer.parse(next(command));
    }

    /** Every task of the namespace, from its /proc. */
    public List<LinuxTask> report() {
        send("report");
        List<LinuxTask> tasks = new ArrayList<>();
        for (String line = next("report"); !line.equals("end"); line = next("report")) {
            tasks.add(LinuxTask.parse(line));
        }
        return tasks;
    }

    /** The pid of the helper process (for tests that count what it leaves behind). */
    public long pid() {
        return process.pid();
    }

    /** The helper binary's path (its processes run it). */
    public Path binary() {
        return dir.resolve("crlinux");
    }

    private void send(String command) {
        if (closed) {
            throw new IllegalStateException("crlinux is closed");
        }
        try {
            in.write(command);
            in.write('\n');
            in.flush();
        } catch (IOException e) {
            throw new Failure("crlinux stopped (" + e.getMessage() + ") before '" + command + "'" + lastWords());
        }
    }

    private String next(String command) {
        String line;
        try {
            line = lines.poll(timeout.toMillis() + 2_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted while waiting for '" + command + "'");
        }
        if (line == null) {
            kill();
            throw new Failure("crlinux gave no answer to '" + command + "' within " + timeout.toMillis() + " ms; killed it");
        }
        if (line.equals("\u0000eof")) {
            throw new Failure("crlinux ended without answering '" + command + "'" + lastWords());
        }
        if (line.startsWith("fatal ")) {
            throw new Failure("crlinux: " + line.substring("fatal ".length()) + " (at '" + command + "')");
        }
        return line;
    }

    private String lastWords() {
        try {
            if (process.waitFor(1, TimeUnit.SECONDS)) {
                return " (exit status " + process.exitValue() + ")";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "";
    }

    /** Kills the helper at once: its host dies of the parent-death signal, and the namespace with it. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ends the helper (quit; killed if it does not answer) and removes its binary. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            in.write("quit\n");
            in.flush();
            in.close();
            if (!process.waitFor(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS)) {
                kill();
            }
        } catch (IOException e) {
            kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        } finally {
            for (String line; (line = lines.poll()) != null; ) {
                if (line.startsWith("warning: ")) {
                    warnings.add(line.substring("warning: ".length()));
                }
            }
            deleteQuietly(dir);
        }
    }

    /** What the helper warned about when it ended (a process it could not release); read after close. */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    static void deleteQuietly(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
