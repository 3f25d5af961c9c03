package org.croracle.oracle.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code /proc} shows of one process of this machine, for a snapshot of a live tree
 * (pids as the reader's PID namespace sees them, which is {@code /proc}'s).
 */
final class LiveProc {

    private LiveProc() {}

    /** The process is gone (it exited and was reaped) while it was read. */
    static final class Vanished extends Exception {
        final int pid;

        Vanished(int pid) {
            super("task " + pid + " vanished while it was read (it exited and was reaped)", null, false, false);
            this.pid = pid;
        }
    }

    /**
     * One descriptor.
     *
     * @param target the link's text: a path, {@code pipe:[INO]}, {@code socket:[INO]}, {@code anon_inode:...}
     * @param flags  fdinfo's flags (octal in /proc): O_ACCMODE, O_CLOEXEC, ...
     */
    record Fd(int fd, String target, long pos, int flags, long dev, long ino) {
        static final int O_CLOEXEC = 02000000;

        boolean cloexec() {
            return (flags & O_CLOEXEC) != 0;
        }

        boolean readable() {
            return (flags & 3) != 1;
        }

        boolean writable() {
            return (flags & 3) != 0;
        }

        String end() {
            return readable() && writable() ? "read-write" : readable() ? "read end" : "write end";
        }

        boolean pipe() {
            return target.startsWith("pipe:[");
        }

        boolean socket() {
            return target.startsWith("socket:[");
        }

        boolean regular() {
            return target.startsWith("/");
        }
    }

    /** One line of {@code maps}. */
    record Vma(long start, long end, String perms, long offset, String dev, long inode, String path) {
        boolean shared() {
            return perms.length() > 3 && perms.charAt(3) == 's';
        }

        /**
         * Shared memory of its own (a shmem inode): MAP_SHARED|MAP_ANONYMOUS (shown as
         * {@code /dev/zero (deleted)}), System V segments, memfds and deleted files. A shared
         * mapping of a file that has a path is the file's (its page cache), not shared memory.
         */
        boolean shmem() {
            return shared() && (path.isEmpty() || path.startsWith("/dev/zero") || path.startsWith("/SYSV")
                    || path.startsWith("/memfd:") || path.endsWith(" (deleted)"));
        }

        long pages() {
            return (end - start) / 4096;
        }
    }

    /**
     * One process.
     *
     * @param nspid    its pid at each level, from the reader's namespace down to its own
     * @param nspgid   its group's id at the same levels (0 where the group has no pid)
     * @param nssid    its session's id at the same levels
     * @param exitCode a zombie's wait status from stat's field 52, -1 if not shown
     * @param freezer  its freezer cgroup (v1), null if the machine has none
     * @param kernelThread PF_KTHREAD in stat's flags: a kernel thread, which has no user space to save
     */
    record Task(int pid, String comm, List<Integer> nspid, List<Integer> nspgid, List<Integer> nssid, int ppid,
                int pgid, int sid, char state, int exitCode, int uid, int gid, long blocked, long ignored,
                long caught, long pending, int threads, String freezer, List<Fd> fds, List<Vma> maps, String cwd,
                boolean kernelThread) {
        Task {
            nspid = List.copyOf(nspid);
            nspgid = List.copyOf(nspgid);
            nssid = List.copyOf(nssid);
            fds = List.copyOf(fds);
            maps = List.copyOf(maps);
        }

        boolean zombie() {
            return state == 'Z' || state == 'X';
        }

        String name() {
            return pid + " (" + comm + ")";
        }
    }

    /** include/linux/sched.h: the task is a kernel thread. */
    private static final long PF_KTHREAD = 0x00200000;

    static Path proc(int pid) {
        return Path.of("/proc", String.valueOf(pid));
    }

