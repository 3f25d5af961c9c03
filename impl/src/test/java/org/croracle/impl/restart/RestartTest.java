package org.croracle.impl.restart;

import org.croracle.impl.kernel.RestartFlags;
import org.croracle.impl.syscall.RestartIo;
import org.croracle.impl.syscall.Restarted;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import org.croracle.impl.syscall.CheckpointIo;
import org.croracle.impl.kernel.FreezerState;
import org.croracle.impl.kernel.Errno;
import org.croracle.impl.syscall.Kernel;
import org.croracle.impl.syscall.KernelConfig;
import org.croracle.impl.kernel.KernelInvariants;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Result;
import org.croracle.impl.scenario.ScenarioParser;
import org.croracle.impl.scenario.ScenarioResult;
import org.croracle.impl.scenario.ScenarioRunner;
import org.junit.jupiter.api.Test;

/** restart(): errors, all or nothing under a fault at every step, RESTART_FROZEN. */
class RestartTest {

    /** A container with every hard case at once: ghosts, a zombie, sessions, groups, an orphan, shared objects. */
    static final String TREE = String.join("\n",
            "host fork c newpid cgroup=box", "c setsid", "c fork a", "a fork b", "a setsid", "b setpgid",
            "c fork l", "l setsid", "l fork m", "l exit 0", "c wait l", "c fork g", "g setpgid", "g fork h",
            "g exit 0", "c wait g", "c fork z", "z exit 7", "a pipe fds=4,5", "a send 5 hello", "a fork d files vm",
            "d open /data/x fd=9 flags=rw", "d send 9 abc", "c subreaper on", "freeze box");

    record Setup(Kernel kernel, byte[] image, KernelState saved) {
    }

    static Setup setup(KernelConfig config) throws Exception {
        Kernel k = new Kernel(config);
        ScenarioResult r = ScenarioRunner.run(k, ScenarioParser.parse("t", TREE));
        assertTrue(r.passed(), r.failures()::toString);
        int c = r.labels().get("c");
        assertTrue(k.open(1, "/ckpt/t", 100, false, true).isOk());
        ByteArrayOutputStream img = new ByteArrayOutputStream();
        assertTrue(k.checkpoint(1, c, 0, CheckpointIo.of(100, img)).isOk());
        k.close(1, 100);
        assertTrue(k.open(1, "/ckpt/t", 100, true, false).isOk());
        return new Setup(k, img.toByteArray(), k.state());
    }

    static Result<Restarted> restart(Kernel k, byte[] image, int flags, List<String> log) {
        return k.restart(1, flags, "r", new RestartIo(100, image, -1, log::add));
    }

    @Test
    void aFaultAtEveryStepLeavesNothingBehindAndReturnsTheInjectedErrno() throws Exception {
        Setup clean = setup(KernelConfig.defaults());
        List<String> log = new ArrayList<>();
        Result<Restarted> ok = restart(clean.kernel(), clean.image(), RestartFlags.FROZEN, log);
        assertTrue(ok.isOk(), () -> ok + " " + log);
        int steps = 0;
        for (int step = 0; ; step++) {
            final int at = step;
            Setup s = setup(KernelConfig.defaults().withRestartFaults(i -> i == at ? Errno.ENOMEM : null));
            KernelState before = s.kernel().state();
            Result<Restarted> r = restart(s.kernel(), s.image(), RestartFlags.FROZEN, new ArrayList<>());
            if (r.isOk()) {
                steps = step; // past the last step: the fault was never reached
                break;
            }
            assertEquals(Errno.ENOMEM, r.errno(), () -> "step " + at + ": " + r);
            KernelState after = s.kernel().state();
            assertEquals(List.of(), KernelInvariants.violations(after), "step " + at);
            assertEquals(before.tasks(), after.tasks(), "step " + at + ": no task is left");
            assertEquals(before.lingeringPids(), after.lingeringPids(), "step " + at + ": no pid is left");
            assertEquals(before.objects().refs(), after.objects().refs(), "step " + at + ": no object is left");
            assertEquals(before.paths(), after.paths(), "step " + at + ": no file is left");
            assertTrue(after.cgroups().get("r") == null || after.cgroups().get("r").state() == FreezerState.THAWED
                    && after.members("r").isEmpty(), "step " + at + ": no frozen cgroup is left");
        }
        assertTrue(steps > 20, "the restart has " + steps + " steps");
    }

