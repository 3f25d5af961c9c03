package org.croracle.impl.objects;

import java.io.IOException;
import java.util.List;

import org.croracle.impl.image.ImageRecord;
import org.croracle.impl.image.ObjType;
import org.croracle.impl.kernel.FsInfo;

/** fs_struct: FS, the current directory. */
final class FsKind extends ObjectKind<FsInfo> {

    FsKind() {
        super("fs", FsInfo.class, ObjType.FS);
    }

    @Override
    void dump(FsInfo fs, DumpContext out) throws IOException {
        out.out().write(new ImageRecord.Fs(fs.cwd()));
    }

    @Override
    int restore(List<ImageRecord> records, RestoreContext in) {
        return in.objects().create(new FsInfo(((ImageRecord.Fs) records.get(0)).cwd()));
    }

    @Override
    String describe(FsInfo fs, ObjectNames names) {
        return "fs cwd=" + fs.cwd();
    }
}
