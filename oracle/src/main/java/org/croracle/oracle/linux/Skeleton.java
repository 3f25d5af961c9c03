package org.croracle.oracle.linux;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.croracle.impl.image.ImageRecord;
import org.croracle.impl.image.ImageWriter;
import org.croracle.impl.image.ObjType;
import org.croracle.impl.restart.ImageLoader;
import org.croracle.impl.restart.SavedImage;
import org.croracle.impl.syscall.KernelConfig;

/**
 * The skeleton of an image: its process tree alone (pids, parents, sessions, groups, zombies and
 * their status, credentials, signal masks), as an image restart can rebuild with processes that
 * hold nothing else. restart makes a new PID namespace whose first task is pid 1: the tree of a
 * container already has its init there; a subtree (its root is not its namespace's init, as any
 * tree read from a machine's own namespace) goes below a new init, pid 1, so that every task of it
 * keeps its own pid in the new namespace.
 */
public final class Skeleton {

    private Skeleton() {}

    /** The pid the new init of a subtree's skeleton has. */
    public static final int INIT = 1;

    /**
     * A skeleton, or why the image has none.
     *
     * @param underInit the tree was put below a new init (pid {@link #INIT}), the first task of the skeleton
     */
    public record Outcome(byte[] image, boolean underInit, String refusal) {
        public boolean ok() {
            return refusal == null;
        }
    }

    /**
     * The restarting kernel: the simulated kernel's rules with this machine's pid_max where it is
     * larger, since a tree read from this machine may hold any pid below it.
     */
    public static KernelConfig config() {
        KernelConfig d = KernelConfig.defaults();
        return d.withPidMax(Math.max(d.pidMax(), LiveProc.pidMax()));
    }

    /** The skeleton of an image (one restart's loader accepts). */
    public static Outcome of(byte[] image) {
        KernelConfig config = config();
        ImageLoader.Loaded loaded = ImageLoader.load(image, config, config.tailCheck());
        if (loaded.refusal() != null) {
            return new Outcome(null, false, loaded.refusal().toString());
        }
        SavedImage img = loaded.image();
        SavedImage.SavedTask root = img.tasks().get(0);
        boolean under = root.pid() != INIT;
        if (under) {
            for (SavedImage.SavedTask t : img.tasks()) {
                if (t.pid() == INIT || t.entry().sid() == INIT || t.entry().pgid() == INIT) {
                    return new Outcome(null, false, "task " + t.pid() + " of the subtree uses pid " + INIT
                            + ", which the new init of its PID namespace needs");
                }
            }
        }
        int shift = under ? 1 : 0;
        List<ImageRecord.TreeEntry> entries = new ArrayList<>();
        if (under) {
            entries.add(new ImageRecord.TreeEntry(-1, INIT, 0, INIT, INIT, INIT, ImageRecord.TreeEntry.RUNNING, 0, 0,
                    List.of(INIT)));
        }
        for (SavedImage.SavedTask t : img.tasks()) {
            ImageRecord.TreeEntry e = t.entry();
            boolean isRoot = t.index() == 0;
            entries.add(new ImageRecord.TreeEntry(isRoot ? (under ? 0 : -1) : e.parentIndex() + shift, e.pid(),
                    isRoot ? (under ? INIT : 0) : e.ppid(), e.tgid(), e.pgid(), e.sid(), e.state(), e.exitCode(),
                    e.exitSignal(), e.pids()));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageWriter w = new ImageWriter(bytes)) {
            w.write(ImageRecord.Header.of(config.pidMax(), 32, 0, 0, "skeleton"));
            w.write(new ImageRecord.Container(0, entries.size(), 0, 0));
            w.write(new ImageRecord.Tree(entries));
            int[] objref = {0};
            if (under) {
                w.write(new ImageRecord.Task(0, 0, 0, 0, 0, 0, 0));
                objects(w, objref, List.of());
            }
            for (SavedImage.SavedTask t : img.tasks()) {
                ImageRecord.Task r = t.task();
                w.write(new ImageRecord.Task(t.index() + shift, r.uid(), r.gid(), r.flags(), r.blockedMask(),
                        r.pendingMask(), r.doomedBy()));
                if (t.zombie()) {
                    w.write(ImageRecord.TaskObjs.NONE);
                } else {
                    List<ImageRecord.SigEntry> sig = List.of();
                    if (t.objs().sighandRef() != 0) {
                        sig = ((ImageRecord.Sighand) img.objects().get(t.objs().sighandRef()).records().get(0)).entries();
                    }
                    objects(w, objref, sig);
                }
            }
            w.writeTail();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Outcome(bytes.toByteArray(), under, null);
    }

    /** A live task's own objects, empty (no fd, no region, cwd /), but for its signal dispositions. */
    private static void objects(ImageWriter w, int[] objref, List<ImageRecord.SigEntry> sig) throws IOException {
        int files = ++objref[0];
        w.write(new ImageRecord.ObjRef(ObjType.FILE_TABLE, files, 0));
        w.write(new ImageRecord.FileTable(List.of()));
        int mm = ++objref[0];
        w.write(new ImageRecord.ObjRef(ObjType.MM, mm, 0));
        w.write(new ImageRecord.Mm(0));
        int fs = ++objref[0];
        w.write(new ImageRecord.ObjRef(ObjType.FS, fs, 0));
        w.write(new ImageRecord.Fs("/"));
        int sighand = ++objref[0];
        w.write(new ImageRecord.ObjRef(ObjType.SIGHAND, sighand, 0));
        w.write(new ImageRecord.Sighand(sig));
        w.write(new ImageRecord.TaskObjs(files, mm, fs, sighand));
    }

    /**
     * The tree facts of an image, one line per task in image order: pid vector, parent (the
     * root's left out: it is outside the tree), session, group, state and a zombie's status;
     * null with the reason in {@code why[0]} if the image cannot be loaded.
     */
    public static List<String> facts(byte[] image, String[] why) {
        KernelConfig config = config();
        ImageLoader.Loaded loaded = ImageLoader.load(image, config, config.tailCheck());
        if (loaded.refusal() != null) {
            why[0] = loaded.refusal().toString();
            return null;
        }
        List<String> out = new ArrayList<>();
        for (SavedImage.SavedTask t : loaded.image().tasks()) {
            ImageRecord.TreeEntry e = t.entry();
            out.add("pid " + e.pids() + (t.index() == 0 ? "" : " parent " + e.ppid()) + " session " + e.sid() + " group "
                    + e.pgid() + (t.zombie() ? " zombie (exit " + e.exitCode() + ", signal " + e.exitSignal() + ")" : " alive"));
        }
        return out;
    }
}
