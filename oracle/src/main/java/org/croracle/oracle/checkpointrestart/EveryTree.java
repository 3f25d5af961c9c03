package org.croracle.oracle.checkpointrestart;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.croracle.impl.kernel.ForkOptions;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.LingeringPid;
import org.croracle.impl.kernel.PidNamespace;
import org.croracle.impl.kernel.Result;
import org.croracle.impl.kernel.Task;
import org.croracle.impl.syscall.Kernel;
import org.croracle.impl.syscall.KernelConfig;

/**
 * Every tree a container's world builds with at most N tasks below its init, round-tripped: the
 * flagless world of {@code specs/checkpointrestart} (MCFlaglessWorld.tla) enumerated breadth first
 * through the simulated kernel instead of TLC's model of it. Every operation is a real system call
 * on a kernel going on from the state (states are immutable), and a call the kernel refuses is no
 * step: the kernel's errnos decide what is legal, as Linux's do. Each distinct state is frozen,
 * checkpointed, destroyed, restarted and compared by {@link RoundTrip#of}, twice: with every live
 * task a subreaper and with none (the flagless world's argument: a flag only chooses who adopts
 * the orphans of an exit, which the world's exits choose freely, so these two assignments are the
 * ones the restart can tell apart).
 *
 * <p>The world starts just after host forks the container's init (CLONE_NEWPID, cgroup box); the
 * init keeps host's session and group, as TLC's init keeps the restarter's. Its operations, by every
 * live task of the container: fork; clone(CLONE_PARENT); exit(51) with the flagless adopter choice
 * (for an ancestor r that find_new_reaper could pick: subreaper(r, on), exit, subreaper(r, off); r
 * the namespace's init needs no flag); wait by the parent of each zombie; setsid; setpgid(c, t, g)
 * for t = c or a child of c and g = t's own group or any existing group. With the extensions (the
 * full world): clone(CLONE_THREAD | CLONE_SIGHAND | CLONE_VM) and clone(CLONE_NEWPID). N bounds the
 * pids the container's namespace ever hands out below its init (threads and tasks of a nested
 * namespace have one there too), as TLC's MaxPid does, so the world is finite.
 *
 * <p><b>The key.</b> Two states with one key are merged, so a key must determine every future
 * operation's outcome and the round trip's verdict. {@link #tlcKey} is TLC's state to the character:
 * the container namespace's next pid and per task its parent, session, group and zombie status with
 * its code, all as container pids (0 outside). In the flagless world nothing else differs between
 * states: no task holds an object but the fd table, mm, fs and sighand fork copies (empty, default,
 * equal in every task), no flag stays set, every uid is 0, nothing is pending or blocked, and the
 * global pids are the container's plus one (host forks nothing else). A reaped task is absent, but
 * its pid stays in the key where it is a session or group id, which is all that the lingering pid
 * serves. {@link #fullKey} adds what the extensions make differ: a thread's group (whose mm and
 * sighand it shares: that sharing is the thread group, since threads are the only clones that share
 * anything), a task's pids in the namespaces below the container's with the init of its namespace,
 * each nested namespace's next pid, and the namespaces of the lingering pids that a session or group
 * still names (setpgid looks a group up in the caller's namespace). The namespace ids and the step
 * count a state also holds are names nothing compares: the round trip compares trees by pids
 * ({@link org.croracle.impl.restart.TreeView}).
 */
public final class EveryTree {

    /** A state's key: states with equal keys are taken as one (they must have the same future). */
    @FunctionalInterface
    public interface Key {
        String of(KernelState s, int init);
    }

