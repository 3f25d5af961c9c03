package org.croracle.impl.image;

/**
 * A record as the reader found it.
 *
 * @param offset where its header starts in the stream
 * @param length its {@code len} field: header + payload, without the alignment padding
 * @param record the decoded record
 */
public record ReadRecord(long offset, int length, ImageRecord record) {
    public RecordType type() {
        return record.type();
    }
}
