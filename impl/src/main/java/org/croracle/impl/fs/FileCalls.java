package org.croracle.impl.fs;

import org.croracle.impl.kernel.FdTable;
import org.croracle.impl.kernel.Inode;
import org.croracle.impl.kernel.OpenFile;

import org.croracle.impl.kernel.Errno;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.ObjectTable;
import org.croracle.impl.kernel.Persistent;
import org.croracle.impl.kernel.Task;
import org.croracle.impl.kernel.Transition;
import org.pcollections.PSortedMap;

/**
 * The file system calls on fd tables, open file descriptions and inodes: open, pipe, socketpair,
 * dup, close, seek, cloexec, and reads and writes. Every call takes a checked caller (the kernel
 * facade checks that it can run). Pipes and sockets never block: an empty one reads EAGAIN.
 */
public final class FileCalls {
    private FileCalls() {}

    /**
     * RLIMIT_NOFILE's usual soft limit ({@code ulimit -n}): dup2() and every call that installs a
     * file at a chosen fd answer EBADF for an fd at or above it, as Linux does.
     */
    public static final int NOFILE = 1024;

    /** Whether a task may hold a file at {@code fd}. */
    private static boolean usable(int fd) {
        return fd >= 0 && fd < NOFILE;
    }

    private static String outside(int fd) {
        return "fd " + fd + " is outside 0.." + (NOFILE - 1) + " (RLIMIT_NOFILE " + NOFILE + ")";
    }

    private static FdTable table(ObjectTable.Builder ob, Task t) {
        return ob.get(t.res().files(), FdTable.class);
    }

    /** Puts {@code file} at {@code fd} (replacing what was there, like dup2). */
    private static void install(ObjectTable.Builder ob, Task t, int fd, int file) {
        ob.replace(t.res().files(), table(ob, t).with(fd, new FdTable.Fd(file, false)));
    }

    /** open(PATH) at fd N: the file is created (empty) on first open; the path keeps it. */
    public static Transition<Integer> open(KernelState s, Task t, String path, int fd, boolean read, boolean write) {
        if (!usable(fd)) {
            return Transition.error(Errno.EBADF, outside(fd), s);
        }
        ObjectTable.Builder ob = s.objects().edit();
        PSortedMap<String, Integer> paths = Persistent.map(s.paths());
        Integer inode = paths.get(path);
        if (inode == null) {
            inode = ob.create(new Inode.Regular(path, ""));
            ob.ref(inode);
            paths = paths.plus(path, inode);
        }
        install(ob, t, fd, ob.create(new OpenFile(inode, 0, read, write)));
        return Transition.ok(fd, s.withObjects(ob.build(), paths));
    }

    public static Transition<Void> pipe(KernelState s, Task t, int readFd, int writeFd) {
        if (!usable(readFd) || !usable(writeFd) || readFd == writeFd) {
            return Transition.error(Errno.EBADF, usable(readFd) && usable(writeFd) ? "fds " + readFd + ", " + writeFd
                    : outside(usable(readFd) ? writeFd : readFd), s);
        }
        ObjectTable.Builder ob = s.objects().edit();
        int pipe = ob.create(new Inode.Pipe(""));
        install(ob, t, readFd, ob.create(new OpenFile(pipe, 0, true, false)));
        install(ob, t, writeFd, ob.create(new OpenFile(pipe, 0, false, true)));
        return Transition.ok(null, s.withObjects(ob.build()));
    }

    public static Transition<Void> socketpair(KernelState s, Task t, int fdA, int fdB) {
        if (!usable(fdA) || !usable(fdB) || fdA == fdB) {
            return Transition.error(Errno.EBADF, usable(fdA) && usable(fdB) ? "fds " + fdA + ", " + fdB
                    : outside(usable(fdA) ? fdB : fdA), s);
        }
        ObjectTable.Builder ob = s.objects().edit();
        int a = ob.create(new Inode.Socket("", 0));
        int b = ob.create(new Inode.Socket("", a));
        ob.replace(a, new Inode.Socket("", b));
        install(ob, t, fdA, ob.create(new OpenFile(a, 0, true, true)));
        install(ob, t, fdB, ob.create(new OpenFile(b, 0, true, true)));
        return Transition.ok(null, s.withObjects(ob.build()));
    }

