package org.croracle.impl.objects;

import java.io.IOException;
import java.util.List;

import org.croracle.impl.image.ImageRecord;
import org.croracle.impl.image.ObjType;
import org.croracle.impl.kernel.OpenFile;

/** struct file: FILE, its inode's objref, its position and access mode. */
final class OpenFileKind extends ObjectKind<OpenFile> {

    OpenFileKind() {
        super("file", OpenFile.class, ObjType.FILE);
    }

    @Override
    void dump(OpenFile f, DumpContext out) throws IOException {
        int flags = (f.readable() ? ImageRecord.File.READABLE : 0) | (f.writable() ? ImageRecord.File.WRITABLE : 0);
        out.out().write(new ImageRecord.File(out.objref(f.inode()), f.offset(), flags));
    }

    @Override
    int restore(List<ImageRecord> records, RestoreContext in) {
        ImageRecord.File f = (ImageRecord.File) records.get(0);
        return in.objects().create(new OpenFile(in.restore(f.inodeRef()), f.position(),
                (f.flags() & ImageRecord.File.READABLE) != 0, (f.flags() & ImageRecord.File.WRITABLE) != 0));
    }

    @Override
    String describe(OpenFile f, ObjectNames names) {
        return "file inode=" + names.name(f.inode()) + " offset=" + f.offset()
                + (f.readable() ? " r" : "") + (f.writable() ? " w" : "");
    }
}
