package org.croracle.impl.kernel;

import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;


/**
 * linux-cr's struct ckpt_ctx: one checkpoint() call in progress (or the last one, once it has
 * returned). Immutable: every step of the call builds the next context.
 *
 * @param id        the call's number (every call that got a context, failed or not)
 * @param issued    checkpoint ids issued before this call (the per-kernel counter)
 * @param caller    global pid of the task that called checkpoint()
 * @param root      global pid of the root of the tree
 * @param flags     the call's flags
 * @param self      a self checkpoint (pid 0: the caller is the root)
 * @param tree      the tree's tasks in depth-first order (the root first; children by pid)
 * @param gate      the freezer cgroup the call must take, or null: a self checkpoint with no
 *                  other live task has no freezer gate
 * @param gateTaken the call moved {@code gate} to CHECKPOINTING (and must give it back)
 * @param ctxRefs   the objects the context holds a reference to (the files at fd and logfd)
 *                  and how many; held from the start of the call until it returns
 * @param refsHeld  the context still holds {@code ctxRefs} (false once the call returned)
 * @param phase     where the call is
 * @param cursor    the next task to collect or dump, 1-based (SharedObjects' cursor)
 * @param objrefs   the objhash: object id -> objref (1, 2, 3... in the order of first encounter)
 * @param users     the objhash: object id -> references collect counted inside the tree
 * @param written   the objects whose OBJREF record is in the image
 * @param visits    the dump's visit marks (CKPT_OBJ_VISITED), counted: object id -> references the
 *                  dump met, walked the way collect walked them (so equal to users when nothing
 *                  changed while the call ran)
 * @param records   the image's records as the spec sees them
 * @param error     why the call failed (NONE if it did not)
 * @param message   the failure's message (the ERROR record's text), or ""
 * @param ckptid    the checkpoint id returned, once the tail is written; 0 before
 * @param concurrent other tasks' calls may run between this call's steps (a checkpoint started
 *                  and waited for by the caller step by step), instead of none (the atomic call)
 * @param history   what such a call has seen of the world outside it (for the oracle: linux-cr
 *                  keeps none of it)
 */
