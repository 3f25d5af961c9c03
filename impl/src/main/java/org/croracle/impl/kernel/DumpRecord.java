package org.croracle.impl.kernel;

import java.util.List;

/**
 * A record of the image as SharedObjects.tla sees it (the byte image has more records; these are
 * the ones the object discipline is about).
 *
 * @param type   header, objref (an object's first occurrence), state (the records carrying its
 *               state, after those of the objects it refers to), task (TASK_OBJS), tail, error
 * @param who    the object or task (global pid) it is about, 0 for none
 * @param ref    the object's objref (objref and state records)
 * @param kind   the object's kind, or the error's cause
 * @param uses   the objrefs the record refers to
 * @param shared for an objref record: the object is also held from outside the tree
 */
public record DumpRecord(String type, int who, int ref, String kind, List<Integer> uses, boolean shared) {

    public DumpRecord {
        uses = List.copyOf(uses);
    }

    public static final DumpRecord HEADER = new DumpRecord("header", 0, 0, "", List.of(), false);
    public static final DumpRecord TAIL = new DumpRecord("tail", 0, 0, "", List.of(), false);

    public static DumpRecord error(CheckpointError why, int who) {
        return new DumpRecord("error", who, 0, why.specName(), List.of(), false);
    }
}
