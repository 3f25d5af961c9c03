package org.croracle.impl.checkpoint;

import org.croracle.impl.kernel.CheckpointContext;

import org.croracle.impl.kernel.KObject;
import org.croracle.impl.kernel.KernelState;

/** ckpt_obj_contained's comparison, for one object of the objhash. */
final class Leaks {
    private Leaks() {}

    /**
     * Whether the leak check compares this kind's count. A regular file's inode is also held by
     * the filesystem (its path), like every inode in Linux, where inodes have no ref_users: what is
     * shared is the open file description, and files are checked.
     */
    static boolean checked(String kind) {
        return !kind.equals("regular");
    }

    /** References the context itself holds on the object (its image and log files), while it holds them. */
    static int contextRefs(CheckpointContext ctx, int id) {
        return ctx.refsHeld() ? ctx.ctxRefs().getOrDefault(id, 0) : 0;
    }

    /** The kernel's count differs from the users collect found plus the context's own: someone outside holds it. */
    static boolean isLeak(KernelState s, CheckpointContext ctx, int id) {
        KObject o = s.objects().get(id);
        Integer users = ctx.users().get(id);
        if (users == null) {
            return false;
        }
        if (o == null) {
            // Dropped since collect counted it (the outside closed it in a table it shares with the
            // tree): linux-cr's objhash still holds it, with a count of its own reference alone,
            // not the users collect found. Only a checked kind can go: a regular inode stays
            // held by its path.
            return true;
        }
        return checked(o.kind()) && s.objects().refcount(id) != users + contextRefs(ctx, id);
    }

    /** A line for the log and the ERROR record. */
    static String describe(KernelState s, CheckpointContext ctx, int id) {
        KObject o = s.objects().get(id);
        int users = ctx.users().get(id);
        if (o == null) {
            return "usage leak: object #" + id + " (objref " + ctx.objrefs().get(id) + ") has no references left,"
                    + " the tree held " + users + " when collected: something outside the tree dropped it";
        }
        int mine = contextRefs(ctx, id);
        return "usage leak: " + o.kind() + " (objref " + ctx.objrefs().get(id) + ", object #" + id + ") has "
                + s.objects().refcount(id) + " references, the tree holds " + users
                + (mine > 0 ? " and this checkpoint " + mine : "") + ": something outside the tree holds it";
    }
}
