package org.croracle.impl.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.croracle.impl.image.ImageRecord.ObjRef;
import org.croracle.impl.image.ImageRecord.TaskObjs;
import org.junit.jupiter.api.Test;

/** The object discipline and the order of records, on the sample and on broken variants of it. */
class ImageCheckerTest {

    /** The sample's records changed by {@code edit}, written with a TAIL, read back and checked. */
    static ImageChecker check(UnaryOperator<List<ImageRecord>> edit) throws Exception {
        List<ImageRecord> records = edit.apply(new ArrayList<>(SampleImage.records()));
        return ImageChecker.check(ImageReader.readAll(SampleImage.write(records, true)));
    }

    static void finds(ImageChecker c, String text) {
        assertTrue(c.problems().stream().anyMatch(p -> p.text().contains(text)),
                "expected a problem with '" + text + "', got " + c.problems());
    }

    static int indexOf(List<ImageRecord> r, ImageRecord record) {
        int i = r.indexOf(record);
        assertTrue(i >= 0, record::toString);
        return i;
    }

    @Test
    void theSampleHoldsTheDiscipline() throws Exception {
        ImageChecker c = ImageChecker.check(new ImageReader(new java.io.ByteArrayInputStream(SampleImage.bytes())));
        assertEquals(List.of(), c.problems());
        assertTrue(c.ok());
        assertEquals(16, c.objects().size());
        ImageObject table = c.objects().get(1);
        assertEquals(ObjType.FILE_TABLE, table.type());
        assertEquals(List.of("task 0 (pid 1)", "task 1 (pid 2)"), table.users(), "CLONE_FILES: two users");
        assertEquals(List.of("objref 1", "objref 10"), c.objects().get(2).users(), "fd 0 and the heap's mapping");
        assertEquals(List.of("objref 6"), c.objects().get(7).users(), "a peer is not a user");
        assertFalse(table.sharedOutside());
        assertEquals(3, c.tree().size());
        assertTrue(c.error().isEmpty());
    }

    @Test
    void anErrorImageIsWellFormed() throws Exception {
        ImageChecker c = ImageChecker.check(ImageReader.readAll(SampleImage.errorImage(16, "leak")));
        assertTrue(c.ok(), c.problems()::toString);
        assertEquals("leak", c.error().orElseThrow().message());
        // a failed checkpoint may stop anywhere, even with an object half written
        List<ImageRecord> partial = new ArrayList<>(SampleImage.records().subList(0, 8));
        partial.add(new ImageRecord.Error(16, "usage leak"));
        assertTrue(ImageChecker.check(ImageReader.readAll(SampleImage.write(partial, false))).ok());
    }

    @Test
    void aRefBeforeItsDefinitionIsFound() throws Exception {
        // task 1 refers to an mm announced only later
        ImageChecker c = check(r -> {
            r.set(indexOf(r, new TaskObjs(1, 14, 15, 16)), new TaskObjs(1, 17, 15, 16));
            return r;
        });
        finds(c, "TASK_OBJS mmRef 17 refers to an objref not defined before it");
        finds(c, "objref 14 (MM), announced inside task 1 (pid 2), is not used by its TASK_OBJS");
    }

    @Test
    void aRefToAnObjectWhoseStateIsNotCompleteIsFound() throws Exception {
        // a FILE refers to its inode before the inode's record
        ImageChecker c = check(r -> {
            int inode = indexOf(r, new ObjRef(ObjType.INODE_REGULAR, 3, 0));
            ImageRecord state = r.remove(inode + 1);
            r.add(inode + 1, new ImageRecord.File(3, 0, 1));
            r.set(inode + 2, state);
            return r;
        });
        finds(c, "FILE record where the state of objref 3 (INODE_REGULAR) was expected; checking stopped here");
    }

