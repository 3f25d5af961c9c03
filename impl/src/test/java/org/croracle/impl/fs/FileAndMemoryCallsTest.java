package org.croracle.impl.fs;

import org.croracle.impl.kernel.FdTable;
import org.croracle.impl.kernel.Inode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.croracle.impl.kernel.Errno;
import org.croracle.impl.kernel.ForkOptions;
import org.croracle.impl.syscall.Kernel;
import org.croracle.impl.kernel.KernelInvariants;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Result;
import org.croracle.impl.kernel.Signal;
import org.croracle.impl.kernel.Task;
import org.croracle.impl.kernel.Mm;
import org.croracle.impl.kernel.Sighand;
import org.junit.jupiter.api.Test;

/**
 * The contracts of the fd, file, memory and credential calls: what each does to the objects, the
 * errno of each way it can be misused, and that a failed call changes nothing.
 */
class FileAndMemoryCallsTest {

    final Kernel k = new Kernel();
    final int a = k.fork(1, ForkOptions.PLAIN).value();

    /** The call fails with errno and leaves the kernel as it was. */
    <T> void fails(Errno errno, java.util.function.Supplier<Result<T>> call) {
        KernelState before = k.state();
        Result<T> r = call.get();
        assertEquals(errno, r.errno(), r::toString);
        assertEquals(before, k.state(), "a failed call changed the kernel");
    }

    Mm.Vma vma(String name) {
        Task t = k.state().tasks().get(a);
        return k.state().objects().get(t.res().mm(), Mm.class).vmas().get(name);
    }

    @Test
    void pipesAndSocketPairsNeedTwoDistinctFds() {
        fails(Errno.EBADF, () -> k.pipe(a, 3, 3));
        fails(Errno.EBADF, () -> k.pipe(a, -1, 3));
        fails(Errno.EBADF, () -> k.pipe(a, 3, -1));
        fails(Errno.EBADF, () -> k.socketpair(a, 4, 4));
        fails(Errno.EBADF, () -> k.socketpair(a, -1, 4));
        fails(Errno.EBADF, () -> k.socketpair(a, 4, -1));
        assertTrue(k.pipe(a, 0, 1).isOk());
        assertTrue(k.socketpair(a, 2, 3).isOk());
    }

    /** Linux refuses an fd at or above RLIMIT_NOFILE (1024 by default) with EBADF, wherever it is chosen. */
    @Test
    void noCallInstallsAFileAtOrAboveRlimitNofile() {
        fails(Errno.EBADF, () -> k.open(a, "/f", 1024, true, false));
        fails(Errno.EBADF, () -> k.open(a, "/f", 2_000_000, true, false));
        fails(Errno.EBADF, () -> k.pipe(a, 3, 1024));
        fails(Errno.EBADF, () -> k.socketpair(a, 1024, 3));
        assertTrue(k.open(a, "/f", 1023, true, false).isOk(), "the last fd below the limit");
        fails(Errno.EBADF, () -> k.dup(a, 1023, 1024));
        assertTrue(k.dup(a, 1023, 0).isOk());
        Result<Integer> r = k.open(a, "/f", 1024, true, false);
        assertEquals("fd 1024 is outside 0..1023 (RLIMIT_NOFILE 1024)", r.reason());
    }

    @Test
    void aPipeIsAFifoWithAReadEndAndAWriteEnd() {
        assertTrue(k.pipe(a, 3, 4).isOk());
        fails(Errno.EAGAIN, () -> k.recv(a, 3, 1));
        assertEquals(5, k.send(a, 4, "hello").value());
        assertEquals(2, k.send(a, 4, "!!").value());
        fails(Errno.EBADF, () -> k.send(a, 3, "x"));
        fails(Errno.EBADF, () -> k.recv(a, 4, 1));
        fails(Errno.EINVAL, () -> k.recv(a, 3, -1));
        assertEquals("", k.recv(a, 3, 0).value());
        assertEquals("hel", k.recv(a, 3, 3).value());
        assertEquals("lo!!", k.recv(a, 3, 10).value());
        fails(Errno.EAGAIN, () -> k.recv(a, 3, 1));
        assertTrue(k.close(a, 4).isOk());
        assertEquals("", k.recv(a, 3, 1).value(), "no writer left: end of file");
        assertTrue(k.pipe(a, 5, 6).isOk());
        assertTrue(k.close(a, 5).isOk());
        fails(Errno.EPIPE, () -> k.send(a, 6, "x"));
    }