    public static Transition<Integer> dup(KernelState s, Task t, int fd, int newFd) {
        ObjectTable.Builder ob = s.objects().edit();
        FdTable.Fd old = table(ob, t).fds().get(fd);
        if (old == null) {
            return Transition.error(Errno.EBADF, "fd " + fd + " is not open", s);
        }
        if (!usable(newFd)) {
            return Transition.error(Errno.EBADF, outside(newFd), s);
        }
        if (newFd != fd) {
            install(ob, t, newFd, old.file());
        }
        return Transition.ok(newFd, s.withObjects(ob.build()));
    }

    /**
     * open("/proc/PID/fd/N") of {@code target}'s fd {@code targetFd}, installed at the caller's fd
     * {@code fd} (pidfd_getfd does the same): the caller's own reference to the same open file.
     * The caller must be privileged or have the target's uid (proc_fd_access_allowed's ptrace
     * check); EBUSY while a checkpoint holds the target ({@code held}).
     */
    public static Transition<Integer> getfd(KernelState s, Task t, Task target, int targetFd, int fd, boolean held) {
        if (fd < 0) {
            return Transition.error(Errno.EBADF, "fd " + fd, s);
        }
        if (target == null || target.isZombie()) {
            return Transition.error(Errno.ESRCH, "no live task to open /proc/PID/fd of", s);
        }
        if (!t.privileged() && t.uid() != target.uid()) {
            return Transition.error(Errno.EPERM, "task " + t.pid() + " may not ptrace task " + target.pid(), s);
        }
        if (held) {
            return Transition.error(Errno.EBUSY, "task " + target.pid() + " is held by a checkpoint (cgroup "
                    + target.cgroup() + " is CHECKPOINTING)", s);
        }
        ObjectTable.Builder ob = s.objects().edit();
        FdTable.Fd entry = table(ob, target).fds().get(targetFd);
        if (entry == null) {
            return Transition.error(Errno.EBADF, "fd " + targetFd + " of task " + target.pid() + " is not open", s);
        }
        install(ob, t, fd, entry.file());
        return Transition.ok(fd, s.withObjects(ob.build()));
    }

    public static Transition<Void> close(KernelState s, Task t, int fd) {
        ObjectTable.Builder ob = s.objects().edit();
        FdTable table = table(ob, t);
        if (!table.fds().containsKey(fd)) {
            return Transition.error(Errno.EBADF, "fd " + fd + " is not open", s);
        }
        ob.replace(t.res().files(), table.without(fd));
        return Transition.ok(null, s.withObjects(ob.build()));
    }

    public static Transition<Void> cloexec(KernelState s, Task t, int fd, boolean on) {
        ObjectTable.Builder ob = s.objects().edit();
        FdTable table = table(ob, t);
        FdTable.Fd entry = table.fds().get(fd);
        if (entry == null) {
            return Transition.error(Errno.EBADF, "fd " + fd + " is not open", s);
        }
        ob.replace(t.res().files(), table.with(fd, new FdTable.Fd(entry.file(), on)));
        return Transition.ok(null, s.withObjects(ob.build()));
    }

    public static Transition<Long> seek(KernelState s, Task t, int fd, long offset) {
        ObjectTable.Builder ob = s.objects().edit();
        FdTable.Fd entry = table(ob, t).fds().get(fd);
        if (entry == null) {
            return Transition.error(Errno.EBADF, "fd " + fd + " is not open", s);
        }
        OpenFile f = ob.get(entry.file(), OpenFile.class);
        if (!(ob.get(f.inode()) instanceof Inode.Regular)) {
            return Transition.error(Errno.ESPIPE, "fd " + fd + " is a pipe or socket", s);
        }
        if (offset < 0) {
            return Transition.error(Errno.EINVAL, "negative offset", s);
        }
        ob.replace(entry.file(), f.at(offset));
        return Transition.ok(offset, s.withObjects(ob.build()));
    }