    @Test
    void aDuplicateObjrefIsFound() throws Exception {
        ImageChecker c = check(r -> {
            r.set(indexOf(r, new ObjRef(ObjType.FS, 15, 0)), new ObjRef(ObjType.FS, 12, 0));
            return r;
        });
        finds(c, "objref 12 is announced twice (first at offset");
    }

    @Test
    void nonDenseObjrefsAreFound() throws Exception {
        ImageChecker c = check(r -> {
            r.set(indexOf(r, new ObjRef(ObjType.MM, 14, 0)), new ObjRef(ObjType.MM, 20, 0));
            r.set(indexOf(r, new TaskObjs(1, 14, 15, 16)), new TaskObjs(1, 20, 15, 16));
            return r;
        });
        finds(c, "objref 20 is announced where objref 14 was expected");
    }

    @Test
    void aTypeMismatchIsFound() throws Exception {
        // the user expects a FILE_TABLE and gets an FS
        ImageChecker c = check(r -> {
            r.set(indexOf(r, new TaskObjs(1, 14, 15, 16)), new TaskObjs(15, 14, 15, 16));
            return r;
        });
        finds(c, "TASK_OBJS filesRef 15 is of type FS, not FILE_TABLE");
        // the OBJREF says one kind and the state record is another
        ImageChecker d = check(r -> {
            r.set(indexOf(r, new ObjRef(ObjType.FS, 15, 0)), new ObjRef(ObjType.SIGHAND, 15, 0));
            return r;
        });
        finds(d, "FS record where the state of objref 15 (SIGHAND) was expected");
    }

    @Test
    void aZombieHoldsNoObjects() throws Exception {
        ImageChecker c = check(r -> {
            r.set(r.size() - 1, new TaskObjs(1, 14, 15, 16));
            return r;
        });
        finds(c, "TASK_OBJS of zombie task 2 (pid 3) refers to objects");
    }

    @Test
    void tasksComeInTreeOrderAndAllOfThem() throws Exception {
        ImageChecker c = check(r -> {
            r.set(indexOf(r, new ImageRecord.Task(2, 0, 0, 0, 0, 0, 0)), new ImageRecord.Task(1, 0, 0, 0, 0, 0, 0));
            return r;
        });
        finds(c, "TASK taskIndex 1 is not 2");
        ImageChecker d = check(r -> r.subList(0, r.size() - 2));
        finds(d, "TAIL record where TASK 2 was expected");
        ImageChecker e = check(r -> {
            r.remove(r.size() - 1);
            return r;
        });
        finds(e, "TAIL record where OBJREF or TASK_OBJS of task 2 (pid 3) was expected");
    }

    @Test
    void theTreeIsDepthFirstAndConsistent() throws Exception {
        ImageChecker c = check(r -> {
            ImageRecord.Tree t = (ImageRecord.Tree) r.get(2);
            List<ImageRecord.TreeEntry> e = new ArrayList<>(t.entries());
            e.set(1, SampleImage.entry(0, 2, 7, 0, List.of(2)));
            e.set(2, SampleImage.entry(2, 3, 1, 1, List.of(4)));
            r.set(2, new ImageRecord.Tree(e));
            return r;
        });
        finds(c, "TREE entry 1 (pid 2): ppid 7 is not its parent's pid 1");
        finds(c, "TREE entry 2 (pid 3): parentIndex 2 is not an earlier entry");
        finds(c, "TREE entry 2 (pid 3): pids [4] do not start with its pid");
    }

