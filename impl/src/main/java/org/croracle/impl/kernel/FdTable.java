package org.croracle.impl.kernel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;


/** A file descriptor table (files_struct): fd -> open file description, with close-on-exec per fd. */
public record FdTable(SortedMap<Integer, Fd> fds) implements KObject {

    /** One descriptor. */
    public record Fd(int file, boolean cloexec) {
    }

    public static final FdTable EMPTY = new FdTable(new TreeMap<>());

    public FdTable {
        fds = Collections.unmodifiableSortedMap(new TreeMap<>(fds));
    }

    public FdTable with(int fd, Fd entry) {
        TreeMap<Integer, Fd> copy = new TreeMap<>(fds);
        copy.put(fd, entry);
        return new FdTable(copy);
    }

    public FdTable without(int fd) {
        TreeMap<Integer, Fd> copy = new TreeMap<>(fds);
        copy.remove(fd);
        return new FdTable(copy);
    }

    /** The lowest fd not in use (where open(2) would put a new file). */
    public int lowestFree() {
        int fd = 0;
        while (fds.containsKey(fd)) {
            fd++;
        }
        return fd;
    }

    @Override
    public List<Integer> references() {
        List<Integer> out = new ArrayList<>();
        fds.values().forEach(f -> out.add(f.file()));
        return out;
    }

    @Override
    public String kind() {
        return "fdtable";
    }
}