    /** write(): a regular file at the file's offset; a pipe's buffer (EPIPE without readers); the peer socket's queue. */
    public static Transition<Integer> send(KernelState s, Task t, int fd, String text) {
        ObjectTable.Builder ob = s.objects().edit();
        FdTable.Fd entry = table(ob, t).fds().get(fd);
        OpenFile f = entry == null ? null : ob.get(entry.file(), OpenFile.class);
        if (f == null || !f.writable()) {
            return Transition.error(Errno.EBADF, "fd " + fd + " is not open for writing", s);
        }
        Object inode = ob.get(f.inode());
        if (inode instanceof Inode.Regular r) {
            StringBuilder c = new StringBuilder(r.content());
            while (c.length() < f.offset()) {
                c.append('\0');
            }
            int start = (int) f.offset();
            c.replace(start, Math.min(c.length(), start + text.length()), text);
            ob.replace(f.inode(), new Inode.Regular(r.path(), c.toString()));
            ob.replace(entry.file(), f.at(f.offset() + text.length()));
        } else if (inode instanceof Inode.Pipe p) {
            if (!hasEnd(ob, f.inode(), true)) {
                return Transition.error(Errno.EPIPE, "no reader left on the pipe", s);
            }
            ob.replace(f.inode(), new Inode.Pipe(p.buffer() + text));
        } else if (inode instanceof Inode.Socket so) {
            Inode.Socket peer = ob.get(so.peer(), Inode.Socket.class);
            if (peer == null) {
                return Transition.error(Errno.EPIPE, "the peer socket is closed", s);
            }
            ob.replace(so.peer(), new Inode.Socket(peer.queue() + text, peer.peer()));
        }
        return Transition.ok(text.length(), s.withObjects(ob.build()));
    }

    /** read() of up to n bytes; "" at end of file (or of a pipe without writers); EAGAIN when a pipe or socket is empty. */
    public static Transition<String> recv(KernelState s, Task t, int fd, int n) {
        ObjectTable.Builder ob = s.objects().edit();
        FdTable.Fd entry = table(ob, t).fds().get(fd);
        OpenFile f = entry == null ? null : ob.get(entry.file(), OpenFile.class);
        if (f == null || !f.readable()) {
            return Transition.error(Errno.EBADF, "fd " + fd + " is not open for reading", s);
        }
        if (n < 0) {
            return Transition.error(Errno.EINVAL, "negative count", s);
        }
        Object inode = ob.get(f.inode());
        String got;
        if (inode instanceof Inode.Regular r) {
            int from = (int) Math.min(f.offset(), r.content().length());
            got = r.content().substring(from, Math.min(r.content().length(), from + n));
            ob.replace(entry.file(), f.at(f.offset() + got.length()));
        } else if (inode instanceof Inode.Pipe p) {
            if (p.buffer().isEmpty()) {
                return hasEnd(ob, f.inode(), false) ? Transition.error(Errno.EAGAIN, "the pipe is empty", s)
                        : Transition.ok("", s);
            }
            got = p.buffer().substring(0, Math.min(n, p.buffer().length()));
            ob.replace(f.inode(), new Inode.Pipe(p.buffer().substring(got.length())));
        } else {
            Inode.Socket so = (Inode.Socket) inode;
            if (so.queue().isEmpty()) {
                return ob.exists(so.peer()) ? Transition.error(Errno.EAGAIN, "nothing queued on the socket", s)
                        : Transition.ok("", s);
            }
            got = so.queue().substring(0, Math.min(n, so.queue().length()));
            ob.replace(f.inode(), new Inode.Socket(so.queue().substring(got.length()), so.peer()));
        }
        return Transition.ok(got, s.withObjects(ob.build()));
    }

    /** Whether an open file of the pipe is its read end (or, with {@code readEnd} false, its write end). */
    private static boolean hasEnd(ObjectTable.Builder ob, int pipe, boolean readEnd) {
        for (int id : ob.ids()) {
            OpenFile f = ob.get(id, OpenFile.class);
            if (f != null && f.inode() == pipe && (readEnd ? f.readable() : f.writable())) {
                return true;
            }
        }
        return false;
    }

    /** Whether fd is open in the task's table with (at least) the given access. */
    public static boolean isOpen(KernelState s, Task t, int fd, boolean read, boolean write) {
        FdTable table = s.objects().get(t.res().files(), FdTable.class);
        FdTable.Fd entry = table == null ? null : table.fds().get(fd);
        OpenFile f = entry == null ? null : s.objects().get(entry.file(), OpenFile.class);
        return f != null && (!read || f.readable()) && (!write || f.writable());
    }

    /** Removes paths from the filesystem (a failed restart takes back the files it created). */
    public static KernelState unlink(KernelState s, java.util.Set<String> paths) {
        ObjectTable.Builder ob = s.objects().edit();
        PSortedMap<String, Integer> table = Persistent.map(s.paths());
        for (String p : paths) {
            Integer inode = table.get(p);
            table = table.minus(p);
            if (inode != null) {
                ob.unref(inode);
            }
        }
        return s.withObjects(ob.build(), table);
    }
}