    /**
     * The coordinator's events are steps an observer sees (the oracle's restart binding): the entry
     * returns what it read and planned, restore_begin comes after the last plan step and before
     * the first task restores, restart_resume is the last step, and an injected fault is a step.
     */
    @Test
    void theCoordinatorsEventsAreSteps() throws Exception {
        Setup s = setup(KernelConfig.defaults());
        List<org.croracle.impl.kernel.Step> steps = new ArrayList<>();
        s.kernel().addStepListener((before, step, after) -> steps.add(step));
        assertTrue(restart(s.kernel(), s.image(), 0, new ArrayList<>()).isOk());
        List<String> ops = steps.stream().map(org.croracle.impl.kernel.Step::op).toList();
        Prepared p = (Prepared) steps.get(0).result().value();
        assertEquals(org.croracle.impl.kernel.Ops.RESTART, ops.get(0));
        assertEquals(7, p.image().tasks().size()); // c, a, b, m, h, z, d (l and g were reaped)
        assertTrue(p.plan().steps().size() > 8, p::toString);
        int begin = ops.indexOf(org.croracle.impl.kernel.Ops.RESTORE_BEGIN);
        assertEquals(begin + 1, ops.indexOf(org.croracle.impl.kernel.Ops.RESTORE_TASK), ops::toString);
        assertEquals(org.croracle.impl.kernel.Ops.RESTART_RESUME, ops.get(ops.size() - 1));
        Setup f = setup(KernelConfig.defaults().withRestartFaults(i -> i == 3 ? Errno.EIO : null));
        List<org.croracle.impl.kernel.Step> failed = new ArrayList<>();
        f.kernel().addStepListener((before, step, after) -> failed.add(step));
        assertEquals(Errno.EIO, restart(f.kernel(), f.image(), 0, new ArrayList<>()).errno());
        org.croracle.impl.kernel.Step fault = failed.stream()
                .filter(st -> st.op().equals(org.croracle.impl.kernel.Ops.RESTART_FAULT)).findFirst().orElseThrow();
        assertEquals(3, fault.intArg("at"));
        assertEquals(Errno.EIO, fault.result().errno());
        assertTrue(failed.stream().noneMatch(st -> st.op().equals(org.croracle.impl.kernel.Ops.RESTART_RESUME)));
    }

