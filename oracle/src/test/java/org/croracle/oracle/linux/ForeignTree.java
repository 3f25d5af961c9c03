package org.croracle.oracle.linux;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A process tree that nothing in this project built: {@code foreign-tree.sh} makes it with the
 * shell alone (a session leader that exits, job-control groups, a pipe shared by two tasks and
 * held outside too, a zombie never waited for). Closing it kills every task of it and the outside
 * holder by pid, so that a failed test leaves nothing running.
 */
final class ForeignTree implements AutoCloseable {
    final int root;
    /** The reading end of the pipe of the pipeline. */
    final int reader;
    /** The process outside the tree that holds the pipe's read end. */
    final int outside;
    private final Path dir;

    private ForeignTree(Path dir, int root, int reader, int outside) {
        this.dir = dir;
        this.root = root;
        this.reader = reader;
        this.outside = outside;
    }

    static ForeignTree start() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("foreign-tree");
        Path script = dir.resolve("foreign-tree.sh");
        try (InputStream in = ForeignTree.class.getResourceAsStream("foreign-tree.sh")) {
            Files.copy(in, script);
        }
        Process p = new ProcessBuilder("bash", script.toString(), dir.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("foreign-tree.sh did not make its tree");
        }
        return new ForeignTree(dir, read(dir, "root"), read(dir, "reader"), read(dir, "outside"));
    }

    private static int read(Path dir, String name) throws IOException {
        return Integer.parseInt(Files.readString(dir.resolve(name)).trim());
    }

    /** The tree's pids now, root first, depth first (children in pid order). */
    List<Integer> pids() {
        Map<Integer, Integer> parents = LiveProc.parents();
        List<Integer> out = new ArrayList<>();
        walk(root, parents, out);
        return out;
    }

    private static void walk(int pid, Map<Integer, Integer> parents, List<Integer> out) {
        out.add(pid);
        parents.entrySet().stream().filter(e -> e.getValue() == pid).map(Map.Entry::getKey).sorted()
                .forEach(c -> walk(c, parents, out));
    }

    @Override
    public void close() throws IOException {
        List<Integer> all = new ArrayList<>(pids());
        all.add(outside);
        for (int pid : all) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
