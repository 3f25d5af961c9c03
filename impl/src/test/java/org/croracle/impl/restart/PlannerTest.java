package org.croracle.impl.restart;

import org.croracle.impl.kernel.PlanStep;

import org.croracle.impl.syscall.RestartIo;
import org.croracle.impl.syscall.Restarted;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.croracle.impl.syscall.CheckpointIo;
import org.croracle.impl.image.ImageRecord;
import org.croracle.impl.syscall.Kernel;
import org.croracle.impl.kernel.KernelInvariants;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Result;
import org.croracle.impl.kernel.Signal;
import org.croracle.impl.scenario.ScenarioParser;
import org.croracle.impl.scenario.ScenarioResult;
import org.croracle.impl.scenario.ScenarioRunner;
import org.junit.jupiter.api.Test;

/**
 * The planner's rules (R1..R4, ghosts, keepers) on the trees that need each one: the plan says
 * what it does in the words of {@code ./cr run --plan}, and the tree restarted from it is the
 * saved one (expect same), with nothing left over.
 */
class PlannerTest {

    record RoundTrip(List<String> plan, String difference) {
        String planText() {
            return String.join("\n", plan);
        }
    }

    /** Runs, on {@code k}, a container c (its own pid namespace and session) built by {@code lines}, then frozen. */
    static ScenarioResult frozenContainer(Kernel k, String... lines) {
        ScenarioResult r;
        try {
            r = ScenarioRunner.run(k, ScenarioParser.parse("t", "host fork c newpid cgroup=box\nc setsid\n"
                    + String.join("\n", lines) + "\nfreeze box"));
        } catch (org.croracle.impl.scenario.ScenarioSyntaxException e) {
            throw new AssertionError(e.getMessage(), e);
        }
        assertTrue(r.passed(), r.failures()::toString);
        return r;
    }

    /** The scenario's container c, frozen, checkpointed, killed, restarted: its plan and how the tree came back. */
    static RoundTrip roundTrip(String... lines) {
        Kernel k = new Kernel();
        ScenarioResult r = frozenContainer(k, lines);
        int c = r.labels().get("c");
        KernelState saved = k.state();
        assertTrue(k.open(1, "/ckpt/t", 100, false, true).isOk());
        ByteArrayOutputStream img = new ByteArrayOutputStream();
        assertTrue(k.checkpoint(1, c, 0, CheckpointIo.of(100, img)).isOk());
        k.close(1, 100);
        Planner.Outcome planned = Planner.plan(ImageLoader.load(img.toByteArray()).image());
        assertNull(planned.refusal(), planned::refusal);
        List<String> plan = planned.plan().steps().stream().map(PlanStep::toString).collect(Collectors.toList());
        k.freezerWrite("box", org.croracle.impl.kernel.FreezerState.THAWED);
        k.kill(1, c, Signal.SIGKILL);
        for (int pid : k.pendingSignals()) {
            k.deliverPendingSignal(pid);
        }
        k.wait(1, c);
        k.open(1, "/ckpt/t", 100, true, false);
        List<String> log = new ArrayList<>();
        Result<Restarted> back = k.restart(1, 0, "r", new RestartIo(100, img.toByteArray(), -1, log::add));
        assertTrue(back.isOk(), () -> back + "\n" + String.join("\n", plan) + "\n" + log);
        assertEquals(List.of(), KernelInvariants.violations(k.state()));
        return new RoundTrip(plan, TreeView.firstDifference(TreeView.of(saved, c), TreeView.of(k.state(), back.value().root())));
    }

    @Test
    void aChildOfItsSessionsLeaderIsCreatedAfterTheSetsid() {
        RoundTrip rt = roundTrip("c fork a", "a setsid", "a fork b");
        assertNull(rt.difference(), rt.difference());
        assertEquals(List.of("restarter creates 1 (eclone pids=[], CLONE_NEWPID)", "task 1 setsid()",
                "task 1 creates 2 (eclone pids=[2])", "task 2 setsid()", "task 2 creates 3 (eclone pids=[3])"), rt.plan());
    }

    @Test
    void r2AChildBornBeforeItsParentsSetsidIsCreatedBeforeIt() {
        RoundTrip rt = roundTrip("c fork a", "a fork b", "a setsid");
        assertNull(rt.difference(), rt.difference());
        String plan = rt.planText();
        assertTrue(plan.indexOf("task 2 creates 3") < plan.indexOf("task 2 setsid()"), plan);
    }

    @Test
    void theReplayRefusesAPlanThatCreatesAChildBornBeforeItsParentsSetsidAfterIt() {
        SavedImage image = ImageLoader.load(checkpointed("c fork a", "a fork b", "a setsid")).image();
        assertNull(Planner.plan(image).refusal(), Planner.plan(image)::refusal);
        Planner.Outcome o = Planner.plan(image, bornBeforeSetsid -> false);
        assertNull(o.plan());
        assertTrue(o.refusal().startsWith("task 3 would come back with parent 2 and session 2 instead of 2 and 1"),
                o.refusal());
    }