    @Test
    void aSocketQueuesOnItsPeer() {
        assertTrue(k.socketpair(a, 3, 4).isOk());
        assertEquals(2, k.send(a, 3, "ab").value());
        fails(Errno.EAGAIN, () -> k.recv(a, 3, 1));
        assertEquals("a", k.recv(a, 4, 1).value());
        assertEquals("b", k.recv(a, 4, 5).value());
        fails(Errno.EAGAIN, () -> k.recv(a, 4, 1));
        assertTrue(k.close(a, 3).isOk());
        assertEquals("", k.recv(a, 4, 1).value(), "the peer is gone: end of file");
        fails(Errno.EPIPE, () -> k.send(a, 4, "x"));
    }

    @Test
    void aRegularFileHasAnOffsetThatReadsWritesAndSeeksMove() {
        assertTrue(k.open(a, "/f", 3, true, true).isOk());
        assertEquals(3, k.send(a, 3, "abc").value());
        assertEquals("", k.recv(a, 3, 5).value(), "at the end");
        assertEquals(1L, k.seek(a, 3, 1).value());
        assertEquals("bc", k.recv(a, 3, 5).value());
        assertEquals(5L, k.seek(a, 3, 5).value());
        assertEquals(1, k.send(a, 3, "z").value());
        assertEquals(0L, k.seek(a, 3, 0).value());
        assertEquals("abc\0\0z", k.recv(a, 3, 10).value(), "a hole reads as zeros");
        fails(Errno.EBADF, () -> k.seek(a, 9, 0));
        fails(Errno.EINVAL, () -> k.seek(a, 3, -1));
        assertTrue(k.open(a, "/f", 4, true, false).isOk());
        fails(Errno.EBADF, () -> k.send(a, 4, "x"));
        assertEquals("abc", k.recv(a, 4, 3).value(), "its own offset");
    }

    @Test
    void dupSharesTheOpenFileAndItsOffset() {
        assertTrue(k.open(a, "/f", 3, true, true).isOk());
        k.send(a, 3, "abcdef");
        k.seek(a, 3, 0);
        assertEquals(7, k.dup(a, 3, 7).value());
        assertEquals("ab", k.recv(a, 7, 2).value());
        assertEquals("cd", k.recv(a, 3, 2).value(), "one offset for both fds");
        assertEquals(3, k.dup(a, 3, 3).value(), "dup onto itself: nothing changes");
        fails(Errno.EBADF, () -> k.dup(a, 8, 9));
        fails(Errno.EBADF, () -> k.dup(a, 3, -1));
        assertEquals(0, k.dup(a, 3, 0).value());
    }

    @Test
    void cloexecIsPerFd() {
        assertTrue(k.open(a, "/f", 3, true, true).isOk());
        k.dup(a, 3, 4);
        assertTrue(k.cloexec(a, 3, true).isOk());
        FdTable t = k.state().objects().get(k.state().tasks().get(a).res().files(), FdTable.class);
        assertTrue(t.fds().get(3).cloexec());
        assertTrue(!t.fds().get(4).cloexec());
        fails(Errno.EBADF, () -> k.cloexec(a, 9, true));
        assertTrue(k.cloexec(a, 3, false).isOk());
        t = k.state().objects().get(k.state().tasks().get(a).res().files(), FdTable.class);
        assertTrue(!t.fds().get(3).cloexec());
    }