    /**
     * What to enumerate: trees of up to {@code tasks} tasks below the init, with at most
     * {@code threads} threads (tasks that do not lead their thread group) and {@code namespaces}
     * nested pid namespaces in each state (0 and 0: the flagless world of TLC), on a kernel built
     * with {@code config}, states merged by {@code key}, on {@code workers} threads; {@code progress}
     * hears a line per level; each distinct state is round-tripped if {@code roundTrips}.
     */
    public record Options(int tasks, int threads, int namespaces, KernelConfig config, Key key, int workers,
                          Consumer<String> progress, boolean roundTrips) {
        public Options {
            if (tasks < 1 || threads < 0 || namespaces < 0 || workers < 1) {
                throw new IllegalArgumentException("at least one task and one worker");
            }
        }

        /**
         * The flagless world (TLC's, keyed as TLC does), or the full one: threads and nested
         * namespaces, each at most {@link #FULL_THREADS} and {@link #FULL_NAMESPACES} at a time;
         * on the default kernel, on every core.
         */
        public static Options of(int tasks, boolean full) {
            return new Options(tasks, full ? FULL_THREADS : 0, full ? FULL_NAMESPACES : 0, KernelConfig.defaults(),
                    full ? EveryTree::fullKey : EveryTree::tlcKey, Runtime.getRuntime().availableProcessors(), line -> { }, true);
        }

        /** Whether the world has threads or nested namespaces (the flagless world has neither). */
        public boolean extensions() {
            return threads > 0 || namespaces > 0;
        }

        public Options withConfig(KernelConfig other) {
            return new Options(tasks, threads, namespaces, other, key, workers, progress, roundTrips);
        }

        public Options withKey(Key other) {
            return new Options(tasks, threads, namespaces, config, other, workers, progress, roundTrips);
        }

        public Options withBounds(int threadBound, int namespaceBound) {
            return new Options(tasks, threadBound, namespaceBound, config, key, workers, progress, roundTrips);
        }

        public Options withWorkers(int other) {
            return new Options(tasks, threads, namespaces, config, key, other, progress, roundTrips);
        }

        public Options withProgress(Consumer<String> other) {
            return new Options(tasks, threads, namespaces, config, key, workers, other, roundTrips);
        }

        /** The world's states alone, no round trip (to measure a world's size). */
        public Options countingOnly() {
            return new Options(tasks, threads, namespaces, config, key, workers, progress, false);
        }
    }

    /**
     * The full world's bounds (see {@link Options#of}), for size: at 3 tasks the world with
     * neither bound has 201,654 states, these bounds leave 114,063 (the flagless world has
     * 25,680), and at 4 tasks (about 8 million with these bounds) their round trips already take
     * hours. Two threads or two nested namespaces at once are left to {@link Options#withBounds}.
     */
    public static final int FULL_THREADS = 1;
    public static final int FULL_NAMESPACES = 1;

    /** A tree that did not come back equal: why, its key, and the scenario that builds and round-trips it. */
    public record Failure(String problem, String key, List<String> scenario) {
    }

    /**
     * The figures: successor states generated (each successful call, as TLC counts them), distinct
     * states (keys), distinct trees (keys without the next pids), the depth (the initial state is
     * level 1, as TLC counts), round trips made, failures (the first few kept), wall-clock seconds,
     * and the keys themselves when asked for (tests compare state sets).
     */
    public record Report(int tasks, boolean extensions, long states, long distinct, long trees, int depth, long roundTrips,
                         long failed, List<Failure> failures, double seconds, Set<String> keys) {
        public boolean ok() {
            return failed == 0;
        }
    }

    /** How many failures a report keeps (with their scenarios). */
    static final int KEPT_FAILURES = 5;

    private static final int EXIT_CODE = 51;
    private static final java.util.regex.Pattern NEXT = java.util.regex.Pattern.compile("next=\\d+ ?");
    private static final ForkOptions THREAD = new ForkOptions(null, false, false, false, true, false, true, true);

    /** A state of the search and the scenario lines that built it (newest first, shared with its parents'). */
    private record Node(KernelState state, History history) {
    }

