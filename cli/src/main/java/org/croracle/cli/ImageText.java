package org.croracle.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

import org.croracle.impl.image.ImageChecker;
import org.croracle.impl.image.ImageFormat;
import org.croracle.impl.image.ImageObject;
import org.croracle.impl.image.ImageRecord;
import org.croracle.impl.image.ReadRecord;
import org.croracle.impl.kernel.Errno;
import org.croracle.impl.kernel.Signal;
import org.croracle.oracle.trace.TextTable;

/** How ckptinfo prints an image: one line per record, the task tree, the objects. */
final class ImageText {
    private ImageText() {}

    static final String LIST_HEADER = String.format("%10s  %-13s %8s  %s", "offset", "type", "length", "summary");

    static String line(ReadRecord r) {
        return String.format("%10d  %-13s %8d  %s", r.offset(), r.type(), r.length(), summary(r.record()));
    }

    /** A short summary of a record's fields. */
    static String summary(ImageRecord r) {
        if (r instanceof ImageRecord.Header h) {
            return String.format("version %d, arch %s, page %d, pid_max %d, max pid ns level %d, nsig %d, time %d, %s, "
                    + "release %s", ImageFormat.FORMAT_VERSION, h.arch() == ImageFormat.ARCH_SIM64 ? "sim64" : h.arch(),
                    h.pageSize(), h.pidMax(), h.maxPidNsLevel(), h.nsig(), h.time(), flags(h.uflags()), quote(h.kernelRelease()));
        } else if (r instanceof ImageRecord.Container c) {
            return String.format("root %d, %d tasks, %s, root pid level %d", c.rootIndex(), c.nrTasks(), flags(c.flags()),
                    c.rootPidLevel());
        } else if (r instanceof ImageRecord.Tree t) {
            return t.entries().size() + " tasks";
        } else if (r instanceof ImageRecord.Task t) {
            StringBuilder b = new StringBuilder(String.format("task %d, uid %d, gid %d", t.taskIndex(), t.uid(), t.gid()));
            if ((t.flags() & ImageRecord.Task.SUBREAPER) != 0) {
                b.append(", subreaper");
            }
            if (t.blockedMask() != 0) {
                b.append(", blocked ").append(signals(t.blockedMask()));
            }
            if (t.pendingMask() != 0) {
                b.append(", pending ").append(signals(t.pendingMask()));
            }
            if (t.doomedBy() != 0) {
                b.append(", doomed by ").append(signal(t.doomedBy()));
            }
            return b.toString();
        } else if (r instanceof ImageRecord.TaskObjs o) {
            return String.format("files %d, mm %d, fs %d, sighand %d", o.filesRef(), o.mmRef(), o.fsRef(), o.sighandRef());
        } else if (r instanceof ImageRecord.ObjRef o) {
            return o.objType() + " objref " + o.objref() + (o.sharedOutside() ? ", shared outside" : "")
                    + ((o.flags() & ~ImageRecord.ObjRef.SHARED_OUTSIDE) != 0 ? ", flags 0x" + Integer.toHexString(o.flags()) : "");
        } else if (r instanceof ImageRecord.FileTable t) {
            StringJoiner j = new StringJoiner(" ", t.fds().size() + " fds:" + (t.fds().isEmpty() ? "" : " "), "");
            t.fds().forEach(e -> j.add(e.fd() + "->" + e.fileRef() + (e.cloexec() ? "(cloexec)" : "")));
            return j.toString();
        } else if (r instanceof ImageRecord.File f) {
            return "inode " + f.inodeRef() + ", position " + f.position() + ", " + access(f.flags());
        } else if (r instanceof ImageRecord.RegularInode i) {
            return quote(i.path()) + ", " + i.content().length + " bytes";
        } else if (r instanceof ImageRecord.PipeInode p) {
            return p.buffer().length + " bytes buffered";
        } else if (r instanceof ImageRecord.SocketInode s) {
            return s.queue().length + " bytes queued, peer " + (s.peerRef() == 0 ? "not yet written" : s.peerRef());
        } else if (r instanceof ImageRecord.Shmem s) {
            return s.nrPages() + " pages";
        } else if (r instanceof ImageRecord.Mm m) {
            return m.nrVmas() + " vmas";
        } else if (r instanceof ImageRecord.Vma v) {
            return String.format("%s, %d pages, %s, file %d, shmem %d", quote(v.name()), v.nrPages(),
                    v.shared() ? "shared" : "private", v.fileRef(), v.shmemRef());
        } else if (r instanceof ImageRecord.PageChunk c) {
            return c.nrPages() == 0 ? "end of pages" : c.nrPages() + (c.nrPages() == 1 ? " page: " : " pages: ") + pageList(c);
        } else if (r instanceof ImageRecord.Fs f) {
            return "cwd " + quote(f.cwd());
        } else if (r instanceof ImageRecord.Sighand s) {
            StringJoiner j = new StringJoiner(", ", s.entries().size() + " entries" + (s.entries().isEmpty() ? "" : ": "), "");
            s.entries().forEach(e -> j.add(signal(e.signal()) + " " + disposition(e.disposition())));
            return j.toString();
        } else if (r instanceof ImageRecord.Tail t) {
            return String.format("crc32c 0x%08x", t.crc());
        } else if (r instanceof ImageRecord.Error e) {
            return errno(e.errno()) + ": " + e.message();
        }
        return "";
    }

