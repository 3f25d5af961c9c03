package org.croracle.cli;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.croracle.impl.image.ImageRecord;
import org.croracle.impl.image.ObjType;
import org.croracle.impl.image.RecordType;
import org.croracle.impl.image.ReadRecord;
import org.croracle.impl.restart.SavedImage;

/** The per-task views of ckptinfo (like crit x): file descriptors, memory, and a summary by record type. */
final class ImageViews {
    private ImageViews() {}

    /** --fds: per task, each fd with its objref, kind, offset, access and close-on-exec. */
    static String fds(SavedImage image) {
        StringBuilder b = new StringBuilder(String.format("%5s %6s %4s  %-8s %7s %10s %-6s %s%n",
                "task", "pid", "fd", "file", "inode", "offset", "access", "cloexec"));
        for (SavedImage.SavedTask t : image.tasks()) {
            SavedImage.SavedObject table = image.objects().get(t.objs().filesRef());
            if (table == null) {
                continue;
            }
            for (ImageRecord.FdEntry fd : ((ImageRecord.FileTable) table.records().get(0)).fds()) {
                ImageRecord.File f = (ImageRecord.File) image.objects().get(fd.fileRef()).records().get(0);
                SavedImage.SavedObject inode = image.objects().get(f.inodeRef());
                b.append(String.format("%5d %6d %4d  objref %-2d %-13s %10d %-6s %s%n", t.index(), t.pid(), fd.fd(),
                        fd.fileRef(), kind(inode) + " " + f.inodeRef(), f.position(), access(f.flags()),
                        fd.cloexec() ? "yes" : "no"));
            }
        }
        return b.toString();
    }

    /** --mems: per task, each region with its size, sharing and dirty pages. */
    static String mems(SavedImage image) {
        StringBuilder b = new StringBuilder(String.format("%5s %6s %5s  %-12s %6s %-7s %-12s %s%n",
                "task", "pid", "mm", "region", "pages", "sharing", "backing", "dirty pages"));
        for (SavedImage.SavedTask t : image.tasks()) {
            SavedImage.SavedObject mm = image.objects().get(t.objs().mmRef());
            if (mm == null) {
                continue;
            }
            List<ImageRecord> r = mm.records();
            for (int i = 1; i < r.size(); i++) {
                if (!(r.get(i) instanceof ImageRecord.Vma v)) {
                    continue;
                }
                int dirty = 0;
                for (int k = i + 1; k < r.size() && r.get(k) instanceof ImageRecord.PageChunk c && c.nrPages() > 0; k++) {
                    dirty += c.nrPages();
                }
                boolean shared = (v.flags() & ImageRecord.Vma.SHARED) != 0;
                if (shared && v.shmemRef() != 0) {
                    dirty = pagesOf(image.objects().get(v.shmemRef()));
                }
                String backing = v.fileRef() != 0 ? "file " + v.fileRef() : shared ? "shmem " + v.shmemRef() : "anonymous";
                b.append(String.format("%5d %6d %5d  %-12s %6d %-7s %-12s %d%n", t.index(), t.pid(), t.objs().mmRef(),
                        v.name(), v.nrPages(), shared ? "shared" : "private", backing, dirty));
            }
        }
        return b.toString();
    }

    private static int pagesOf(SavedImage.SavedObject shmem) {
        int n = 0;
        for (ImageRecord r : shmem.records()) {
            if (r instanceof ImageRecord.PageChunk c) {
                n += c.nrPages();
            }
        }
        return n;
    }

    /** --summary: how many records of each type, and their bytes. */
    static String summary(List<ReadRecord> records, long fileBytes) {
        Map<RecordType, long[]> by = new TreeMap<>();
        long total = 0;
        for (ReadRecord r : records) {
            long[] c = by.computeIfAbsent(r.type(), k -> new long[2]);
            c[0]++;
            c[1] += r.length();
            total += r.length();
        }
        StringBuilder b = new StringBuilder(String.format("%-14s %8s %14s%n", "type", "records", "bytes"));
        for (Map.Entry<RecordType, long[]> e : by.entrySet()) {
            b.append(String.format("%-14s %,8d %,14d%n", e.getKey().name(), e.getValue()[0], e.getValue()[1]));
        }
        // records start on 8-byte boundaries: the bytes between them make the total the file's size
        b.append(String.format("%-14s %8s %,14d%n", "(alignment)", "-", fileBytes - total));
        b.append(String.format("%-14s %,8d %,14d%n", "total", records.size(), fileBytes));
        return b.toString();
    }

    private static String kind(SavedImage.SavedObject inode) {
        if (inode == null) {
            return "-";
        }
        ObjType t = inode.type();
        return switch (t) {
            case INODE_REGULAR -> "regular";
            case INODE_PIPE -> "pipe";
            case INODE_SOCKET -> "socket";
            default -> t.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String access(int flags) {
        return ((flags & ImageRecord.File.READABLE) != 0 ? "r" : "") + ((flags & ImageRecord.File.WRITABLE) != 0 ? "w" : "");
    }
}
