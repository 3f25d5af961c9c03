package org.croracle.impl.restart;

import org.croracle.impl.image.ObjType;

/**
 * Whether restore_task looks an objref up in the restart's objhash before it makes the object
 * (ckpt_obj_fetch), a strategy that a test may replace with a broken version to see whether an
 * oracle notices. {@link #LINUX_CR} is linux-cr's.
 */
public interface ObjhashLookup {

    /** linux-cr: every kind is looked up, so an object the image shares is made once and shared again. */
    ObjhashLookup LINUX_CR = new ObjhashLookup() {
    };

    /** Whether an object of this kind is looked up before it is made. */
    default boolean looksUp(ObjType type) {
        return true;
    }
}
