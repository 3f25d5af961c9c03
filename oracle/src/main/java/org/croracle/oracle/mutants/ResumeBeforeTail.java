package org.croracle.oracle.mutants;

import java.util.ArrayList;
import java.util.List;

import org.croracle.impl.image.ImageChecker;
import org.croracle.impl.image.ImageFormat;
import org.croracle.impl.image.ImageRecord;
import org.croracle.impl.image.ReadRecord;
import org.croracle.impl.restart.TailCheck;

/**
 * A restart that lets the tasks run once the last task's records are in: a missing or mismatched
 * TAIL after them is never looked at. An image that breaks off before that is still refused.
 */
final class ResumeBeforeTail implements TailCheck {
    @Override
    public boolean restoresBrokenOff(List<ReadRecord> records, long at) {
        List<ReadRecord> ended = new ArrayList<>(records);
        ended.add(new ReadRecord(at, ImageFormat.HEADER_BYTES, new ImageRecord.Tail(0)));
        return ImageChecker.check(ended).ok();
    }
}
