package org.croracle.impl.objects;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Collection;
import java.util.SortedMap;
import java.util.TreeMap;

import org.croracle.impl.image.ImageRecord;
import org.croracle.impl.image.ImageWriter;

/** Pages between a region (page -> the byte it is filled with) and PGARR chunks, for the kinds that hold memory. */
final class Pages {
    private Pages() {}

    /**
     * Writes the given pages (in ascending order), each filled with its byte (a page never written
     * reads as zeros).
     * Both are walked once, side by side in page order, rather than looking each page up: a
     * region of a million pages costs a million steps, not a million searches.
     */
    static void write(ImageWriter out, SortedMap<Integer, Integer> content, Collection<Integer> pages) throws IOException {
        int n = pages.size();
        if (n == 0) {
            return;
        }
        long[] indexes = new long[n];
        byte[] fills = new byte[n];
        Iterator<Map.Entry<Integer, Integer>> filled = content.entrySet().iterator();
        Map.Entry<Integer, Integer> next = filled.hasNext() ? filled.next() : null;
        int i = 0;
        for (int p : pages) {
            while (next != null && next.getKey() < p) {
                next = filled.hasNext() ? filled.next() : null;
            }
            indexes[i] = p;
            fills[i] = next != null && next.getKey() == p ? (byte) (int) next.getValue() : 0;
            i++;
        }
        out.writePages(indexes, fills, n);
    }

    /** The pages of every chunk from record {@code from} on. */
    static SortedMap<Integer, Integer> read(List<ImageRecord> records, int from) {
        TreeMap<Integer, Integer> out = new TreeMap<>();
        for (int i = from; i < records.size(); i++) {
            if (records.get(i) instanceof ImageRecord.PageChunk c) {
                add(c, out);
            }
        }
        return out;
    }

    /** A chunk's pages: index -> the byte its page is filled with. */
    static void add(ImageRecord.PageChunk c, Map<Integer, Integer> into) {
        for (int k = 0; k < c.nrPages(); k++) {
            into.put((int) c.pageIndexes()[k], c.page(k)[0] & 0xff);
        }
    }
}
