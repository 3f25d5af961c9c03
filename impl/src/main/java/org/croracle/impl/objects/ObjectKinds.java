package org.croracle.impl.objects;

import java.io.IOException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.croracle.impl.image.ImageRecord;
import org.croracle.impl.image.ObjType;
import org.croracle.impl.kernel.KObject;

/**
 * Every kind of kernel object a checkpoint holds, each with its dump and restore halves: the
 * table checkpoint_obj and restore_obj dispatch through, as linux-cr's {@code ckpt_obj_ops}.
 */
public final class ObjectKinds {
    private ObjectKinds() {}

    private static final List<ObjectKind<?>> ALL = List.of(
            new FdTableKind(),
            new OpenFileKind(),
            new RegularFileKind(),
            new PipeKind(),
            new SocketKind(),
            new ShmemKind(),
            new MmKind(),
            new FsKind(),
            new SighandKind());

    private static final Map<String, ObjectKind<?>> BY_NAME = new HashMap<>();
    private static final Map<ObjType, ObjectKind<?>> BY_OBJTYPE = new EnumMap<>(ObjType.class);

    static {
        for (ObjectKind<?> k : ALL) {
            if (BY_NAME.put(k.name(), k) != null || BY_OBJTYPE.put(k.objType(), k) != null) {
                throw new ExceptionInInitializerError("two object kinds are " + k.name() + " / " + k.objType());
            }
        }
    }

    /** The kind OBJREF announces objects of the kernel's kind {@code kind} ({@link KObject#kind()}) as. */
    public static ObjType objType(String kind) {
        return byName(kind, "unknown object kind ").objType();
    }

    /** Writes the records that carry the object's state; every object it refers to is in the image already. */
    public static void dump(KObject o, DumpContext out) throws IOException {
        dump(byName(o.kind(), "no checkpoint method for "), o, out);
    }

    /** Makes the object an OBJREF of kind {@code type} announced from its state records; returns its id. */
    public static int restore(ObjType type, List<ImageRecord> records, RestoreContext in) {
        ObjectKind<?> k = BY_OBJTYPE.get(type);
        if (k == null) {
            throw new IllegalStateException("no restore method for " + type);
        }
        return k.restore(records, in);
    }

    /** The object as {@code expect same} compares it. */
    public static String describe(KObject o, ObjectNames names) {
        return describe(byName(o.kind(), "unknown object kind "), o, names);
    }

    /** Every kind, in the table's order. */
    static List<ObjectKind<?>> all() {
        return ALL;
    }

    private static ObjectKind<?> byName(String kind, String missing) {
        ObjectKind<?> k = BY_NAME.get(kind);
        if (k == null) {
            throw new IllegalStateException(missing + kind);
        }
        return k;
    }

    private static <O extends KObject> void dump(ObjectKind<O> k, KObject o, DumpContext out) throws IOException {
        k.dump(k.type().cast(o), out);
    }

    private static <O extends KObject> String describe(ObjectKind<O> k, KObject o, ObjectNames names) {
        return k.describe(k.type().cast(o), names);
    }
}
