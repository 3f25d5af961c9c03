package org.croracle.impl.objects;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.croracle.impl.image.ImageRecord;
import org.croracle.impl.image.ObjType;
import org.croracle.impl.kernel.Sighand;
import org.croracle.impl.kernel.Signal;

/** sighand_struct: SIGHAND, the dispositions that are not the default, in signal order. */
final class SighandKind extends ObjectKind<Sighand> {

    SighandKind() {
        super("sighand", Sighand.class, ObjType.SIGHAND);
    }

    @Override
    void dump(Sighand sh, DumpContext out) throws IOException {
        List<ImageRecord.SigEntry> entries = new ArrayList<>();
        sh.dispositions().entrySet().stream()
                .sorted(Map.Entry.comparingByKey((a, b) -> Integer.compare(a.number(), b.number())))
                .forEach(e -> entries.add(new ImageRecord.SigEntry(e.getKey().number(), switch (e.getValue()) {
                    case DEFAULT -> ImageRecord.SigEntry.DEFAULT;
                    case IGNORE -> ImageRecord.SigEntry.IGNORE;
                    case HANDLE -> ImageRecord.SigEntry.HANDLE;
                })));
        out.out().write(new ImageRecord.Sighand(entries));
    }

    @Override
    int restore(List<ImageRecord> records, RestoreContext in) {
        Sighand sh = Sighand.DEFAULTS;
        for (ImageRecord.SigEntry e : ((ImageRecord.Sighand) records.get(0)).entries()) {
            Signal sig = Signal.byNumber(e.signal())
                    .orElseThrow(() -> new IllegalArgumentException("no signal " + e.signal()));
            sh = sh.with(sig, switch (e.disposition()) {
                case ImageRecord.SigEntry.IGNORE -> Sighand.Disposition.IGNORE;
                case ImageRecord.SigEntry.HANDLE -> Sighand.Disposition.HANDLE;
                default -> Sighand.Disposition.DEFAULT;
            });
        }
        return in.objects().create(sh);
    }

    @Override
    String describe(Sighand sh, ObjectNames names) {
        return "sighand " + sh.dispositions();
    }
}
