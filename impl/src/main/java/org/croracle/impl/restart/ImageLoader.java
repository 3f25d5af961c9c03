package org.croracle.impl.restart;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.croracle.impl.image.ImageChecker;
import org.croracle.impl.image.ImageFormatException;
import org.croracle.impl.image.ImageReader;
import org.croracle.impl.image.ImageRecord;
import org.croracle.impl.image.ObjType;
import org.croracle.impl.image.ReadRecord;

/**
 * Reads an image for restart: the whole stream is parsed and checked (framing, bounds, CRC, the
 * object discipline, the tree) before anything is created, so a malformed image creates nothing.
 */
public final class ImageLoader {
    private ImageLoader() {}

    /** Why an image was refused: the offset of the record at fault and the reason. */
    public record Refusal(long offset, String reason) {
        @Override
        public String toString() {
            return "image offset " + offset + ": " + reason;
        }
    }

    /** The image, or why it cannot be restarted. */
    public record Loaded(SavedImage image, Refusal refusal) {
    }

    public static Loaded load(byte[] bytes) {
        List<ReadRecord> records = new ArrayList<>();
        try (ImageReader reader = new ImageReader(new ByteArrayInputStream(bytes))) {
            for (Optional<ReadRecord> r = reader.next(); r.isPresent(); r = reader.next()) {
                records.add(r.get());
            }
        } catch (ImageFormatException e) {
            return new Loaded(null, new Refusal(e.offset(), e.reason()));
        } catch (IOException e) {
            return new Loaded(null, new Refusal(0, "reading the image: " + e.getMessage()));
        }
        ImageChecker checker = ImageChecker.check(records);
        if (!checker.ok()) {
            var p = checker.problems().get(0);
            return new Loaded(null, new Refusal(p.offset(), p.text()));
        }
        if (checker.error().isPresent()) {
            ImageRecord.Error e = checker.error().get();
            return new Loaded(null, new Refusal(records.get(records.size() - 1).offset(),
                    "the image is of a failed checkpoint: " + e.message()));
        }
        return new Loaded(build(records, checker), null);
    }

    /** Groups the (already checked) records into tasks and objects. */
    private static SavedImage build(List<ReadRecord> records, ImageChecker checker) {
        List<ImageRecord.TreeEntry> tree = checker.tree();
        Map<Integer, SavedImage.SavedObject> objects = new HashMap<>();
        List<SavedImage.SavedTask> tasks = new ArrayList<>();
        Deque<Open> open = new ArrayDeque<>();
        ImageRecord.Task task = null;
        for (ReadRecord rr : records) {
            ImageRecord r = rr.record();
            if (r instanceof ImageRecord.Task t) {
                task = t;
            } else if (r instanceof ImageRecord.TaskObjs o) {
                tasks.add(new SavedImage.SavedTask(task.taskIndex(), tree.get(task.taskIndex()), task, o));
            } else if (r instanceof ImageRecord.ObjRef o) {
                open.push(new Open(o.objref(), o.objType()));
            } else if (!open.isEmpty() && isStateRecord(r)) {
                Open top = open.peek();
                top.records.add(r);
                if (top.complete()) {
                    open.pop();
                    objects.put(top.objref, new SavedImage.SavedObject(top.objref, top.type, top.records));
                }
            }
        }
        return new SavedImage(checker.container().orElseThrow().flags(), tasks, objects);
    }

    private static boolean isStateRecord(ImageRecord r) {
        return !(r instanceof ImageRecord.Header || r instanceof ImageRecord.Container || r instanceof ImageRecord.Tree
                || r instanceof ImageRecord.Tail || r instanceof ImageRecord.Error);
    }

    /** An object whose OBJREF was read and whose state records are being collected. */
    private static final class Open {
        final int objref;
        final ObjType type;
        final List<ImageRecord> records = new ArrayList<>();
        int vmasLeft = -1;

        Open(int objref, ObjType type) {
            this.objref = objref;
            this.type = type;
        }

        /** Whether the records so far are the object's whole state. */
        boolean complete() {
            ImageRecord last = records.get(records.size() - 1);
            switch (type) {
                case MM -> {
                    if (last instanceof ImageRecord.Mm m) {
                        vmasLeft = m.nrVmas();
                        return vmasLeft == 0;
                    }
                    if (last instanceof ImageRecord.PageChunk c && c.nrPages() == 0) {
                        vmasLeft--;
                    }
                    return vmasLeft == 0;
                }
                case SHMEM -> {
                    return last instanceof ImageRecord.PageChunk c && c.nrPages() == 0;
                }
                default -> {
                    return true;
                }
            }
        }
    }
}
