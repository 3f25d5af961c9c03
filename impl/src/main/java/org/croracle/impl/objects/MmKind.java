package org.croracle.impl.objects;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import org.croracle.impl.image.ImageRecord;
import org.croracle.impl.image.ObjType;
import org.croracle.impl.kernel.Mm;

/**
 * mm_struct: MM, then per region its VMA and, for a private region, its dirty pages, each
 * region's pages ended by an empty PGARR (a shared region's pages are its SHMEM's).
 */
final class MmKind extends ObjectKind<Mm> {

    MmKind() {
        super("mm", Mm.class, ObjType.MM);
    }

    @Override
    void dump(Mm mm, DumpContext out) throws IOException {
        out.out().write(new ImageRecord.Mm(mm.vmas().size()));
        for (Map.Entry<String, Mm.Vma> e : mm.vmas().entrySet()) {
            Mm.Vma v = e.getValue();
            out.out().write(new ImageRecord.Vma(e.getKey(), v.pages(), v.shared() ? ImageRecord.Vma.SHARED : 0,
                    out.objref(v.file()), out.objref(v.shmem())));
            if (!v.shared()) {
                Pages.write(out.out(), v.content(), v.dirty()); // only dirty pages
            }
            out.out().writePagesEnd();
        }
    }

    /** Every page a region's image holds was dirty when it was saved, and is again once restored. */
    @Override
    int restore(List<ImageRecord> records, RestoreContext in) {
        Mm mm = Mm.EMPTY;
        int i = 1;
        while (i < records.size()) {
            ImageRecord.Vma v = (ImageRecord.Vma) records.get(i++);
            TreeMap<Integer, Integer> content = new TreeMap<>();
            while (i < records.size() && records.get(i) instanceof ImageRecord.PageChunk c && c.nrPages() > 0) {
                Pages.add(c, content);
                i++;
            }
            i++; // the empty chunk that ends the vma
            boolean shared = (v.flags() & ImageRecord.Vma.SHARED) != 0;
            SortedSet<Integer> dirty = new TreeSet<>(content.keySet());
            mm = mm.with(v.name(), new Mm.Vma(v.nrPages(), shared, in.restore(v.fileRef()), in.restore(v.shmemRef()),
                    content, dirty));
        }
        return in.objects().create(mm);
    }

    @Override
    String describe(Mm mm, ObjectNames names) {
        StringBuilder b = new StringBuilder("mm {");
        mm.vmas().forEach((vn, v) -> {
            b.append(' ').append(vn).append("(pages=").append(v.pages()).append(v.shared() ? " shared" : " private");
            if (v.file() != 0) {
                b.append(" file=").append(names.name(v.file()));
            }
            if (v.shmem() != 0) {
                b.append(" shmem=").append(names.name(v.shmem()));
            } else {
                b.append(" content=").append(v.content()).append(" dirty=").append(v.dirty());
            }
            b.append(')');
        });
        return b.append(" }").toString();
    }
}
