package org.croracle.impl.fs;

import org.croracle.impl.kernel.FdTable;
import org.croracle.impl.kernel.Inode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.croracle.impl.kernel.Errno;
import org.croracle.impl.kernel.ForkOptions;
import org.croracle.impl.syscall.Kernel;
import org.croracle.impl.kernel.KernelInvariants;
import org.croracle.impl.kernel.Task;
import org.junit.jupiter.api.Test;

/** Reference counts count every holder, exactly, down to 0. */
class RefcountTest {

    static int fileAt(Kernel k, int pid, int fd) {
        Task t = k.state().tasks().get(pid);
        return k.state().objects().get(t.res().files(), FdTable.class).fds().get(fd).file();
    }

    static int refs(Kernel k, int id) {
        return k.state().objects().refcount(id);
    }

    static void consistent(Kernel k) {
        assertEquals(List.of(), KernelInvariants.violations(k.state()));
    }

    @Test
    void aFileSharedByThreeTasksThroughForkDupAndCloneFiles() {
        Kernel k = new Kernel();
        int a = k.fork(1, ForkOptions.PLAIN).value();
        k.open(a, "/data", 3, true, true);
        int file = fileAt(k, a, 3);
        assertEquals(1, refs(k, file), "a's fd 3");
        k.dup(a, 3, 4);
        assertEquals(2, refs(k, file), "fds 3 and 4 of a");
        int b = k.fork(a, ForkOptions.PLAIN).value();
        assertEquals(4, refs(k, file), "b's copy of the fd table holds it twice more");
        int c = k.fork(b, new ForkOptions(null, false, false, true, false, false, false, false)).value();
        assertEquals(4, refs(k, file), "c shares b's fd table: the table's count grows, not the file's");
        int table = k.state().tasks().get(b).res().files();
        assertEquals(2, refs(k, table));
        consistent(k);

        k.close(a, 4);
        assertEquals(3, refs(k, file));
        k.exit(a, 0);
        assertEquals(2, refs(k, file), "a's table is gone");
        k.close(c, 3);
        assertEquals(1, refs(k, file), "c closed fd 3 of the table it shares with b");
        k.exit(b, 0);
        assertEquals(1, refs(k, file), "the table lives on in c");
        assertEquals(1, refs(k, table));
        k.exit(c, 0);
        assertNull(k.state().objects().get(file), "the last holder is gone: freed");
        assertNull(k.state().objects().get(table));
        int inode = k.state().paths().get("/data");
        assertEquals(1, refs(k, inode), "the path still holds the inode");
        consistent(k);
    }

    @Test
    void pipesAndSocketsCarryBytes() {
        Kernel k = new Kernel();
        int a = k.fork(1, ForkOptions.PLAIN).value();
        k.pipe(a, 4, 5);
        assertEquals(5, k.send(a, 5, "hello").value());
        assertEquals(Errno.EBADF, k.send(a, 4, "x").errno(), "the read end is not writable");
        assertEquals("hel", k.recv(a, 4, 3).value());
        assertEquals(Errno.ESPIPE, k.seek(a, 4, 0).errno());
        k.close(a, 4);
        assertEquals(Errno.EPIPE, k.send(a, 5, "x").errno(), "no reader left");
        k.socketpair(a, 6, 7);
        k.send(a, 6, "ping");
        assertEquals(Errno.EAGAIN, k.recv(a, 6, 4).errno(), "nothing queued for this end");
        assertEquals("ping", k.recv(a, 7, 10).value());
        k.close(a, 7);
        assertEquals(Errno.EPIPE, k.send(a, 6, "x").errno());
        consistent(k);
    }

    @Test
    void sharedMemoryStaysSharedAcrossForkAndPrivateMemoryIsCopied() {
        Kernel k = new Kernel();
        int a = k.fork(1, ForkOptions.PLAIN).value();
        k.mmap(a, "shm", 2, true, null);
        k.mmap(a, "heap", 2, false, null);
        k.writePage(a, "heap", 0, 7);
        int b = k.fork(a, ForkOptions.PLAIN).value();
        k.writePage(b, "shm", 1, 9);
        k.writePage(b, "heap", 0, 8);
        var mmA = k.state().objects().get(k.state().tasks().get(a).res().mm(), org.croracle.impl.kernel.Mm.class);
        var mmB = k.state().objects().get(k.state().tasks().get(b).res().mm(), org.croracle.impl.kernel.Mm.class);
        assertEquals(7, mmA.vmas().get("heap").content().get(0), "b wrote its own copy");
        assertEquals(8, mmB.vmas().get("heap").content().get(0));
        int shm = mmA.vmas().get("shm").shmem();
        assertEquals(shm, mmB.vmas().get("shm").shmem());
        assertEquals(9, k.state().objects().get(shm, Inode.Shmem.class).pages().get(1), "a sees b's write");
        assertEquals(Errno.EINVAL, k.writePage(a, "heap", 2, 1).errno(), "past the end");
        assertTrue(k.mmap(a, "f", 1, false, "/map").isOk());
        consistent(k);
    }
}
