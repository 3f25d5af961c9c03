package org.croracle.impl.image;

import java.util.Optional;

/** The kinds of shared object an OBJREF announces; each kind has one state record type. */
public enum ObjType {
    FILE_TABLE(1, RecordType.FILE_TABLE, 0),
    FILE(2, RecordType.FILE, -1),
    INODE_REGULAR(3, RecordType.INODE_REGULAR, -1),
    INODE_PIPE(4, RecordType.INODE_PIPE, -1),
    INODE_SOCKET(5, RecordType.INODE_SOCKET, -1),
    SHMEM(6, RecordType.SHMEM, -1),
    MM(7, RecordType.MM, 1),
    FS(8, RecordType.FS, 2),
    SIGHAND(9, RecordType.SIGHAND, 3);

    /** Every kind, once: values() copies its array at each call, and the image reader asks per record. */
    private static final ObjType[] ALL = values();

    private final int code;
    private final RecordType stateRecord;
    private final int taskRank;

    ObjType(int code, RecordType stateRecord, int taskRank) {
        this.code = code;
        this.stateRecord = stateRecord;
        this.taskRank = taskRank;
    }

    /** The number in OBJREF's objType field. */
    public int code() {
        return code;
    }

    /** The record that carries (the first part of) an object of this kind's state. */
    public RecordType stateRecord() {
        return stateRecord;
    }

    /**
     * Where a task's object of this kind comes among the objects it holds directly (files, mm, fs,
     * sighand: TASK_OBJS's order); -1 for a kind a task holds only through another object.
     */
    int taskRank() {
        return taskRank;
    }

    /** Whether an object of this kind refers to objects of kind {@code child} (and so may announce one inside it). */
    boolean mayContain(ObjType child) {
        return switch (this) {
            case FILE_TABLE -> child == FILE;
            case FILE -> child.isInode();
            case MM -> child == FILE || child == SHMEM;
            default -> false;
        };
    }

    /** Whether this is one of the inode kinds a FILE may point to. */
    public boolean isInode() {
        return this == INODE_REGULAR || this == INODE_PIPE || this == INODE_SOCKET;
    }

    public static Optional<ObjType> byCode(int code) {
        for (ObjType t : ALL) {
            if (t.code == code) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The kind whose state record is {@code type}, if any. */
    public static Optional<ObjType> ofStateRecord(RecordType type) {
        for (ObjType t : ALL) {
            if (t.stateRecord == type) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
