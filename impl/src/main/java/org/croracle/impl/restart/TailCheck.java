package org.croracle.impl.restart;

import java.util.List;

import org.croracle.impl.image.ReadRecord;

/**
 * What restart makes of an image whose stream breaks off (cut short, or a record that does not
 * frame or checksum) after the records read so far: the TAIL is such a record, the last one.
 */
public interface TailCheck {

    /**
     * linux-cr: the coordinator reads and checks the TAIL before it wakes any task, so an image
     * that breaks off anywhere, its TAIL included, is refused whole.
     */
    TailCheck LINUX_CR = (records, at) -> false;

    /** Whether the tasks of {@code records} are restored anyway, as if a TAIL at offset {@code at} ended them. */
    boolean restoresBrokenOff(List<ReadRecord> records, long at);
}
