package org.croracle.impl.checkpoint;

import org.croracle.impl.syscall.ImageAudit;


import org.croracle.impl.kernel.CheckpointFlags;
import org.croracle.impl.syscall.CheckpointIo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.croracle.impl.kernel.FreezerState;
import org.croracle.impl.image.ImageChecker;
import org.croracle.impl.image.ImageObject;
import org.croracle.impl.image.ImageReader;
import org.croracle.impl.image.ImageRecord;
import org.croracle.impl.kernel.Errno;
import org.croracle.impl.syscall.Kernel;
import org.croracle.impl.kernel.KernelInvariants;
import org.croracle.impl.kernel.Result;
import org.croracle.impl.scenario.ScenarioParser;
import org.croracle.impl.scenario.ScenarioResult;
import org.croracle.impl.scenario.ScenarioRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** checkpoint(): every errno, the leak check per kind of object, SUBTREE's sharing report, the image. */
class CheckpointTest {

    /** A kernel set up by scenario lines, and a checkpoint call on it with its image and log. */
    static final class Fixture {
        final Kernel kernel = new Kernel();
        final Map<String, Integer> labels;
        final List<String> log = new ArrayList<>();
        ByteArrayOutputStream image;

        Fixture(String... lines) {
            try {
                ScenarioResult r = ScenarioRunner.run(kernel, ScenarioParser.parse("fixture", String.join("\n", lines)));
                assertTrue(r.passed(), () -> "fixture: " + r.failures());
                labels = r.labels();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }

        int pid(String label) {
            return labels.get(label);
        }

        /** host (or {@code by}) opens an image file at fd 100 and checkpoints {@code pid} into it. */
        Result<Long> checkpoint(String by, int pid, int flags) {
            int caller = pid(by);
            assertTrue(kernel.open(caller, "/ckpt/test", 100, false, true).isOk());
            return checkpointWith(caller, pid, flags, 100, 100);
        }

        Result<Long> checkpointWith(int caller, int pid, int flags, int fd, int logfd) {
            image = new ByteArrayOutputStream();
            log.clear();
            return kernel.checkpoint(caller, pid, flags, new CheckpointIo(fd, image, logfd, log::add));
        }

        ImageChecker checked() throws Exception {
            ImageChecker c = ImageChecker.check(new ImageReader(new java.io.ByteArrayInputStream(image.toByteArray())));
            assertTrue(c.ok(), () -> "image problems: " + c.problems());
            assertEquals(List.of(), ImageAudit.audit(image.toByteArray(), kernel.state().checkpoint()));
            return c;
        }
    }

    static final String[] CONTAINER = {
        "host fork c newpid cgroup=box", "c fork a", "a pipe fds=3,4", "a send 4 hi", "c fork z", "z exit 2"};

    static String[] with(String[] base, String... more) {
        List<String> l = new ArrayList<>(List.of(base));
        l.addAll(List.of(more));
        return l.toArray(new String[0]);
    }

    @Test
    void aFrozenContainerIsCheckpointedAndTheImageHoldsItsTree() throws Exception {
        Fixture f = new Fixture(with(CONTAINER, "freeze box"));
        Result<Long> r = f.checkpoint("host", f.pid("c"), 0);
        assertTrue(r.isOk(), r::toString);
        assertEquals(1L, r.value());
        ImageChecker image = f.checked();
        assertEquals(3, image.tree().size());
        assertEquals(List.of(1, 2, 3), image.tree().stream().map(ImageRecord.TreeEntry::pid).toList());
        assertEquals(ImageRecord.TreeEntry.ZOMBIE, image.tree().get(2).state());
        assertEquals(2, image.tree().get(2).exitCode());
        // The call is over: the cgroup is FROZEN again and the context let go of the image file.
        assertEquals(FreezerState.FROZEN, f.kernel.state().cgroups().get("box").state());
        assertEquals(List.of(), KernelInvariants.violations(f.kernel.state()));
        assertTrue(f.log.stream().anyMatch(l -> l.startsWith("leak check:")), f.log::toString);
    }

    @Test
    void theKernelsInvariantsHoldAtEveryStepOfACall() {
        Fixture f = new Fixture("host pipe fds=10,11", "host fork c newpid cgroup=box", "c fork a", "freeze box");
        List<String> broken = new ArrayList<>();
        List<String> ops = new ArrayList<>();
        f.kernel.addStepListener((before, step, after) -> {
            ops.add(step.op());
            KernelInvariants.violations(after).forEach(v -> broken.add(step + ": " + v));
        });
        assertEquals(Errno.EBUSY, f.checkpoint("host", f.pid("c"), 0).errno()); // the pipe's files leak
        assertTrue(f.checkpointWith(f.pid("host"), f.pid("c"), CheckpointFlags.SUBTREE, 100, 100).isOk());
        assertEquals(List.of(), broken);
        assertTrue(ops.containsAll(List.of("checkpoint", "freezer_begin_checkpoint", "ckpt_scan", "ckpt_collect",
                "ckpt_leak_check", "ckpt_dump_task", "ckpt_tail", "freezer_end_checkpoint")), ops::toString);
    }

