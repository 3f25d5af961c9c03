package org.croracle.impl.objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.croracle.impl.image.ImageFormatException;
import org.croracle.impl.image.ImageReader;
import org.croracle.impl.image.ImageRecord;
import org.croracle.impl.image.ImageWriter;
import org.croracle.impl.image.ObjType;
import org.croracle.impl.image.ReadRecord;
import org.croracle.impl.kernel.FdTable;
import org.croracle.impl.kernel.FsInfo;
import org.croracle.impl.kernel.Inode;
import org.croracle.impl.kernel.KObject;
import org.croracle.impl.kernel.Mm;
import org.croracle.impl.kernel.ObjectTable;
import org.croracle.impl.kernel.OpenFile;
import org.croracle.impl.kernel.Sighand;
import org.croracle.impl.kernel.Signal;
import org.junit.jupiter.api.Test;

/**
 * The table of object kinds: one kind for every kind OBJREF can announce, and each kind's restore
 * half makes back what its dump half wrote (objects it refers to keep their ids: here an objref
 * is the id it stands for).
 */
class ObjectKindsTest {

    /** One object of every kind; ids 3, 5, 7 stand for the objects they refer to. */
    private static final List<KObject> SAMPLES = List.of(
            new FdTable(new TreeMap<>(Map.of(0, new FdTable.Fd(3, false), 4, new FdTable.Fd(5, true)))),
            new OpenFile(7, 12, true, false),
            new Inode.Regular("/data/log", "hello"),
            new Inode.Pipe("queued"),
            new Inode.Socket("to read", 0),
            new Inode.Shmem(new TreeMap<>(Map.of(0, 1, 3, 4))),
            new Mm(new TreeMap<>(Map.of(
                    "heap", new Mm.Vma(8, false, 0, 0, new TreeMap<>(Map.of(0, 7, 2, 9)), new TreeSet<>(Set.of(0, 2))),
                    "map", new Mm.Vma(2, false, 3, 0, new TreeMap<>(), new TreeSet<>()),
                    "shm", new Mm.Vma(4, true, 0, 5, new TreeMap<>(), new TreeSet<>())))),
            new FsInfo("/home"),
            Sighand.DEFAULTS.with(Signal.SIGTERM, Sighand.Disposition.IGNORE)
                    .with(Signal.SIGUSR1, Sighand.Disposition.HANDLE));

    @Test
    void everyObjTypeHasOneKindAndEveryKindItsOwnName() {
        Set<ObjType> types = EnumSet.noneOf(ObjType.class);
        Set<String> names = new HashSet<>();
        for (ObjectKind<?> k : ObjectKinds.all()) {
            assertTrue(types.add(k.objType()), k.objType() + " twice");
            assertTrue(names.add(k.name()), k.name() + " twice");
            assertEquals(k.objType(), ObjectKinds.objType(k.name()));
        }
        assertEquals(EnumSet.allOf(ObjType.class), types);
    }

    @Test
    void everyKindRestoresWhatItDumped() throws IOException, ImageFormatException {
        assertEquals(ObjectKinds.all().size(), SAMPLES.size());
        for (KObject sample : SAMPLES) {
            List<ImageRecord> records = dump(sample);
            ObjectTable.Builder ob = ObjectTable.EMPTY.edit();
            Map<String, Integer> paths = new TreeMap<>();
            int id = ObjectKinds.restore(ObjectKinds.objType(sample.kind()), records, new RestoreContext() {
                @Override public int restore(int objref) { return objref; }
                @Override public int restored(int objref) { return 0; }
                @Override public ObjectTable.Builder objects() { return ob; }
                @Override public int inodeAt(String path) { return paths.getOrDefault(path, 0); }
                @Override public void addPath(String path, int inode) { paths.put(path, inode); }
            });
            assertEquals(sample, ob.get(id), sample.kind());
            assertEquals(ObjectKinds.describe(sample, names()), ObjectKinds.describe(ob.get(id), names()));
        }
    }

    @Test
    void aRegularFileAlreadyAtItsPathIsTheOneRestored() throws IOException, ImageFormatException {
        ObjectTable.Builder ob = ObjectTable.EMPTY.edit();
        int there = ob.create(new Inode.Regular("/data/log", "as it is now"));
        int id = ObjectKinds.restore(ObjType.INODE_REGULAR, dump(new Inode.Regular("/data/log", "as saved")),
                new RestoreContext() {
                    @Override public int restore(int objref) { return objref; }
                    @Override public int restored(int objref) { return 0; }
                    @Override public ObjectTable.Builder objects() { return ob; }
                    @Override public int inodeAt(String path) { return path.equals("/data/log") ? there : 0; }
                    @Override public void addPath(String path, int inode) { throw new AssertionError(path); }
                });
        assertEquals(there, id);
    }

    /** The state records the object's kind writes, as a reader reads them back. */
    private static List<ImageRecord> dump(KObject o) throws IOException, ImageFormatException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageWriter w = new ImageWriter(bytes)) {
            w.write(ImageRecord.Header.of(32768, 3, 0, 0, "test"));
            ObjectKinds.dump(o, new DumpContext() {
                @Override public ImageWriter out() { return w; }
                @Override public int objref(int id) { return id; }
                @Override public boolean inImage(int id) { return false; }
            });
            w.writeTail();
        }
        List<ImageRecord> records = new ArrayList<>();
        for (ReadRecord r : ImageReader.readAll(bytes.toByteArray())) {
            records.add(r.record());
        }
        return records.subList(1, records.size() - 1);
    }

    private static ObjectNames names() {
        return new ObjectNames() {
            @Override public String name(int id) { return "o" + id; }
            @Override public String nameIfNamed(int id, String otherwise) { return otherwise; }
        };
    }
}
