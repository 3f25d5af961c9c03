package org.croracle.impl.scenario;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The tasks a scenario names, label to global pid, in the order they were named. */
final class Labels {

    private final Map<String, Integer> pids = new LinkedHashMap<>();

    /** Names a task (a later naming of the same label wins). */
    void name(String label, int pid) {
        pids.put(label, pid);
    }

    /** The task a label names, or -1: a label whose fork failed names no task, and the kernel answers for that. */
    int pid(String label) {
        return pids.getOrDefault(label, -1);
    }

    /** The task a label names, or null if it names none. */
    Integer find(String label) {
        return pids.get(label);
    }

    /**
     * Why a label names no task, for a message: a label whose fork failed, or a restored label the
     * image did not hold (the restart names its tasks after the image's labels, so a typo or a task
     * that was reaped before the checkpoint shows up only here).
     */
    String neverNamed(String label) {
        int slash = label.indexOf('/');
        if (slash < 0) {
            return label + " names no task (the line that should have made it failed)";
        }
        String prefix = label.substring(0, slash + 1);
        List<String> restored = pids.keySet().stream().filter(l -> l.startsWith(prefix)).sorted().toList();
        return label + " names no task: " + (restored.isEmpty()
                ? "nothing was restored as " + label.substring(0, slash)
                : "the restored tasks are " + String.join(", ", restored.subList(0, Math.min(12, restored.size())))
                        + (restored.size() > 12 ? ", ... (" + restored.size() + " in all)" : ""));
    }

    /** The first label that names a task. */
    Optional<String> labelOf(int pid) {
        return pids.entrySet().stream().filter(e -> e.getValue() == pid).map(Map.Entry::getKey).findFirst();
    }

    /** A task as a message names it: its label and pid, or its pid alone. */
    String nameOf(int pid) {
        return labelOf(pid).map(l -> l + " (pid " + pid + ")").orElse("pid " + pid);
    }

    /** Every label and its task, as they are now, in the order they were named. */
    Map<String, Integer> asMap() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(pids));
    }
}
