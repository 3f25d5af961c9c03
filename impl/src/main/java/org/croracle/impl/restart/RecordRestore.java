package org.croracle.impl.restart;

import org.croracle.impl.image.ImageRecord;

/**
 * What restart takes from each record of an image once the record is read and checked: linux-cr
 * restores every field as written. A test replaces it with one that loses a field (a zombie's
 * exit signal, a close-on-exec flag, a file offset, a uid, a thread group) to see whether the
 * round trip's comparison notices, as it replaces the freezer.
 */
public interface RecordRestore {

    /** linux-cr: every field restored as the checkpoint wrote it. */
    RecordRestore LINUX_CR = record -> record;

    /** The record as restart uses it. The TREE record is given whole, before any task is made. */
    ImageRecord restored(ImageRecord record);
}
