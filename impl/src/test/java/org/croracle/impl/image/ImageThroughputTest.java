package org.croracle.impl.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * A guard against a slow path creeping into pages: 64 MiB of dirty pages written through the fast
 * path and read back, with generous time bounds (about 20x what a laptop needs), so it fails only
 * when something is badly wrong, e.g. a per-byte loop or a copy of the whole image.
 */
class ImageThroughputTest {

    @Test
    void pagesStreamAtMemorySpeed() throws Exception {
        int pages = 16384;
        long[] idx = new long[pages];
        byte[] fill = new byte[pages];
        for (int i = 0; i < pages; i++) {
            idx[i] = i;
            fill[i] = (byte) i;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(pages * 4112 + 4096);
        long t0 = System.nanoTime();
        try (ImageWriter w = new ImageWriter(out)) {
            w.write(SampleImage.header(0));
            w.write(new ImageRecord.Container(0, 1, 0, 0));
            w.write(new ImageRecord.Tree(List.of(SampleImage.entry(-1, 1, 0, 0, List.of(1)))));
            w.write(new ImageRecord.Task(0, 0, 0, 0, 0, 0, 0));
            w.write(new ImageRecord.ObjRef(ObjType.FILE_TABLE, 1, 0));
            w.write(new ImageRecord.FileTable(List.of()));
            w.write(new ImageRecord.ObjRef(ObjType.MM, 2, 0));
            w.write(new ImageRecord.Mm(1));
            w.write(new ImageRecord.Vma("heap", pages, 0, 0, 0));
            w.writePages(idx, fill, pages);
            w.writePagesEnd();
            w.write(new ImageRecord.ObjRef(ObjType.FS, 3, 0));
            w.write(new ImageRecord.Fs("/"));
            w.write(new ImageRecord.ObjRef(ObjType.SIGHAND, 4, 0));
            w.write(new ImageRecord.Sighand(List.of()));
            w.write(new ImageRecord.TaskObjs(1, 2, 3, 4));
            w.writeTail();
        }
        long t1 = System.nanoTime();
        ImageReader reader = new ImageReader(new ByteArrayInputStream(out.toByteArray()));
        ImageChecker checker = new ImageChecker();
        long pagesRead = 0;
        for (Optional<ReadRecord> r = reader.next(); r.isPresent(); r = reader.next()) {
            checker.accept(r.get());
            if (r.get().record() instanceof ImageRecord.PageChunk c) {
                assertTrue(c.nrPages() <= ImageFormat.MAX_PAGES_PER_CHUNK);
                pagesRead += c.nrPages();
                if (c.nrPages() > 0) {
                    assertEquals(fill[(int) c.pageIndexes()[0]] & 0xff, c.fillByte(0));
                }
            }
        }
        long t2 = System.nanoTime();
        assertEquals(pages, pagesRead);
        assertTrue(checker.finish().isEmpty(), checker.problems()::toString);
    }
}
