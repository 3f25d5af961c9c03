package org.croracle.impl.kernel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;


/** An address space (mm_struct): named memory regions. */
public record Mm(SortedMap<String, Vma> vmas) implements KObject {

    /**
     * A region.
     *
     * @param pages   its size in pages
     * @param shared  MAP_SHARED (its pages live in {@code shmem}) or MAP_PRIVATE (in {@code content})
     * @param file    the open file a file-backed region maps, or 0
     * @param shmem   the shared memory object of a shared region, or 0
     * @param content a private region's pages: page -> byte (pages never written are absent)
     * @param dirty   the pages written since the region was created (what a checkpoint saves)
     */
    public record Vma(int pages, boolean shared, int file, int shmem, SortedMap<Integer, Integer> content,
                      SortedSet<Integer> dirty) {
        public Vma {
            content = Collections.unmodifiableSortedMap(new TreeMap<>(content));
            dirty = Collections.unmodifiableSortedSet(new TreeSet<>(dirty));
        }
    }

    public static final Mm EMPTY = new Mm(new TreeMap<>());

    public Mm {
        vmas = Collections.unmodifiableSortedMap(new TreeMap<>(vmas));
    }

    public Mm with(String name, Vma vma) {
        TreeMap<String, Vma> copy = new TreeMap<>(vmas);
        copy.put(name, vma);
        return new Mm(copy);
    }

    @Override
    public List<Integer> references() {
        List<Integer> out = new ArrayList<>();
        for (Vma v : vmas.values()) {
            if (v.file() != 0) {
                out.add(v.file());
            }
            if (v.shmem() != 0) {
                out.add(v.shmem());
            }
        }
        return out;
    }

    @Override
    public String kind() {
        return "mm";
    }
}
