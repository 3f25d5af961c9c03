package org.croracle.impl.image;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One record of an image. Each record knows its {@link RecordType}, encodes its payload, and
 * (package-private, beside its encoder so the two halves are read together) decodes it.
 *
 * <p>Field types say what the reader validates: a field held as an enum or a boolean can only have
 * the values it names (the reader rejects others); an int field is carried as written and its
 * meaning is checked by {@link ImageChecker}. Decoding then encoding reproduces the bytes exactly.
 *
 * <p>Records holding arrays take ownership of them (no copies: a page chunk is up to 1 MiB) and
 * compare them by content.
 */
public sealed interface ImageRecord {

    RecordType type();

    /** Writes the payload (without the {type, len} header and the padding). */
    void encode(PayloadBuffer out);

    /**
     * HEADER: the image's first record. The magic and {@link ImageFormat#FORMAT_VERSION} are
     * written by the encoder and checked by the decoder, so they are not fields.
     *
     * @param time   a logical time: the kernel's step counter, so images are deterministic
     * @param uflags the checkpoint flags ({@link ImageFormat#CHECKPOINT_SUBTREE})
     */
    record Header(int arch, int pageSize, int pidMax, int maxPidNsLevel, int nsig, long time, int uflags,
                  String kernelRelease) implements ImageRecord {
        public Header {
            Objects.requireNonNull(kernelRelease, "kernelRelease");
        }

        /** A header of the simulated machine (sim64, 4096-byte pages, 64 signals). */
        public static Header of(int pidMax, int maxPidNsLevel, long time, int uflags, String kernelRelease) {
            return new Header(ImageFormat.ARCH_SIM64, ImageFormat.PAGE_SIZE, pidMax, maxPidNsLevel, ImageFormat.NSIG,
                    time, uflags, kernelRelease);
        }

        @Override public RecordType type() { return RecordType.HEADER; }

        @Override
        public void encode(PayloadBuffer out) {
            out.u64(ImageFormat.MAGIC_HEAD);
            out.u32(ImageFormat.FORMAT_VERSION);
            out.u32(arch);
            out.u32(pageSize);
            out.u32(pidMax);
            out.u32(maxPidNsLevel);
            out.u32(nsig);
            out.u64(time);
            out.u32(uflags);
            out.string(kernelRelease);
        }

        static Header decode(PayloadInput in) throws ImageFormatException, IOException {
            long at = in.offset();
            long magic = in.u64("magic");
            if (magic != ImageFormat.MAGIC_HEAD) {
                throw in.error(at, String.format("HEADER magic 0x%016x is not 0x%016x: not a checkpoint image", magic,
                        ImageFormat.MAGIC_HEAD));
            }
            at = in.offset();
            int version = in.u32("formatVersion");
            if (version != ImageFormat.FORMAT_VERSION) {
                throw in.error(at, "HEADER formatVersion " + Integer.toUnsignedString(version)
                        + " is not supported (this reader reads version " + ImageFormat.FORMAT_VERSION + ")");
            }
            int arch = in.u32("arch");
            at = in.offset();
            int pageSize = in.u32("pageSize");
            if (pageSize != ImageFormat.PAGE_SIZE) {
                // PGARR's contents are sized by the page size: the only one the format supports.
                throw in.error(at, "HEADER pageSize " + Integer.toUnsignedString(pageSize) + " is not "
                        + ImageFormat.PAGE_SIZE);
            }
            return new Header(arch, pageSize, in.u32("pidMax"), in.u32("maxPidNsLevel"), in.u32("nsig"),
                    in.u64("time"), in.u32("uflags"), in.string("kernelRelease"));
        }
    }

    /**
     * CONTAINER: what was checkpointed. The root is always the first TREE entry (rootIndex 0).
     *
     * @param flags        bit 0: a subtree checkpoint
     * @param rootPidLevel the level of the root's PID namespace (for information)
     */
    record Container(int rootIndex, int nrTasks, int flags, int rootPidLevel) implements ImageRecord {
        @Override public RecordType type() { return RecordType.CONTAINER; }

        @Override
        public void encode(PayloadBuffer out) {
            out.u32(rootIndex);
            out.u32(nrTasks);
            out.u32(flags);
            out.u32(rootPidLevel);
        }

        static Container decode(PayloadInput in) throws ImageFormatException, IOException {
            return new Container(in.u32("rootIndex"), in.u32("nrTasks"), in.u32("flags"), in.u32("rootPidLevel"));
        }
    }

