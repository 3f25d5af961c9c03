package org.croracle.impl.kernel;

import java.util.List;


/** fs_struct: the current directory (shared with CLONE_FS). */
public record FsInfo(String cwd) implements KObject {
    @Override public List<Integer> references() { return List.of(); }
    @Override public String kind() { return "fs"; }
}
