package org.croracle.impl.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer takes a path of its own to a file (a direct buffer handed to write(2)) and another
 * to any other stream (pages straight to it): both must write the same bytes, and the TAIL's
 * CRC must be that of those bytes, including pages checksummed on another core.
 */
class ImageWriterSinkTest {

    /** An image of one task whose region has {@code pages} dirty pages, some more records after them. */
    private static void image(OutputStream sink, int pages) throws IOException {
        long[] idx = new long[pages];
        byte[] fill = new byte[pages];
        for (int i = 0; i < pages; i++) {
            idx[i] = 3L * i;
            fill[i] = (byte) (i * 7);
        }
        try (ImageWriter w = new ImageWriter(sink)) {
            w.write(SampleImage.header(0));
            w.write(new ImageRecord.Container(0, 1, 0, 0));
            w.write(new ImageRecord.Tree(List.of(SampleImage.entry(-1, 1, 0, 0, List.of(1)))));
            w.write(new ImageRecord.Task(0, 0, 0, 0, 0, 0, 0));
            w.write(new ImageRecord.ObjRef(ObjType.MM, 1, 0));
            w.write(new ImageRecord.Mm(2));
            w.write(new ImageRecord.Vma("heap", 3 * pages, 0, 0, 0));
            w.writePages(idx, fill, pages);
            w.writePagesEnd();
            w.write(new ImageRecord.Vma("stack", 2, 0, 0, 0));
            w.writePages(new long[] {1}, new byte[] {9}, 1);
            w.writePagesEnd();
            w.writeTail();
        }
    }

    @Test
    void aFileGetsTheBytesAStreamGets(@TempDir Path dir) throws Exception {
        for (int pages : new int[] {1, 255, 257, 2000, 5000}) {
            ByteArrayOutputStream memory = new ByteArrayOutputStream();
            image(memory, pages);
            Path file = dir.resolve("image-" + pages);
            try (FileOutputStream f = new FileOutputStream(file.toFile())) {
                image(f, pages);
            }
            assertArrayEquals(memory.toByteArray(), Files.readAllBytes(file), pages + " pages");
        }
    }

    @Test
    void theTailHoldsTheCrcOfEveryByteBeforeIt() throws Exception {
        for (int pages : new int[] {0, 1, 300, 5000}) {
            ByteArrayOutputStream memory = new ByteArrayOutputStream();
            image(memory, pages);
            // the reader checks the TAIL's CRC against the bytes; a wrong one is an exception
            List<ReadRecord> records = ImageReader.readAll(memory.toByteArray());
            assertEquals(RecordType.TAIL, records.get(records.size() - 1).record().type());
            long read = records.stream().filter(r -> r.record() instanceof ImageRecord.PageChunk)
                    .mapToLong(r -> ((ImageRecord.PageChunk) r.record()).nrPages()).sum();
            assertEquals(pages + 1, read);
        }
    }
}