    /** The image of the scenario's container c, frozen and checkpointed. */
    static byte[] checkpointed(String... lines) {
        Kernel k = new Kernel();
        ScenarioResult r = frozenContainer(k, lines);
        assertTrue(k.open(1, "/ckpt/t", 100, false, true).isOk());
        ByteArrayOutputStream img = new ByteArrayOutputStream();
        assertTrue(k.checkpoint(1, r.labels().get("c"), 0, CheckpointIo.of(100, img)).isOk());
        return img.toByteArray();
    }

    @Test
    void r3ASiblingSessionLeaderCreatesWithCloneParent() {
        RoundTrip rt = roundTrip("c fork l", "l setsid", "l fork p parent", "p fork x", "p setsid");
        assertNull(rt.difference(), rt.difference());
        assertTrue(rt.planText().contains("task 2 creates 3 (eclone pids=[3], CLONE_PARENT)"), rt.planText());
        String plan = rt.planText();
        assertTrue(plan.indexOf("task 3 creates 4") < plan.indexOf("task 3 setsid()"), plan);
    }

    @Test
    void r4AnOrphanIsCreatedByAPlaceholderThatExitsSoThatTheInitAdoptsIt() {
        RoundTrip rt = roundTrip("c fork k", "k fork l", "l setsid", "l fork m", "m fork x", "m exit 0", "l wait m");
        assertNull(rt.difference(), rt.difference());
        String plan = rt.planText();
        assertTrue(plan.matches("(?s).*task 3 creates (\\d+) .*task \\1 creates 5 .*task \\1 exit\\(0\\)\n"
                + "task 3 wait\\(\\1\\).*"), plan);
    }

    @Test
    void r4AnOrphanAdoptedByASubreaperHasItsFlagOnWhileItsPlaceholderExits() {
        RoundTrip rt = roundTrip("c fork k", "k subreaper on", "k fork j", "j fork l", "l setsid", "l fork m", "m fork x",
                "m exit 0", "l wait m");
        assertNull(rt.difference(), rt.difference());
        String plan = rt.planText();
        assertTrue(plan.contains("task 2 prctl(PR_SET_CHILD_SUBREAPER, 1)") && plan.contains("task 2 prctl(PR_SET_CHILD_SUBREAPER, 0)"),
                plan);
    }

    @Test
    void aGhostStandsInForADeadSessionLeaderInANestedNamespace() {
        RoundTrip rt = roundTrip("c fork n newpid", "n fork g", "g setsid", "g fork h", "g exit 0", "n wait g");
        assertNull(rt.difference(), rt.difference());
        assertTrue(rt.planText().contains("CLONE_NEWPID"), rt.planText());
    }

    @Test
    void aKeeperKeepsAGroupWhoseLeaderMovedAway() {
        RoundTrip rt = roundTrip("c fork a", "a setpgid", "a fork b", "c fork d", "d setpgid", "a setpgid a d");
        assertNull(rt.difference(), rt.difference());
        assertTrue(rt.planText().contains("restores its pgid"), rt.planText());
    }

    @Test
    void theRootMustBePidOneOfItsNamespace() {
        Kernel k = new Kernel();
        int a = k.fork(1, new org.croracle.impl.kernel.ForkOptions("box", false, false)).value();
        k.freeze("box");
        k.open(1, "/ckpt/t", 100, false, true);
        ByteArrayOutputStream img = new ByteArrayOutputStream();
        assertTrue(k.checkpoint(1, a, org.croracle.impl.kernel.CheckpointFlags.SUBTREE, CheckpointIo.of(100, img)).isOk());
        Planner.Outcome o = Planner.plan(ImageLoader.load(img.toByteArray()).image());
        assertNull(o.plan());
        assertTrue(o.refusal().startsWith("the root (pid " + a + ") is not pid 1 of its namespace"), o.refusal());
    }

    /**
     * A chain of session leaders, each born in the session of the first (before its own setsid),
     * the last with a child still in that session: every leader must be born in it, which the
     * planner works out up the whole chain. A thread with a small stack proves the walk is not a
     * recursion as deep as the chain.
     */
    @Test
    void nestedSessionLeadersArePlannedWithoutRecursingDownTheChain() throws Exception {
        int leaders = 3_000;
        List<SavedImage.SavedTask> tasks = new ArrayList<>();
        int last = leaders + 2;
        for (int pid = 1; pid <= last; pid++) {
            int ppid = pid == 1 ? 0 : pid - 1;
            int sid = pid == last ? 2 : pid;
            ImageRecord.TreeEntry e = new ImageRecord.TreeEntry(-1, pid, ppid, pid, sid, sid,
                    ImageRecord.TreeEntry.RUNNING, 0, 0, List.of(pid));
            tasks.add(new SavedImage.SavedTask(pid - 1, e, new ImageRecord.Task(pid - 1, 0, 0, 0, 0, 0, 0),
                    ImageRecord.TaskObjs.NONE));
        }
        SavedImage image = new SavedImage(0, tasks, Map.of());
        Planner.Outcome[] outcome = new Planner.Outcome[1];
        Throwable[] thrown = new Throwable[1];
        Thread t = new Thread(null, () -> {
            try {
                outcome[0] = Planner.plan(image);
            } catch (Throwable e) {
                thrown[0] = e;
            }
        }, "small stack", 128 * 1024);
        t.start();
        t.join();
        assertNull(thrown[0], () -> String.valueOf(thrown[0]));
        assertNull(outcome[0].refusal(), outcome[0]::refusal);
    }
}
