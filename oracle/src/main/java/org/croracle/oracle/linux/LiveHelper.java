package org.croracle.oracle.linux;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code crlinux snapshot} (docs/linux-helper.md, "The snapshot helper") as a Java object: kcmp(2)
 * for the snapshot of a live tree, and the freezer cgroup changes the snapshot makes, which the
 * helper undoes when it is closed, when its stdin ends (the Java side died, even by SIGKILL) or
 * when it is signalled. It starts no process.
 */
final class LiveHelper implements AutoCloseable {

    /** kcmp(2)'s resource kinds (enum kcmp_type). */
    enum Kcmp { FILE, VM, FILES, FS, SIGHAND }

    private final Process process;
    private final Writer in;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final long timeoutMs;
    private final List<String> warnings = new ArrayList<>();
    private boolean closed;

    private LiveHelper(Process process, long timeoutMs) {
        this.process = process;
        this.timeoutMs = timeoutMs;
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII);
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))) {
                for (String l; (l = r.readLine()) != null; ) {
                    lines.add(l);
                }
            } catch (IOException e) {
                // the helper ended; next() says so
            }
            lines.add("\u0000eof");
        }, "crlinux-snapshot-stdout");
        t.setDaemon(true);
        t.start();
    }

    static LiveHelper start(long timeoutMs) throws CrLinux.Unavailable {
        Path dir = CrLinux.install();
        Process p;
        try {
            p = new ProcessBuilder(dir.resolve("crlinux").toString(), "snapshot", "--timeout-ms", String.valueOf(timeoutMs))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new CrLinux.Unavailable("cannot start crlinux: " + e.getMessage(), false);
        } finally {
            // a running binary may be unlinked: nothing is left on disk whatever happens next
            CrLinux.deleteQuietly(dir);
        }
        LiveHelper h = new LiveHelper(p, timeoutMs);
        String first = h.next("start");
        if (first.equals("ready")) {
            return h;
        }
        h.close();
        if (first.startsWith("unsupported ")) {
            throw new CrLinux.Unavailable(first.substring("unsupported ".length()), true);
        }
        throw new CrLinux.Unavailable("crlinux snapshot did not start: " + first, false);
    }

    /** kcmp(2) of two tasks' objects of this kind: 0 the same object; null with the errno in {@code errno[0]}. */
    Integer kcmp(Kcmp kind, int a, int b, String[] errno) {
        return answer(ask("kcmp " + kind.name().toLowerCase(java.util.Locale.ROOT) + " " + a + " " + b), errno);
    }

    /** kcmp(2) KCMP_FILE of fd {@code fa} of {@code a} and fd {@code fb} of {@code b}. */
    Integer kcmpFile(int a, int fa, int b, int fb, String[] errno) {
        return answer(ask("kcmp file " + a + " " + b + " " + fa + " " + fb), errno);
    }

    private static Integer answer(String line, String[] errno) {
        if (line.startsWith("ok ")) {
            return Integer.valueOf(line.substring(3).trim());
        }
        errno[0] = line.startsWith("err ") ? line.substring(4) : line;
        return null;
    }

    /** Freezes a cgroup (its directory); thawed when the helper ends. The state it reached, or "err ERRNO". */
    String freeze(Path cgroup) {
        String a = ask("freeze " + cgroup);
        return a.startsWith("ok ") ? a.substring(3) : a;
    }

    /** Thaws a cgroup this helper froze; null or "err ERRNO". */
    String thaw(Path cgroup) {
        String a = ask("thaw " + cgroup);
        return a.startsWith("ok") ? null : a;
    }

    /** Makes a freezer cgroup, removed when the helper ends; null or "err ERRNO". */
    String mkcg(Path cgroup) {
        String a = ask("mkcg " + cgroup);
        return a.equals("ok") ? null : a;
    }

    /** Moves a task into a cgroup, back into {@code origin} when the helper ends; null or "err ERRNO". */
    String move(int pid, Path dest, Path origin) {
        String a = ask("move " + pid + " " + dest + " " + origin);
        return a.equals("ok") ? null : a;
    }

    /** What the helper warned about when it undid its changes (a cgroup it could not remove); read after close. */
    List<String> warnings() {
        return List.copyOf(warnings);
    }

    long pid() {
        return process.pid();
    }

    private String ask(String command) {
        if (closed) {
            throw new IllegalStateException("crlinux snapshot is closed");
        }
        try {
            in.write(command);
            in.write('\n');
            in.flush();
        } catch (IOException e) {
            throw new CrLinux.Failure("crlinux snapshot stopped (" + e.getMessage() + ") before '" + command + "'");
        }
        String a = next(command);
        if (a.startsWith("fatal ")) {
            throw new CrLinux.Failure("crlinux snapshot: " + a.substring(6) + " (at '" + command + "')");
        }
        return a;
    }

    private String next(String command) {
        String line;
        try {
            line = lines.poll(timeoutMs + 2_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CrLinux.Failure("interrupted while waiting for '" + command + "'");
        }
        if (line == null) {
            throw new CrLinux.Failure("crlinux snapshot gave no answer to '" + command + "' within " + timeoutMs + " ms");
        }
        if (line.equals("\u0000eof")) {
            throw new CrLinux.Failure("crlinux snapshot ended without answering '" + command + "'");
        }
        return line;
    }

    /** Undoes every freezer change (thaw, move back, remove) and ends the helper. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            in.write("release\n");
            in.flush();
            for (String l = next("release"); !l.equals("bye"); l = next("release")) {
                if (l.startsWith("warning: ")) {
                    warnings.add(l.substring("warning: ".length()));
                }
            }
            in.close();
            if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
                process.destroy(); // SIGTERM: the helper undoes what is left and exits
            }
        } catch (IOException | CrLinux.Failure e) {
            process.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
        }
    }
}
