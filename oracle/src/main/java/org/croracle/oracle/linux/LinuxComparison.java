package org.croracle.oracle.linux;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;

import org.croracle.impl.syscall.Kernel;
import org.croracle.impl.syscall.KernelConfig;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Result;
import org.croracle.impl.kernel.Signal;
import org.croracle.impl.kernel.Task;
import org.croracle.impl.scenario.Scenario;
import org.croracle.impl.scenario.ScenarioRunner;
import org.croracle.impl.scenario.Statement;

/**
 * Runs a scenario on the simulated kernel and on Linux (through {@link CrLinux}) side by side and
 * finds the first place they disagree: an operation's result (ok or which errno; for fork, the new
 * task's pid vector) or, after every operation, any fact of any task ({@link ProcessFacts}).
 * Resource lines are skipped on both; the run stops at the first line Linux cannot run the same
 * way (docs/linux-helper.md).
 */
public final class LinuxComparison {

    /** Lines that only touch resources (files, pipes, memory): the process tree does not depend on them. */
    private static final Set<String> RESOURCE_VERBS = Set.of("open", "pipe", "socketpair", "dup", "close", "seek",
            "cloexec", "send", "recv", "mmap", "write", "fill");

    /**
     * What the comparison found.
     *
     * @param operations   process operations run on both kernels that agree
     * @param errnos       of those, the ones that failed (with the same errno on both)
     * @param tasks        distinct tasks compared
     * @param facts        task facts compared (tasks times facts, summed over every step)
     * @param disagreement the first disagreement, or null if they agree on everything compared
     * @param stop         why the comparison stopped before the end, or null
     * @param notes        lines skipped on both, and why
     */
    public record Outcome(String file, int operations, int errnos, int tasks, long facts, Disagreement disagreement,
                          String stop, List<String> notes) {
        public Outcome {
            notes = List.copyOf(notes);
        }

        public boolean agrees() {
            return disagreement == null;
        }

        /** One line, for the command line and test messages. */
        public String summary() {
            if (!agrees()) {
                return file + ":" + disagreement.line() + ": " + disagreement;
            }
            return file + ": agrees with Linux on " + operations + " operations (" + errnos + " of them errors) and "
                    + tasks + " tasks" + (stop == null ? "" : "; stopped at " + stop);
        }
    }

    /**
     * Where the two kernels disagree.
     *
     * @param line  the scenario line
     * @param text  the line as written
     * @param what  what differs ("result", or a task and a fact)
     * @param linux Linux's answer
     * @param model the simulated kernel's answer
     */
    public record Disagreement(int line, String text, String what, String linux, String model) {
        @Override
        public String toString() {
            return text + ": " + what + ": Linux " + linux + ", model " + model;
        }
    }

    /**
     * How a stop reads when Linux hung: a namespace's init that exits while its own group (or a
     * surviving task's) is a pid of its namespace waits forever in zap_pid_ns_processes for that pid
     * to be freed. The model's init dies; this is a kernel bug the model does not copy.
     */
    public static final String HANG = "Linux hangs here (a kernel bug the model does not copy): ";

    private final CrLinux linux;
    private final ScenarioRunner runner;
    private final Kernel kernel;
    private final String file;
    private final Set<Integer> seen = new TreeSet<>();
    private final Map<String, Task> lastSeen = new HashMap<>();
    private final Map<String, List<Integer>> chains = new HashMap<>();
    private final List<String> notes = new ArrayList<>();
    private int operations;
    private int errnos;
    private long facts;

    private LinuxComparison(CrLinux linux, KernelConfig config, String file) {
        this.linux = linux;
        this.kernel = new Kernel(config);
        this.runner = new ScenarioRunner(kernel, file);
        this.file = file;
    }

    /** Compares the scenario on a fresh simulated kernel built with {@code config} and a fresh helper namespace. */
    public static Outcome compare(Scenario scenario, KernelConfig config, CrLinux linux) {
        return new LinuxComparison(linux, config, scenario.file()).run(scenario.statements());
    }