public record CheckpointContext(int id, long issued, int caller, int root, int flags, boolean self, List<Integer> tree,
                                String gate, boolean gateTaken, SortedMap<Integer, Integer> ctxRefs, boolean refsHeld,
                                CheckpointPhase phase, int cursor, SortedMap<Integer, Integer> objrefs,
                                SortedMap<Integer, Integer> users, SortedSet<Integer> written,
                                SortedMap<Integer, Integer> visits, List<DumpRecord> records, CheckpointError error,
                                String message, long ckptid, boolean concurrent, CallHistory history) {

    public CheckpointContext {
        // Each collect and dump step makes a new context: the objhash, the written set and the records
        // are persistent, so that a step adds its task's entries instead of copying every earlier one.
        tree = List.copyOf(tree); // the same list once it is immutable
        ctxRefs = Persistent.map(ctxRefs);
        objrefs = Persistent.map(objrefs);
        users = Persistent.map(users);
        written = Persistent.set(written);
        visits = Persistent.map(visits);
        records = Persistent.list(records);
    }

    /** A new context: nothing checked, nothing written. */
    public static CheckpointContext start(int id, long issued, int caller, int root, int flags, boolean self, List<Integer> tree,
                                          String gate, SortedMap<Integer, Integer> ctxRefs) {
        return new CheckpointContext(id, issued, caller, root, flags, self, tree, gate, false, ctxRefs, true,
                CheckpointPhase.IDLE, 1, IntTrieMap.empty(), IntTrieMap.empty(), IntTrieSet.empty(), IntTrieMap.empty(),
                TrieVector.empty(), CheckpointError.NONE, "", 0, false, CallHistory.NONE);
    }

    public boolean subtree() {
        return (flags & CheckpointFlags.SUBTREE) != 0;
    }

    /** The task at the cursor, or 0 past the last. */
    public int current() {
        return cursor <= tree.size() ? tree.get(cursor - 1) : 0;
    }

    /** The ids issued once this call is over (a successful call issues one). */
    public long issuedAfter() {
        return ckptid != 0 ? ckptid : issued;
    }

    public boolean active() {
        return phase != CheckpointPhase.ENDED;
    }

    public CheckpointContext withPhase(CheckpointPhase p) {
        return new CheckpointContext(id, issued, caller, root, flags, self, tree, gate, gateTaken, ctxRefs, refsHeld, p,
                cursor, objrefs, users, written, visits, records, error, message, ckptid, concurrent, history);
    }

    public CheckpointContext withGateTaken() {
        return new CheckpointContext(id, issued, caller, root, flags, self, tree, gate, true, ctxRefs, refsHeld,
                CheckpointPhase.BEGUN, cursor, objrefs, users, written, visits, records, error, message, ckptid, concurrent, history);
    }

    /** The collect of the task at the cursor is done: the new objhash, the cursor on the next task. */
    public CheckpointContext collected(SortedMap<Integer, Integer> newObjrefs, SortedMap<Integer, Integer> newUsers) {
        return new CheckpointContext(id, issued, caller, root, flags, self, tree, gate, gateTaken, ctxRefs, refsHeld, phase,
                cursor + 1, newObjrefs, newUsers, written, visits, records, error, message, ckptid, concurrent, history);
    }

    /** The dump starts: the header is written, the cursor back on the first task. */
    public CheckpointContext dumping() {
        return new CheckpointContext(id, issued, caller, root, flags, self, tree, gate, gateTaken, ctxRefs, refsHeld,
                CheckpointPhase.DUMPING, 1, objrefs, users, written, visits, TrieVector.<DumpRecord>empty().plus(DumpRecord.HEADER),
                error, message, ckptid, concurrent, history);
    }

    /** The task at the cursor is written. */
    public CheckpointContext dumped(SortedSet<Integer> newWritten, SortedMap<Integer, Integer> newVisits,
                                    List<DumpRecord> newRecords) {
        return new CheckpointContext(id, issued, caller, root, flags, self, tree, gate, gateTaken, ctxRefs, refsHeld, phase,
                cursor + 1, objrefs, users, newWritten, newVisits, newRecords, error, message, ckptid, concurrent, history);
    }

    public CheckpointContext tailWritten() {
        List<DumpRecord> r = Persistent.list(records).plus(DumpRecord.TAIL);
        return new CheckpointContext(this.id, issued, caller, root, flags, self, tree, gate, gateTaken, ctxRefs, refsHeld,
                CheckpointPhase.WRITTEN, cursor, objrefs, users, written, visits, r, error, message, issued + 1, concurrent, history);
    }

    /** The call fails: its ERROR record ends the image. */
    public CheckpointContext failed(CheckpointError why, int who, String text) {
        List<DumpRecord> r = Persistent.list(records).plus(DumpRecord.error(why, who));
        return new CheckpointContext(id, issued, caller, root, flags, self, tree, gate, gateTaken, ctxRefs, refsHeld,
                CheckpointPhase.FAILED, cursor, objrefs, users, written, visits, r, why, text, ckptid, concurrent, history);
    }

    public CheckpointContext withHistory(CallHistory h) {
        return new CheckpointContext(id, issued, caller, root, flags, self, tree, gate, gateTaken, ctxRefs, refsHeld, phase,
                cursor, objrefs, users, written, visits, records, error, message, ckptid, concurrent, h);
    }

    /** The call lets other tasks' calls run between its steps. */
    public CheckpointContext asConcurrent() {
        return new CheckpointContext(id, issued, caller, root, flags, self, tree, gate, gateTaken, ctxRefs, refsHeld, phase,
                cursor, objrefs, users, written, visits, records, error, message, ckptid, true, history);
    }

    /** The second scan filled the array: the tree it found (as many tasks as the first found). */
    public CheckpointContext withTree(List<Integer> filled) {
        return new CheckpointContext(id, issued, caller, root, flags, self, filled, gate, gateTaken, ctxRefs, refsHeld,
                phase, cursor, objrefs, users, written, visits, records, error, message, ckptid, concurrent, history);
    }

    /** checkpoint() returns: the freezer is given back, the context drops its file references. */
    public CheckpointContext ended() {
        return new CheckpointContext(id, issued, caller, root, flags, self, tree, gate, gateTaken, ctxRefs, false,
                CheckpointPhase.ENDED, cursor, objrefs, users, written, visits, records, error, message, ckptid, concurrent, history);
    }
}
