package org.croracle.impl.objects;

import org.croracle.impl.image.ImageWriter;

/** What a kind's dump half sees of the checkpoint writing it: the image and the objhash so far. */
public interface DumpContext {

    /** The image the object's state records go to. */
    ImageWriter out();

    /** The objref of an object already in the image; 0 for no object (id 0). */
    int objref(int id);

    /** Whether the object is in the image already (an object that is not a counted reference may not be). */
    boolean inImage(int id);
}