    /** TREE: every task, depth-first (parent before children). */
    record Tree(List<TreeEntry> entries) implements ImageRecord {
        public Tree {
            entries = List.copyOf(entries);
        }

        @Override public RecordType type() { return RecordType.TREE; }

        @Override
        public void encode(PayloadBuffer out) {
            out.u32(entries.size());
            for (TreeEntry e : entries) {
                e.encode(out);
            }
        }

        static Tree decode(PayloadInput in) throws ImageFormatException, IOException {
            int n = in.count("nrTasks", TreeEntry.MIN_BYTES);
            List<TreeEntry> entries = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                entries.add(TreeEntry.decode(in));
            }
            return new Tree(entries);
        }
    }

    /**
     * One task of TREE. Pids are as seen in the root task's own PID namespace; 0 (CKPT_PID_NULL)
     * means not visible there.
     *
     * @param parentIndex the parent's index in TREE, -1 for the root
     * @param state       {@link #RUNNING} or {@link #ZOMBIE}
     * @param exitSignal  0 for none
     * @param pids        the pid vector from the root's namespace level down to the task's own (pids[0] == pid)
     */
    record TreeEntry(int parentIndex, int pid, int ppid, int tgid, int pgid, int sid, int state, int exitCode,
                     int exitSignal, List<Integer> pids) {
        public static final int RUNNING = 0;
        public static final int ZOMBIE = 1;
        /** Ten 4-byte fields and at least one pid. */
        static final int MIN_BYTES = 11 * 4;

        public TreeEntry {
            pids = List.copyOf(pids);
        }

        void encode(PayloadBuffer out) {
            out.i32(parentIndex);
            out.i32(pid);
            out.i32(ppid);
            out.i32(tgid);
            out.i32(pgid);
            out.i32(sid);
            out.u32(state);
            out.i32(exitCode);
            out.u32(exitSignal);
            out.u32(pids.size());
            for (int p : pids) {
                out.i32(p);
            }
        }

        static TreeEntry decode(PayloadInput in) throws ImageFormatException, IOException {
            int parent = in.i32("parentIndex");
            int pid = in.i32("pid");
            int ppid = in.i32("ppid");
            int tgid = in.i32("tgid");
            int pgid = in.i32("pgid");
            int sid = in.i32("sid");
            int state = in.u32("state");
            int exitCode = in.i32("exitCode");
            int exitSignal = in.u32("exitSignal");
            long at = in.offset();
            int n = in.count("nrLevels", 4);
            if (n == 0) {
                throw in.error(at, "TREE nrLevels 0: every task has a pid in the root's namespace");
            }
            List<Integer> pids = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                pids.add(in.i32("pids"));
            }
            return new TreeEntry(parent, pid, ppid, tgid, pgid, sid, state, exitCode, exitSignal, pids);
        }
    }

    /**
     * TASK: one task's own state (credentials included: no separate TASK_CREDS).
     *
     * @param taskIndex   its index in TREE
     * @param flags       {@link #SUBREAPER}
     * @param blockedMask bit n-1 = signal n
     * @param pendingMask bit n-1 = signal n
     * @param doomedBy    a fatal signal already pending, 0 none
     */
    record Task(int taskIndex, int uid, int gid, int flags, long blockedMask, long pendingMask, int doomedBy)
            implements ImageRecord {
        public static final int SUBREAPER = 1;

        @Override public RecordType type() { return RecordType.TASK; }

        @Override
        public void encode(PayloadBuffer out) {
            out.u32(taskIndex);
            out.u32(uid);
            out.u32(gid);
            out.u32(flags);
            out.u64(blockedMask);
            out.u64(pendingMask);
            out.u32(doomedBy);
        }

        static Task decode(PayloadInput in) throws ImageFormatException, IOException {
            return new Task(in.u32("taskIndex"), in.u32("uid"), in.u32("gid"), in.u32("flags"),
                    in.u64("blockedMask"), in.u64("pendingMask"), in.u32("doomedBy"));
        }
    }

    /** TASK_OBJS: the objrefs of a task's objects; all 0 for a zombie, which holds none. */
    record TaskObjs(int filesRef, int mmRef, int fsRef, int sighandRef) implements ImageRecord {
        public static final TaskObjs NONE = new TaskObjs(0, 0, 0, 0);

        @Override public RecordType type() { return RecordType.TASK_OBJS; }

        @Override
        public void encode(PayloadBuffer out) {
            out.i32(filesRef);
            out.i32(mmRef);
            out.i32(fsRef);
            out.i32(sighandRef);
        }

        static TaskObjs decode(PayloadInput in) throws ImageFormatException, IOException {
            return new TaskObjs(in.i32("filesRef"), in.i32("mmRef"), in.i32("fsRef"), in.i32("sighandRef"));
        }
    }

    /**
     * OBJREF: the first occurrence of a shared object; its state records follow.
     *
     * @param objref 1, 2, 3, ... in order of first occurrence
     * @param flags  {@link #SHARED_OUTSIDE}
     */
    record ObjRef(ObjType objType, int objref, int flags) implements ImageRecord {
        /** The object was also referenced from outside the checkpointed tree (SUBTREE checkpoints only). */
        public static final int SHARED_OUTSIDE = 1;

        public ObjRef {
            Objects.requireNonNull(objType, "objType");
        }

        public boolean sharedOutside() {
            return (flags & SHARED_OUTSIDE) != 0;
        }

        @Override public RecordType type() { return RecordType.OBJREF; }

        @Override
        public void encode(PayloadBuffer out) {
            out.u32(objType.code());
            out.u32(objref);
            out.u32(flags);
        }

        static ObjRef decode(PayloadInput in) throws ImageFormatException, IOException {
            long at = in.offset();
            int code = in.u32("objType");
            ObjType t = ObjType.byCode(code).orElseThrow(() -> in.error(at, "OBJREF objType "
                    + Integer.toUnsignedString(code) + " is unknown"));
            return new ObjRef(t, in.u32("objref"), in.u32("flags"));
        }
    }

    /** FILE_TABLE: a task's descriptors, in fd order. */
    record FileTable(List<FdEntry> fds) implements ImageRecord {
        public FileTable {
            fds = List.copyOf(fds);
        }

        @Override public RecordType type() { return RecordType.FILE_TABLE; }

        @Override
        public void encode(PayloadBuffer out) {
            out.u32(fds.size());
            for (FdEntry e : fds) {
                out.u32(e.fd());
                out.i32(e.fileRef());
                out.bool(e.cloexec());
            }
        }

        static FileTable decode(PayloadInput in) throws ImageFormatException, IOException {
            int n = in.count("nrFds", 12);
            List<FdEntry> fds = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                fds.add(new FdEntry(in.u32("fd"), in.i32("fileRef"), in.bool("cloexec")));
            }
            return new FileTable(fds);
        }
    }

    /** One descriptor: its number, the objref of its open file, close-on-exec. */
    record FdEntry(int fd, int fileRef, boolean cloexec) {
    }

    /**
     * FILE: an open file description.
     *
     * @param flags {@link #READABLE} | {@link #WRITABLE}
     */
    record File(int inodeRef, long position, int flags) implements ImageRecord {
        public static final int READABLE = 1;
        public static final int WRITABLE = 2;

        @Override public RecordType type() { return RecordType.FILE; }

        @Override
        public void encode(PayloadBuffer out) {
            out.i32(inodeRef);
            out.u64(position);
            out.u32(flags);
        }

        static File decode(PayloadInput in) throws ImageFormatException, IOException {
            return new File(in.i32("inodeRef"), in.u64("position"), in.u32("flags"));
        }
    }

    /** INODE_REGULAR: a regular file, with its whole content. */
    record RegularInode(String path, byte[] content) implements ImageRecord {
        public RegularInode {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(content, "content");
        }

        @Override public RecordType type() { return RecordType.INODE_REGULAR; }

        @Override
        public void encode(PayloadBuffer out) {
            out.string(path);
            out.blob(content);
        }

        static RegularInode decode(PayloadInput in) throws ImageFormatException, IOException {
            return new RegularInode(in.string("path"), in.blob("content"));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof RegularInode r && path.equals(r.path) && Arrays.equals(content, r.content);
        }

        @Override
        public int hashCode() {
            return 31 * path.hashCode() + Arrays.hashCode(content);
        }

        @Override
        public String toString() {
            return "RegularInode[path=" + path + ", content=" + content.length + " bytes]";
        }
    }

    /** INODE_PIPE: a pipe, with the bytes written to it and not yet read. */
    record PipeInode(byte[] buffer) implements ImageRecord {
        public PipeInode {
            Objects.requireNonNull(buffer, "buffer");
        }

        @Override public RecordType type() { return RecordType.INODE_PIPE; }

        @Override
        public void encode(PayloadBuffer out) {
            out.blob(buffer);
        }

        static PipeInode decode(PayloadInput in) throws ImageFormatException, IOException {
            return new PipeInode(in.blob("buffer"));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PipeInode p && Arrays.equals(buffer, p.buffer);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(buffer);
        }

        @Override
        public String toString() {
            return "PipeInode[buffer=" + buffer.length + " bytes]";
        }
    }

    /**
     * INODE_SOCKET: one end of a connected unix socket pair.
     *
     * @param peerRef the peer's objref, 0 if the peer was not (yet) written: a peer is not a
     *                counted reference, so it is never written inline
     */
    record SocketInode(byte[] queue, int peerRef) implements ImageRecord {
        public SocketInode {
            Objects.requireNonNull(queue, "queue");
        }

        @Override public RecordType type() { return RecordType.INODE_SOCKET; }

        @Override
        public void encode(PayloadBuffer out) {
            out.blob(queue);
            out.i32(peerRef);
        }

        static SocketInode decode(PayloadInput in) throws ImageFormatException, IOException {
            return new SocketInode(in.blob("queue"), in.i32("peerRef"));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SocketInode s && peerRef == s.peerRef && Arrays.equals(queue, s.queue);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(queue) + peerRef;
        }

        @Override
        public String toString() {
            return "SocketInode[queue=" + queue.length + " bytes, peerRef=" + peerRef + "]";
        }
    }

    /** SHMEM: shared memory of nrPages pages; its dirty pages follow as PGARRs, ended by an empty one. */
    record Shmem(int nrPages) implements ImageRecord {
        @Override public RecordType type() { return RecordType.SHMEM; }

        @Override
        public void encode(PayloadBuffer out) {
            out.u32(nrPages);
        }

        static Shmem decode(PayloadInput in) throws ImageFormatException, IOException {
            return new Shmem(in.u32("nrPages"));
        }
    }

    /** MM: an address space; nrVmas VMA records follow. */
    record Mm(int nrVmas) implements ImageRecord {
        @Override public RecordType type() { return RecordType.MM; }

        @Override
        public void encode(PayloadBuffer out) {
            out.u32(nrVmas);
        }

        static Mm decode(PayloadInput in) throws ImageFormatException, IOException {
            return new Mm(in.u32("nrVmas"));
        }
    }

    /**
     * VMA: a region. A private one is followed by its dirty pages as PGARRs; every VMA's pages end
     * with an empty PGARR (a shared region's pages are in its SHMEM, so it has only that).
     *
     * @param flags    {@link #SHARED}
     * @param fileRef  the mapped open file, 0 anonymous
     * @param shmemRef the shared memory of a shared region, 0 private
     */
    record Vma(String name, int nrPages, int flags, int fileRef, int shmemRef) implements ImageRecord {
        public static final int SHARED = 1;

        public Vma {
            Objects.requireNonNull(name, "name");
        }

        public boolean shared() {
            return (flags & SHARED) != 0;
        }

        @Override public RecordType type() { return RecordType.VMA; }

        @Override
        public void encode(PayloadBuffer out) {
            out.string(name);
            out.u32(nrPages);
            out.u32(flags);
            out.i32(fileRef);
            out.i32(shmemRef);
        }

        static Vma decode(PayloadInput in) throws ImageFormatException, IOException {
            return new Vma(in.string("name"), in.u32("nrPages"), in.u32("flags"), in.i32("fileRef"),
                    in.i32("shmemRef"));
        }
    }

    /**
     * PGARR: a chunk of pages: their indexes, then their contents (PAGE_SIZE bytes each, in the
     * same order). An empty chunk ({@link #END}) ends a VMA's or a SHMEM's pages.
     */
    record PageChunk(long[] pageIndexes, byte[] contents) implements ImageRecord {
        public static final PageChunk END = new PageChunk(new long[0], new byte[0]);

        public PageChunk {
            Objects.requireNonNull(pageIndexes, "pageIndexes");
            Objects.requireNonNull(contents, "contents");
            if ((long) pageIndexes.length * ImageFormat.PAGE_SIZE != contents.length) {
                throw new IllegalArgumentException(pageIndexes.length + " pages need "
                        + (long) pageIndexes.length * ImageFormat.PAGE_SIZE + " bytes of contents, not " + contents.length);
            }
        }

        /** A chunk whose page i is filled with fill[i] (the simulated kernel's pages are one byte repeated). */
        public static PageChunk filled(long[] pageIndexes, byte[] fill) {
            byte[] contents = new byte[pageIndexes.length * ImageFormat.PAGE_SIZE];
            for (int i = 0; i < pageIndexes.length; i++) {
                Arrays.fill(contents, i * ImageFormat.PAGE_SIZE, (i + 1) * ImageFormat.PAGE_SIZE, fill[i]);
            }
            return new PageChunk(pageIndexes.clone(), contents);
        }

        public int nrPages() {
            return pageIndexes.length;
        }

        /** Page i's contents (a copy). */
        public byte[] page(int i) {
            return Arrays.copyOfRange(contents, i * ImageFormat.PAGE_SIZE, (i + 1) * ImageFormat.PAGE_SIZE);
        }

        /** The byte page i is filled with (0..255), or -1 if its bytes differ. */
        public int fillByte(int i) {
            int from = i * ImageFormat.PAGE_SIZE;
            byte b = contents[from];
            for (int k = from + 1; k < from + ImageFormat.PAGE_SIZE; k++) {
                if (contents[k] != b) {
                    return -1;
                }
            }
            return b & 0xff;
        }

        @Override public RecordType type() { return RecordType.PGARR; }

        @Override
        public void encode(PayloadBuffer out) {
            out.u32(pageIndexes.length);
            for (long p : pageIndexes) {
                out.u64(p);
            }
            out.bytes(contents);
        }

        static PageChunk decode(PayloadInput in) throws ImageFormatException, IOException {
            int n = in.count("nrPages", 8 + ImageFormat.PAGE_SIZE);
            long[] indexes = in.u64s("pageIndex", n);
            return new PageChunk(indexes, in.pages("contents", n * ImageFormat.PAGE_SIZE));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PageChunk c && Arrays.equals(pageIndexes, c.pageIndexes)
                    && Arrays.equals(contents, c.contents);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(pageIndexes) + Arrays.hashCode(contents);
        }

        @Override
        public String toString() {
            return "PageChunk[" + pageIndexes.length + " pages"
                    + (pageIndexes.length > 0 ? ", first " + pageIndexes[0] : "") + "]";
        }
    }

    /** FS: a task's filesystem context. */
    record Fs(String cwd) implements ImageRecord {
        public Fs {
            Objects.requireNonNull(cwd, "cwd");
        }

        @Override public RecordType type() { return RecordType.FS; }

        @Override
        public void encode(PayloadBuffer out) {
            out.string(cwd);
        }

        static Fs decode(PayloadInput in) throws ImageFormatException, IOException {
            return new Fs(in.string("cwd"));
        }
    }

    /** SIGHAND: the signal dispositions that are not the default. */
    record Sighand(List<SigEntry> entries) implements ImageRecord {
        public Sighand {
            entries = List.copyOf(entries);
        }

        @Override public RecordType type() { return RecordType.SIGHAND; }

        @Override
        public void encode(PayloadBuffer out) {
            out.u32(entries.size());
            for (SigEntry e : entries) {
                out.u32(e.signal());
                out.u32(e.disposition());
            }
        }

        static Sighand decode(PayloadInput in) throws ImageFormatException, IOException {
            int n = in.count("nr", 8);
            List<SigEntry> entries = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                entries.add(new SigEntry(in.u32("signal"), in.u32("disposition")));
            }
            return new Sighand(entries);
        }
    }

    /** One signal's disposition: {@link #DEFAULT}, {@link #IGNORE} or {@link #HANDLE}. */
    record SigEntry(int signal, int disposition) {
        public static final int DEFAULT = 0;
        public static final int IGNORE = 1;
        public static final int HANDLE = 2;
    }

    /** TAIL: the end of a complete image, with the CRC32C of every byte before it. */
    record Tail(int crc) implements ImageRecord {
        @Override public RecordType type() { return RecordType.TAIL; }

        @Override
        public void encode(PayloadBuffer out) {
            out.u64(ImageFormat.MAGIC_TAIL);
            out.u32(crc);
        }

        static Tail decode(PayloadInput in) throws ImageFormatException, IOException {
            long at = in.offset();
            long magic = in.u64("magic");
            if (magic != ImageFormat.MAGIC_TAIL) {
                throw in.error(at, String.format("TAIL magic 0x%016x is not 0x%016x", magic, ImageFormat.MAGIC_TAIL));
            }
            return new Tail(in.u32("crc32c"));
        }
    }

    /**
     * ERROR: the end of the image of a failed checkpoint. Like linux-cr, the message is written
     * with a leading NUL byte (the reader strips it), so a reader can find it scanning backwards.
     */
    record Error(int errno, String message) implements ImageRecord {
        public Error {
            Objects.requireNonNull(message, "message");
        }

        @Override public RecordType type() { return RecordType.ERROR; }

        @Override
        public void encode(PayloadBuffer out) {
            out.i32(errno);
            out.nulString(message);
        }

        static Error decode(PayloadInput in) throws ImageFormatException, IOException {
            return new Error(in.i32("errno"), in.nulString("message"));
        }
    }
}
