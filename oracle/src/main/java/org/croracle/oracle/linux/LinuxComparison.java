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
     * @param refusal      a restart plan mainline Linux cannot carry out (then also the stop), or null
     */
    public record Outcome(String file, int operations, int errnos, int tasks, long facts, Disagreement disagreement,
                          String stop, List<String> notes, String refusal) {
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
    private final KernelConfig config;
    private final LinuxPids pids = new LinuxPids();
    /** Host-namespace pids whose PR_SET_CHILD_SUBREAPER the helper set (/proc does not show it). */
    private final Set<Integer> subreapers = new TreeSet<>();
    /** The images Linux's checkpoints made, by name. */
    private final Map<String, LinuxImage.Outcome> images = new HashMap<>();
    /** Restart prefix -> the image it restored. */
    private final Map<String, String> restoredFrom = new HashMap<>();
    private String refusal;
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
        this.config = config;
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
                if (st.arg(0).equals("same")) { // the round trip on Linux: the restored tree is the saved one
                    d = expectSame(st);
                    if (d != null) {
                        return outcome(d, null);
                    }
                }
                continue; // other expectations are the model's business; the comparison covers every fact anyway
            }
            String unsupported = notOnLinux(st);
            if (unsupported != null) {
                return outcome(null, "line " + st.line() + " (" + st.text() + "): " + unsupported);
            }
            if (st.isCommand() && CONTAINER_VERBS.contains(st.verb())) {
                Special r = container(st);
                if (r.disagreement() != null || r.stop() != null) {
                    return outcome(r.disagreement(), r.stop());
                }
                operations++;
                if (!r.ok()) {
                    errnos++;
                    if (!expectsErrno(lines, i) || lines.get(i + 1).arg(0).equals("ok")) {
                        return outcome(null, "line " + st.line() + " (" + st.text() + "): fails with " + r.errno()
                                + " on both, and the scenario stops there");
                    }
                }
                continue;
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
            String unlike = attachUnlikeLinux(st, before, actor);
            if (unlike != null) {
                return outcome(null, "line " + st.line() + " (" + st.text() + "): " + unlike);
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
            track(st, answer);
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
        return new Outcome(file, operations, errnos, seen.size(), facts, d, stop, notes, refusal);
    }

    private static boolean expectsErrno(List<Statement> lines, int i) {
        Statement next = i + 1 < lines.size() ? lines.get(i + 1) : null;
        return next != null && next.isCommand() && next.verb().equals("expect") && next.args().size() == 1
                && !next.arg(0).equals("clean"); // as ScenarioRunner decides
    }

    /** What the driver must know that /proc does not say: which pid is whose, and who is a subreaper. */
    private void track(Statement st, CrLinux.Answer answer) {
        if (!answer.ok()) {
            return;
        }
        if ((st.verb().equals("fork") || st.verb().equals("eclone")) && answer.values().size() >= 2) {
            List<Integer> vector = new ArrayList<>();
            for (String p : answer.values().get(1).split(",")) {
                vector.add(Integer.parseInt(p));
            }
            pids.created(st.arg(0), pids.hostPid(st.actor()), vector, st.flags().contains("newpid"));
        } else if (st.verb().equals("subreaper") && pids.hostPid(st.actor()) != null) {
            if (st.arg(0).equals("on")) {
                subreapers.add(pids.hostPid(st.actor()));
            } else {
                subreapers.remove(pids.hostPid(st.actor()));
            }
        }
    }

    // ---- freezer, checkpoint, destroy and restart on Linux ----

    /** Lines without an actor that now run on Linux too. */
    private static final Set<String> CONTAINER_VERBS = Set.of("freeze", "thaw", "destroy", "checkpoint", "restart");

    /** A container line's result: ok or the errno (the same on both), or a disagreement, or why the comparison stops. */
    private record Special(boolean ok, String errno, Disagreement disagreement, String stop) {
        static Special result(boolean ok, String errno) {
            return new Special(ok, errno, null, null);
        }

        static Special differ(Disagreement d) {
            return new Special(false, null, d, null);
        }

        static Special stop(String why) {
            return new Special(false, null, null, why);
        }
    }

    private Special container(Statement st) {
        String where = "line " + st.line() + " (" + st.text() + "): ";
        KernelState before = kernel.state();
        Result<?> model = runner.perform(st);
        if (model.status() == Result.Status.BLOCKED) {
            return Special.stop(where + "the model blocks (" + model.reason() + ")");
        }
        // destroy on Linux first takes every task out of groups of other namespaces (see destroy())
        String hang = st.verb().equals("destroy") ? null : zapHang(before, kernel.state());
        if (hang != null) {
            return Special.stop(where + HANG + hang + " (predicted; not run)");
        }
        String modelSays = model.isOk() ? "ok" : model.errno().name() + (model.reason() == null ? "" : " (" + model.reason() + ")");
        boolean ok;
        String errno;
        String linuxSays;
        switch (st.verb()) {
            case "freeze", "thaw" -> {
                CrLinux.Answer a = linux.op(st.verb() + " " + st.arg(0));
                if (a.hang() != null) {
                    return Special.stop(where + HANG + a.hang());
                }
                ok = a.ok();
                errno = a.errno();
                linuxSays = a.ok() ? "ok " + a.values().get(0) : a.errno();
                if (ok && model.isOk() && !a.values().get(0).equals(String.valueOf(model.value()))) {
                    return Special.differ(new Disagreement(st.line(), st.text(), "the cgroup's state", a.values().get(0),
                            String.valueOf(model.value())));
                }
            }
            case "destroy" -> {
                String r = destroy(st.arg(0));
                if (r != null && r.startsWith("hang ")) {
                    return Special.stop(where + HANG + r.substring(5));
                }
                ok = r == null;
                errno = r;
                linuxSays = ok ? "ok" : r;
            }
            case "checkpoint" -> {
                Integer root = pids.hostPid(st.arg(0));
                Integer caller = pids.hostPid(st.options().getOrDefault("by", "host"));
                LinuxImage.Outcome img = root == null || caller == null
                        ? new LinuxImage.Outcome(null, org.croracle.impl.kernel.Errno.ESRCH, "no task " + st.arg(0), null)
                        : LinuxImage.checkpoint(linux.report(), pids, caller, root, st.flags().contains("subtree"), true,
                                subreapers, config);
                ok = img.ok();
                errno = ok ? null : img.errno().name();
                linuxSays = ok ? "ok" : errno + " (" + img.reason() + ")";
                if (!ok && model.isOk()) {
                    return Special.differ(new Disagreement(st.line(), st.text(), "result", linuxSays, modelSays));
                }
                if (ok && !model.isOk()) {
                    if (model.reason() != null && model.reason().contains("leak")) {
                        return Special.stop(where + "the model refuses a resource shared with the outside (" + modelSays
                                + "); the helper's processes share no resources");
                    }
                    return Special.differ(new Disagreement(st.line(), st.text(), "result", linuxSays, modelSays));
                }
                if (ok) {
                    images.put(st.options().get("image"), img);
                    String[] why = new String[1];
                    List<String> onLinux = LinuxImage.facts(img.image(), why, true);
                    if (onLinux == null) {
                        return Special.differ(new Disagreement(st.line(), st.text(), "Linux's image", "unreadable: " + why[0],
                                "(readable)"));
                    }
                    List<String> inModel = LinuxImage.facts(runner.images().get(st.options().get("image")), why);
                    String diff = inModel == null ? null : LinuxImage.firstDifference(onLinux, inModel, "Linux", "model");
                    if (diff != null) {
                        return Special.differ(new Disagreement(st.line(), st.text(), "the image's tasks", diff, "(see left)"));
                    }
                }
            }
            case "restart" -> {
                if (st.flags().contains("self")) {
                    return Special.stop(where + "RESTART_TASKSELF restores into the caller's own process, which mainline cannot");
                }
                LinuxImage.Outcome img = images.get(st.arg(0));
                if (img == null) {
                    return Special.stop(where + "Linux made no image " + st.arg(0));
                }
                String prefix = st.options().get("as");
                String by = st.options().getOrDefault("by", "host");
                LinuxRestart.Outcome r = LinuxRestart.run(linux, pids, subreapers, img.image(), by, prefix, img.labels(),
                        st.flags().contains("frozen"), config);
                if (r.mainline()) {
                    refusal = r.reason();
                    return Special.stop(where + "refused on Linux: " + r.reason() + " (the model restarts it: " + modelSays + ")");
                }
                ok = r.ok();
                errno = ok ? null : r.errno().name();
                linuxSays = ok ? "ok" : errno + " (" + r.reason() + ")";
                restoredFrom.put(prefix, st.arg(0));
                if (ok && model.isOk()) {
                    int modelRoot = ((org.croracle.impl.syscall.Restarted) model.value()).root();
                    LinuxImage.Outcome now = LinuxImage.checkpoint(linux.report(), pids, r.root(), true, false, subreapers, config);
                    String[] why = new String[1];
                    List<String> onLinux = now.ok() ? LinuxImage.facts(now.image(), why, true) : null;
                    List<String> inModel = LinuxImage.facts(kernel.state(), modelRoot);
                    String diff = onLinux == null ? "Linux's restored tree cannot be read: " + now.reason() + why[0]
                            : LinuxImage.firstDifference(onLinux, inModel, "Linux", "model");
                    if (diff != null) {
                        return Special.differ(new Disagreement(st.line(), st.text(), "the restored tree", diff, "(see left)"));
                    }
                }
            }
            default -> throw new IllegalStateException(st.verb());
        }
        remember(kernel.state());
        if (ok != model.isOk() || (!ok && !model.errno().name().equals(errno))) {
            return Special.differ(new Disagreement(st.line(), st.text(), "result", linuxSays, modelSays));
        }
        Disagreement d = compareTrees(st.line(), st.text());
        return d != null ? Special.differ(d) : Special.result(ok, errno);
    }

    /**
     * destroy CGROUP as the model does it: host sends SIGKILL to every live task of the cgroup,
     * the cgroup is thawed (a frozen task takes no signal, not even SIGKILL), and every zombie of
     * the cgroup is reaped by its parent. Null on success, else the errno, or "hang ...".
     *
     * <p>Linux hangs when a namespace's init dies while a task outside the namespace is in one of
     * its groups (zap_pid_ns_processes, docs/linux-helper.md), so on Linux the cgroup is thawed
     * first and every live task of it that leads neither its session nor its group moves into a
     * group of its own, as the helper's own cleanup does: the tree is about to die, and dies the
     * same way, without the hang.
     */
    private String destroy(String cgroup) {
        CrLinux.Answer exists = linux.op("freezer " + cgroup);
        if (!exists.ok()) {
            return exists.errno();
        }
        linux.op("thaw " + cgroup);
        for (LinuxTask t : linux.report()) {
            if (t.cgroup().equals(cgroup) && !t.zombie() && t.sid() != t.pid() && t.pgid() != t.pid()
                    && pids.label(t.pid()) != null && t.label().equals(pids.label(t.pid()))) {
                linux.op("setpgid " + t.label() + " 0 0");
            }
        }
        for (LinuxTask t : linux.report()) {
            if (t.cgroup().equals(cgroup) && !t.zombie()) {
                CrLinux.Answer a = linux.op("kill host " + t.pid() + " " + Signal.SIGKILL.number());
                if (a.hang() != null) {
                    return "hang " + a.hang();
                }
            }
        }
        CrLinux.Answer thawed = linux.op("thaw " + cgroup);
        if (thawed.hang() != null) {
            return "hang " + thawed.hang();
        }
        for (boolean reaped = true; reaped; ) {
            reaped = false;
            for (LinuxTask t : linux.report()) {
                String parent = pids.label(t.ppid());
                Integer parentHost = parent == null ? null : pids.hostPid(parent);
                if (t.cgroup().equals(cgroup) && t.zombie() && parentHost != null && parentHost == t.ppid()) {
                    CrLinux.Answer a = linux.op("wait " + parent + " " + pids.seenBy(parentHost, t.pid()));
                    if (a.hang() != null) {
                        return "hang " + a.hang();
                    }
                    reaped |= a.ok();
                }
            }
        }
        for (LinuxTask t : linux.report()) {
            if (t.cgroup().equals(cgroup)) {
                return "EBUSY";
            }
        }
        return null;
    }

    /**
     * expect same A PREFIX/A on Linux: the tree restored on Linux, read from /proc, has the facts
     * of the image Linux's checkpoint wrote.
     */
    private Disagreement expectSame(Statement st) {
        String prefix = st.arg(2).contains("/") ? st.arg(2).substring(0, st.arg(2).indexOf('/')) : "";
        LinuxImage.Outcome saved = images.get(restoredFrom.getOrDefault(prefix, ""));
        Integer restored = pids.hostPid(st.arg(2));
        if (saved == null || restored == null) {
            return null; // nothing was restored on Linux (the model says what it expected)
        }
        LinuxImage.Outcome now = LinuxImage.checkpoint(linux.report(), pids, restored, true, false, subreapers, config);
        String[] why = new String[1];
        List<String> was = LinuxImage.facts(saved.image(), why);
        List<String> is = now.ok() ? LinuxImage.facts(now.image(), why) : null;
        String diff = is == null ? "the restored tree cannot be read: " + now.reason() : LinuxImage.firstDifference(was, is,
                "saved", "restored");
        facts += was.size();
        return diff == null ? null : new Disagreement(st.line(), st.text(), "the tree restored on Linux", diff, "(the saved tree)");
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
                case "corrupt", "truncate" -> "Linux's restart reads only the images its checkpoint wrote (corrupted images"
                        + " are the simulated restart's business)";
                case "checkpoint-start", "checkpoint-step", "checkpoint-wait" -> "a checkpoint with other lines between its"
                        + " steps: Linux's checkpoint here (read from /proc) is one step";
                case "sysctl" -> null;
                case "inject" -> "fault injection into restart() is the simulated kernel's (mainline has no restart() to fail)";
                case "freezer-write", "refrigerate" -> "the helper freezes a cgroup whole (write FROZEN, wait, read): when a "
                        + "task enters the refrigerator is Linux's own to schedule";
                default -> null;
            };
        }
        return switch (st.verb()) {
            case "checkpoint" -> "a self checkpoint: the caller cannot be frozen while it reads its own tree";
            case "getfd" -> "the helper does not open /proc/PID/fd of another task";
            case "fork" -> st.flags().contains("thread") ? "a thread (CLONE_THREAD) is not a process the helper can drive" : null;
            default -> null;
        };
    }

    /**
     * Why an attach line would not mean on Linux what it means in the model, or null: the helper
     * writes cgroup.procs in its own freezer hierarchy, which has no way back to the machine's root
     * cgroup; mainline's freezer (cgroup v1 since Linux 3.8, and v2) moves tasks into and out of
     * frozen cgroups, where linux-cr's freezer_can_attach answers EBUSY; cgroup.procs is root's
     * file (mode 0644), so an unprivileged writer gets EACCES whatever the task's uid; and mainline
     * accepts a zombie's pid and moves nothing, where the model says ESRCH.
     */
    private String attachUnlikeLinux(Statement st, KernelState s, Task actor) {
        if (st.isCommand() || !st.verb().equals("attach")) {
            return null;
        }
        String dest = st.arg(1);
        if (dest.equals(org.croracle.impl.kernel.Cgroup.ROOT)) {
            return "a move to the root cgroup: the helper's cgroups live in a directory of its own, not at the machine's root";
        }
        if (!actor.privileged()) {
            return "an unprivileged write of cgroup.procs: on Linux the file is root's (mode 0644) and the open fails with"
                    + " EACCES whatever the task's uid, where the model checks the uid";
        }
        Integer pid = runner.labels().get(st.arg(0));
        Task target = pid == null ? null : s.tasks().get(pid);
        if (target != null && target.isZombie()) {
            return "a zombie's pid: mainline accepts the write and moves nothing, where the model says ESRCH";
        }
        org.croracle.impl.kernel.Cgroup to = s.cgroups().get(dest);
        org.croracle.impl.kernel.Cgroup from = target == null ? null : s.cgroups().get(target.cgroup());
        for (org.croracle.impl.kernel.Cgroup cg : new org.croracle.impl.kernel.Cgroup[] {to, from}) {
            if (cg != null && cg.state() != org.croracle.impl.kernel.FreezerState.THAWED) {
                return "cgroup " + cg.name() + " is " + cg.state() + ": mainline's freezer (cgroup v1 since Linux 3.8, and v2)"
                        + " moves tasks into and out of a frozen cgroup, where linux-cr's freezer_can_attach answers EBUSY";
            }
        }
        return null;
    }

    /** The helper command for a process operation, with every label turned into the pid the actor sees. */
    private String command(Statement st, KernelState s, Task actor) {
        String a = st.actor();
        return switch (st.verb()) {
            // linux-cr's eclone is mainline's clone3 with set_tid; CLONE_NEWPID's own pid 1 is implied
            case "eclone" -> "eclone " + a + " " + st.arg(0) + (st.flags().contains("parent") ? " parent" : "")
                    + (st.flags().contains("newpid") ? " newpid" : "")
                    + (st.options().containsKey("cgroup") ? " cgroup=" + st.options().get("cgroup") : "")
                    + " pids=" + st.options().get("pids") + (st.flags().contains("newpid") ? ",1" : "");
            case "fork" -> "fork " + a + " " + st.arg(0) + (st.flags().contains("parent") ? " parent" : "")
                    + (st.flags().contains("newpid") ? " newpid" : "")
                    + (st.options().containsKey("cgroup") ? " cgroup=" + st.options().get("cgroup") : "");
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
            case "attach" -> "attach " + a + " " + seenBy(s, actor, st.arg(0)) + " " + st.arg(1) + " " + st.arg(0);
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
        // clone3 says EEXIST for a pid that is taken, where linux-cr's eclone said EBUSY
        String linuxErrno = st.verb().equals("eclone") && "EEXIST".equals(linuxAnswer.errno()) ? "EBUSY" : linuxAnswer.errno();
        linuxAnswer = new CrLinux.Answer(linuxAnswer.ok(), linuxErrno, linuxAnswer.values(), linuxAnswer.hang());
        String linuxSays = linuxAnswer.ok() ? "ok" : linuxAnswer.errno();
        String modelSays = model.isOk() ? "ok" : model.errno().name()
                + (model.reason() == null ? "" : " (" + model.reason() + ")");
        if (linuxAnswer.ok() != model.isOk() || (!model.isOk() && !model.errno().name().equals(linuxAnswer.errno()))) {
            return new Disagreement(st.line(), st.text(), "result", linuxSays, modelSays);
        }
        if ((st.verb().equals("fork") || st.verb().equals("eclone")) && model.isOk()) {
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
