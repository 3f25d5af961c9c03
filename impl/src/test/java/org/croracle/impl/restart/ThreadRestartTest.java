package org.croracle.impl.restart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.List;

import org.croracle.impl.image.ImageRecord;
import org.croracle.impl.kernel.Errno;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Result;
import org.croracle.impl.kernel.Task;
import org.croracle.impl.scenario.ScenarioResult;
import org.croracle.impl.syscall.CheckpointIo;
import org.croracle.impl.syscall.Kernel;
import org.junit.jupiter.api.Test;

/**
 * Thread groups across checkpoint and restart: each thread comes back at its pid in its leader's
 * group (the leader creates it with CLONE_THREAD after its setsid), with the group's parent,
 * session and process group; what Linux cannot have in a thread group is refused.
 */
class ThreadRestartTest {

    private static final String THREAD = " vm sighand thread";

    @Test
    void aLeaderAndItsThreadsComeBackAsOneGroup() {
        PlannerTest.RoundTrip rt = PlannerTest.roundTrip("c fork a", "a fork a1" + THREAD, "a fork a2" + THREAD + " files fs");
        assertNull(rt.difference(), rt.difference());
        assertEquals(List.of("restarter creates 1 (eclone pids=[], CLONE_NEWPID)", "task 1 setsid()",
                "task 1 creates 2 (eclone pids=[2])",
                "task 2 creates 3 as its thread (eclone pids=[3], CLONE_THREAD|CLONE_SIGHAND|CLONE_VM)",
                "task 2 creates 4 as its thread (eclone pids=[4], CLONE_THREAD|CLONE_SIGHAND|CLONE_VM)"), rt.plan());
    }

    @Test
    void threadsOfASessionAndGroupLeaderBelowInitAreCreatedAfterItsSetsidAndMoveWithItsGroup() {
        // b's threads are born in the group b makes only after the tree exists (restore_task's
        // pgid restore), and a's in the session a makes
        PlannerTest.RoundTrip rt = PlannerTest.roundTrip("c fork a", "a setsid", "a fork b", "b fork b1" + THREAD,
                "a fork a1" + THREAD, "c fork g", "g setpgid", "g fork g1" + THREAD, "g fork h", "h setpgid h g");
        assertNull(rt.difference(), rt.difference());
        String plan = rt.planText();
        assertTrue(plan.indexOf("task 2 setsid()") < plan.indexOf("task 2 creates 5 as its thread"), plan);
    }

    @Test
    void theInitsThreadComesBackWithItsParentOutsideTheContainer() {
        PlannerTest.RoundTrip rt = PlannerTest.roundTrip("c fork ct" + THREAD, "c fork a");
        assertNull(rt.difference(), rt.difference());
        assertTrue(rt.planText().contains("task 1 creates 2 as its thread"), rt.planText());
    }

    @Test
    void aThreadWithChildrenCreatesThemOnceItExists() {
        PlannerTest.RoundTrip rt = PlannerTest.roundTrip("c fork a", "a fork a1" + THREAD, "a1 fork k", "k setsid",
                "a1 fork m", "k fork n");
        assertNull(rt.difference(), rt.difference());
        String plan = rt.planText();
        assertTrue(plan.indexOf("task 2 creates 3 as its thread") < plan.indexOf("task 3 creates 4"), plan);
    }

    @Test
    void aZombieLeaderWhoseThreadsLiveIsCreatedThenExitsOnItsTurn() {
        PlannerTest.RoundTrip rt = PlannerTest.roundTrip("c fork z", "z fork z1" + THREAD, "z1 fork k", "z exit 5");
        assertNull(rt.difference(), rt.difference());
    }

    @Test
    void aThreadsChildrenGoToALiveThreadOfItsGroupWhenItExits() {
        Kernel k = new Kernel();
        ScenarioResult r = PlannerTest.frozenContainer(k, "c fork z", "z fork z1" + THREAD, "z fork z2" + THREAD,
                "z2 fork k", "z exit 1");
        k.freezerWrite("box", org.croracle.impl.kernel.FreezerState.THAWED);
        int z1 = r.labels().get("z1");
        int kid = r.labels().get("k");
        assertTrue(k.exit(r.labels().get("z2"), 0).isOk());
        assertEquals(z1, k.state().tasks().get(kid).ppid(), "the zombie leader does not take the child, its live thread does");
    }

