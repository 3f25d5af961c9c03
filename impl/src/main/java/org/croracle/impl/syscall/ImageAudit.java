package org.croracle.impl.syscall;

import org.croracle.impl.image.ImageChecker;
import org.croracle.impl.image.ImageFormatException;
import org.croracle.impl.image.ImageReader;
import org.croracle.impl.image.ImageRecord;
import org.croracle.impl.image.ReadRecord;
import org.croracle.impl.objects.ObjectKinds;


import org.croracle.impl.kernel.CheckpointContext;
import org.croracle.impl.kernel.CheckpointError;
import org.croracle.impl.kernel.DumpRecord;

import java.util.ArrayList;
import java.util.List;

/**
 * Walks the bytes a checkpoint call wrote and checks them: well-formed (the reader), the object
 * discipline (every objref defined once, before use, dense; {@link ImageChecker}), and that the
 * bytes say what the call's context says it wrote (the OBJREF records, their objrefs and shared
 * flags, in the order of the records the oracle checked against the spec; an ERROR at the end of
 * a failed call and a TAIL at the end of a good one).
 */
public final class ImageAudit {
    private ImageAudit() {}

    /** The problems found; empty if the image is good. */
    public static List<String> audit(byte[] image, CheckpointContext ctx) {
        List<String> problems = new ArrayList<>();
        List<ReadRecord> records;
        try {
            records = ImageReader.readAll(image);
        } catch (ImageFormatException e) {
            problems.add("malformed: " + e.getMessage());
            return problems;
        }
        ImageChecker checker = ImageChecker.check(records);
        checker.problems().forEach(p -> problems.add(p.toString()));
        List<DumpRecord> expected = ctx.records().stream().filter(r -> r.type().equals("objref")).toList();
        List<ImageRecord.ObjRef> actual = new ArrayList<>();
        for (ReadRecord r : records) {
            if (r.record() instanceof ImageRecord.ObjRef o) {
                actual.add(o);
            }
        }
        if (expected.size() != actual.size()) {
            problems.add("the image has " + actual.size() + " OBJREF records, the call wrote " + expected.size());
        } else {
            for (int i = 0; i < actual.size(); i++) {
                ImageRecord.ObjRef a = actual.get(i);
                DumpRecord e = expected.get(i);
                boolean shared = (a.flags() & ImageRecord.ObjRef.SHARED_OUTSIDE) != 0;
                if (a.objref() != e.ref() || shared != e.shared() || a.objType() != ObjectKinds.objType(e.kind())) {
                    problems.add("OBJREF #" + (i + 1) + " is " + a + ", the call wrote objref " + e.ref() + " ("
                            + e.kind() + (e.shared() ? ", shared" : "") + ")");
                }
            }
        }
        ImageRecord last = records.isEmpty() ? null : records.get(records.size() - 1).record();
        boolean failed = ctx.error() != CheckpointError.NONE;
        if (failed && !(last instanceof ImageRecord.Error)) {
            problems.add("the call failed but the image does not end in ERROR");
        }
        if (!failed && !(last instanceof ImageRecord.Tail)) {
            problems.add("the call succeeded but the image does not end in TAIL");
        }
        return problems;
    }

    /**
     * The image of a call refused before it had a context (EINVAL, ESRCH, EPERM): one ERROR record
     * with that errno; nothing at all for EBADF (there is no file to write to).
     */
    public static List<String> auditRefused(byte[] image, org.croracle.impl.kernel.Errno errno) {
        if (errno == org.croracle.impl.kernel.Errno.EBADF) {
            return image.length == 0 ? List.of() : List.of("EBADF, yet " + image.length + " bytes were written");
        }
        try {
            List<ReadRecord> records = ImageReader.readAll(image);
            if (records.size() == 1 && records.get(0).record() instanceof ImageRecord.Error e && e.errno() == errno.number()) {
                return List.of();
            }
            return List.of("a refused call (" + errno + ") must write exactly one ERROR record with its errno, not "
                    + records.stream().map(r -> r.type().toString()).toList());
        } catch (ImageFormatException e) {
            return List.of("malformed: " + e.getMessage());
        }
    }
}
