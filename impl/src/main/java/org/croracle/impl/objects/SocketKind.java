package org.croracle.impl.objects;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.croracle.impl.image.ImageRecord;
import org.croracle.impl.image.ObjType;
import org.croracle.impl.kernel.Inode;
import org.croracle.impl.kernel.ObjectTable;

/**
 * One end of a connected unix socket pair: INODE_SOCKET, its queue and its peer. The peer is not
 * a counted reference, so it is never written inline: the end written first names no peer, the
 * second names the first, and restart connects the two when it makes the second.
 */
final class SocketKind extends ObjectKind<Inode.Socket> {

    SocketKind() {
        super("socket", Inode.Socket.class, ObjType.INODE_SOCKET);
    }

    @Override
    void dump(Inode.Socket sk, DumpContext out) throws IOException {
        int peer = out.inImage(sk.peer()) ? out.objref(sk.peer()) : 0;
        out.out().write(new ImageRecord.SocketInode(sk.queue().getBytes(StandardCharsets.UTF_8), peer));
    }

    @Override
    int restore(List<ImageRecord> records, RestoreContext in) {
        ImageRecord.SocketInode si = (ImageRecord.SocketInode) records.get(0);
        ObjectTable.Builder ob = in.objects();
        int peer = si.peerRef() == 0 ? 0 : in.restored(si.peerRef());
        int made = ob.create(new Inode.Socket(new String(si.queue(), StandardCharsets.UTF_8), peer));
        if (peer != 0 && ob.get(peer, Inode.Socket.class) != null) {
            ob.replace(peer, new Inode.Socket(ob.get(peer, Inode.Socket.class).queue(), made));
        }
        return made;
    }

    @Override
    String describe(Inode.Socket sk, ObjectNames names) {
        return "socket \"" + sk.queue() + "\" peer=" + names.nameIfNamed(sk.peer(), "(later)");
    }
}
