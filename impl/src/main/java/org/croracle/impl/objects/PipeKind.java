package org.croracle.impl.objects;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.croracle.impl.image.ImageRecord;
import org.croracle.impl.image.ObjType;
import org.croracle.impl.kernel.Inode;

/** A pipe: INODE_PIPE, the bytes written to it and not yet read. */
final class PipeKind extends ObjectKind<Inode.Pipe> {

    PipeKind() {
        super("pipe", Inode.Pipe.class, ObjType.INODE_PIPE);
    }

    @Override
    void dump(Inode.Pipe p, DumpContext out) throws IOException {
        out.out().write(new ImageRecord.PipeInode(p.buffer().getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    int restore(List<ImageRecord> records, RestoreContext in) {
        byte[] buffer = ((ImageRecord.PipeInode) records.get(0)).buffer();
        return in.objects().create(new Inode.Pipe(new String(buffer, StandardCharsets.UTF_8)));
    }

    @Override
    String describe(Inode.Pipe p, ObjectNames names) {
        return "pipe \"" + p.buffer() + "\"";
    }
}
