package org.croracle.impl.image;

import java.util.List;

/**
 * What {@link ImageChecker} learned about one shared object of an image.
 *
 * @param objref        its objref
 * @param type          its kind (from its OBJREF)
 * @param sharedOutside its OBJREF's SHARED_OUTSIDE flag: also referenced from outside the tree
 * @param offset        where its OBJREF is
 * @param users         who refers to it, in image order: "task N (pid P)" or "objref M"
 */
public record ImageObject(int objref, ObjType type, boolean sharedOutside, long offset, List<String> users) {
    public ImageObject {
        users = List.copyOf(users);
    }
}