    @Test
    void checkpointIdsCountSuccessfulCallsOnly() {
        Fixture f = new Fixture(with(CONTAINER, "freeze box"));
        assertEquals(1L, f.checkpoint("host", f.pid("c"), 0).value());
        assertEquals(Errno.EINVAL, f.checkpointWith(f.pid("host"), f.pid("a"), 0, 100, -1).errno());
        f.kernel.freezerWrite("box", FreezerState.THAWED);
        assertEquals(Errno.EBUSY, f.checkpointWith(f.pid("host"), f.pid("c"), 0, 100, -1).errno());
        f.kernel.freeze("box");
        assertEquals(2L, f.checkpointWith(f.pid("host"), f.pid("c"), 0, 100, -1).value());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        // what is shared with host; the setup lines;                                             the leaking kind
        "a file;       host open /etc/conf fd=10 flags=rw|host fork c newpid cgroup=box;        file",
        "a pipe;       host pipe fds=10,14|host fork c newpid cgroup=box|c close 14|host close 10; pipe",
        "an fd table;  host fork c newpid files cgroup=box;                                      fdtable",
        "an mm;        host fork c newpid vm cgroup=box;                                         mm",
    })
    void anObjectSharedWithTheOutsideFailsAContainerCheckpointAndSubtreeReportsIt(String what, String setup, String kind)
            throws Exception {
        Fixture f = new Fixture(with(setup.split("\\|"), "c fork a", "freeze box"));
        Result<Long> container = f.checkpoint("host", f.pid("c"), 0);
        assertEquals(Errno.EBUSY, container.errno(), container::toString);
        assertTrue(container.reason().contains("usage leak: " + kind), container.reason());
        assertTrue(f.log.stream().anyMatch(l -> l.contains("usage leak: " + kind)), f.log::toString);
        // The image of the refused call is its ERROR record and nothing else.
        List<org.croracle.impl.image.ReadRecord> records = ImageReader.readAll(f.image.toByteArray());
        assertEquals(1, records.size());
        assertTrue(records.get(0).record() instanceof ImageRecord.Error e && e.message().contains(kind));
        assertEquals(FreezerState.FROZEN, f.kernel.state().cgroups().get("box").state(), "the freezer is given back");

        Result<Long> subtree = f.checkpointWith(f.pid("host"), f.pid("c"), CheckpointFlags.SUBTREE, 100, 100);
        assertTrue(subtree.isOk(), subtree::toString);
        ImageChecker image = f.checked();
        List<String> shared = image.objects().values().stream().filter(ImageObject::sharedOutside)
                .map(o -> o.type().name()).toList();
        assertTrue(shared.contains(switch (kind) {
            case "file" -> "FILE";
            case "pipe" -> "INODE_PIPE";
            case "fdtable" -> "FILE_TABLE";
            default -> "MM";
        }), shared::toString);
        assertTrue(f.log.stream().anyMatch(l -> l.startsWith("subtree: shared with the outside: " + kind)), f.log::toString);
    }

    @Test
    void aRegularFileOpenInTheContainerIsNoLeakThoughItsPathHoldsTheInode() throws Exception {
        Fixture f = new Fixture(with(CONTAINER, "a open /data fd=7 flags=rw", "a send 7 abc", "freeze box"));
        assertTrue(f.checkpoint("host", f.pid("c"), 0).isOk());
        f.checked();
    }

    @Test
    void einvalForUnknownFlagsAndForARootThatIsNoContainerInit() {
        Fixture f = new Fixture(with(CONTAINER, "freeze box"));
        Result<Long> flags = f.checkpoint("host", f.pid("c"), 0x2);
        assertEquals(Errno.EINVAL, flags.errno());
        assertTrue(flags.reason().contains("unknown checkpoint flags"), flags.reason());
        Result<Long> notInit = f.checkpointWith(f.pid("host"), f.pid("a"), 0, 100, -1);
        assertEquals(Errno.EINVAL, notInit.errno());
        assertTrue(notInit.reason().contains("not a container init"), notInit.reason());
        assertTrue(f.checkpointWith(f.pid("host"), f.pid("a"), CheckpointFlags.SUBTREE, 100, -1).isOk());
    }

