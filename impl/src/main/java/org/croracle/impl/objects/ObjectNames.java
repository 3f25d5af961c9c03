package org.croracle.impl.objects;

/** The canonical names {@code expect same} gives objects, in the order a walk of the tree first meets them. */
public interface ObjectNames {

    /** The object's name, naming (and describing) it if this is its first encounter; "-" for no object (id 0). */
    String name(int id);

    /** The object's name if it has one already, else {@code otherwise} (for a reference that is not walked). */
    String nameIfNamed(int id, String otherwise);
}
