package org.croracle.impl.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Every way the reader rejects an image, each at the offending byte. */
class ImageReaderTest {

    static final byte[] IMAGE = SampleImage.bytes();

    static ImageFormatException rejects(byte[] image) {
        return assertThrows(ImageFormatException.class, () -> ImageReader.readAll(image));
    }

    static void rejects(byte[] image, long offset, String reason) {
        ImageFormatException e = rejects(image);
        assertEquals(offset, e.offset(), e.getMessage());
        assertTrue(e.reason().contains(reason), e.getMessage());
        assertEquals("image offset " + offset + ": " + e.reason(), e.getMessage());
    }

    /** The offset of the first record of this type in the sample. */
    static long offsetOf(RecordType type) throws ImageFormatException {
        return ImageReader.readAll(IMAGE).stream().filter(r -> r.type() == type).findFirst().orElseThrow().offset();
    }

    static long tail() throws ImageFormatException {
        return offsetOf(RecordType.TAIL);
    }

    @Test
    void theSampleIsWellFormed() throws Exception {
        List<ReadRecord> records = ImageReader.readAll(IMAGE);
        assertEquals(RecordType.HEADER, records.get(0).type());
        ImageReader r = new ImageReader(new java.io.ByteArrayInputStream(IMAGE));
        assertTrue(r.header().isEmpty());
        while (r.next().isPresent()) {
            assertTrue(r.header().isPresent());
        }
        assertTrue(r.next().isEmpty(), "still empty after the end");
        assertEquals(IMAGE.length, r.offset());
    }

    @Test
    void aBadMagicIsNotAnImage() {
        rejects(SampleImage.withU32(IMAGE, 8, 0x12345678), 8, "HEADER magic 0x00feed0c12345678 is not 0x00feed0cc0a2d200");
    }

    @Test
    void anotherFormatVersionIsRefused() {
        rejects(SampleImage.withU32(IMAGE, 16, 2), 16, "HEADER formatVersion 2 is not supported");
    }

    @Test
    void anotherPageSizeIsRefused() {
        rejects(SampleImage.withU32(IMAGE, 24, 8192), 24, "HEADER pageSize 8192 is not 4096");
    }

    @Test
    void anUnknownRecordTypeIsRefused() throws Exception {
        long task = offsetOf(RecordType.TASK);
        rejects(SampleImage.withU32(IMAGE, task, 104), task, "unknown record type 104");
        rejects(SampleImage.withU32(IMAGE, task, -1), task, "unknown record type 4294967295");
    }

    @Test
    void theFirstRecordMustBeHeaderOrError() throws Exception {
        rejects(SampleImage.withU32(IMAGE, 0, RecordType.TASK.code()), 0, "starts with a TASK record, not HEADER or ERROR");
        byte[] two = SampleImage.write(List.of(SampleImage.header(0), SampleImage.header(0)), true);
        rejects(two, offsetOf(RecordType.CONTAINER), "a second HEADER record");
    }

    @Test
    void nonZeroPaddingIsRefused() throws Exception {
        ReadRecord header = ImageReader.readAll(IMAGE).get(0);
        assertTrue(ImageFormat.padding(header.length()) > 0, "the sample's HEADER is padded");
        byte[] bad = IMAGE.clone();
        long pad = header.offset() + header.length();
        bad[(int) pad] = 1;
        rejects(bad, pad, "non-zero padding after the HEADER record");
    }

    @Test
    void recordLengthsOutsideTheBoundsAreRefusedBeforeAllocating() throws Exception {
        long task = offsetOf(RecordType.TASK);
        rejects(SampleImage.withU32(IMAGE, task + 4, ImageFormat.MAX_RECORD_LENGTH + 1), task + 4,
                "TASK record length 16777225 is outside 8..16777224");
        rejects(SampleImage.withU32(IMAGE, task + 4, -8), task + 4, "TASK record length 4294967288");
        rejects(SampleImage.withU32(IMAGE, task + 4, 7), task + 4, "is outside 8..");
    }

    @Test
    void aFieldPastTheRecordLengthIsRefused() throws Exception {
        long task = offsetOf(RecordType.TASK);
        rejects(SampleImage.withU32(IMAGE, task + 4, 12), task + 12, "TASK record too short: uid needs 4 bytes, 0 left");
    }

    @Test
    void bytesLeftAfterTheLastFieldAreRefused() throws Exception {
        long objs = offsetOf(RecordType.TASK_OBJS);
        rejects(SampleImage.withU32(IMAGE, objs + 4, 8 + 16 + 4), objs + 8 + 16, "TASK_OBJS record has 4 bytes after its last field");
    }

    @Test
    void countsAreBoundedByTheRecord() throws Exception {
        long pgarr = offsetOf(RecordType.PGARR);
        rejects(SampleImage.withU32(IMAGE, pgarr + 8, 9000), pgarr + 8, "PGARR nrPages 9000 exceeds the record length");
        long tree = offsetOf(RecordType.TREE);
        rejects(SampleImage.withU32(IMAGE, tree + 8, -1), tree + 8, "TREE nrTasks 4294967295 exceeds the record length");
        long table = offsetOf(RecordType.FILE_TABLE);
        rejects(SampleImage.withU32(IMAGE, table + 8, 5), table + 8, "FILE_TABLE nrFds 5 exceeds the record length");
    }