    @Test
    void sharedOutsideNeedsASubtreeCheckpoint() throws Exception {
        ImageChecker c = check(r -> {
            r.set(indexOf(r, new ObjRef(ObjType.FS, 15, 0)), new ObjRef(ObjType.FS, 15, ObjRef.SHARED_OUTSIDE));
            return r;
        });
        finds(c, "objref 15 is SHARED_OUTSIDE in a checkpoint without CHECKPOINT_SUBTREE");
        ImageChecker subtree = check(r -> {
            r.set(0, SampleImage.header(ImageFormat.CHECKPOINT_SUBTREE));
            r.set(1, new ImageRecord.Container(0, 3, ImageFormat.CHECKPOINT_SUBTREE, 0));
            r.set(indexOf(r, new ObjRef(ObjType.FS, 15, 0)), new ObjRef(ObjType.FS, 15, ObjRef.SHARED_OUTSIDE));
            return r;
        });
        assertTrue(subtree.ok(), subtree.problems()::toString);
        assertTrue(subtree.objects().get(15).sharedOutside());
    }

    @Test
    void pagesStayInsideTheirRegionAndIncrease() throws Exception {
        ImageChecker c = check(r -> {
            int heap = indexOf(r, new ImageRecord.Vma("heap", 16, 0, 2, 0));
            r.set(heap + 2, ImageRecord.PageChunk.filled(new long[] {16}, new byte[] {1}));
            return r;
        });
        finds(c, "PGARR page 16 is beyond the 16 pages of VMA 'heap' of objref 10");
        ImageChecker d = check(r -> {
            int heap = indexOf(r, new ImageRecord.Vma("heap", 16, 0, 2, 0));
            r.set(heap + 2, ImageRecord.PageChunk.filled(new long[] {2}, new byte[] {1}));
            return r;
        });
        finds(d, "does not follow page 2");
        ImageChecker e = check(r -> {
            int shm = indexOf(r, new ImageRecord.Vma("shm", 4, ImageRecord.Vma.SHARED, 0, 11));
            r.add(shm + 1, ImageRecord.PageChunk.filled(new long[] {0}, new byte[] {1}));
            return r;
        });
        finds(e, "PGARR with pages for shared VMA 'shm' of objref 10: its pages are in its SHMEM");
    }

    @Test
    void anObjectAnnouncedInsideAnotherMustBeUsedByIt() throws Exception {
        // the pipe's file is announced inside the fd table but fd 1 now points at another file
        ImageChecker c = check(r -> {
            int table = indexOf(r, new ImageRecord.FileTable(List.of(new ImageRecord.FdEntry(0, 2, false),
                    new ImageRecord.FdEntry(1, 4, false), new ImageRecord.FdEntry(2, 6, true),
                    new ImageRecord.FdEntry(5, 8, false))));
            r.set(table, new ImageRecord.FileTable(List.of(new ImageRecord.FdEntry(0, 2, false),
                    new ImageRecord.FdEntry(1, 2, false), new ImageRecord.FdEntry(2, 6, true),
                    new ImageRecord.FdEntry(5, 8, false))));
            return r;
        });
        finds(c, "objref 4 (FILE), announced inside objref 1, is not used by its state");
    }

    @Test
    void aNestingThatNoStateRefersToIsFound() throws Exception {
        ImageChecker c = check(r -> {
            int fs = indexOf(r, new ObjRef(ObjType.FS, 15, 0));
            r.add(fs + 1, new ObjRef(ObjType.INODE_PIPE, 16, 0));
            r.add(fs + 2, new ImageRecord.PipeInode(new byte[0]));
            r.set(indexOf(r, new ObjRef(ObjType.SIGHAND, 16, 0)), new ObjRef(ObjType.SIGHAND, 17, 0));
            r.set(indexOf(r, new TaskObjs(1, 14, 15, 16)), new TaskObjs(1, 14, 15, 17));
            return r;
        });
        finds(c, "INODE_PIPE object announced inside objref 15 (FS), which does not refer to one");
    }

    @Test
    void anImageThatStopsWithoutTailOrErrorIsFound() throws Exception {
        List<ReadRecord> records = new ArrayList<>(ImageReader.readAll(SampleImage.bytes()));
        records.remove(records.size() - 1);
        ImageChecker c = ImageChecker.check(records);
        finds(c, "the image ends without a TAIL or ERROR record (TAIL was expected)");
    }
}