    private Outcome run(List<Statement> lines) {
        Disagreement d = compareTrees(0, "(start)");
        if (d != null) {
            return outcome(d, null);
        }
        for (int i = 0; i < lines.size(); i++) {
            Statement st = lines.get(i);
            if (st.isCommand() && st.verb().equals("expect")) {
                continue; // expectations are the model's business; the comparison covers every fact anyway
            }
            String unsupported = notOnLinux(st);
            if (unsupported != null) {
                return outcome(null, "line " + st.line() + " (" + st.text() + "): " + unsupported);
            }
            if (isResourceLine(st)) {
                notes.add("line " + st.line() + " (" + st.text() + "): skipped on both (a resource operation)");
                continue;
            }
            KernelState before = kernel.state();
            Task actor = before.tasks().get(runner.labels().getOrDefault(st.actor(), -1));
            if (actor == null || !actor.runnable()) {
                return outcome(null, "line " + st.line() + " (" + st.text() + "): " + st.actor()
                        + " is not running, so it cannot make a system call on Linux");
            }
            String command = command(st, before, actor);
            Result<?> model = runner.perform(st);
            if (model.status() == Result.Status.BLOCKED) {
                return outcome(null, "line " + st.line() + " (" + st.text() + "): the model blocks (" + model.reason() + ")");
            }
            String hang = zapHang(before, kernel.state());
            if (hang != null) { // not run: a task stuck in the kernel cannot always be released
                return outcome(null, "line " + st.line() + " (" + st.text() + "): " + HANG + hang + " (predicted; not run)");
            }
            CrLinux.Answer answer = linux.op(command);
            if (answer.hang() != null) {
                return outcome(null, "line " + st.line() + " (" + st.text() + "): " + HANG + answer.hang());
            }
            remember(kernel.state());
            d = compareResults(st, answer, model);
            if (d == null) {
                d = compareTrees(st.line(), st.text());
            }
            if (d != null) {
                return outcome(d, null);
            }
            operations++;
            if (!answer.ok()) {
                errnos++;
                Statement next = i + 1 < lines.size() ? lines.get(i + 1) : null;
                boolean expected = next != null && next.isCommand() && next.verb().equals("expect")
                        && next.args().size() == 1 && !next.arg(0).equals("clean"); // as ScenarioRunner decides
                if (!expected) {
                    return outcome(null, "line " + st.line() + " (" + st.text() + "): fails with " + answer.errno()
                            + " on both, and the scenario stops there");
                }
            }
        }
        return outcome(null, null);
    }

    private Outcome outcome(Disagreement d, String stop) {
        return new Outcome(file, operations, errnos, seen.size(), facts, d, stop, notes);
    }

    private static boolean isResourceLine(Statement st) {
        return st.isCommand() ? st.verb().equals("sysctl") : RESOURCE_VERBS.contains(st.verb());
    }

    /**
     * Whether this step would make Linux hang: a namespace's init died in it while a task that
     * outlives the namespace (the init itself, or a task outside it, zombies included) is in a
     * process group or session whose id is a pid of that namespace. zap_pid_ns_processes then waits
     * forever for that pid to be freed (seen on Linux 6.18 by ./cr run --on-linux). Null if not.
     */
    static String zapHang(KernelState before, KernelState after) {
        for (Task init : before.tasks().values()) {
            if (init.isZombie() || init.level() == 0 || before.namespaces().get(init.ns()).init() != init.pid()) {
                continue;
            }
            Task now = after.tasks().get(init.pid());
            if (now != null && !now.isZombie()) {
                continue; // it did not die in this step
            }
            for (Task t : before.tasks().values()) {
                if (t.pid() != init.pid() && before.within(t.ns(), init.ns())) {
                    continue; // killed and reaped with the namespace
                }
                for (int id : new int[] {t.pgid(), t.sid()}) {
                    if (id != t.pid() && before.pidVisibleIn(id, init.ns())) {
                        return "the init of a namespace (pid " + init.pid() + ") dies while task " + t.pid()
                                + " is in group or session " + id + ", a pid of that namespace: zap_pid_ns_processes"
                                + " waits forever for it";
                    }
                }
            }
        }
        return null;
    }

    /** Why Linux cannot run this line as the model does, or null. */
    private static String notOnLinux(Statement st) {
        if (st.isCommand()) {
            return switch (st.verb()) {
                case "checkpoint", "restart" -> "checkpoint and restart are linux-cr's, not in mainline Linux";
                case "freeze", "thaw", "destroy" -> "the helper does not drive freezer cgroups";
                case "corrupt", "truncate" -> "images exist only with checkpoint";
                default -> null;
            };
        }
        return switch (st.verb()) {
            case "checkpoint" -> "checkpoint is linux-cr's, not in mainline Linux";
            case "eclone" -> "eclone is linux-cr's (mainline's clone3 set_tid has other errors)";
            case "fork" -> st.flags().contains("thread") ? "a thread (CLONE_THREAD) is not a process the helper can drive" : null;
            default -> null;
        };
    }

