package org.croracle.oracle.linux;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code task} line of crlinux's report (docs/linux-helper.md): a process of the helper's
 * namespace as its {@code /proc} shows it, pids relative to host's namespace.
 *
 * @param exitCode the zombie's wait status (code << 8, or the signal), null while it lives
 * @param pending  signals pending for it (its own and its thread group's)
 * @param frozen   asleep in its freezer cgroup's refrigerator
 * @param cgroup   the scenario's name of its freezer cgroup, "-" if none
 * @param dying    it exits but is not a zombie yet: a namespace's init waiting for a frozen task of its namespace
 */
public record LinuxTask(int pid, String label, List<Integer> pids, int ppid, int sid, int pgid, char state,
                        Integer exitCode, int uid, int gid, long blocked, long ignored, long caught, long pending,
                        boolean frozen, String cgroup, boolean dying) {

    public LinuxTask {
        pids = List.copyOf(pids);
    }

    public boolean zombie() {
        return state == 'Z';
    }

    /** Its wait status as the image records it: the exit code, 0 if killed. */
    public int exitCodeOnly() {
        int w = exitCode == null ? 0 : exitCode;
        return (w & 0x7f) == 0 ? (w >> 8) & 0xff : 0;
    }

    /** The signal that killed it, 0 if it exited. */
    public int exitSignal() {
        return exitCode == null ? 0 : exitCode & 0x7f;
    }

    static LinuxTask parse(String line) {
        String[] w = line.split(" ");
        if (w.length < 2 || !w[0].equals("task")) {
            throw new CrLinux.Failure("crlinux reported '" + line + "'");
        }
        Map<String, String> f = new HashMap<>();
        for (int i = 2; i < w.length; i++) {
            int eq = w[i].indexOf('=');
            if (eq < 0) {
                throw new CrLinux.Failure("crlinux reported '" + line + "' (no '=' in '" + w[i] + "')");
            }
            f.put(w[i].substring(0, eq), w[i].substring(eq + 1));
        }
        try {
            List<Integer> vec = new ArrayList<>();
            for (String p : field(f, "vec", line).split(",")) {
                vec.add(Integer.parseInt(p));
            }
            String exit = field(f, "exit", line);
            return new LinuxTask(Integer.parseInt(w[1]), field(f, "label", line), vec,
                    Integer.parseInt(field(f, "ppid", line)), Integer.parseInt(field(f, "sid", line)),
                    Integer.parseInt(field(f, "pgid", line)), field(f, "state", line).charAt(0),
                    exit.equals("-") ? null : Integer.valueOf(exit),
                    Integer.parseInt(field(f, "uid", line)), Integer.parseInt(field(f, "gid", line)),
                    Long.parseUnsignedLong(field(f, "sigblk", line), 16), Long.parseUnsignedLong(field(f, "sigign", line), 16),
                    Long.parseUnsignedLong(field(f, "sigcgt", line), 16),
                    Long.parseUnsignedLong(f.getOrDefault("sigpnd", "0"), 16), "1".equals(f.get("frozen")),
                    f.getOrDefault("cgroup", "-"), "1".equals(f.get("dying")));
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new CrLinux.Failure("crlinux reported '" + line + "' (" + e.getMessage() + ")");
        }
    }

    private static String field(Map<String, String> f, String name, String line) {
        String v = f.get(name);
        if (v == null || v.isEmpty()) {
            throw new CrLinux.Failure("crlinux reported '" + line + "' without " + name);
        }
        return v;
    }
}
