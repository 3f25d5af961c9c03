package org.croracle.impl.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.croracle.impl.kernel.CheckpointFlags;
import org.croracle.impl.kernel.Errno;
import org.croracle.impl.kernel.FreezerState;
import org.croracle.impl.kernel.RestartFlags;
import org.croracle.impl.kernel.Result;
import org.croracle.impl.kernel.Signal;
import org.croracle.impl.kernel.Task;
import org.croracle.impl.syscall.Kernel;

/**
 * Runs a parsed scenario on a kernel: each line is one or more kernel calls. A failing operation
 * stops the scenario unless the next line expects its errno; a failed expectation is reported
 * and the scenario goes on. Lines whose feature is not built yet stop it with "not implemented
 * yet". Labels name tasks by their global pid; the kernel itself answers ESRCH or ECHILD for a
 * task the actor cannot see or is not the parent of.
 */
public final class ScenarioRunner {

    /** The lines that need a part of the kernel that does not exist yet, and where it will come from. */
    private static final Map<String, String> NOT_YET = Map.of();

    private final Kernel kernel;
    private final Labels labels = new Labels();
    private final List<String> failures = new ArrayList<>();
    private final String file;
    private final UserTools tools;
    private final Expectations expectations;
    /** The kernel just before the last restart line ran (expect undone), or null. */
    private org.croracle.impl.kernel.KernelState beforeRestart;

    public ScenarioRunner(Kernel kernel, String file) {
        this.kernel = kernel;
        this.file = file;
        this.tools = new UserTools(kernel, labels);
        this.expectations = new Expectations(kernel, labels, tools, () -> beforeRestart);
        labels.name("host", kernel.hostPid());
    }

    public static ScenarioResult run(Kernel kernel, Scenario scenario) {
        return run(kernel, scenario, st -> { });
    }

    /**
     * Runs a scenario as {@link #run(Kernel, Scenario)} does, telling {@code beforeOperation} each
     * line just before it runs (expectations excluded), so that a caller who records the kernel's
     * steps knows the line each step came from ({@code ./cr explain}).
     */
    public static ScenarioResult run(Kernel kernel, Scenario scenario, Consumer<Statement> beforeOperation) {
        return run(kernel, scenario, beforeOperation, line -> { });
    }

    /**
     * The same, telling {@code log} each line of the checkpoint and restart tools' output as it is
     * written, so that it can be shown beside the kernel steps that made it.
     */
    public static ScenarioResult run(Kernel kernel, Scenario scenario, Consumer<Statement> beforeOperation,
                                     Consumer<String> log) {
        ScenarioRunner runner = new ScenarioRunner(kernel, scenario.file());
        runner.tools.listen(log);
        return runner.runAll(scenario, beforeOperation);
    }

    /**
     * Runs one line that is not an expectation, as {@link #run} does, and delivers the signals it
     * left pending: one step of the scenario, for a driver that compares it with another kernel
     * ({@code ./cr run --on-linux}).
     */
    public Result<?> perform(Statement st) {
        if (st.op() instanceof Op.Expect) {
            throw new IllegalArgumentException("perform runs operations, not expectations: " + st.text());
        }
        Result<?> r = execute(st);
        deliverPendingSignals();
        return r;
    }

    /** The kernel this runner drives. */
    public Kernel kernel() {
        return kernel;
    }

    /** The images the run's checkpoints made so far, by name. */
    public Map<String, byte[]> images() {
        return Map.copyOf(tools.images());
    }

    /** The global pid a label names (for printing). */
    public Map<String, Integer> labels() {
        return labels.asMap();
    }

    private ScenarioResult runAll(Scenario scenario, Consumer<Statement> beforeOperation) {
        List<Statement> lines = scenario.statements();
        Result<?> previous = null;
        int operations = 0;
        int expectationCount = 0;
        for (int i = 0; i < lines.size(); i++) {
            Statement st = lines.get(i);
            if (st.op() instanceof Op.Expect e) {
                expectationCount++;
                Optional<String> failure = expectations.check(e, previous);
                failure.ifPresent(f -> failures.add(where(st) + f));
                continue;
            }
            String missing = NOT_YET.get(st.verb());
            if (missing != null) {
                failures.add(where(st) + st.verb() + " is not implemented yet (it needs " + missing + ")");
                return result(st.line(), true, operations, expectationCount);
            }
            Optional<String> unnamed = restoredLabelsUsed(st).stream().filter(l -> labels.find(l) == null).findFirst();
            if (unnamed.isPresent()) {
                // a restored label comes from the image, so the parser cannot know it: a typo shows here
                failures.add(where(st) + labels.neverNamed(unnamed.get()));
                return result(st.line(), false, operations, expectationCount);
            }
            operations++;
            beforeOperation.accept(st);
            previous = execute(st);
            deliverPendingSignals();
            boolean expected = i + 1 < lines.size() && Expectations.judgesOutcome(lines.get(i + 1).op());
            if (!previous.isOk() && !expected) {
                failures.add(where(st) + st.text() + ": " + describe(previous));
                return result(st.line(), false, operations, expectationCount);
            }
        }
        return result(0, false, operations, expectationCount);
    }

