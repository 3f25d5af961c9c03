package org.croracle.impl.image;

import java.util.Optional;

/** The record types of an image, with linux-cr's numbering ranges (1-8 header, 101+ task, 301+ files, ...). */
public enum RecordType {
    HEADER(1),
    CONTAINER(3),
    OBJREF(6),
    TREE(102),
    TASK(103),
    TASK_OBJS(105),
    FILE_TABLE(301),
    FILE(302),
    INODE_REGULAR(311),
    INODE_PIPE(312),
    INODE_SOCKET(313),
    SHMEM(314),
    MM(401),
    VMA(402),
    PGARR(403),
    FS(451),
    SIGHAND(601),
    TAIL(9001),
    ERROR(9999);

    /** Every type, once: looked up per record, by a scan of a few codes rather than a map of boxed ones. */
    private static final RecordType[] ALL = values();

    private final int code;

    RecordType(int code) {
        this.code = code;
    }

    /** The number in the record header's type field. */
    public int code() {
        return code;
    }

    /** The type with this code; empty for a code the format does not define. */
    public static Optional<RecordType> byCode(int code) {
        for (RecordType t : ALL) {
            if (t.code == code) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
