package org.croracle.oracle.checkpointrestart;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.croracle.impl.image.ImageFormatException;
import org.croracle.impl.image.ImageReader;
import org.croracle.impl.image.ImageRecord;
import org.croracle.impl.image.ReadRecord;

/**
 * What the round trips exercised: each fact that {@code expect same} compares (a task line's or an
 * object line's part, with a value other than the one every plain fork has) and each field of the
 * image (every component of every record type, taken from the records themselves, with a value other
 * than zero, empty or false; an enum field once per constant). A fact or field no tree exercised is
 * a part of the comparison no random tree can show wrong.
 */
public final class RoundTripCoverage {

    /** The ERROR record is the image of a failed checkpoint, which restart refuses: no round trip writes one. */
    private static final List<Class<?>> NOT_IN_A_ROUND_TRIP = List.of(ImageRecord.Error.class);

    /**
     * Fields the format fixes, so no value other than the fixed one can be written: each with why.
     * They count as covered when written at all.
     */
    private static final Map<String, String> FIXED = Map.of(
            "Container.rootIndex", "always 0: the root is the first TREE entry");

    /**
     * Fields whose plain value is another field of the same record rather than zero: they count as
     * exercised when they differ from it.
     */
    private static final Map<String, String> DEFAULTS_TO = Map.of(
            "Tree.entries[].tgid", "pid"); // a thread's group is its leader's, anyone else's its own pid

    /** The facts of a saved tree's lines ({@code TreeView}), each the part of a line that shows it. */
    private static final Map<String, Predicate<List<String>>> TREE_FACTS = new LinkedHashMap<>();

    static {
        fact("task in a nested pid namespace", "^task \\[\\d+, \\d+");
        fact("task whose parent is not the init", "^task \\S+.* parent=([2-9]|\\d\\d+) ");
        fact("session other than the init's", "^task \\S+.* sid=([2-9]|\\d\\d+) ");
        fact("group other than its session", "^task .* sid=(\\d+) pgid=(?!\\1 )\\d+");
        fact("session or group of a task outside the tree", "^task .* (sid|pgid)=outside");
        fact("thread (a task that does not lead its thread group)", "^task .* thread-of=");
        fact("thread of the root (its parent outside the tree)", "^task .* parent=outside .*thread-of=1 ");
        TREE_FACTS.put("zombie thread-group leader whose threads live", RoundTripCoverage::zombieLeader);
        fact("zombie that exited with a code", "^task .* zombie\\(\\d+\\)");
        fact("zombie killed by a signal", "^task .* zombie\\(SIG\\w+\\)");
        fact("uid other than 0", "^task .* uid=[1-9]");
        fact("gid other than 0", "^task .* gid=[1-9]");
        fact("subreaper", "^task .* subreaper");
        fact("blocked signals", "^task .* blocked=\\[\\w");
        fact("pending signals", "^task .* pending=\\[\\w");
        fact("fatal signal pending on a frozen task (doomed)", "^task .* doomed=");
        fact("fd with close-on-exec", "^o\\d+ fdtable .*\\(cloexec\\)");
        fact("file offset other than 0", "^o\\d+ file .* offset=[1-9]");
        fact("file opened for reading only", "^o\\d+ file .* offset=\\d+ r$");
        fact("file opened for reading and writing", "^o\\d+ file .* r w$");
        fact("regular file with content", "^o\\d+ regular \\S+ \"[^\"]");
        fact("pipe with data in it", "^o\\d+ pipe \"[^\"]");
        fact("socket pair", "^o\\d+ socket ");
        fact("socket with data queued", "^o\\d+ socket \"[^\"]");
        fact("private memory region", "^o\\d+ mm .*private");
        fact("shared memory region", "^o\\d+ mm .*shared shmem=");
        fact("file-backed memory region", "^o\\d+ mm .* file=");
        fact("dirty page", "^o\\d+ mm .*dirty=\\[?\\{?[0-9]");
        fact("signal ignored", "^o\\d+ sighand .*IGNORE");
        fact("signal handled", "^o\\d+ sighand .*HANDLE");
        TREE_FACTS.put("fd table shared by two tasks (CLONE_FILES)", shared("files"));
        TREE_FACTS.put("mm shared by two tasks (CLONE_VM)", shared("mm"));
        TREE_FACTS.put("fs shared by two tasks (CLONE_FS)", shared("fs"));
        TREE_FACTS.put("sighand shared by two tasks (CLONE_SIGHAND)", shared("sighand"));
    }

    /** Events of the workload that the saved tree alone does not show (RoundTrip adds them). */
    static final List<String> EVENTS = List.of("orphan adopted by a subreaper above its parent",
            "fatal signal sent to a frozen task", "self checkpoint of a container init (no CHECKPOINT_SUBTREE)");

    private final Map<String, Integer> facts = new LinkedHashMap<>();
    private final Map<String, Integer> fields = new LinkedHashMap<>();
    private int trees;

    public RoundTripCoverage() {
        TREE_FACTS.keySet().forEach(f -> facts.put(f, 0));
        EVENTS.forEach(f -> facts.put(f, 0));
        for (Class<?> c : ImageRecord.class.getPermittedSubclasses()) {
            if (!NOT_IN_A_ROUND_TRIP.contains(c)) {
                universe(typeOf(c), c);
            }
        }
    }

    private static void fact(String name, String regex) {
        Pattern p = Pattern.compile(regex);
        TREE_FACTS.put(name, lines -> lines.stream().anyMatch(l -> p.matcher(l).find()));
    }

