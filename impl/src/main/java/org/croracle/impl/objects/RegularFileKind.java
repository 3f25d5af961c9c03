package org.croracle.impl.objects;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.croracle.impl.image.ImageRecord;
import org.croracle.impl.image.ObjType;
import org.croracle.impl.kernel.Inode;

/**
 * A regular file: INODE_REGULAR, its path and whole content. Restart on the same filesystem finds
 * the file at its path and uses it as it is now; only a missing file is created from the image.
 */
final class RegularFileKind extends ObjectKind<Inode.Regular> {

    RegularFileKind() {
        super("regular", Inode.Regular.class, ObjType.INODE_REGULAR);
    }

    @Override
    void dump(Inode.Regular r, DumpContext out) throws IOException {
        out.out().write(new ImageRecord.RegularInode(r.path(), r.content().getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    int restore(List<ImageRecord> records, RestoreContext in) {
        ImageRecord.RegularInode ri = (ImageRecord.RegularInode) records.get(0);
        int existing = in.inodeAt(ri.path());
        if (existing != 0) {
            return existing; // the filesystem is the same one: its file, as it is now
        }
        int made = in.objects().create(new Inode.Regular(ri.path(), new String(ri.content(), StandardCharsets.UTF_8)));
        in.objects().ref(made); // the path holds it
        in.addPath(ri.path(), made);
        return made;
    }

    @Override
    String describe(Inode.Regular r, ObjectNames names) {
        return "regular " + r.path() + " \"" + r.content() + "\"";
    }
}