    /**
     * The restart's progress is kernel state: restore_begin and restart_resume move its context
     * on; at the end every plan step ran, every task exists, restored or exited; a failure records
     * its first error, and once the init is reaped the restart is over.
     */
    @Test
    void theRestartsContextIsKernelState() throws Exception {
        Setup s = setup(KernelConfig.defaults());
        List<org.croracle.impl.kernel.RestartContext> seen = new ArrayList<>();
        s.kernel().addStepListener((before, step, after) -> {
            if (step.op().equals(org.croracle.impl.kernel.Ops.RESTORE_BEGIN)) {
                assertTrue(!before.restart().began() && after.restart().began());
            }
            seen.add(after.restart());
        });
        Result<Restarted> ok = restart(s.kernel(), s.image(), 0, new ArrayList<>());
        assertTrue(ok.isOk(), ok::toString);
        org.croracle.impl.kernel.RestartContext done = s.kernel().state().restart();
        assertEquals("r", done.cgroup());
        assertEquals(done.plan().steps().size(), done.position());
        assertEquals(ok.value().root(), done.root());
        assertEquals(done.saved().size(), done.cursor());
        assertTrue(done.resumed() && done.ended() && !done.failed());
        for (org.croracle.impl.kernel.RestartContext.Saved t : done.saved()) {
            assertEquals(ok.value().pids().get(t.pid()), done.pids().get(t.pid()));
            assertTrue(t.zombie() ? done.exited().contains(t.pid()) : done.restored().contains(t.pid()), t::toString);
        }
        assertTrue(seen.stream().filter(c -> c != null && c.ended()).count() == 1, "ended only at the resume");

        Setup f = setup(KernelConfig.defaults().withRestartFaults(i -> i == 5 ? Errno.EIO : null));
        assertEquals(Errno.EIO, restart(f.kernel(), f.image(), 0, new ArrayList<>()).errno());
        org.croracle.impl.kernel.RestartContext failed = f.kernel().state().restart();
        assertEquals(Errno.EIO, failed.error());
        assertTrue(failed.ended() && !failed.resumed() && !failed.began());
        assertEquals(-1, failed.refused());
        assertTrue(!f.kernel().state().tasks().containsKey(failed.pids().values().iterator().next()));
    }

    @Test
    void refusalsChangeNothing() throws Exception {
        Setup s = setup(KernelConfig.defaults());
        KernelState before = s.kernel().state();
        List<String> log = new ArrayList<>();
        assertEquals(Errno.EINVAL, restart(s.kernel(), s.image(), 0x40, log).errno());
        byte[] bad = s.image().clone();
        bad[100] ^= 0x55;
        Result<Restarted> corrupt = restart(s.kernel(), bad, 0, log);
        assertEquals(Errno.EINVAL, corrupt.errno());
        assertTrue(corrupt.reason().startsWith("image offset "), corrupt.reason());
        Result<Restarted> truncated = restart(s.kernel(), java.util.Arrays.copyOf(s.image(), 200), 0, log);
        assertEquals(Errno.EINVAL, truncated.errno());
        assertEquals(Errno.EBADF, s.kernel().restart(1, 0, "r", new RestartIo(55, s.image(), -1, log::add)).errno());
        assertEquals(before, s.kernel().state());
    }

    @Test
    void anUnprivilegedCallerNeedsTheSysctlAndCannotGainPrivilege() throws Exception {
        Setup s = setup(KernelConfig.defaults());
        Kernel k = s.kernel();
        int u = k.fork(1, org.croracle.impl.kernel.ForkOptions.PLAIN).value();
        assertTrue(k.setuid(u, 1000).isOk());
        assertTrue(k.open(u, "/ckpt/t", 3, true, false).isOk());
        RestartIo io = new RestartIo(3, s.image(), -1, l -> { });
        assertEquals(Errno.EPERM, k.restart(u, 0, "r", io).errno());
        assertTrue(k.sysctlCkptUnprivAllowed(2).isOk());
        Result<Restarted> r = k.restart(u, 0, "r", io); // the image's tasks have uid 0: u cannot set that
        assertEquals(Errno.EPERM, r.errno(), r::toString);
        assertEquals(List.of(), KernelInvariants.violations(k.state()));
    }

    @Test
    void restartFrozenLeavesTheTreeFrozen() throws Exception {
        Setup s = setup(KernelConfig.defaults());
        Result<Restarted> r = restart(s.kernel(), s.image(), RestartFlags.FROZEN, new ArrayList<>());
        assertTrue(r.isOk(), r::toString);
        assertEquals(FreezerState.FROZEN, s.kernel().state().cgroups().get("r").state());
        assertNull(TreeView.firstDifference(TreeView.of(s.saved(), s.saved().tasks().values().stream()
                        .filter(t -> t.cgroup().equals("box")).findFirst().orElseThrow().pid()),
                TreeView.of(s.kernel().state(), r.value().root())));
    }
}
