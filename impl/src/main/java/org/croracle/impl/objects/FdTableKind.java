package org.croracle.impl.objects;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import org.croracle.impl.image.ImageRecord;
import org.croracle.impl.image.ObjType;
import org.croracle.impl.kernel.FdTable;

/** files_struct: FILE_TABLE, one entry per descriptor in fd order, each naming its open file. */
final class FdTableKind extends ObjectKind<FdTable> {

    FdTableKind() {
        super("fdtable", FdTable.class, ObjType.FILE_TABLE);
    }

    @Override
    void dump(FdTable t, DumpContext out) throws IOException {
        List<ImageRecord.FdEntry> fds = new ArrayList<>();
        t.fds().forEach((fd, e) -> fds.add(new ImageRecord.FdEntry(fd, out.objref(e.file()), e.cloexec())));
        out.out().write(new ImageRecord.FileTable(fds));
    }

    @Override
    int restore(List<ImageRecord> records, RestoreContext in) {
        TreeMap<Integer, FdTable.Fd> fds = new TreeMap<>();
        for (ImageRecord.FdEntry e : ((ImageRecord.FileTable) records.get(0)).fds()) {
            fds.put(e.fd(), new FdTable.Fd(in.restore(e.fileRef()), e.cloexec()));
        }
        return in.objects().create(new FdTable(fds));
    }

    @Override
    String describe(FdTable t, ObjectNames names) {
        StringBuilder b = new StringBuilder("fdtable {");
        t.fds().forEach((fd, e) -> b.append(' ').append(fd).append('=').append(names.name(e.file()))
                .append(e.cloexec() ? "(cloexec)" : ""));
        return b.append(" }").toString();
    }
}
