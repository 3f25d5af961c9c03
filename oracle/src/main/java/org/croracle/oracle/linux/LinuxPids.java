package org.croracle.oracle.linux;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the driver knows of every process the helper made, reaped ones included: its pid vector
 * (host's namespace first) and its namespace chain (the host-namespace pid of the init of each of
 * its namespaces, outermost first: host is 1). A reaped session or group leader's pid lives on as
 * the id of its session or group, and a checkpoint must still say which namespace it belongs to;
 * /proc no longer shows it, so the driver remembers it from the fork that made it. A pid is not
 * reused while a session or group holds it, so the last process given a pid is the one it names.
 */
final class LinuxPids {

    private final Map<Integer, List<Integer>> vectors = new HashMap<>();
    private final Map<Integer, List<Integer>> chains = new HashMap<>();
    private final Map<Integer, String> labels = new HashMap<>();
    private final Map<String, Integer> byLabel = new HashMap<>();

    LinuxPids() {
        vectors.put(1, List.of(1));
        chains.put(1, List.of(1));
        labels.put(1, "host");
        byLabel.put("host", 1);
    }

    /** A process the actor made (fork or eclone), with the vector the helper answered. */
    void created(String label, int actorHostPid, List<Integer> vector, boolean newPid) {
        int pid = vector.get(0);
        List<Integer> chain = new ArrayList<>(chains.getOrDefault(actorHostPid, List.of(1)));
        if (newPid) {
            chain.add(pid);
        }
        vectors.put(pid, List.copyOf(vector));
        chains.put(pid, List.copyOf(chain));
        labels.put(pid, label);
        byLabel.put(label, pid);
    }

    /** The host-namespace pid the label names now, or null. */
    Integer hostPid(String label) {
        return byLabel.get(label);
    }

    /** The label of the process with this host-namespace pid, or null. */
    String label(int hostPid) {
        return labels.get(hostPid);
    }

    List<Integer> vector(int hostPid) {
        return vectors.get(hostPid);
    }

    /** Whether this pid is known. */
    boolean knows(int hostPid) {
        return vectors.containsKey(hostPid);
    }

    /** The namespace level of a process below host's (host's own: 0). */
    int level(int hostPid) {
        return vectors.get(hostPid).size() - 1;
    }

    /** The init (host-namespace pid) of the process's namespace at this level, or 0 if it has none there. */
    int namespaceAt(int hostPid, int level) {
        List<Integer> c = chains.get(hostPid);
        return c == null || c.size() <= level ? 0 : c.get(level);
    }

    /**
     * The pid of {@code target} as a process of the namespace at {@code level} whose init is
     * {@code nsInit} sees it, or 0 if it has no pid there (find_vpid would not find it).
     */
    int pidIn(int target, int level, int nsInit) {
        List<Integer> v = vectors.get(target);
        if (v == null || v.size() <= level || namespaceAt(target, level) != nsInit) {
            return 0;
        }
        return v.get(level);
    }

    /** The pid of {@code target} as {@code viewer} sees it, or 0 if it cannot see it. */
    int seenBy(int viewer, int target) {
        int level = level(viewer);
        return pidIn(target, level, namespaceAt(viewer, level));
    }
}