    /** The helper command for a process operation, with every label turned into the pid the actor sees. */
    private String command(Statement st, KernelState s, Task actor) {
        String a = st.actor();
        return switch (st.verb()) {
            case "fork" -> "fork " + a + " " + st.arg(0) + (st.flags().contains("parent") ? " parent" : "")
                    + (st.flags().contains("newpid") ? " newpid" : "");
            case "exit" -> "exit " + a + " " + st.arg(0);
            case "kill" -> "kill " + a + " " + seenBy(s, actor, st.arg(0)) + " " + Signal.parse(st.arg(1)).orElseThrow().number();
            case "wait" -> "wait " + a + " " + seenBy(s, actor, st.arg(0));
            case "setsid" -> "setsid " + a;
            case "setpgid" -> "setpgid " + a + " " + (st.args().isEmpty() ? 0 : seenBy(s, actor, st.arg(0))) + " "
                    + (st.args().size() < 2 ? 0 : seenBy(s, actor, st.arg(1)));
            case "subreaper" -> "subreaper " + a + " " + (st.arg(0).equals("on") ? 1 : 0);
            case "uid", "gid" -> st.verb() + " " + a + " " + st.arg(0);
            case "sigaction" -> "sigaction " + a + " " + Signal.parse(st.arg(0)).orElseThrow().number() + " " + st.arg(1);
            case "sigmask" -> "sigmask " + a + " " + st.arg(0) + " " + Signal.parse(st.arg(1)).orElseThrow().number();
            default -> throw new IllegalStateException("no Linux command for " + st.verb());
        };
    }

    /**
     * The pid of the label's task in the actor's namespace, or a pid that exists nowhere. A reaped
     * task keeps the pids it had: a group or session it led may live on under its id.
     */
    private int seenBy(KernelState s, Task actor, String label) {
        remember(s);
        List<Integer> chain = chains.get(label);
        Task t = lastSeen.get(label);
        boolean visible = chain != null && chain.size() > actor.level() && chain.get(actor.level()) == actor.ns();
        return visible ? t.pidAt(actor.level()) : CrLinux.NO_SUCH_PID;
    }

    /** Notes every labelled task's pids and namespace chain while it exists. */
    private void remember(KernelState s) {
        runner.labels().forEach((label, pid) -> {
            Task t = s.tasks().get(pid);
            if (t != null) {
                lastSeen.put(label, t);
                chains.put(label, s.chain(t.ns()));
            }
        });
    }

    private Disagreement compareResults(Statement st, CrLinux.Answer linuxAnswer, Result<?> model) {
        String linuxSays = linuxAnswer.ok() ? "ok" : linuxAnswer.errno();
        String modelSays = model.isOk() ? "ok" : model.errno().name()
                + (model.reason() == null ? "" : " (" + model.reason() + ")");
        if (linuxAnswer.ok() != model.isOk() || (!model.isOk() && !model.errno().name().equals(linuxAnswer.errno()))) {
            return new Disagreement(st.line(), st.text(), "result", linuxSays, modelSays);
        }
        if (st.verb().equals("fork") && model.isOk()) {
            Task child = kernel.state().tasks().get((Integer) model.value());
            String vector = linuxAnswer.values().size() >= 2 ? "[" + linuxAnswer.values().get(1).replace(",", ", ") + "]" : "?";
            String modelVector = child == null ? "?" : child.pids().toString();
            if (!vector.equals(modelVector)) {
                return new Disagreement(st.line(), st.text(), "the new task's pids", vector, modelVector);
            }
        }
        return null;
    }

    private Disagreement compareTrees(int line, String text) {
        SortedMap<Integer, ProcessFacts> model = ProcessFacts.of(kernel.state());
        SortedMap<Integer, ProcessFacts> onLinux = ProcessFacts.of(linux.report());
        Map<Integer, String> names = new HashMap<>();
        runner.labels().forEach((l, p) -> names.putIfAbsent(p, l));
        for (int pid : union(model.keySet(), onLinux.keySet())) {
            String who = "task " + pid + (names.containsKey(pid) ? " (" + names.get(pid) + ")" : "");
            ProcessFacts m = model.get(pid);
            ProcessFacts l = onLinux.get(pid);
            if (m == null || l == null) {
                return new Disagreement(line, text, who, l == null ? "has no such task" : "has it",
                        m == null ? "has no such task" : "has it");
            }
            seen.add(pid);
            List<String[]> mf = m.fields();
            List<String[]> lf = l.fields();
            for (int f = 0; f < mf.size(); f++) {
                facts++;
                if (!mf.get(f)[1].equals(lf.get(f)[1])) {
                    return new Disagreement(line, text, who + ": " + mf.get(f)[0], lf.get(f)[1], mf.get(f)[1]);
                }
            }
        }
        return null;
    }

    private static Set<Integer> union(Set<Integer> a, Set<Integer> b) {
        Set<Integer> u = new TreeSet<>(a);
        u.addAll(b);
        return u;
    }
}
