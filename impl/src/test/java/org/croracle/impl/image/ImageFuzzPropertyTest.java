package org.croracle.impl.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The reader on hostile input: whatever is done to a valid image (bytes changed, cut, repeated),
 * reading it fails only with ImageFormatException (never a RuntimeException, never an
 * OutOfMemoryError), and checking what could be read never throws. QuickTheories shrinks a
 * failure to the fewest changes.
 */
class ImageFuzzPropertyTest {

    static final byte[] IMAGE = SampleImage.bytes();
    static final long TAIL;

    static {
        try {
            List<ReadRecord> r = ImageReader.readAll(IMAGE);
            TAIL = r.get(r.size() - 1).offset();
        } catch (ImageFormatException e) {
            throw new AssertionError(e);
        }
    }

    /** A change: set byte (offset) to value. */
    record Edit(int offset, int value) {
    }

    static Gen<List<Edit>> edits() {
        Gen<Edit> edit = integers().between(0, IMAGE.length - 1).zip(integers().between(0, 255), Edit::new);
        return lists().of(edit).ofSizeBetween(1, 6);
    }

    static byte[] apply(byte[] image, List<Edit> edits) {
        byte[] b = image.clone();
        for (Edit e : edits) {
            b[e.offset()] = (byte) e.value();
        }
        return b;
    }

    /**
     * Reads and checks; only ImageFormatException may come out. What the reader accepts encodes
     * back to the same bytes, directly and through JSON.
     */
    static void readsOrRejects(byte[] image) {
        try {
            List<ReadRecord> records = ImageReader.readAll(image);
            ImageChecker.check(records);
            List<ImageRecord> decoded = new ArrayList<>();
            records.forEach(r -> decoded.add(r.record()));
            assertArrayEquals(image, SampleImage.write(decoded, false));
            assertArrayEquals(image, ImageJson.encode(ImageJson.decode(image)));
        } catch (ImageJsonException e) {
            throw new AssertionError(e);
        } catch (ImageFormatException e) {
            assertEquals(true, e.offset() >= 0 && e.offset() <= image.length, e.getMessage());
        }
    }

    @Test
    void everyChangedByteIsDetected() {
        // The CRC (or the framing before it) catches every change of a valid image.
        qt().withFixedSeed(20100421L).withExamples(2000)
                .forAll(edits())
                .assuming(e -> !Arrays.equals(apply(IMAGE, e), IMAGE))
                .checkAssert(e -> assertThrows(ImageFormatException.class, () -> ImageReader.readAll(apply(IMAGE, e))));
    }

    @Test
    void changedBytesBehindAValidCrcFailOnlyAsFormatErrors() {
        // With the CRC fixed up, changes reach the decoders and the checker.
        qt().withFixedSeed(20100422L).withExamples(5000)
                .forAll(edits())
                .checkAssert(e -> {
                    byte[] b = apply(IMAGE, e);
                    if (e.stream().allMatch(x -> x.offset() < TAIL)) {
                        b = SampleImage.withValidCrc(b, TAIL);
                    }
                    readsOrRejects(b);
                });
    }

    @Test
    void cutsAndSplicesFailOnlyAsFormatErrors() {
        qt().withFixedSeed(20100423L).withExamples(3000)
                .forAll(integers().between(0, IMAGE.length), integers().between(0, IMAGE.length),
                        integers().between(0, IMAGE.length))
                .checkAssert((from, to, at) -> {
                    // the image with [min, max) moved to `at`: a record duplicated, dropped, or cut
                    int lo = Math.min(from, to);
                    int hi = Math.max(from, to);
                    byte[] head = Arrays.copyOf(IMAGE, at);
                    byte[] piece = Arrays.copyOfRange(IMAGE, lo, hi);
                    byte[] b = new byte[head.length + piece.length];
                    System.arraycopy(head, 0, b, 0, head.length);
                    System.arraycopy(piece, 0, b, head.length, piece.length);
                    readsOrRejects(b);
                });
    }

    @Test
    void randomRecordSequencesCheckWithoutThrowing() throws Exception {
        // Records of the sample in random order (a valid framing, any grammar): the checker
        // reports problems and never throws.
        List<ReadRecord> all = ImageReader.readAll(IMAGE);
        qt().withFixedSeed(20100424L).withExamples(3000)
                .forAll(lists().of(integers().between(0, all.size() - 1)).ofSizeBetween(0, 60))
                .checkAssert(picks -> {
                    List<ReadRecord> records = new ArrayList<>();
                    picks.forEach(i -> records.add(all.get(i)));
                    ImageChecker.check(records);
                });
    }

    @Test
    void randomPageChunksRoundTrip() {
        qt().withFixedSeed(20100425L).withExamples(300)
                .forAll(lists().of(integers().between(0, 255)).ofSizeBetween(0, 300))
                .checkAssert(fill -> {
                    long[] idx = new long[fill.size()];
                    byte[] bytes = new byte[fill.size()];
                    for (int i = 0; i < idx.length; i++) {
                        idx[i] = i * 3L + fill.get(i);
                        bytes[i] = (byte) (int) fill.get(i);
                    }
                    byte[] slow = SampleImage.write(List.of(SampleImage.header(0),
                            ImageRecord.PageChunk.filled(idx, bytes)), true);
                    try {
                        ImageRecord.PageChunk c = (ImageRecord.PageChunk) ImageReader.readAll(slow).get(1).record();
                        assertArrayEquals(idx, c.pageIndexes());
                        for (int i = 0; i < idx.length; i++) {
                            assertEquals(fill.get(i), c.fillByte(i));
                        }
                    } catch (ImageFormatException e) {
                        throw new AssertionError(e);
                    }
                });
    }
}
