package org.croracle.impl.objects;

import java.io.IOException;
import java.util.List;

import org.croracle.impl.image.ImageRecord;
import org.croracle.impl.image.ObjType;
import org.croracle.impl.kernel.Inode;

/** The shared memory behind MAP_SHARED regions: SHMEM, its size, then its pages up to an empty PGARR. */
final class ShmemKind extends ObjectKind<Inode.Shmem> {

    ShmemKind() {
        super("shmem", Inode.Shmem.class, ObjType.SHMEM);
    }

    @Override
    void dump(Inode.Shmem sh, DumpContext out) throws IOException {
        out.out().write(new ImageRecord.Shmem(sh.pages().isEmpty() ? 0 : sh.pages().lastKey() + 1));
        Pages.write(out.out(), sh.pages(), sh.pages().keySet());
        out.out().writePagesEnd();
    }

    @Override
    int restore(List<ImageRecord> records, RestoreContext in) {
        return in.objects().create(new Inode.Shmem(Pages.read(records, 1)));
    }

    @Override
    String describe(Inode.Shmem sh, ObjectNames names) {
        return "shmem " + sh.pages();
    }
}