    @Test
    void esrchForNoSuchTask() {
        Fixture f = new Fixture(with(CONTAINER, "freeze box"));
        assertEquals(Errno.ESRCH, f.checkpoint("host", 4242, 0).errno());
    }

    @Test
    void ebusyForEachCause() {
        Fixture thawed = new Fixture(CONTAINER);
        Result<Long> notFrozen = thawed.checkpoint("host", thawed.pid("c"), 0);
        assertEquals(Errno.EBUSY, notFrozen.errno());
        assertTrue(notFrozen.reason().contains("not FROZEN"), notFrozen.reason());

        Fixture stranger = new Fixture(with(CONTAINER, "a fork s cgroup=other", "freeze box"));
        Result<Long> scan = stranger.checkpoint("host", stranger.pid("c"), 0);
        assertEquals(Errno.EBUSY, scan.errno());
        assertTrue(scan.reason().contains("task " + stranger.pid("s") + " is not frozen"), scan.reason());

        Fixture busy = new Fixture(with(CONTAINER, "freeze box"));
        assertTrue(busy.kernel.freezerBeginCheckpoint("box").isOk()); // another checkpoint holds it
        Result<Long> second = busy.checkpoint("host", busy.pid("c"), 0);
        assertEquals(Errno.EBUSY, second.errno());
        assertEquals(FreezerState.CHECKPOINTING, busy.kernel.state().cgroups().get("box").state(),
                "a refused call leaves the other checkpoint's hold alone");

        Fixture leak = new Fixture("host pipe fds=10,11", "host fork c newpid cgroup=box", "freeze box");
        assertEquals(Errno.EBUSY, leak.checkpoint("host", leak.pid("c"), 0).errno());
    }

    @Test
    void epermWithoutPrivilegeWhereTheSysctlOrPtraceForbids() {
        Fixture f = new Fixture(with(CONTAINER, "host fork u", "u uid 1000", "freeze box"));
        Result<Long> ptrace = f.checkpoint("u", f.pid("c"), 0);
        assertEquals(Errno.EPERM, ptrace.errno());
        assertTrue(ptrace.reason().contains("may not ptrace"), ptrace.reason());
        assertTrue(f.kernel.sysctlCkptUnprivAllowed(0).isOk());
        Result<Long> sysctl = f.checkpointWith(f.pid("u"), f.pid("u"), CheckpointFlags.SUBTREE, 100, -1);
        assertEquals(Errno.EPERM, sysctl.errno());
        assertTrue(sysctl.reason().contains("ckpt_unpriv_allowed"), sysctl.reason());
        assertTrue(f.kernel.sysctlCkptUnprivAllowed(1).isOk());
        assertTrue(f.checkpointWith(f.pid("u"), 0, CheckpointFlags.SUBTREE, 100, -1).isOk(),
                "an unprivileged task may checkpoint itself");
    }

    @Test
    void ebadfForAnFdOrLogfdThatIsNotOpenForWriting() {
        Fixture f = new Fixture(with(CONTAINER, "host open /ro fd=5 flags=r", "freeze box"));
        assertEquals(Errno.EBADF, f.checkpointWith(f.pid("host"), f.pid("c"), 0, 99, -1).errno());
        assertEquals(0, f.image.size(), "no file, nothing written");
        assertEquals(Errno.EBADF, f.checkpointWith(f.pid("host"), f.pid("c"), 0, 5, -1).errno());
        assertTrue(f.kernel.open(f.pid("host"), "/ckpt/test", 100, false, true).isOk());
        Result<Long> logfd = f.checkpointWith(f.pid("host"), f.pid("c"), 0, 100, 98);
        assertEquals(Errno.EBADF, logfd.errno());
        assertTrue(logfd.reason().contains("logfd 98"), logfd.reason());
    }

    @Test
    void aSelfCheckpointOfALoneTaskNeedsNoFreezerAndTheContextRefOnItsImageFileIsNoLeak() throws Exception {
        Fixture f = new Fixture("host fork c newpid cgroup=box", "c open /x fd=1 flags=w");
        Result<Long> r = f.checkpoint("c", 0, 0); // c's image file at fd 100 is in its own fd table
        assertTrue(r.isOk(), r::toString);
        assertTrue(f.log.stream().anyMatch(l -> l.contains("no freezer gate")), f.log::toString);
        ImageChecker image = f.checked();
        assertEquals(org.croracle.impl.image.ImageFormat.CONTAINER_SELF,
                image.container().orElseThrow().flags() & org.croracle.impl.image.ImageFormat.CONTAINER_SELF,
                "the image says the root made the call (restart returns 0 to it)");
    }
}