    /** Every process of /proc, by pid, with its parent. */
    static Map<Integer, Integer> parents() {
        Map<Integer, Integer> out = new HashMap<>();
        try (DirectoryStream<Path> d = Files.newDirectoryStream(Path.of("/proc"))) {
            for (Path p : d) {
                String n = p.getFileName().toString();
                if (!n.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String[] f = statFields(Files.readString(p.resolve("stat")));
                    out.put(Integer.parseInt(n), Integer.parseInt(f[1]));
                } catch (IOException e) {
                    // gone meanwhile
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc: " + e.getMessage());
        }
        return out;
    }

    /** stat's fields from field 3 (state) on: after the last ')', since comm may hold spaces and parentheses. */
    private static String[] statFields(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    }

    /** Reads a process; its fds and maps only if {@code resources}. */
    static Task read(int pid, boolean resources) throws Vanished {
        Path p = proc(pid);
        try {
            String[] st = statFields(Files.readString(p.resolve("stat")));
            Map<String, String> status = new HashMap<>();
            for (String l : Files.readAllLines(p.resolve("status"), StandardCharsets.UTF_8)) {
                int c = l.indexOf(':');
                if (c > 0) {
                    status.put(l.substring(0, c), l.substring(c + 1).trim());
                }
            }
            char state = st[0].charAt(0);
            int exit = st.length > 49 ? Integer.parseInt(st[49]) : -1;
            List<Integer> nspid = ints(status.getOrDefault("NSpid", String.valueOf(pid)));
            List<Integer> nspgid = ints(status.getOrDefault("NSpgid", st[2]));
            List<Integer> nssid = ints(status.getOrDefault("NSsid", st[3]));
            String freezer = null;
            try {
                for (String l : Files.readAllLines(p.resolve("cgroup"))) {
                    String[] w = l.split(":", 3);
                    if (w.length == 3 && List.of(w[1].split(",")).contains("freezer")) {
                        freezer = w[2];
                    }
                }
            } catch (NoSuchFileException e) {
                throw e;
            } catch (IOException e) {
                // no cgroup file: no freezer
            }
            List<Fd> fds = new ArrayList<>();
            List<Vma> maps = new ArrayList<>();
            String cwd = "/";
            boolean zombie = state == 'Z' || state == 'X';
            if (resources && !zombie) {
                fds = fds(pid);
                maps = maps(pid);
                try {
                    cwd = Files.readSymbolicLink(p.resolve("cwd")).toString();
                } catch (IOException e) {
                    cwd = "/";
                }
            }
            return new Task(pid, status.getOrDefault("Name", "?"), nspid, nspgid, nssid, Integer.parseInt(st[1]),
                    Integer.parseInt(st[2]), Integer.parseInt(st[3]), state, exit, first(status.get("Uid")),
                    first(status.get("Gid")), hex(status.get("SigBlk")), hex(status.get("SigIgn")),
                    hex(status.get("SigCgt")), hex(status.get("SigPnd")) | hex(status.get("ShdPnd")),
                    Integer.parseInt(status.getOrDefault("Threads", "1")), freezer, fds, maps, cwd,
                    (Long.parseLong(st[6]) & PF_KTHREAD) != 0);
        } catch (NoSuchFileException e) {
            throw new Vanished(pid);
        } catch (IOException e) {
            if (!Files.exists(p)) {
                throw new Vanished(pid);
            }
            throw new IllegalStateException("cannot read " + p + ": " + e.getMessage());
        }
    }

    private static List<Fd> fds(int pid) throws IOException {
        Path dir = proc(pid).resolve("fd");
        List<Integer> numbers = new ArrayList<>();
        try (DirectoryStream<Path> d = Files.newDirectoryStream(dir)) {
            for (Path f : d) {
                numbers.add(Integer.parseInt(f.getFileName().toString()));
            }
        }
        numbers.sort(null);
        List<Fd> out = new ArrayList<>();
        for (int n : numbers) {
            try {
                String target = Files.readSymbolicLink(dir.resolve(String.valueOf(n))).toString();
                long pos = 0;
                int flags = 0;
                for (String l : Files.readAllLines(proc(pid).resolve("fdinfo").resolve(String.valueOf(n)))) {
                    if (l.startsWith("pos:")) {
                        pos = Long.parseLong(l.substring(4).trim());
                    } else if (l.startsWith("flags:")) {
                        flags = Integer.parseInt(l.substring(6).trim(), 8);
                    }
                }
                long dev = 0;
                long ino = 0;
                try {
                    dev = ((Number) Files.getAttribute(dir.resolve(String.valueOf(n)), "unix:dev")).longValue();
                    ino = ((Number) Files.getAttribute(dir.resolve(String.valueOf(n)), "unix:ino")).longValue();
                } catch (IOException | UnsupportedOperationException e) {
                    // an fd whose file cannot be stat'ed (closed meanwhile): known by its target only
                }
                out.add(new Fd(n, target, pos, flags, dev, ino));
            } catch (NoSuchFileException e) {
                // closed while read
            }
        }
        return out;
    }

    private static List<Vma> maps(int pid) throws IOException {
        List<Vma> out = new ArrayList<>();
        for (String l : Files.readAllLines(proc(pid).resolve("maps"), StandardCharsets.UTF_8)) {
            String[] w = l.trim().split("\\s+", 6);
            if (w.length < 5) {
                continue;
            }
            String[] range = w[0].split("-");
            out.add(new Vma(Long.parseUnsignedLong(range[0], 16), Long.parseUnsignedLong(range[1], 16), w[1],
                    Long.parseUnsignedLong(w[2], 16), w[3], Long.parseLong(w[4]), w.length > 5 ? w[5] : ""));
        }
        return out;
    }

    /** The fd links of a process (fd -> target), for the scan of holders outside a tree; empty if it is gone. */
    static Map<Integer, String> links(int pid) {
        Map<Integer, String> out = new HashMap<>();
        Path dir = proc(pid).resolve("fd");
        try (DirectoryStream<Path> d = Files.newDirectoryStream(dir)) {
            for (Path f : d) {
                try {
                    out.put(Integer.parseInt(f.getFileName().toString()), Files.readSymbolicLink(f).toString());
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        } catch (IOException e) {
            // gone, or a kernel thread
        }
        return out;
    }

    /** The access mode of an fd of another process, from its fdinfo; -1 if it is gone. */
    static int flags(int pid, int fd) {
        try {
            for (String l : Files.readAllLines(proc(pid).resolve("fdinfo").resolve(String.valueOf(fd)))) {
                if (l.startsWith("flags:")) {
                    return Integer.parseInt(l.substring(6).trim(), 8);
                }
            }
        } catch (IOException e) {
            // gone
        }
        return -1;
    }

    /** The comm of a process, "?" if it is gone. */
    static String comm(int pid) {
        try {
            return Files.readString(proc(pid).resolve("comm")).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    /** The shared memory a process maps, as dev:inode keys, for the scan of holders outside a tree. */
    static List<String> sharedMappings(int pid) {
        List<String> out = new ArrayList<>();
        try {
            for (Vma v : maps(pid)) {
                if (v.shmem()) {
                    out.add(v.dev() + ":" + v.inode());
                }
            }
        } catch (IOException e) {
            // gone, or not readable
        }
        return out;
    }

    /** /proc/sys/kernel/pid_max: every pid of this machine is below it. */
    static int pidMax() {
        try {
            return Integer.parseInt(Files.readString(Path.of("/proc/sys/kernel/pid_max")).trim());
        } catch (IOException | NumberFormatException e) {
            return 4_194_304; // PID_MAX_LIMIT, the largest any kernel allows
        }
    }

    private static List<Integer> ints(String s) {
        List<Integer> out = new ArrayList<>();
        for (String w : s.trim().split("\\s+")) {
            out.add(Integer.parseInt(w));
        }
        return out;
    }

    private static int first(String ids) {
        return ids == null ? 0 : Integer.parseInt(ids.trim().split("\\s+")[0]);
    }

    private static long hex(String s) {
        return s == null ? 0 : Long.parseUnsignedLong(s.trim(), 16);
    }
}
