package org.croracle.impl.mm;

import org.croracle.impl.kernel.Mm;

import java.util.TreeMap;
import java.util.TreeSet;

import org.croracle.impl.kernel.Inode;
import org.croracle.impl.kernel.OpenFile;
import org.croracle.impl.kernel.Errno;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.ObjectTable;
import org.croracle.impl.kernel.Persistent;
import org.croracle.impl.kernel.Task;
import org.croracle.impl.kernel.Transition;
import org.pcollections.PSortedMap;

/**
 * mmap and page writes. A region has a name (the scenario language's); a shared region's pages live
 * in a shared memory object that copies of the mm made by fork keep sharing, a private region's in
 * the region itself (copied by fork). A file-backed region holds an open file of its file.
 */
public final class MemoryCalls {
    private MemoryCalls() {}

    public static Transition<Void> mmap(KernelState s, Task t, String name, int pages, boolean shared, String path) {
        ObjectTable.Builder ob = s.objects().edit();
        Mm mm = ob.get(t.res().mm(), Mm.class);
        if (mm.vmas().containsKey(name)) {
            return Transition.error(Errno.EINVAL, "a region named " + name + " exists", s);
        }
        if (pages <= 0) {
            return Transition.error(Errno.EINVAL, "a region needs at least one page", s);
        }
        PSortedMap<String, Integer> paths = Persistent.map(s.paths());
        int file = 0;
        if (path != null) {
            Integer inode = paths.get(path);
            if (inode == null) {
                inode = ob.create(new Inode.Regular(path, ""));
                ob.ref(inode);
                paths = paths.plus(path, inode);
            }
            file = ob.create(new OpenFile(inode, 0, true, true));
        }
        int shmem = shared ? ob.create(new Inode.Shmem(new TreeMap<>())) : 0;
        ob.replace(t.res().mm(), mm.with(name, new Mm.Vma(pages, shared, file, shmem, new TreeMap<>(), new TreeSet<>())));
        return Transition.ok(null, s.withObjects(ob.build(), paths));
    }

    /** Writes byte B into page P of a region: the page becomes dirty. */
    public static Transition<Void> write(KernelState s, Task t, String name, int page, int value) {
        ObjectTable.Builder ob = s.objects().edit();
        Mm mm = ob.get(t.res().mm(), Mm.class);
        Mm.Vma v = mm.vmas().get(name);
        if (v == null) {
            return Transition.error(Errno.EINVAL, "no region named " + name, s);
        }
        if (page < 0 || page >= v.pages() || value < 0 || value > 255) {
            return Transition.error(Errno.EINVAL, "page " + page + " of " + v.pages() + ", byte " + value, s);
        }
        TreeMap<Integer, Integer> content = new TreeMap<>(v.content());
        if (v.shared()) {
            Inode.Shmem shm = ob.get(v.shmem(), Inode.Shmem.class);
            TreeMap<Integer, Integer> pages = new TreeMap<>(shm.pages());
            pages.put(page, value);
            ob.replace(v.shmem(), new Inode.Shmem(pages));
        } else {
            content.put(page, value);
        }
        TreeSet<Integer> dirty = new TreeSet<>(v.dirty());
        dirty.add(page);
        ob.replace(t.res().mm(), mm.with(name, new Mm.Vma(v.pages(), v.shared(), v.file(), v.shmem(), content, dirty)));
        return Transition.ok(null, s.withObjects(ob.build()));
    }

    /** Writes byte B into every page of a region: all its pages become dirty. */
    public static Transition<Void> fill(KernelState s, Task t, String name, int value) {
        ObjectTable.Builder ob = s.objects().edit();
        Mm mm = ob.get(t.res().mm(), Mm.class);
        Mm.Vma v = mm.vmas().get(name);
        if (v == null) {
            return Transition.error(Errno.EINVAL, "no region named " + name, s);
        }
        if (value < 0 || value > 255) {
            return Transition.error(Errno.EINVAL, "byte " + value, s);
        }
        TreeMap<Integer, Integer> all = new TreeMap<>();
        TreeSet<Integer> dirty = new TreeSet<>();
        for (int p = 0; p < v.pages(); p++) {
            all.put(p, value);
            dirty.add(p);
        }
        if (v.shared()) {
            ob.replace(v.shmem(), new Inode.Shmem(all));
            all = new TreeMap<>(v.content());
        }
        ob.replace(t.res().mm(), mm.with(name, new Mm.Vma(v.pages(), v.shared(), v.file(), v.shmem(), all, dirty)));
        return Transition.ok(null, s.withObjects(ob.build()));
    }
}
