package org.croracle.impl.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.croracle.impl.image.ImageRecord.PageChunk;
import org.junit.jupiter.api.Test;

/** Writing then reading gives the records back; reading then writing gives the bytes back. */
class ImageRoundTripTest {

    @Test
    void everyRecordTypeRoundTrips() throws Exception {
        List<ImageRecord> written = new ArrayList<>(SampleImage.records());
        List<ReadRecord> read = ImageReader.readAll(SampleImage.bytes());
        assertEquals(written.size() + 1, read.size());
        for (int i = 0; i < written.size(); i++) {
            assertEquals(written.get(i), read.get(i).record(), "record " + i);
            assertEquals(written.get(i).hashCode(), read.get(i).record().hashCode(), "record " + i);
        }
        assertEquals(RecordType.TAIL, read.get(read.size() - 1).type());
        Set<RecordType> seen = EnumSet.noneOf(RecordType.class);
        read.forEach(r -> seen.add(r.type()));
        ImageRecord.Error error = (ImageRecord.Error) ImageReader.readAll(SampleImage.errorImage(16, "leak")).get(0).record();
        seen.add(error.type());
        assertEquals(EnumSet.allOf(RecordType.class), seen, "the sample covers every record type");
    }

    @Test
    void decodeThenEncodeReproducesTheBytes() throws Exception {
        byte[] image = SampleImage.bytes();
        List<ImageRecord> records = new ArrayList<>();
        ImageReader.readAll(image).forEach(r -> records.add(r.record()));
        assertArrayEquals(image, SampleImage.write(records, false), "TAIL re-encoded with its crc field");
        byte[] error = SampleImage.errorImage(22, "bad flags ☃");
        assertArrayEquals(error, SampleImage.write(List.of(ImageReader.readAll(error).get(0).record()), false));
    }

    @Test
    void recordsStartAlignedAndLengthsAreUnpadded() throws Exception {
        byte[] image = SampleImage.bytes();
        long expected = 0;
        for (ReadRecord r : ImageReader.readAll(image)) {
            assertEquals(expected, r.offset());
            assertEquals(0, r.offset() % ImageFormat.ALIGNMENT);
            assertEquals(r.type().code(), SampleImage.u32(image, r.offset()));
            assertEquals(r.length(), SampleImage.u32(image, r.offset() + 4));
            expected = r.offset() + r.length() + ImageFormat.padding(r.length());
        }
        assertEquals(image.length, expected);
    }

    @Test
    void writeReturnsEachRecordsOffset() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageWriter w = new ImageWriter(out);
        assertEquals(0, w.write(SampleImage.header(0)));
        long container = w.offset();
        assertEquals(container, w.write(new ImageRecord.Container(0, 1, 0, 0)));
        assertEquals(0, container % 8);
        w.flush();
        assertEquals(w.offset(), out.size());
    }

    @Test
    void thePageFastPathWritesWhatAFilledChunkEncodesTo() throws Exception {
        long[] indexes = new long[600];
        byte[] fill = new byte[600];
        for (int i = 0; i < indexes.length; i++) {
            indexes[i] = 3L * i;
            fill[i] = (byte) (i * 7);
        }
        ByteArrayOutputStream fast = new ByteArrayOutputStream();
        ByteArrayOutputStream slow = new ByteArrayOutputStream();
        try (ImageWriter f = new ImageWriter(fast); ImageWriter s = new ImageWriter(slow)) {
            f.write(SampleImage.header(0));
            s.write(SampleImage.header(0));
            assertEquals(f.offset(), f.writePages(indexes, fill, 600));
            assertEquals(f.offset(), f.writePages(indexes, fill, 0), "no pages: nothing written");
            f.writePagesEnd();
            for (int from = 0; from < 600; from += 256) {
                int n = Math.min(256, 600 - from);
                s.write(PageChunk.filled(java.util.Arrays.copyOfRange(indexes, from, from + n),
                        java.util.Arrays.copyOfRange(fill, from, from + n)));
            }
            s.write(PageChunk.END);
            assertEquals(s.crc(), f.crc());
        }
        assertArrayEquals(slow.toByteArray(), fast.toByteArray());
    }

    @Test
    void aReadChunkGivesBackItsPagesAndFillBytes() throws Exception {
        PageChunk c = PageChunk.filled(new long[] {5, 6}, new byte[] {(byte) 0x80, 0});
        assertEquals(0x80, c.fillByte(0));
        assertEquals(0, c.fillByte(1));
        byte[] page = c.page(0);
        page[100] = 1;
        PageChunk mixed = new PageChunk(new long[] {5}, page);
        assertEquals(-1, mixed.fillByte(0));
        assertEquals(2, c.nrPages());
        assertThrows(IllegalArgumentException.class, () -> new PageChunk(new long[] {1}, new byte[10]));
    }

    @Test
    void errorRecordsCarryTheMessageWithoutItsNul() throws Exception {
        byte[] image = SampleImage.errorImage(16, "usage leak: pipe objref 4");
        assertEquals(0, image[8 + 4 + 4], "the message starts with NUL on disk");
        ImageRecord.Error e = (ImageRecord.Error) ImageReader.readAll(image).get(0).record();
        assertEquals(new ImageRecord.Error(16, "usage leak: pipe objref 4"), e);
    }

    @Test
    void anOverlongErrorMessageIsCutNotRefused() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageWriter w = new ImageWriter(out)) {
            w.write(SampleImage.header(0));
            w.writeError(16, "é".repeat(5000) + "\ud800");
        }
        ImageRecord.Error e = (ImageRecord.Error) ImageReader.readAll(out.toByteArray()).get(1).record();
        assertEquals("é".repeat(2047), e.message(), "4095 bytes at most, whole characters");
        assertEquals("x\ufffd", ImageWriter.fit("x\ud800", 100));
    }

    @Test
    void theWriterRefusesWhatTheReaderWouldReject() throws IOException {
        ImageWriter w = new ImageWriter(OutputStream.nullOutputStream());
        assertThrows(IllegalArgumentException.class, () -> w.write(new ImageRecord.Fs("x".repeat(4097))));
        assertThrows(IllegalArgumentException.class, () -> w.write(new ImageRecord.Fs("\ud800")));
        assertThrows(IllegalArgumentException.class,
                () -> w.write(new ImageRecord.PipeInode(new byte[ImageFormat.MAX_PAYLOAD])));
        assertThrows(IllegalArgumentException.class, () -> w.writePages(new long[1], new byte[1], 2));
        w.write(new ImageRecord.Fs("x".repeat(4096)));
        w.writeTail();
        assertTrue(w.ended());
        assertThrows(IllegalStateException.class, () -> w.write(new ImageRecord.Fs("/")));
        assertThrows(IllegalStateException.class, () -> w.writeError(1, "late"));
    }

    @Test
    void closingTheWriterLeavesTheStreamOpenUnlessAsked() throws IOException {
        boolean[] closed = new boolean[1];
        OutputStream out = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        new ImageWriter(out).close();
        assertFalse(closed[0]);
        new ImageWriter(out, true).close();
        assertTrue(closed[0]);
    }
}