    /** A zombie's pid is some live task's thread-of. */
    private static boolean zombieLeader(List<String> lines) {
        Pattern zombie = Pattern.compile("^task \\[(\\d+)[],].* zombie\\(");
        Pattern thread = Pattern.compile(" thread-of=(\\d+) ");
        java.util.Set<String> zombies = new java.util.HashSet<>();
        java.util.Set<String> leaders = new java.util.HashSet<>();
        for (String l : lines) {
            var z = zombie.matcher(l);
            if (z.find()) {
                zombies.add(z.group(1));
            }
            var t = thread.matcher(l);
            if (t.find()) {
                leaders.add(t.group(1));
            }
        }
        return zombies.stream().anyMatch(leaders::contains);
    }

    /** Some object is named by two task lines in the same place. */
    private static Predicate<List<String>> shared(String what) {
        Pattern p = Pattern.compile(" " + what + "=(o\\d+)");
        return lines -> {
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (String l : lines) {
                var m = p.matcher(l);
                if (l.startsWith("task ") && m.find() && !seen.add(m.group(1))) {
                    return true;
                }
            }
            return false;
        };
    }

    /** A record type as the image's records name it (the record class: Header, Tree, FileTable, ...). */
    private static String typeOf(Class<?> c) {
        return c.getSimpleName();
    }

    private void universe(String prefix, Class<?> c) {
        for (RecordComponent rc : c.getRecordComponents()) {
            String name = prefix + "." + rc.getName();
            Class<?> t = rc.getType();
            if (t.isEnum()) {
                for (Object k : t.getEnumConstants()) {
                    fields.put(name + "=" + k, 0);
                }
            } else if (List.class.isAssignableFrom(t) && rc.getGenericType() instanceof ParameterizedType pt
                    && pt.getActualTypeArguments()[0] instanceof Class<?> e && e.isRecord()) {
                universe(name + "[]", e);
            } else {
                fields.put(name, 0);
            }
        }
    }

    /** Adds one round trip: the saved tree's lines, its image and the workload's events. */
    public void add(RoundTrip.Outcome o) {
        if (o.saved().isEmpty()) {
            return;
        }
        trees++;
        TREE_FACTS.forEach((f, p) -> {
            if (p.test(o.saved())) {
                facts.merge(f, 1, Integer::sum);
            }
        });
        o.events().forEach(e -> facts.merge(e, 1, Integer::sum));
        if (o.image() == null) {
            return;
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        try {
            for (ReadRecord rr : ImageReader.readAll(o.image())) {
                seen(typeOf(rr.record().getClass()), rr.record(), seen);
            }
        } catch (ImageFormatException e) {
            throw new IllegalStateException("a round trip's own image does not read: " + e.getMessage(), e);
        }
        seen.forEach(f -> fields.computeIfPresent(f, (k, n) -> n + 1));
    }

    private static void seen(String prefix, Object record, java.util.Set<String> out) {
        for (RecordComponent rc : record.getClass().getRecordComponents()) {
            Object v;
            try {
                v = rc.getAccessor().invoke(record);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            String name = prefix + "." + rc.getName();
            if (v instanceof Enum<?> k) {
                out.add(name + "=" + k.name());
            } else if (v instanceof List<?> l && !l.isEmpty() && l.get(0) != null && l.get(0).getClass().isRecord()) {
                l.forEach(e -> seen(name + "[]", e, out));
            } else if (DEFAULTS_TO.containsKey(name)) {
                if (!v.equals(component(record, DEFAULTS_TO.get(name)))) {
                    out.add(name);
                }
            } else if (FIXED.containsKey(name) || nonDefault(v)) {
                out.add(name);
            }
        }
    }

    private static Object component(Object record, String name) {
        for (RecordComponent rc : record.getClass().getRecordComponents()) {
            if (rc.getName().equals(name)) {
                try {
                    return rc.getAccessor().invoke(record);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new IllegalStateException("no component " + name + " in " + record.getClass().getSimpleName());
    }

    private static boolean nonDefault(Object v) {
        if (v instanceof Number n) {
            return n.longValue() != 0;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s) {
            return !s.isEmpty();
        }
        if (v instanceof List<?> l) {
            return !l.isEmpty();
        }
        if (v instanceof byte[] a) {
            return a.length > 0;
        }
        if (v instanceof long[] a) {
            return a.length > 0;
        }
        return v != null;
    }

    public int trees() {
        return trees;
    }

    /** The facts and fields no tree exercised. */
    public List<String> uncovered() {
        List<String> out = new ArrayList<>();
        facts.forEach((f, n) -> {
            if (n == 0) {
                out.add("tree: " + f);
            }
        });
        fields.forEach((f, n) -> {
            if (n == 0) {
                out.add("image: " + f);
            }
        });
        return out;
    }

    /** One row per fact and field: how many trees exercised it. */
    public List<String[]> rows() {
        List<String[]> out = new ArrayList<>();
        facts.forEach((f, n) -> out.add(new String[] {"tree", f, String.format("%,d", n)}));
        fields.forEach((f, n) -> out.add(new String[] {"image", f + (FIXED.containsKey(f) ? " (" + FIXED.get(f) + ")" : "")
                + (DEFAULTS_TO.containsKey(f) ? " (other than " + DEFAULTS_TO.get(f) + ")" : ""),
                String.format("%,d", n)}));
        return out;
    }
}
