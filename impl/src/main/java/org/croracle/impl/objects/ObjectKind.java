package org.croracle.impl.objects;

import java.io.IOException;
import java.util.List;

import org.croracle.impl.image.ImageRecord;
import org.croracle.impl.image.ObjType;
import org.croracle.impl.kernel.KObject;

/**
 * One kind of kernel object with both halves of its checkpoint/restart, the way linux-cr gives
 * each object type one {@code ckpt_obj_ops} (checkpoint and restore together): what its state
 * records say, how the object is rebuilt from them, and how {@code expect same} describes it.
 *
 * @param <O> the kernel object
 */
abstract class ObjectKind<O extends KObject> {

    private final String name;
    private final Class<O> type;
    private final ObjType objType;

    /**
     * @param name    the name the kernel gives objects of this kind ({@link KObject#kind()})
     * @param type    the kernel object's class
     * @param objType the kind OBJREF announces an object of this kind as
     */
    ObjectKind(String name, Class<O> type, ObjType objType) {
        this.name = name;
        this.type = type;
        this.objType = objType;
    }

    final String name() {
        return name;
    }

    final Class<O> type() {
        return type;
    }

    final ObjType objType() {
        return objType;
    }

    /**
     * checkpoint_obj's second half: writes the records that carry the object's state. Every object
     * it refers to (its {@link KObject#references()}) is in the image already.
     */
    abstract void dump(O o, DumpContext out) throws IOException;

    /**
     * restore_obj: makes the object from its state records (in image order, already checked) and
     * returns its id; the objects its records name are made first, through {@code in}.
     */
    abstract int restore(List<ImageRecord> records, RestoreContext in);

    /** The object as {@code expect same} compares it: the objects it refers to by their canonical names. */
    abstract String describe(O o, ObjectNames names);
}