    @Test
    void stringsAndBlobsAreBounded() throws Exception {
        long inode = offsetOf(RecordType.INODE_REGULAR);
        rejects(SampleImage.withU32(IMAGE, inode + 8, 5000), inode + 8, "INODE_REGULAR path length 5000 exceeds the bound of 4096");
        rejects(SampleImage.withU32(IMAGE, inode + 8, 100), inode + 8, "INODE_REGULAR path length 100 exceeds the record length");
        long pipe = offsetOf(RecordType.INODE_PIPE);
        rejects(SampleImage.withU32(IMAGE, pipe + 8, 1 << 30), pipe + 8, "INODE_PIPE buffer length 1073741824 exceeds the record length");
    }

    @Test
    void stringsMustBeUtf8() throws Exception {
        long inode = offsetOf(RecordType.INODE_REGULAR);
        byte[] bad = IMAGE.clone();
        bad[(int) inode + 12] = (byte) 0xc0;
        rejects(bad, inode + 12, "INODE_REGULAR path is not valid UTF-8");
    }

    @Test
    void enumAndBooleanFieldsHaveOnlyTheirValues() throws Exception {
        long objref = offsetOf(RecordType.OBJREF);
        rejects(SampleImage.withU32(IMAGE, objref + 8, 10), objref + 8, "OBJREF objType 10 is unknown");
        long table = offsetOf(RecordType.FILE_TABLE);
        long cloexec = table + 8 + 4 + 8;
        rejects(SampleImage.withU32(IMAGE, cloexec, 2), cloexec, "FILE_TABLE cloexec 2 is not 0 or 1");
    }

    @Test
    void anErrorMessageMustStartWithNul() {
        byte[] image = SampleImage.errorImage(16, "x");
        byte[] bad = image.clone();
        bad[16] = 'y';
        rejects(bad, 16, "ERROR message does not start with a NUL byte");
    }

    @Test
    void aTruncatedImageIsRefusedWhereItEnds() {
        for (int n = 0; n < IMAGE.length; n++) {
            ImageFormatException e = rejects(Arrays.copyOf(IMAGE, n));
            assertEquals(n, e.offset(), "cut at " + n + ": " + e.getMessage());
            assertTrue(e.reason().startsWith(n == 0 ? "the image is empty" : "the image ends"), e.getMessage());
        }
        byte[] error = SampleImage.errorImage(16, "leak");
        for (int n = 0; n < error.length; n++) {
            assertEquals(n, rejects(Arrays.copyOf(error, n)).offset());
        }
    }

    @Test
    void anImageWithoutTailOrErrorIsTruncated() throws Exception {
        long tail = tail();
        rejects(Arrays.copyOf(IMAGE, (int) tail), tail, "the image ends without a TAIL or ERROR record");
    }

    @Test
    void aBadCrcIsRefused() throws Exception {
        long tail = tail();
        int crc = SampleImage.u32(IMAGE, tail + 16);
        rejects(SampleImage.withU32(IMAGE, tail + 16, crc ^ 1), tail + 16, "TAIL crc32c");
        byte[] flipped = IMAGE.clone();
        long pgarr = offsetOf(RecordType.PGARR);
        flipped[(int) pgarr + 100] ^= 0x40;
        rejects(flipped, tail + 16, "does not match the image's");
        rejects(SampleImage.withU32(IMAGE, tail + 8, 0), tail + 8, "TAIL magic");
    }

    @Test
    void nothingMayFollowTheEnd() throws Exception {
        byte[] longer = Arrays.copyOf(IMAGE, IMAGE.length + 8);
        rejects(longer, IMAGE.length, "data after the TAIL record");
        byte[] error = SampleImage.errorImage(16, "leak");
        rejects(Arrays.copyOf(error, error.length + 1), error.length, "data after the ERROR record");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(error);
        out.write(IMAGE);
        rejects(out.toByteArray(), error.length, "data after the ERROR record");
    }

    @Test
    void aHostileLengthAllocatesOnlyWhatTheStreamHolds() throws Exception {
        // A PIPE record that claims a 16 MiB blob in a stream that ends: refused where the stream ends.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageWriter w = new ImageWriter(out)) {
            w.write(SampleImage.header(0));
            w.write(new ImageRecord.PipeInode(new byte[2 << 20]));
        }
        byte[] image = Arrays.copyOf(out.toByteArray(), out.size() - 100);
        long pipe = ImageReader.readAll(SampleImage.write(List.of(SampleImage.header(0)), true)).get(1).offset();
        ImageFormatException e = rejects(image);
        assertEquals(image.length, e.offset());
        assertTrue(e.reason().contains("ends inside the INODE_PIPE record at offset " + pipe), e.getMessage());
    }

    @Test
    void theReaderLeavesTheStreamOpenUnlessAsked() throws IOException {
        boolean[] closed = new boolean[1];
        java.io.InputStream in = new java.io.ByteArrayInputStream(IMAGE) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        new ImageReader(in).close();
        assertTrue(!closed[0]);
        new ImageReader(in, true).close();
        assertTrue(closed[0]);
    }
}
