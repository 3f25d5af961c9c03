package org.croracle.impl.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.croracle.impl.image.ImageRecord.Container;
import org.croracle.impl.image.ImageRecord.FdEntry;
import org.croracle.impl.image.ImageRecord.FileTable;
import org.croracle.impl.image.ImageRecord.Fs;
import org.croracle.impl.image.ImageRecord.Header;
import org.croracle.impl.image.ImageRecord.Mm;
import org.croracle.impl.image.ImageRecord.ObjRef;
import org.croracle.impl.image.ImageRecord.PageChunk;
import org.croracle.impl.image.ImageRecord.PipeInode;
import org.croracle.impl.image.ImageRecord.RegularInode;
import org.croracle.impl.image.ImageRecord.Shmem;
import org.croracle.impl.image.ImageRecord.SigEntry;
import org.croracle.impl.image.ImageRecord.Sighand;
import org.croracle.impl.image.ImageRecord.SocketInode;
import org.croracle.impl.image.ImageRecord.Task;
import org.croracle.impl.image.ImageRecord.TaskObjs;
import org.croracle.impl.image.ImageRecord.Tree;
import org.croracle.impl.image.ImageRecord.TreeEntry;
import org.croracle.impl.image.ImageRecord.Vma;

/**
 * A small but complete image, written the way checkpoint writes one: a container of three tasks
 * (init, a child sharing init's fd table, a zombie) with every kind of object, shared memory and
 * dirty pages. Tests corrupt it, re-encode it and check it.
 */
final class SampleImage {
    private SampleImage() {}

    static Header header(int uflags) {
        return Header.of(32768, 32, 42, uflags, "2.6.33-cr-sim");
    }

    static TreeEntry entry(int parent, int pid, int ppid, int state, List<Integer> pids) {
        return new TreeEntry(parent, pid, ppid, pid, 1, 1, state, state == TreeEntry.ZOMBIE ? 3 : 0,
                state == TreeEntry.ZOMBIE ? 17 : 0, pids);
    }

    /** The records before the TAIL, one of every type but TAIL and ERROR. */
    static List<ImageRecord> records() {
        List<ImageRecord> r = new ArrayList<>();
        r.add(header(0));
        r.add(new Container(0, 3, 0, 0));
        r.add(new Tree(List.of(
                entry(-1, 1, 0, TreeEntry.RUNNING, List.of(1)),
                entry(0, 2, 1, TreeEntry.RUNNING, List.of(2)),
                entry(0, 3, 1, TreeEntry.ZOMBIE, List.of(3)))));
        // task 0: every kind of object, first seen here
        r.add(new Task(0, 0, 0, Task.SUBREAPER, 1L << (10 - 1), 1L << (12 - 1), 0));
        r.add(new ObjRef(ObjType.FILE_TABLE, 1, 0));
        r.add(new ObjRef(ObjType.FILE, 2, 0));
        r.add(new ObjRef(ObjType.INODE_REGULAR, 3, 0));
        r.add(new RegularInode("/etc/motd", "hello\n".getBytes(StandardCharsets.UTF_8)));
        r.add(new ImageRecord.File(3, 6, ImageRecord.File.READABLE));
        r.add(new ObjRef(ObjType.FILE, 4, 0));
        r.add(new ObjRef(ObjType.INODE_PIPE, 5, 0));
        r.add(new PipeInode(new byte[] {1, 2, 3}));
        r.add(new ImageRecord.File(5, 0, ImageRecord.File.WRITABLE));
        r.add(new ObjRef(ObjType.FILE, 6, 0));
        r.add(new ObjRef(ObjType.INODE_SOCKET, 7, 0));
        r.add(new SocketInode("ping".getBytes(StandardCharsets.UTF_8), 0));
        r.add(new ImageRecord.File(7, 0, ImageRecord.File.READABLE | ImageRecord.File.WRITABLE));
        r.add(new ObjRef(ObjType.FILE, 8, 0));
        r.add(new ObjRef(ObjType.INODE_SOCKET, 9, 0));
        r.add(new SocketInode(new byte[0], 7));
        r.add(new ImageRecord.File(9, 0, ImageRecord.File.READABLE | ImageRecord.File.WRITABLE));
        r.add(new FileTable(List.of(new FdEntry(0, 2, false), new FdEntry(1, 4, false), new FdEntry(2, 6, true),
                new FdEntry(5, 8, false))));
        r.add(new ObjRef(ObjType.MM, 10, 0));
        r.add(new ObjRef(ObjType.SHMEM, 11, 0));
        r.add(new Shmem(4));
        r.add(PageChunk.filled(new long[] {1, 3}, new byte[] {7, (byte) 0xff}));
        r.add(PageChunk.END);
        r.add(new Mm(2));
        r.add(new Vma("heap", 16, 0, 2, 0));
        r.add(PageChunk.filled(new long[] {0, 1, 2}, new byte[] {1, 2, 3}));
        r.add(PageChunk.filled(new long[] {9}, new byte[] {4}));
        r.add(PageChunk.END);
        r.add(new Vma("shm", 4, Vma.SHARED, 0, 11));
        r.add(PageChunk.END);
        r.add(new ObjRef(ObjType.FS, 12, 0));
        r.add(new Fs("/"));
        r.add(new ObjRef(ObjType.SIGHAND, 13, 0));
        r.add(new Sighand(List.of(new SigEntry(2, SigEntry.IGNORE), new SigEntry(15, SigEntry.HANDLE))));
        r.add(new TaskObjs(1, 10, 12, 13));
        // task 1: shares task 0's fd table (CLONE_FILES); the rest its own
        r.add(new Task(1, 1000, 1000, 0, 0, 0, 0));
        r.add(new ObjRef(ObjType.MM, 14, 0));
        r.add(new Mm(0));
        r.add(new ObjRef(ObjType.FS, 15, 0));
        r.add(new Fs("/home/ünïcode"));
        r.add(new ObjRef(ObjType.SIGHAND, 16, 0));
        r.add(new Sighand(List.of()));
        r.add(new TaskObjs(1, 14, 15, 16));
        // task 2: a zombie holds nothing
        r.add(new Task(2, 0, 0, 0, 0, 0, 0));
        r.add(TaskObjs.NONE);
        return r;
    }

    /** The complete image: the records and a TAIL. */
    static byte[] bytes() {
        return write(records(), true);
    }

    /** The records written, then a TAIL with the right CRC if asked. */
    static byte[] write(List<ImageRecord> records, boolean tail) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageWriter w = new ImageWriter(out)) {
            for (ImageRecord r : records) {
                w.write(r);
            }
            if (tail) {
                w.writeTail();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** An image of a failed checkpoint: only ERROR, as checkpoint writes when it fails early. */
    static byte[] errorImage(int errno, String message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageWriter w = new ImageWriter(out)) {
            w.writeError(errno, message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The image with the u32 at {@code offset} replaced. */
    static byte[] withU32(byte[] image, long offset, int value) {
        byte[] b = image.clone();
        for (int i = 0; i < 4; i++) {
            b[(int) offset + i] = (byte) (value >>> (8 * i));
        }
        return b;
    }

    static int u32(byte[] image, long offset) {
        int v = 0;
        for (int i = 3; i >= 0; i--) {
            v = (v << 8) | (image[(int) offset + i] & 0xff);
        }
        return v;
    }

    /** The image with the TAIL's CRC recomputed, so a change deeper in the image gets past the CRC check. */
    static byte[] withValidCrc(byte[] image, long tailOffset) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(image, 0, (int) tailOffset);
        return withU32(image, tailOffset + 16, (int) crc.getValue());
    }
}
