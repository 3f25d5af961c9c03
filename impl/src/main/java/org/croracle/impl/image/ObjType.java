package org.croracle.impl.image;

import java.util.Optional;

/** The kinds of shared object an OBJREF announces; each kind has one state record type. */
public enum ObjType {
    FILE_TABLE(1, RecordType.FILE_TABLE),
    FILE(2, RecordType.FILE),
    INODE_REGULAR(3, RecordType.INODE_REGULAR),
    INODE_PIPE(4, RecordType.INODE_PIPE),
    INODE_SOCKET(5, RecordType.INODE_SOCKET),
    SHMEM(6, RecordType.SHMEM),
    MM(7, RecordType.MM),
    FS(8, RecordType.FS),
    SIGHAND(9, RecordType.SIGHAND);

    private final int code;
    private final RecordType stateRecord;

    ObjType(int code, RecordType stateRecord) {
        this.code = code;
        this.stateRecord = stateRecord;
    }

    /** The number in OBJREF's objType field. */
    public int code() {
        return code;
    }

    /** The record that carries (the first part of) an object of this kind's state. */
    public RecordType stateRecord() {
        return stateRecord;
    }

    /** Whether this is one of the inode kinds a FILE may point to. */
    public boolean isInode() {
        return this == INODE_REGULAR || this == INODE_PIPE || this == INODE_SOCKET;
    }

    public static Optional<ObjType> byCode(int code) {
        for (ObjType t : values()) {
            if (t.code == code) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The kind whose state record is {@code type}, if any. */
    public static Optional<ObjType> ofStateRecord(RecordType type) {
        for (ObjType t : values()) {
            if (t.stateRecord == type) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