    /** The labels under a restart's prefix that an operation line names (actor, target, group, by=). */
    private static List<String> restoredLabelsUsed(Statement st) {
        List<String> used = new ArrayList<>();
        used.add(st.actor());
        if (st.op() instanceof Op.Kill k) {
            used.add(k.target());
        } else if (st.op() instanceof Op.Wait w) {
            used.add(w.target());
        } else if (st.op() instanceof Op.Setpgid g) {
            used.add(g.target());
            used.add(g.group());
        } else if (st.op() instanceof Op.Checkpoint c) {
            used.add(c.target());
            used.add(c.by());
        } else if (st.op() instanceof Op.Restart r) {
            used.add(r.by());
        }
        return used.stream().filter(l -> l != null && l.contains("/")).toList();
    }

    private ScenarioResult result(int stoppedAt, boolean notImplemented, int operations, int expectationCount) {
        return new ScenarioResult(failures, stoppedAt, notImplemented, kernel.state(), labels.asMap(), operations,
                expectationCount, tools.images(), tools.output(), tools.plans());
    }

    private String where(Statement st) {
        return file + ":" + st.line() + ": ";
    }

    /** An outcome as a failure message tells it. */
    static String describe(Result<?> r) {
        return switch (r.status()) {
            case OK -> "ok";
            case ERROR -> r.errno() + (r.reason() == null ? "" : " (" + r.reason() + ")");
            case BLOCKED -> "blocked: " + r.reason() + " (the call would wait until the task can run)";
        };
    }

    // ---- operations ----

    private Result<?> execute(Statement st) {
        if (st.op() instanceof Op.Command c) {
            return command(c);
        }
        if (st.op() instanceof Op.TaskOp op) {
            return taskOp(labels.pid(st.actor()), op);
        }
        throw new IllegalStateException("the parser let through " + st.verb());
    }

    private Result<?> taskOp(int a, Op.TaskOp op) {
        if (op instanceof Op.Fork f) {
            return named(f.label(), kernel.fork(a, f.options()));
        } else if (op instanceof Op.Eclone e) {
            return named(e.label(), kernel.eclone(a, e.options(), e.pids()));
        } else if (op instanceof Op.Exit e) {
            return kernel.exit(a, e.code());
        } else if (op instanceof Op.Kill k) {
            return kernel.kill(a, labels.pid(k.target()), k.signal());
        } else if (op instanceof Op.Wait w) {
            return kernel.wait(a, labels.pid(w.target()));
        } else if (op instanceof Op.Setsid) {
            return kernel.setsid(a);
        } else if (op instanceof Op.Setpgid s) {
            int target = s.target() == null ? 0 : labels.pid(s.target());
            int group = s.group() == null ? 0 : labels.pid(s.group());
            return kernel.setpgid(a, target, group);
        } else if (op instanceof Op.Subreaper s) {
            return kernel.subreaper(a, s.on());
        } else if (op instanceof Op.SetUid u) {
            return kernel.setuid(a, u.uid());
        } else if (op instanceof Op.SetGid g) {
            return kernel.setgid(a, g.gid());
        } else if (op instanceof Op.Open o) {
            return kernel.open(a, o.path(), o.fd(), o.readable(), o.writable());
        } else if (op instanceof Op.Pipe p) {
            return kernel.pipe(a, p.readFd(), p.writeFd());
        } else if (op instanceof Op.Socketpair p) {
            return kernel.socketpair(a, p.fd1(), p.fd2());
        } else if (op instanceof Op.Dup d) {
            return kernel.dup(a, d.fd(), d.newFd());
        } else if (op instanceof Op.GetFd g) {
            return kernel.getfd(a, labels.pid(g.target()), g.targetFd(), g.fd());
        } else if (op instanceof Op.Attach m) {
            return kernel.attach(a, labels.pid(m.target()), m.cgroup());
        } else if (op instanceof Op.Close c) {
            return kernel.close(a, c.fd());
        } else if (op instanceof Op.Seek s) {
            return kernel.seek(a, s.fd(), s.offset());
        } else if (op instanceof Op.Cloexec c) {
            return kernel.cloexec(a, c.fd(), c.on());
        } else if (op instanceof Op.Send s) {
            return kernel.send(a, s.fd(), s.text());
        } else if (op instanceof Op.Recv r) {
            return kernel.recv(a, r.fd(), r.count());
        } else if (op instanceof Op.Mmap m) {
            return kernel.mmap(a, m.name(), m.pages(), m.shared(), m.file());
        } else if (op instanceof Op.WritePage w) {
            return kernel.writePage(a, w.name(), w.page(), w.value());
        } else if (op instanceof Op.Sigaction s) {
            return kernel.sigaction(a, s.signal(), s.disposition());
        } else if (op instanceof Op.Sigmask s) {
            return kernel.sigmask(a, s.block(), s.signal());
        } else if (op instanceof Op.Fill f) {
            return kernel.fill(a, f.name(), f.value());
        } else if (op instanceof Op.CheckpointSelf c) {
            return tools.checkpoint(a, 0, c.subtree() ? CheckpointFlags.SUBTREE : 0, c.image());
        }
        throw new IllegalStateException("the parser let through " + op);
    }

