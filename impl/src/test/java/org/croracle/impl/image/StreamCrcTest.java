package org.croracle.impl.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.Test;

/**
 * The checksum of a stream made of spans checksummed apart (some on another core) and joined in
 * order must be the CRC32C of the whole stream in one pass, or every TAIL would be wrong.
 */
class StreamCrcTest {

    private static int oneCrc(byte[] b) {
        CRC32C c = new CRC32C();
        c.update(b, 0, b.length);
        return (int) c.getValue();
    }

    private static int crcOf(byte[] b, int from, int to) {
        CRC32C c = new CRC32C();
        c.update(b, from, to - from);
        return (int) c.getValue();
    }

    @Test
    void combiningTwoPartsIsTheCrcOfTheWhole() {
        SplittableRandom random = new SplittableRandom(17);
        for (int round = 0; round < 200; round++) {
            byte[] b = new byte[random.nextInt(1, 20_000)];
            random.nextBytes(b);
            int cut = random.nextInt(b.length + 1);
            assertEquals(oneCrc(b), StreamCrc.combine(crcOf(b, 0, cut), crcOf(b, cut, b.length), b.length - cut),
                    "cut at " + cut + " of " + b.length);
        }
    }

    @Test
    void combiningWithAnEmptyPartChangesNothing() {
        byte[] b = {1, 2, 3};
        assertEquals(oneCrc(b), StreamCrc.combine(oneCrc(b), 0, 0));
        assertEquals(oneCrc(b), StreamCrc.combine(0, oneCrc(b), 3));
    }

    @Test
    void aLongRunOfZerosShiftsLikeTheBytesThemselves() {
        // a 3 MiB span: the shift past it needs x^(2^k) for k beyond 20
        byte[] b = new byte[3 << 20];
        b[0] = 7;
        b[b.length - 1] = 9;
        assertEquals(oneCrc(b), StreamCrc.combine(crcOf(b, 0, 1), crcOf(b, 1, b.length), b.length - 1));
    }

    @Test
    void spansAndBytesInAnyMixAreTheCrcOfTheStream() {
        SplittableRandom random = new SplittableRandom(5);
        for (int round = 0; round < 20; round++) {
            byte[] b = new byte[random.nextInt(1, 4 * StreamCrc.ASYNC_MIN * 10)];
            random.nextBytes(b);
            StreamCrc crc = new StreamCrc();
            int at = 0;
            int parts = 0;
            while (at < b.length) {
                // spans on both sides of the size from which they go to another core
                int to = Math.min(b.length, at + random.nextInt(1, 2 * StreamCrc.ASYNC_MIN));
                int from = at;
                if (random.nextBoolean()) {
                    crc.later(c -> c.update(b, from, to - from), to - from);
                } else {
                    crc.update(b, from, to - from);
                }
                at = to;
                parts++;
                if (random.nextInt(10) == 0) {
                    // asking midway must neither disturb what follows nor be wrong itself
                    assertEquals(crcOf(b, 0, at), crc.value());
                }
            }
            assertEquals(oneCrc(b), crc.value(), parts + " parts");
        }
    }

    /**
     * Many more large spans than may be in flight: the stream's own thread checksums some of them
     * (whichever thread claims a span first computes it), and each is counted once, in order.
     */
    @Test
    void moreSpansThanMayBeInFlightAreEachCountedOnceInOrder() {
        SplittableRandom random = new SplittableRandom(11);
        byte[] b = new byte[40 * StreamCrc.ASYNC_MIN];
        random.nextBytes(b);
        StreamCrc crc = new StreamCrc();
        for (int at = 0; at < b.length; at += StreamCrc.ASYNC_MIN) {
            int from = at;
            crc.later(c -> c.update(b, from, StreamCrc.ASYNC_MIN), StreamCrc.ASYNC_MIN);
        }
        assertEquals(oneCrc(b), crc.value());
    }
}