    /** "EBUSY (Device or resource busy)", or the number if the kernel does not know it. */
    static String errno(int n) {
        for (Errno e : Errno.values()) {
            if (e.number() == n) {
                return e.name() + " (" + e.description() + ")";
            }
        }
        return "errno " + n;
    }

    static String signal(int n) {
        for (Signal s : Signal.values()) {
            if (s.number() == n) {
                return s.name();
            }
        }
        return "signal " + Integer.toUnsignedString(n);
    }

    private static String signals(long mask) {
        List<String> names = new ArrayList<>();
        for (int n = 1; n <= ImageFormat.NSIG; n++) {
            if ((mask & (1L << (n - 1))) != 0) {
                names.add(signal(n));
            }
        }
        return String.join("|", names);
    }

    private static String disposition(int d) {
        switch (d) {
            case ImageRecord.SigEntry.DEFAULT: return "default";
            case ImageRecord.SigEntry.IGNORE: return "ignore";
            case ImageRecord.SigEntry.HANDLE: return "handle";
            default: return "disposition " + d;
        }
    }

    private static String flags(int uflags) {
        return (uflags & ImageFormat.CHECKPOINT_SUBTREE) != 0 ? "subtree" : "container";
    }

    private static String access(int flags) {
        String s = ((flags & ImageRecord.File.READABLE) != 0 ? "r" : "") + ((flags & ImageRecord.File.WRITABLE) != 0 ? "w" : "");
        return s.isEmpty() ? "no access" : s;
    }

    private static String pageList(ImageRecord.PageChunk c) {
        StringJoiner j = new StringJoiner(" ");
        int shown = Math.min(8, c.nrPages());
        for (int i = 0; i < shown; i++) {
            j.add(Long.toUnsignedString(c.pageIndexes()[i]));
        }
        return j + (shown < c.nrPages() ? " ..." : "");
    }

    /** A string from the image, printable: quoted, control characters escaped. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            if (ch < 0x20 || ch == 0x7f || ch == '"' || ch == '\\') {
                b.append(String.format("\\x%02x", (int) ch));
            } else {
                b.append(ch);
            }
        }
        return b.append('"').toString();
    }

    /** The task tree, indented by depth. */
    static String tree(List<ImageRecord.TreeEntry> tree) {
        TextTable t = new TextTable(new boolean[] {true, false, true, true, true, true, false, false, false},
                "index", "pid", "ppid", "tgid", "pgid", "sid", "state", "exit", "pids (root ns down)");
        int[] depth = new int[tree.size()];
        for (int i = 0; i < tree.size(); i++) {
            ImageRecord.TreeEntry e = tree.get(i);
            int p = e.parentIndex();
            depth[i] = p >= 0 && p < i ? depth[p] + 1 : 0;
            boolean zombie = e.state() == ImageRecord.TreeEntry.ZOMBIE;
            t.add(Integer.toString(i), "  ".repeat(Math.min(depth[i], 40)) + e.pid(), pid(e.ppid()), pid(e.tgid()),
                    pid(e.pgid()), pid(e.sid()),
                    zombie ? "zombie" : e.state() == ImageRecord.TreeEntry.RUNNING ? "running" : "state " + e.state(),
                    zombie ? "code " + e.exitCode() + (e.exitSignal() != 0 ? ", " + signal(e.exitSignal()) : "") : "-",
                    e.pids().toString());
        }
        return t.render();
    }

    private static String pid(int pid) {
        return pid == ImageFormat.CKPT_PID_NULL ? "-" : Integer.toString(pid);
    }

    /** Every object: its type, whether it was shared outside the tree, who uses it. */
    static String objects(ImageChecker checker) {
        TextTable t = new TextTable(new boolean[] {true, false, false, true, false},
                "objref", "type", "shared", "offset", "users");
        for (ImageObject o : checker.objects().values()) {
            t.add(Integer.toString(o.objref()), o.type().toString(), o.sharedOutside() ? "outside" : "-",
                    Long.toString(o.offset()), o.users().isEmpty() ? "(none)" : String.join(", ", o.users()));
        }
        return t.render();
    }
}