    /** A fork's outcome; the new task takes its label when there is one. */
    private Result<Integer> named(String label, Result<Integer> r) {
        if (r.isOk()) {
            labels.name(label, r.value());
        }
        return r;
    }

    private Result<?> command(Op.Command op) {
        if (op instanceof Op.Freeze f) {
            return kernel.freeze(f.cgroup());
        } else if (op instanceof Op.Thaw t) {
            return kernel.freezerWrite(t.cgroup(), FreezerState.THAWED);
        } else if (op instanceof Op.Destroy d) {
            return destroy(d.cgroup());
        } else if (op instanceof Op.Sysctl s) {
            return kernel.sysctlCkptUnprivAllowed(s.ckptUnprivAllowed());
        } else if (op instanceof Op.Checkpoint c) {
            int caller = c.by() != null ? labels.pid(c.by()) : kernel.hostPid();
            return tools.checkpoint(caller, labels.pid(c.target()), c.subtree() ? CheckpointFlags.SUBTREE : 0, c.image());
        } else if (op instanceof Op.CheckpointStart c) {
            int caller = c.by() != null ? labels.pid(c.by()) : kernel.hostPid();
            return tools.checkpointStart(caller, labels.pid(c.target()), c.subtree() ? CheckpointFlags.SUBTREE : 0, c.image());
        } else if (op instanceof Op.CheckpointStep c) {
            return tools.checkpointStep(c.until());
        } else if (op instanceof Op.CheckpointWait) {
            return tools.checkpointWait();
        } else if (op instanceof Op.Restart r) {
            beforeRestart = kernel.state();
            int caller = r.by() != null ? labels.pid(r.by()) : kernel.hostPid();
            int flags = (r.frozen() ? RestartFlags.FROZEN : 0) | (r.self() ? RestartFlags.TASKSELF : 0);
            if (r.file() != null) {
                Result<?> loaded = tools.load(r.image(), imageFile(r.file()));
                if (!loaded.isOk()) {
                    return loaded;
                }
            }
            return tools.restart(caller, r.image(), r.prefix(), flags);
        } else if (op instanceof Op.Corrupt c) {
            return tools.corrupt(c.image(), c.offset(), c.value());
        } else if (op instanceof Op.Truncate t) {
            return tools.truncate(t.image(), t.bytes());
        } else if (op instanceof Op.Inject i) {
            kernel.injectRestartFault(new org.croracle.impl.syscall.RestartFault(i.step(), i.errno()));
            return Result.ok(null);
        } else if (op instanceof Op.FreezerWrite w) {
            return kernel.freezerWrite(w.cgroup(), w.frozen() ? FreezerState.FROZEN : FreezerState.THAWED);
        } else if (op instanceof Op.Refrigerate f) {
            return kernel.refrigerate(labels.pid(f.label()));
        }
        throw new IllegalStateException("the parser let through " + op);
    }

    /** An image file named by a scenario line: relative to the scenario's folder, as an include would be. */
    private java.nio.file.Path imageFile(String path) {
        java.nio.file.Path p = java.nio.file.Path.of(path);
        java.nio.file.Path dir = java.nio.file.Path.of(file).toAbsolutePath().getParent();
        return p.isAbsolute() || dir == null ? p : dir.resolve(p);
    }

    /** destroy CGROUP: SIGKILL every task of the cgroup (from host), thaw it, and reap every corpse. */
    private Result<?> destroy(String cgroup) {
        if (kernel.state().cgroup(cgroup).isEmpty()) {
            return Result.error(Errno.ENOENT, "no freezer cgroup " + cgroup);
        }
        for (Task t : kernel.state().members(cgroup)) {
            if (kernel.state().tasks().containsKey(t.pid()) && !kernel.state().tasks().get(t.pid()).isZombie()) {
                kernel.kill(kernel.hostPid(), t.pid(), Signal.SIGKILL);
            }
        }
        if (kernel.state().cgroups().get(cgroup).state() != FreezerState.THAWED) {
            Result<FreezerState> thawed = kernel.freezerWrite(cgroup, FreezerState.THAWED);
            if (!thawed.isOk()) {
                return thawed;
            }
        }
        deliverPendingSignals();
        boolean reaped = true;
        while (reaped) {
            reaped = false;
            for (Task t : kernel.state().members(cgroup)) {
                if (t.isZombie() && kernel.wait(t.ppid(), t.pid()).isOk()) {
                    reaped = true;
                }
            }
        }
        return kernel.state().members(cgroup).isEmpty() ? Result.ok(null)
                : Result.error(Errno.EBUSY, "some tasks of " + cgroup + " survived");
    }

    private void deliverPendingSignals() {
        for (int pid : kernel.pendingSignals()) {
            kernel.deliverPendingSignal(pid);
        }
    }
}
