package org.croracle.impl.kernel;

/**
 * The objects a task holds (ids in the {@link ObjectTable}); shared with CLONE_FILES, CLONE_VM,
 * CLONE_FS, CLONE_SIGHAND. A zombie holds none ({@link #NONE}).
 */
public record TaskResources(int files, int mm, int fs, int sighand) {
    public static final TaskResources NONE = new TaskResources(0, 0, 0, 0);

    public java.util.List<Integer> ids() {
        return this.equals(NONE) ? java.util.List.of() : java.util.List.of(files, mm, fs, sighand);
    }
}
