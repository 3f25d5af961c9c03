package org.croracle.impl.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * A reader that lends its page buffer must read what any reader reads, record for record while
 * each is current, and must still reject a corrupt page: the pages it reads into its reused buffer
 * are in the checksum like any others.
 */
class ImageReaderLendingTest {

    private static byte[] image(int pages) throws Exception {
        long[] idx = new long[pages];
        byte[] fill = new byte[pages];
        for (int i = 0; i < pages; i++) {
            idx[i] = i;
            fill[i] = (byte) (i % 251);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageWriter w = new ImageWriter(out)) {
            w.write(SampleImage.header(0));
            w.write(new ImageRecord.Container(0, 1, 0, 0));
            w.write(new ImageRecord.Tree(List.of(SampleImage.entry(-1, 1, 0, 0, List.of(1)))));
            w.write(new ImageRecord.Task(0, 0, 0, 0, 0, 0, 0));
            w.write(new ImageRecord.ObjRef(ObjType.MM, 1, 0));
            w.write(new ImageRecord.Mm(1));
            w.write(new ImageRecord.Vma("heap", pages, 0, 0, 0));
            w.writePages(idx, fill, pages);
            w.writePagesEnd();
            w.writeTail();
        }
        return out.toByteArray();
    }

    @Test
    void eachRecordIsWhatAnyReaderReads() throws Exception {
        byte[] image = image(1000); // chunks of 256 pages and a last one of 232
        List<ReadRecord> kept = ImageReader.readAll(image);
        ImageReader lending = ImageReader.lendingPages(new ByteArrayInputStream(image));
        int i = 0;
        for (Optional<ReadRecord> r = lending.next(); r.isPresent(); r = lending.next()) {
            assertEquals(kept.get(i), r.get(), "record " + i);
            i++;
        }
        assertEquals(kept.size(), i);
    }

    @Test
    void aCorruptPageIsStillFound() throws Exception {
        byte[] image = image(600);
        List<ReadRecord> kept = ImageReader.readAll(image);
        ReadRecord chunk = kept.stream().filter(r -> r.record() instanceof ImageRecord.PageChunk c && c.nrPages() > 0)
                .skip(1).findFirst().orElseThrow();
        image[(int) chunk.offset() + chunk.length() - 100] ^= 1; // a byte of its last page
        ImageReader lending = ImageReader.lendingPages(new ByteArrayInputStream(image));
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> {
            while (lending.next().isPresent()) {
                // read to the TAIL
            }
        });
        assertTrue(e.getMessage().contains("crc32c"), e.getMessage());
    }
}
