package org.croracle.oracle.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.croracle.impl.restart.ImageLoader;
import org.croracle.impl.restart.SavedImage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sharing found by kcmp(2) and by maps: a process cloned with CLONE_FILES|CLONE_FS (perl's syscall(), no
 * helper of this project) shares its parent's fd table and fs, not its mm or sighand; the two are
 * one object each in the snapshot of both, and a leak in the snapshot of the child alone; likewise
 * shared anonymous memory mapped before a fork.
 */
class LiveSnapshotSharingTest {

    @BeforeEach
    void needLinux() {
        LinuxHere.assume();
        String why = LiveSnapshotHere.reason();
        if (why != null) {
            System.out.println("[linux] skipped: " + why);
        }
        String reason = why;
        org.junit.jupiter.api.Assumptions.assumeTrue(why == null, () -> "cannot run here: " + reason);
    }

    @Test
    void kcmpFindsTheSharedFdTableAndFsAndTheirHolderOutsideASubtree() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/perl")),
                "no /usr/bin/perl to clone with CLONE_FILES");
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("os.arch", "").equals("amd64"),
                "the clone system call number used (56) is x86-64's");
        // A session of its own first: the test's own session leader may be outside this PID namespace
        // (a CI container), and a snapshot refuses a tree whose session it cannot name.
        // clone(CLONE_FILES | CLONE_FS | SIGCHLD) with a zero stack: the child goes on like after fork()
        Process perl = new ProcessBuilder("/usr/bin/perl", "-e",
                "use POSIX (); POSIX::setsid(); $p = syscall(56, 0x400 | 0x200 | 17, 0, 0, 0, 0); die \"clone: $!\" if $p < 0; sleep 1000;")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            for (int i = 0; i < 500 && perl.children().count() < 1; i++) {
                Thread.sleep(10);
            }
            int parent = (int) perl.pid();
            int child = (int) perl.children().findFirst().orElseThrow().pid();

            LiveSnapshot.Outcome both = LiveSnapshot.take(parent, LiveSnapshot.Freeze.NEW_CGROUP, 5000);
            assertTrue(both.ok(), both.error());
            List<SavedImage.SavedTask> tasks = ImageLoader.load(both.image(), Skeleton.config(),
                    Skeleton.config().tailCheck()).image().tasks();
            assertEquals(List.of(parent, child), tasks.stream().map(SavedImage.SavedTask::pid).toList());
            assertEquals(tasks.get(0).objs().filesRef(), tasks.get(1).objs().filesRef(), "one fd table");
            assertEquals(tasks.get(0).objs().fsRef(), tasks.get(1).objs().fsRef(), "one fs");
            assertNotEquals(tasks.get(0).objs().mmRef(), tasks.get(1).objs().mmRef(), "two mms");
            assertNotEquals(tasks.get(0).objs().sighandRef(), tasks.get(1).objs().sighandRef(), "two sighands");
            assertTrue(both.leaks().stream().noneMatch(l -> l.kind().equals("file table") || l.kind().equals("fs")),
                    both.leaks().toString());

            LiveSnapshot.Outcome alone = LiveSnapshot.take(child, LiveSnapshot.Freeze.NEW_CGROUP, 5000);
            assertTrue(alone.ok(), alone.error());
            for (String kind : List.of("file table", "fs")) {
                LiveSnapshot.Leak l = alone.leaks().stream().filter(x -> x.kind().equals(kind)).findFirst()
                        .orElseThrow(() -> new AssertionError("no " + kind + " leak in " + alone.leaks()));
                assertEquals(List.of("task " + child + " (perl)"), l.inside());
                assertEquals(List.of("task " + parent + " (perl)"), l.outside());
            }
            assertTrue(alone.leaks().stream().noneMatch(l -> l.kind().equals("mm") || l.kind().equals("sighand")),
                    alone.leaks().toString());
        } finally {
            perl.descendants().forEach(ProcessHandle::destroyForcibly);
            perl.destroyForcibly();
        }
    }

    /** MAP_SHARED|MAP_ANONYMOUS memory made before a fork (python3's mmap): one SHMEM, and a leak of the child alone. */
    @Test
    void sharedAnonymousMemoryIsOneObjectAndItsHolderOutsideASubtreeIsNamed() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")),
                "no /usr/bin/python3 to map shared memory with");
        Process py = new ProcessBuilder("/usr/bin/python3", "-c",
                "import mmap, os, time\nos.setsid()\nm = mmap.mmap(-1, 8 * 4096, flags=mmap.MAP_SHARED)\nos.fork()\ntime.sleep(1000)\n")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            for (int i = 0; i < 500 && py.children().count() < 1; i++) {
                Thread.sleep(10);
            }
            int parent = (int) py.pid();
            int child = (int) py.children().findFirst().orElseThrow().pid();

            LiveSnapshot.Outcome both = LiveSnapshot.take(parent, LiveSnapshot.Freeze.NEW_CGROUP, 5000);
            assertTrue(both.ok(), both.error());
            assertTrue(both.leaks().stream().noneMatch(l -> l.kind().equals("shmem")), both.leaks().toString());

            LiveSnapshot.Outcome alone = LiveSnapshot.take(child, LiveSnapshot.Freeze.NEW_CGROUP, 5000);
            assertTrue(alone.ok(), alone.error());
            LiveSnapshot.Leak shm = alone.leaks().stream().filter(l -> l.kind().equals("shmem")).findFirst()
                    .orElseThrow(() -> new AssertionError("no shared memory leak in " + alone.leaks()));
            assertTrue(shm.object().startsWith("shared memory /dev/zero (deleted)"), shm.object());
            assertEquals(List.of("task " + child + " (python3) (a shared mapping)"), shm.inside());
            assertEquals(List.of("task " + parent + " (python3) (a shared mapping)"), shm.outside());
        } finally {
            py.descendants().forEach(ProcessHandle::destroyForcibly);
            py.destroyForcibly();
        }
    }
}