    @Test
    void regionsHavePagesThatWritesAndFillsDirty() {
        fails(Errno.EINVAL, () -> k.mmap(a, "m", 0, false, null));
        assertTrue(k.mmap(a, "m", 1, false, null).isOk());
        fails(Errno.EINVAL, () -> k.mmap(a, "m", 1, false, null));
        assertTrue(k.mmap(a, "n", 3, false, null).isOk());
        fails(Errno.EINVAL, () -> k.writePage(a, "n", 3, 1));
        fails(Errno.EINVAL, () -> k.writePage(a, "n", -1, 1));
        fails(Errno.EINVAL, () -> k.writePage(a, "n", 0, 256));
        fails(Errno.EINVAL, () -> k.writePage(a, "n", 0, -1));
        fails(Errno.EINVAL, () -> k.writePage(a, "x", 0, 1));
        assertTrue(k.writePage(a, "n", 2, 255).isOk());
        assertTrue(k.writePage(a, "n", 0, 0).isOk());
        assertEquals(Map.of(0, 0, 2, 255), vma("n").content());
        assertEquals(java.util.Set.of(0, 2), vma("n").dirty());
        fails(Errno.EINVAL, () -> k.fill(a, "x", 1));
        fails(Errno.EINVAL, () -> k.fill(a, "n", 256));
        fails(Errno.EINVAL, () -> k.fill(a, "n", -1));
        assertTrue(k.fill(a, "n", 255).isOk());
        assertEquals(Map.of(0, 255, 1, 255, 2, 255), vma("n").content());
        assertEquals(java.util.Set.of(0, 1, 2), vma("n").dirty());
        assertTrue(k.fill(a, "m", 0).isOk());
        assertEquals(Map.of(0, 0), vma("m").content());
    }

    @Test
    void aSharedRegionKeepsItsPagesInItsShmemWhichAForkShares() {
        assertTrue(k.mmap(a, "s", 2, true, null).isOk());
        int child = k.fork(a, ForkOptions.PLAIN).value();
        assertTrue(k.writePage(child, "s", 1, 9).isOk());
        var shmem = k.state().objects().get(vma("s").shmem(), org.croracle.impl.kernel.Inode.Shmem.class);
        assertEquals(Map.of(1, 9), shmem.pages(), "the parent sees the child's write");
        assertEquals(Map.of(), vma("s").content());
        assertTrue(k.fill(a, "s", 4).isOk());
        shmem = k.state().objects().get(vma("s").shmem(), org.croracle.impl.kernel.Inode.Shmem.class);
        assertEquals(Map.of(0, 4, 1, 4), shmem.pages());
        assertEquals(List.of(), KernelInvariants.violations(k.state()));
    }

    @Test
    void aFileBackedRegionOpensItsFile() {
        assertTrue(k.mmap(a, "f", 1, false, "/lib").isOk());
        assertTrue(vma("f").file() != 0);
        assertTrue(k.state().paths().containsKey("/lib"));
        assertTrue(k.open(a, "/lib", 3, true, false).isOk(), "the same file");
    }

    @Test
    void onlyAPrivilegedTaskChangesItsGid() {
        assertTrue(k.setgid(a, 5).isOk());
        assertEquals(5, k.state().tasks().get(a).gid());
        fails(Errno.EINVAL, () -> k.setgid(a, -1));
        assertTrue(k.setuid(a, 1000).isOk());
        fails(Errno.EPERM, () -> k.setgid(a, 6));
        assertTrue(k.setgid(a, 5).isOk(), "its own gid");
        fails(Errno.ESRCH, () -> k.setgid(999, 1));
    }

    @Test
    void aParentThatIgnoresSigchldHasItsChildrenReapedAtOnce() {
        assertTrue(k.sigaction(a, Signal.SIGCHLD, Sighand.Disposition.IGNORE).isOk());
        int child = k.fork(a, ForkOptions.PLAIN).value();
        assertTrue(k.exit(child, 3).isOk());
        assertTrue(!k.state().tasks().containsKey(child), "autoreaped");
        fails(Errno.ECHILD, () -> k.wait(a, child));
        int other = k.fork(1, ForkOptions.PLAIN).value();
        int grandchild = k.fork(other, ForkOptions.PLAIN).value();
        assertTrue(k.exit(grandchild, 0).isOk());
        assertTrue(k.state().tasks().get(grandchild).isZombie(), "its parent does not ignore SIGCHLD");
    }
}