    private record History(String line, History before) {
        List<String> lines() {
            List<String> out = new ArrayList<>();
            for (History h = this; h != null; h = h.before) {
                out.add(h.line);
            }
            Collections.reverse(out);
            return out;
        }
    }

    private final Options options;
    private final int init;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final Set<String> trees = ConcurrentHashMap.newKeySet();
    private final AtomicLong generated = new AtomicLong();
    private final AtomicLong roundTrips = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final List<Failure> failures = Collections.synchronizedList(new ArrayList<>());
    private final KernelState start;

    private EveryTree(Options options) {
        this.options = options;
        Kernel k = new Kernel(options.config());
        this.init = k.fork(k.hostPid(), new ForkOptions(RoundTrip.BOX, true, false)).value();
        this.start = k.state();
    }

    /** Enumerates the world of {@code options} and round-trips each of its distinct states. */
    public static Report run(Options options) {
        return new EveryTree(options).search(false);
    }

    /** As {@link #run}, the report holding every key (for tests that compare state sets). */
    static Report runKeepingKeys(Options options) {
        return new EveryTree(options).search(true);
    }

    /**
     * The engine's states of the flagless world against TLC's ({@link TlcWorldStates}), state for
     * state: equal sets mean the two enumerations of the world agree on every tree and every next
     * pid, not only on their number. The engine runs without its round trips (the comparison is
     * about the world), with {@code options}' key: a key that merges states TLC keeps apart, or
     * the other way round, shows here.
     *
     * @param tlcWorkers TLC's worker threads
     * @throws IllegalArgumentException for a world with threads or nested namespaces, which TLC's has not
     */
    public static Comparison againstTlc(Options options, java.nio.file.Path specsRoot, int tlcWorkers,
                                        java.time.Duration timeout) {
        if (options.extensions()) {
            throw new IllegalArgumentException("TLC's world has no threads and no nested namespaces: compare the flagless world");
        }
        TlcWorldStates.Enumeration tlc = TlcWorldStates.enumerate(specsRoot, options.tasks(), tlcWorkers, timeout);
        Report java = runKeepingKeys(options.countingOnly());
        return new Comparison(tlc.run(), tlc.states().size(), java, missing(tlc.states(), java.keys()),
                differences(tlc.states(), java.keys()), missing(java.keys(), tlc.states()), differences(java.keys(), tlc.states()));
    }

    /**
     * TLC's run and number of states, the engine's report, and how many states only TLC or only
     * the engine reached, with the first of them by text (at most {@link #SHOWN_DIFFERENCES}).
     */
    public record Comparison(org.croracle.oracle.tlc.TlcRun tlc, long tlcStates, Report java, long onlyTlcCount,
                             List<String> onlyTlc, long onlyJavaCount, List<String> onlyJava) {
        public boolean equal() {
            return onlyTlcCount == 0 && onlyJavaCount == 0;
        }
    }

    /** How many states of each side a comparison shows that the other lacks. */
    static final int SHOWN_DIFFERENCES = 5;

    private static long missing(Set<String> of, Set<String> against) {
        return of.stream().filter(k -> !against.contains(k)).count();
    }

    private static List<String> differences(Set<String> of, Set<String> against) {
        return of.stream().filter(k -> !against.contains(k)).sorted().limit(SHOWN_DIFFERENCES).toList();
    }