    @Test
    void setsidAndSetpgidMoveTheWholeThreadGroup() {
        Kernel k = new Kernel();
        ScenarioResult r = PlannerTest.frozenContainer(k, "c fork a", "a fork a1" + THREAD, "a1 setsid",
                "c fork b", "b fork b1" + THREAD, "b setpgid");
        int a = r.labels().get("a");
        int b = r.labels().get("b");
        KernelState s = k.state();
        Task a1 = s.tasks().get(r.labels().get("a1"));
        assertEquals(a, a1.sid(), "a thread's setsid names the session after its group's leader");
        assertEquals(a, s.tasks().get(a).sid());
        assertEquals(b, s.tasks().get(r.labels().get("b1")).pgid());
    }

    @Test
    void aCheckpointsRootLeadsItsThreadGroup() throws Exception {
        Kernel k = new Kernel();
        ScenarioResult r = PlannerTest.frozenContainer(k, "c fork a", "a fork a1" + THREAD);
        assertTrue(k.open(1, "/ckpt/t", 100, false, true).isOk());
        Result<?> refused = k.checkpoint(1, r.labels().get("a1"), org.croracle.impl.kernel.CheckpointFlags.SUBTREE,
                CheckpointIo.of(100, new ByteArrayOutputStream()));
        assertEquals(Errno.EINVAL, refused.errno(), refused::toString);
        assertTrue(refused.reason().contains("thread"), refused::toString);
    }

    // ---- images Linux cannot make ----

    private static final byte[] IMAGE = PlannerTest.checkpointed("c fork a", "a fork a1" + THREAD, "c fork b");

    /** The image with the TREE entry of pid {@code pid} replaced. */
    private static byte[] edited(int pid, java.util.function.UnaryOperator<ImageRecord.TreeEntry> edit) {
        return ImageLoaderTest.edited(IMAGE, ImageRecord.Tree.class, t -> new ImageRecord.Tree(t.entries().stream()
                .map(e -> e.pid() == pid ? edit.apply(e) : e).toList()));
    }

    private static ImageRecord.TreeEntry with(ImageRecord.TreeEntry e, int tgid, int sid, int state) {
        return new ImageRecord.TreeEntry(e.parentIndex(), e.pid(), e.ppid(), tgid, e.pgid(), sid, state,
                e.exitCode(), e.exitSignal(), e.pids());
    }

    @Test
    void theImageAsWrittenIsTaken() {
        SavedImage image = ImageLoader.load(IMAGE).image();
        assertEquals(2, image.tasks().stream().filter(t -> t.pid() == 3).findFirst().orElseThrow().entry().tgid());
        assertNull(Planner.plan(image).refusal());
    }

    @Test
    void aThreadWhoseLeaderIsNotInTheImageIsRefused() {
        refused(edited(3, e -> with(e, 9, e.sid(), e.state())), "its thread group 9 has no leader in the image");
    }

    @Test
    void aThreadOfAThreadIsRefused() {
        refused(edited(4, e -> with(e, 3, e.sid(), e.state())), "its thread group leader 3 is itself a thread of 2");
    }

    @Test
    void aThreadInAnotherSessionThanItsLeaderIsRefused() {
        refused(edited(3, e -> with(e, e.tgid(), 3, e.state())), "another parent, session, group or namespace");
    }

    @Test
    void aZombieThreadIsRefused() {
        refused(edited(3, e -> with(e, e.tgid(), e.sid(), ImageRecord.TreeEntry.ZOMBIE)), "a zombie thread");
    }

    @Test
    void theRootAsAThreadIsRefused() {
        refused(edited(1, e -> with(e, 2, e.sid(), e.state())), "the root is a thread of 2");
    }

    private static void refused(byte[] image, String reason) {
        ImageLoader.Loaded l = ImageLoader.load(image);
        assertNull(l.image(), "taken, but it should be refused for " + reason);
        assertTrue(l.refusal().reason().contains(reason), () -> "expected \"" + reason + "\": " + l.refusal());
    }
}
