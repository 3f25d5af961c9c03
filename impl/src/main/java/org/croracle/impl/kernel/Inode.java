package org.croracle.impl.kernel;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;


/** The objects open files point to: regular files, pipes, unix sockets, shared memory. */
public final class Inode {
    private Inode() {}

    /** A regular file of the simulated filesystem; the path table holds a reference while it exists. */
    public record Regular(String path, String content) implements KObject {
        @Override public List<Integer> references() { return List.of(); }
        @Override public String kind() { return "regular"; }
    }

    /** A pipe with the bytes written and not yet read. */
    public record Pipe(String buffer) implements KObject {
        @Override public List<Integer> references() { return List.of(); }
        @Override public String kind() { return "pipe"; }
    }

    /** One end of a connected unix socket pair: the bytes queued for it, and its peer (not a counted reference). */
    public record Socket(String queue, int peer) implements KObject {
        @Override public List<Integer> references() { return List.of(); }
        @Override public String kind() { return "socket"; }
    }

    /** Shared memory behind a MAP_SHARED mapping: page -> byte. */
    public record Shmem(SortedMap<Integer, Integer> pages) implements KObject {
        public Shmem {
            pages = Collections.unmodifiableSortedMap(new TreeMap<>(pages));
        }

        @Override public List<Integer> references() { return List.of(); }
        @Override public String kind() { return "shmem"; }
    }
}
