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
 * Sharing found by kcmp(2): a process cloned with CLONE_FILES|CLONE_FS (perl's syscall(), no
 * helper of this project) shares its parent's fd table and fs, not its mm or sighand; the two are
 * one object each in the snapshot of both, and a leak in the snapshot of the child alone.
 */
class LiveSnapshotSharingTest {

    @BeforeEach
    void needLinux() {
        LinuxHere.assume();
        String why = LiveSnapshotHere.reason();
        if (why == null && !Files.isExecutable(Path.of("/usr/bin/perl"))) {
            why = "no /usr/bin/perl to clone with CLONE_FILES";
        }
        if (why == null && !System.getProperty("os.arch", "").equals("amd64")) {
            why = "the clone system call number used (56) is x86-64's";
        }
        if (why != null) {
            System.out.println("[linux] skipped: " + why);
        }
        String reason = why;
        org.junit.jupiter.api.Assumptions.assumeTrue(why == null, () -> "cannot run here: " + reason);
    }

    @Test
    void kcmpFindsTheSharedFdTableAndFsAndTheirHolderOutsideASubtree() throws Exception {
        // clone(CLONE_FILES | CLONE_FS | SIGCHLD) with a zero stack: the child goes on like after fork()
        Process perl = new ProcessBuilder("/usr/bin/perl", "-e",
                "$p = syscall(56, 0x400 | 0x200 | 17, 0, 0, 0, 0); die \"clone: $!\" if $p < 0; sleep 1000;")
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
}
