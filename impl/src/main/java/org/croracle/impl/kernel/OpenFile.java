package org.croracle.impl.kernel;

import java.util.List;


/** An open file description (struct file): shared by dup and fork, with its offset and access mode. */
public record OpenFile(int inode, long offset, boolean readable, boolean writable) implements KObject {

    public OpenFile at(long newOffset) {
        return new OpenFile(inode, newOffset, readable, writable);
    }

    @Override
    public List<Integer> references() {
        return List.of(inode);
    }

    @Override
    public String kind() {
        return "file";
    }
}