    private Report search(boolean keepKeys) {
        long t0 = System.nanoTime();
        Node first = new Node(start, new History("host fork t" + init + " newpid cgroup=" + RoundTrip.BOX, null));
        seen.add(options.key().of(start, init));
        trees.add(tree(options.key().of(start, init)));
        roundTrip(first);
        List<Node> frontier = List.of(first);
        int depth = 1;
        int told = 0;
        ForkJoinPool pool = new ForkJoinPool(options.workers());
        try {
            while (true) {
                List<Node> level = frontier;
                List<Node> next = pool.submit(() -> level.parallelStream()
                        .flatMap(n -> successors(n).stream()).toList()).get();
                if (next.isEmpty()) {
                    break;
                }
                depth++;
                frontier = next;
                options.progress().accept(String.format("level %d: %,d new states, %,d distinct, %,d round trips, %,d failed",
                        depth, next.size(), seen.size(), roundTrips.get(), failed.get()));
                // the first failures as they come, so that a run stopped early still shows them
                for (; told < Math.min(KEPT_FAILURES, failures.size()); told++) {
                    Failure f = failures.get(told);
                    options.progress().accept("failed: " + f.problem() + " at " + f.key() + ": "
                            + String.join(" / ", f.scenario()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdown();
        }
        List<Failure> kept = new ArrayList<>(failures);
        // the shortest histories first, then by key: the same failures on every run
        kept.sort(Comparator.comparingInt((Failure f) -> f.scenario().size()).thenComparing(Failure::key));
        return new Report(options.tasks(), options.extensions(), generated.get(), seen.size(), trees.size(), depth,
                roundTrips.get(), failed.get(), List.copyOf(kept.subList(0, Math.min(KEPT_FAILURES, kept.size()))),
                (System.nanoTime() - t0) / 1e9, keepKeys ? Set.copyOf(seen) : Set.of());
    }

    /** The new states one operation away from {@code n}, each round-tripped. */
    private List<Node> successors(Node n) {
        List<Node> out = new ArrayList<>();
        KernelState s = n.state();
        List<Task> box = s.tasks().values().stream().filter(t -> t.cgroup().equals(RoundTrip.BOX)).toList();
        PidNamespace boxNs = s.namespaces().get(s.tasks().get(init).ns());
        boolean mayFork = boxNs.lastPid() <= options.tasks();
        for (Task t : box) {
            if (t.isZombie()) {
                continue;
            }
            int p = t.pid();
            if (mayFork) {
                step(n, out, k -> k.fork(p, ForkOptions.PLAIN), r -> "t" + p + " fork t" + r);
                step(n, out, k -> k.fork(p, new ForkOptions(null, false, true)), r -> "t" + p + " fork t" + r + " parent");
                if (options.threads() > 0) {
                    step(n, out, k -> k.fork(p, THREAD), r -> "t" + p + " fork t" + r + " vm sighand thread");
                }
                if (options.namespaces() > 0) {
                    step(n, out, k -> k.fork(p, ForkOptions.NEWPID), r -> "t" + p + " fork t" + r + " newpid");
                }
            }
            if (p != init) {
                exits(n, out, t);
            }
            step(n, out, k -> k.setsid(p), r -> "t" + p + " setsid");
            List<Integer> targets = new ArrayList<>(List.of(p));
            s.children(p).stream().filter(u -> u.cgroup().equals(RoundTrip.BOX)).forEach(u -> targets.add(u.pid()));
            Set<Integer> groups = new TreeSet<>();
            box.forEach(u -> groups.add(u.pgid()));
            groups.add(s.tasks().get(init).pgid()); // host's group, while the init is in it: Linux does not let a task of the container name it
            for (int target : targets) {
                int now = s.tasks().get(target).pgid();
                for (int g : groups) {
                    if (g == now) {
                        continue; // a call that changes nothing (if allowed) reaches no new state
                    }
                    step(n, out, k -> k.setpgid(p, target, g), r -> "t" + p + " setpgid t" + target + " t" + g);
                }
                if (!groups.contains(target)) {
                    step(n, out, k -> k.setpgid(p, target, target), r -> "t" + p + " setpgid t" + target + " t" + target);
                }
            }
        }
        for (Task z : box) {
            if (z.isZombie()) {
                step(n, out, k -> k.wait(z.ppid(), z.pid()), r -> "t" + z.ppid() + " wait t" + z.pid());
            }
        }
        return out;
    }

    /**
     * exit(51) of t with every adopter the flagless world allows: the namespace's init (no flag),
     * and, if t has children, every live ancestor r of t in its namespace below the init, made a
     * subreaper just for the exit (its flag does nothing else).
     */
    private void exits(Node n, List<Node> out, Task t) {
        KernelState s = n.state();
        int p = t.pid();
        step(n, out, k -> k.exit(p, EXIT_CODE), r -> "t" + p + " exit " + EXIT_CODE);
        if (s.children(p).isEmpty()) {
            return;
        }
        int nsInit = s.namespaces().get(t.ns()).init();
        for (Task a = s.tasks().get(t.ppid()); a != null && a.pid() != nsInit && a.ns() == t.ns(); a = s.tasks().get(a.ppid())) {
            if (a.isZombie()) {
                continue;
            }
            int r = a.pid();
            Kernel k = new Kernel(options.config(), s);
            if (!k.subreaper(r, true).isOk() || !k.exit(p, EXIT_CODE).isOk() || !k.subreaper(r, false).isOk()) {
                continue;
            }
            settle(k);
            History h = new History("t" + r + " subreaper on", n.history());
            h = new History("t" + p + " exit " + EXIT_CODE, h);
            h = new History("t" + r + " subreaper off", h);
            add(out, new Node(k.state(), h));
        }
    }

    private interface Call {
        Result<?> on(Kernel k);
    }

    private interface Line {
        String of(Object result);
    }

    /** One call on a kernel going on from n's state: a new state if it succeeds. */
    private void step(Node n, List<Node> out, Call call, Line line) {
        Kernel k = new Kernel(options.config(), n.state());
        Result<?> r = call.on(k);
        if (!r.isOk()) {
            return;
        }
        settle(k);
        add(out, new Node(k.state(), new History(line.of(r.value()), n.history())));
    }

    /** Pending fatal signals delivered: every state of the search is quiescent. */
    private static void settle(Kernel k) {
        for (int pid : k.pendingSignals()) {
            k.deliverPendingSignal(pid);
        }
    }

    private void add(List<Node> out, Node m) {
        KernelState ms = m.state();
        // the bounds are on the state, which the key holds: a state within them has the same
        // future within them whatever history reached it (TLC's state constraints, likewise)
        if (ms.tasks().values().stream().filter(t -> !t.isThreadGroupLeader()).count() > options.threads()
                || ms.namespaces().size() - 2 > options.namespaces()) {
            return;
        }
        generated.incrementAndGet();
        String key = options.key().of(m.state(), init);
        if (!seen.add(key)) {
            return;
        }
        trees.add(tree(key));
        roundTrip(m);
        out.add(m);
    }

    /** A key without the next pids: the tree alone. */
    private static String tree(String key) {
        return NEXT.matcher(key).replaceAll("");
    }

    /** The round trip of n's tree with no subreaper flag set, then with every live task's set. */
    private void roundTrip(Node n) {
        if (!options.roundTrips()) {
            return;
        }
        for (boolean flags : new boolean[] {false, true}) {
            Kernel k = new Kernel(options.config(), n.state());
            List<String> history = n.history().lines();
            if (flags) {
                for (Task t : n.state().tasks().values()) {
                    if (t.cgroup().equals(RoundTrip.BOX) && !t.isZombie() && k.subreaper(t.pid(), true).isOk()) {
                        history.add("t" + t.pid() + " subreaper on");
                    }
                }
            }
            RoundTrip.Outcome o = RoundTrip.of(k, init, history);
            roundTrips.incrementAndGet();
            String problem = !o.ok() ? o.problem() : o.image() == null ? "the tree could not be frozen" : null;
            if (problem != null) {
                failed.incrementAndGet();
                if (failures.size() < 100) {
                    failures.add(new Failure(problem + (flags ? " (every flag set)" : " (no flag set)"),
                            options.key().of(n.state(), init), o.crs()));
                }
            }
        }
    }

    /**
     * TLC's state (MCFlaglessWorld.tla) as one line: {@code next=<nextPid>}, then per task of the
     * container in ascending pid {@code <pid>:<ppid>/<sid>/<pgid>/<L or Z51>}, pids the container
     * namespace's (the init 1, its parent 0), a session or group from outside the container 0.
     */
    public static String tlcKey(KernelState s, int init) {
        Task root = s.tasks().get(init);
        int level = root.level();
        StringBuilder b = new StringBuilder("next=").append(s.namespaces().get(root.ns()).lastPid() + 1);
        for (Task t : inBox(s, root)) {
            b.append(' ').append(t.pidAt(level)).append(':').append(t.pid() == init ? 0 : local(s, t.ppid(), level))
                    .append('/').append(local(s, t.sid(), level)).append('/').append(local(s, t.pgid(), level)).append('/');
            if (t.isZombie()) {
                b.append('Z').append(t.exit());
            } else {
                b.append('L');
            }
        }
        return b.toString();
    }

    /**
     * {@link #tlcKey} and what threads and nested namespaces add: after a task, {@code /T<leader>}
     * if it is a thread and {@code /N<init>.<pid>...} if it lives in a namespace below the
     * container's (that namespace's init, and its pids there, outermost first); then per nested
     * namespace {@code ns<init>:next=<nextPid>}, and per lingering pid that a session or group still
     * names from a nested namespace {@code ~<pid>:<its nested pids>}.
     */
    public static String fullKey(KernelState s, int init) {
        Task root = s.tasks().get(init);
        int level = root.level();
        StringBuilder b = new StringBuilder(tlcKey(s, init));
        boolean extra = false;
        StringBuilder more = new StringBuilder();
        for (Task t : inBox(s, root)) {
            if (t.isThreadGroupLeader() && t.level() == level) {
                continue;
            }
            extra = true;
            more.append(' ').append(t.pidAt(level)).append('=');
            if (!t.isThreadGroupLeader()) {
                more.append('T').append(local(s, t.tgid(), level));
            }
            if (t.level() > level) {
                more.append('N').append(local(s, s.namespaces().get(t.ns()).init(), level));
                for (int l = level + 1; l <= t.level(); l++) {
                    more.append('.').append(t.pidAt(l));
                }
            }
        }
        for (PidNamespace ns : s.namespaces().values()) {
            if (ns.level() > level && s.tasks().containsKey(ns.init())) {
                extra = true;
                more.append(" ns").append(local(s, ns.init(), level)).append(":next=").append(ns.lastPid() + 1);
            }
        }
        for (var e : s.lingeringPids().entrySet()) {
            LingeringPid g = e.getValue();
            if (g.pids().size() > level + 1) {
                extra = true;
                more.append(" ~").append(g.pids().get(level)).append(':').append(g.pids().subList(level + 1, g.pids().size()));
            }
        }
        return extra ? b.append(" |").append(more).toString() : b.toString();
    }

    /** The container's tasks (its init and every task in a namespace within its own), by their pid there. */
    private static List<Task> inBox(KernelState s, Task root) {
        int level = root.level();
        List<Task> out = new ArrayList<>();
        for (Task t : s.tasks().values()) {
            if (t.level() >= level && s.within(t.ns(), root.ns())) {
                out.add(t);
            }
        }
        out.sort(Comparator.comparingInt(t -> t.pidAt(level)));
        return out;
    }

    /** A global pid as the container's namespace numbers it (a live task's or a lingering one's), 0 if it has no number there. */
    private static int local(KernelState s, int pid, int level) {
        Task t = s.tasks().get(pid);
        if (t != null) {
            return t.level() >= level ? t.pidAt(level) : 0;
        }
        LingeringPid g = s.lingeringPids().get(pid);
        return g != null && g.pids().size() > level ? g.pids().get(level) : 0;
    }
}
