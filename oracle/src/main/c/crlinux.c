/*
 * crlinux: runs the process-model operations of a cr-oracle scenario on the real Linux kernel.
 *
 * The contract (processes, protocol, settling, report format) is docs/linux-helper.md; read it
 * first. In short:
 *
 *   java --stdin/stdout-- controller (root PID namespace, private mount namespace)
 *                             `-- host (pid 1 of a new PID namespace, proc mounted for it)
 *                                   `-- every task the scenario forks
 *
 * Every task (host included) runs the same small command loop: it reads one command line from
 * its own command FIFO, makes the system call, and writes one answer line to its own reply FIFO.
 * The controller talks to Java on stdin/stdout and to each task through its two FIFOs. It never
 * blocks without a timeout on a task: every read from a task goes through poll().
 *
 * The file is in two halves: the task side (code that runs inside the PID namespace: host and
 * every task) and the controller side. They share only small utilities. The task side uses no
 * stdio stream and no malloc (only snprintf into its own buffers): tasks are created with a raw
 * clone(), which does not run glibc's fork handlers, so glibc's internal locks and caches are
 * not reset in the child; keeping the task side to plain system calls on static buffers makes
 * that safe.
 *
 * Written for x86_64 (the raw signal restorer below); elsewhere the signal calls fall back to
 * glibc's wrappers.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Exit status of a program that cannot run here (automake's "skipped"); the driver knows it. */
#define EXIT_UNSUPPORTED 77
/* Longest line on any channel (Java's commands, tasks' answers). */
#define LINE_MAX_LEN 1024
/* A task whose /proc state stays 'T' this many consecutive 1 ms looks is taken as stopped. */
#define STOP_GRACE_MS 5
/* How many digits and separators a pid vector can take (32 namespace levels at most). */
#define VEC_MAX 400

/* ===================================================================================== */
/* Shared utilities                                                                      */
/* ===================================================================================== */

/* Milliseconds on the monotonic clock (deadlines must not jump with the wall clock). */
static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Sleeps ms milliseconds in full, even when a (handled) signal interrupts the sleep. */
static void sleep_ms(long long ms)
{
    struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000 };
    while (clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, &ts) == EINTR) {
        /* the remaining time is in ts */
    }
}

/* The symbolic name of an errno value, as the driver and the model spell it. */
static const char *errno_name(int e, char *buf, size_t cap)
{
    static const struct { int e; const char *name; } names[] = {
        { EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { ESRCH, "ESRCH" }, { EINTR, "EINTR" },
        { EIO, "EIO" }, { ENXIO, "ENXIO" }, { E2BIG, "E2BIG" }, { EBADF, "EBADF" },
        { ECHILD, "ECHILD" }, { EAGAIN, "EAGAIN" }, { ENOMEM, "ENOMEM" }, { EACCES, "EACCES" },
        { EFAULT, "EFAULT" }, { EBUSY, "EBUSY" }, { EEXIST, "EEXIST" }, { ENOTDIR, "ENOTDIR" },
        { EINVAL, "EINVAL" }, { ENFILE, "ENFILE" }, { EMFILE, "EMFILE" }, { ENOSPC, "ENOSPC" },
        { EPIPE, "EPIPE" }, { ERANGE, "ERANGE" }, { ENOSYS, "ENOSYS" }, { EUSERS, "EUSERS" },
        { EOVERFLOW, "EOVERFLOW" }, { ENOTSUP, "ENOTSUP" },
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (names[i].e == e) {
            return names[i].name;
        }
    }
    snprintf(buf, cap, "E%d", e);
    return buf;
}

/* Writes all of buf to fd; false on error (errno set). */
static bool write_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return false;
        }
        buf += n;
        len -= (size_t)n;
    }
    return true;
}

/* Parses a whole decimal integer (with an optional sign); false if s is anything else. */
static bool parse_ll(const char *s, long long *out)
{
    char *end;
    if (s == NULL || *s == '\0') {
        return false;
    }
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno != 0 || *end != '\0') {
        return false;
    }
    *out = v;
    return true;
}

/* Splits line in place at spaces into at most max words; returns how many. */
static int split_words(char *line, char **w, int max)
{
    int n = 0;
    char *save = NULL;
    for (char *tok = strtok_r(line, " \t\n", &save); tok != NULL && n < max; tok = strtok_r(NULL, " \t\n", &save)) {
        w[n++] = tok;
    }
    return n;
}

/* Closes every fd from lo up. close_range(2) needs Linux 5.9; older kernels get the slow loop. */
static void close_from(int lo)
{
    if (close_range((unsigned)lo, ~0U, 0) == 0) {
        return;
    }
    long max = sysconf(_SC_OPEN_MAX);
    for (long fd = lo; fd < (max > 0 ? max : 1024); fd++) {
        close((int)fd);
    }
}

/*
 * fork() as a raw clone. glibc's fork() cannot take CLONE_PARENT or CLONE_NEWPID, and its
 * clone() wrapper wants a new stack. With a zero stack pointer the kernel lets the child run on
 * a copy-on-write copy of the parent's stack, so the child returns from this call with 0 exactly
 * like fork(). The exit signal is SIGCHLD, as for fork().
 */
static pid_t raw_clone(unsigned long flags)
{
    return (pid_t)syscall(SYS_clone, flags | SIGCHLD, 0UL, 0UL, 0UL, 0UL);
}

#ifndef SYS_clone3
#define SYS_clone3 435
#endif

/* clone3's argument (include/uapi/linux/sched.h, version 2 with set_tid), spelled out so that
 * the helper builds with older headers. */
struct crl_clone_args {
    uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls, set_tid, set_tid_size;
};

/* Most pids clone3 takes in set_tid (MAX_PID_NS_LEVEL). */
#define SET_TID_MAX 32

/*
 * Mainline's eclone: clone3 with set_tid, the pid to take in each PID namespace level from the
 * child's own (tids[0]) outwards; levels above the last one given are allocated as usual. As with
 * raw_clone, a zero stack makes the child go on like after fork(). Needs CAP_SYS_ADMIN in the
 * user namespace owning every level given.
 */
static pid_t raw_clone3(unsigned long flags, const pid_t *tids, int ntids)
{
    struct crl_clone_args a;
    memset(&a, 0, sizeof a);
    a.flags = flags;
    /* with CLONE_PARENT clone3 takes no exit signal: the child gets its creator's (SIGCHLD here) */
    a.exit_signal = (flags & CLONE_PARENT) ? 0 : SIGCHLD;
    a.set_tid = (uint64_t)(uintptr_t)tids;
    a.set_tid_size = (uint64_t)ntids;
    return (pid_t)syscall(SYS_clone3, &a, sizeof a);
}

/* ===================================================================================== */
/* Task side: host and every task (never returns to the controller's code)               */
/* ===================================================================================== */

/*
 * Raw signal system calls. glibc's sigaction() and sigprocmask() hide signals 32 and 33 (its
 * own thread-cancellation and setxid signals): sigaction() refuses them and sigprocmask()
 * silently drops them from the mask. The helper shows the kernel, so it calls the kernel.
 */
/* The scenario's "handle": a handler that does nothing (it only makes the signal caught). */
static void empty_handler(int sig)
{
    (void)sig;
}

#if defined(__x86_64__)
struct kernel_sigaction {
    void (*handler)(int);
    unsigned long flags;
    void (*restorer)(void);
    uint64_t mask; /* the kernel's sigset_t: 64 bits */
};

#ifndef SA_RESTORER
#define SA_RESTORER 0x04000000
#endif

/*
 * On x86_64 the kernel delivers a signal to a handler only if it came with SA_RESTORER and a
 * restorer: the code the handler returns into, which must call rt_sigreturn (without one the
 * task dies of SIGSEGV at delivery). glibc's own restorer is not exported, so here is ours,
 * the same two instructions.
 */
extern void crlinux_restore_rt(void) __attribute__((visibility("hidden")));
__asm__(".text\n"
        ".globl crlinux_restore_rt\n"
        ".hidden crlinux_restore_rt\n"
        ".type crlinux_restore_rt,@function\n"
        "crlinux_restore_rt:\n"
        "\tmovq $15, %rax\n" /* __NR_rt_sigreturn on x86_64 */
        "\tsyscall\n"
        ".size crlinux_restore_rt, .-crlinux_restore_rt\n");

static int sys_sigaction(int sig, void (*handler)(int), unsigned long flags)
{
    struct kernel_sigaction ka = {
        .handler = handler,
        .flags = flags | SA_RESTORER,
        .restorer = crlinux_restore_rt,
        .mask = 0,
    };
    return (int)syscall(SYS_rt_sigaction, sig, &ka, NULL, sizeof ka.mask);
}
#else
static int sys_sigaction(int sig, void (*handler)(int), unsigned long flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sa.sa_flags = (int)flags;
    return sigaction(sig, &sa, NULL);
}
#endif

static int sys_sigprocmask(int how, uint64_t set)
{
    return (int)syscall(SYS_rt_sigprocmask, how, &set, NULL, sizeof set);
}

/* This task's end of its two FIFOs and a buffer for the commands it reads. */
static struct {
    int cmd;      /* command FIFO, read end */
    int rep;      /* reply FIFO, write end */
    int alive;    /* host only: read end of a pipe only the controller writes; -1 in tasks */
    char buf[LINE_MAX_LEN];
    size_t len;
} me = { -1, -1, -1, { 0 }, 0 };

/* Writes one answer line. A controller that is gone kills us (SIGPIPE) or the namespace does. */
static void task_reply(const char *fmt, ...)
{
    char line[LINE_MAX_LEN];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line - 1, fmt, ap);
    va_end(ap);
    if (n < 0) {
        n = 0;
    }
    if ((size_t)n > sizeof line - 2) {
        n = (int)sizeof line - 2;
    }
    line[n++] = '\n';
    write_all(me.rep, line, (size_t)n);
}

/* Answers the result of a call that returns -1 and sets errno on failure. */
static void task_reply_rc(long rc)
{
    char buf[16];
    if (rc < 0) {
        task_reply("err %s", errno_name(errno, buf, sizeof buf));
    } else {
        task_reply("ok");
    }
}

/* Reads the next command line (without its newline) into line; false at end of file. */
static bool task_getline(char *line, size_t cap)
{
    for (;;) {
        char *nl = memchr(me.buf, '\n', me.len);
        if (nl != NULL) {
            size_t n = (size_t)(nl - me.buf);
            size_t copy = n < cap - 1 ? n : cap - 1;
            memcpy(line, me.buf, copy);
            line[copy] = '\0';
            me.len -= n + 1;
            memmove(me.buf, nl + 1, me.len);
            return true;
        }
        if (me.len == sizeof me.buf) {
            me.len = 0; /* an overlong line: drop it (the controller never sends one) */
        }
        ssize_t r = read(me.cmd, me.buf + me.len, sizeof me.buf - me.len);
        if (r < 0 && errno == EINTR) {
            continue; /* a handled signal (the scenario's "handle") or a stop and continue */
        }
        if (r <= 0) {
            return false;
        }
        me.len += (size_t)r;
    }
}

/*
 * Writes "hello V1,V2,..." with this task's pid vector. NSpid in /proc/self/status lists the
 * pid in every namespace from the one the proc instance belongs to (host's, which host mounted)
 * down to the task's own, which is exactly the model's vector, outermost first.
 */
static bool task_hello(void)
{
    char buf[4096];
    int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return false;
    }
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) {
        return false;
    }
    buf[n] = '\0';
    char *p = strstr(buf, "\nNSpid:");
    if (p == NULL) {
        return false;
    }
    p += strlen("\nNSpid:");
    char vec[VEC_MAX];
    size_t v = 0;
    bool sep = false;
    for (; *p != '\0' && *p != '\n' && v < sizeof vec - 2; p++) {
        if (isdigit((unsigned char)*p)) {
            if (sep && v > 0) {
                vec[v++] = ',';
            }
            sep = false;
            vec[v++] = *p;
        } else {
            sep = true;
        }
    }
    vec[v] = '\0';
    if (v == 0) {
        return false;
    }
    task_reply("hello %s", vec);
    return true;
}

/*
 * The start of a forked child, right after clone() returned 0: it drops every fd it inherited
 * above 2 (its parent's two FIFO ends, and in host's children the controller's liveness pipe),
 * so that the only holders of its parent's reply FIFO stay its parent; otherwise a dead parent's
 * channel would not reach end-of-file while this child lives. Then it opens its own FIFOs, in
 * the order the controller expects (command first: that open waits for the controller's writer,
 * which the controller opens only after its reader of the reply FIFO), and says hello.
 */
static void task_become_child(const char *cmd_path, const char *rep_path, const char *cgroup)
{
    close_from(3);
    me.alive = -1;
    me.len = 0;
    /* Into its freezer cgroup before anything else, as if it had been forked there: writing 0
     * to cgroup.procs moves the writer. A failure shows as a task that never says hello. */
    if (cgroup != NULL) {
        char path[PATH_MAX];
        snprintf(path, sizeof path, "%s/cgroup.procs", cgroup);
        int fd = open(path, O_WRONLY | O_CLOEXEC);
        if (fd < 0 || write(fd, "0", 1) != 1) {
            _exit(126);
        }
        close(fd);
    }
    me.cmd = open(cmd_path, O_RDONLY);
    if (me.cmd < 0) {
        _exit(127);
    }
    me.rep = open(rep_path, O_WRONLY);
    if (me.rep < 0) {
        _exit(127);
    }
    if (!task_hello()) {
        _exit(127);
    }
}

/*
 * fork FLAGS CMDPATH REPPATH: the actor clones; the parent answers "ok PID" (the pid as the
 * actor sees it) or "err ERRNO"; the child becomes a task and goes on serving its own FIFOs.
 */
static void task_fork(char **w, int n)
{
    long long flags;
    if (n != 6 || !parse_ll(w[1], &flags)) {
        task_reply("err EINVAL");
        return;
    }
    pid_t tids[SET_TID_MAX];
    int ntids = 0;
    if (strcmp(w[4], "-") != 0) { /* TIDS: innermost level first, comma-separated */
        for (char *p = w[4]; *p != '\0' && ntids < SET_TID_MAX;) {
            long long v;
            char *end = strchr(p, ',');
            if (end != NULL) {
                *end = '\0';
            }
            if (!parse_ll(p, &v)) {
                task_reply("err EINVAL");
                return;
            }
            tids[ntids++] = (pid_t)v;
            p = end != NULL ? end + 1 : p + strlen(p);
        }
    }
    pid_t pid = ntids > 0 ? raw_clone3((unsigned long)flags, tids, ntids) : raw_clone((unsigned long)flags);
    if (pid == 0) {
        task_become_child(w[2], w[3], strcmp(w[5], "-") != 0 ? w[5] : NULL);
        return;
    }
    if (pid < 0) {
        task_reply_rc(-1);
    } else {
        task_reply("ok %d", (int)pid);
    }
}

/*
 * setuid(2) and setgid(2) clear the parent-death signal (commit_creds() resets pdeath_signal
 * whenever the effective ids change). Host's parent-death signal is what kills the namespace
 * when the controller is killed, so host sets it again, then checks that the controller did
 * not die in between (its liveness pipe reaches end-of-file when it does).
 */
static void task_rearm_pdeathsig(void)
{
    if (me.alive < 0) {
        return;
    }
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    struct pollfd p = { .fd = me.alive, .events = POLLIN };
    if (poll(&p, 1, 0) > 0 && (p.revents & (POLLHUP | POLLERR))) {
        _exit(1);
    }
}

static void task_sigaction(char **w, int n)
{
    long long sig;
    if (n != 3 || !parse_ll(w[1], &sig)) {
        task_reply("err EINVAL");
        return;
    }
    void (*h)(int);
    if (strcmp(w[2], "handle") == 0) {
        h = empty_handler;
    } else if (strcmp(w[2], "ignore") == 0) {
        h = SIG_IGN;
    } else if (strcmp(w[2], "default") == 0) {
        h = SIG_DFL;
    } else {
        task_reply("err EINVAL");
        return;
    }
    /* SA_RESTART: the handler must not make the task's blocking read() of commands fail. */
    task_reply_rc(sys_sigaction((int)sig, h, SA_RESTART));
}

static void task_sigmask(char **w, int n)
{
    long long sig;
    int how;
    if (n != 3 || !parse_ll(w[2], &sig) || sig < 1 || sig > 64) {
        task_reply("err EINVAL"); /* what sigaddset() says of a bad number */
        return;
    }
    if (strcmp(w[1], "block") == 0) {
        how = SIG_BLOCK;
    } else if (strcmp(w[1], "unblock") == 0) {
        how = SIG_UNBLOCK;
    } else {
        task_reply("err EINVAL");
        return;
    }
    /* Unblocking a pending fatal signal kills us here: the controller sees EOF and says ok. */
    task_reply_rc(sys_sigprocmask(how, 1ULL << (sig - 1)));
}

/* Runs one command (the controller checked its shape; the task checks only what it parses). */
static void task_command(char *line)
{
    char *w[8];
    int n = split_words(line, w, 8);
    long long a = 0, b = 0;
    if (n == 0) {
        return;
    }
    const char *c = w[0];
    int status;
    if (strcmp(c, "ping") == 0) {
        task_reply("pong");
    } else if (strcmp(c, "fork") == 0) {
        task_fork(w, n);
    } else if (strcmp(c, "exit") == 0 && n == 2 && parse_ll(w[1], &a)) {
        _exit((int)a);
    } else if (strcmp(c, "kill") == 0 && n == 3 && parse_ll(w[1], &a) && parse_ll(w[2], &b)) {
        task_reply_rc(kill((pid_t)a, (int)b));
    } else if (strcmp(c, "wait") == 0 && n == 2 && parse_ll(w[1], &a)) {
        /* __WALL: wait for every kind of child, whatever its exit signal (CLONE_PARENT ones). */
        pid_t r = waitpid((pid_t)a, &status, WNOHANG | __WALL);
        if (r == 0) {
            task_reply("err EAGAIN"); /* a live child: the model's "would block" */
        } else {
            task_reply_rc(r);
        }
    } else if (strcmp(c, "setsid") == 0 && n == 1) {
        task_reply_rc(setsid());
    } else if (strcmp(c, "setpgid") == 0 && n == 3 && parse_ll(w[1], &a) && parse_ll(w[2], &b)) {
        task_reply_rc(setpgid((pid_t)a, (pid_t)b));
    } else if (strcmp(c, "subreaper") == 0 && n == 2 && parse_ll(w[1], &a)) {
        task_reply_rc(prctl(PR_SET_CHILD_SUBREAPER, (unsigned long)a, 0UL, 0UL, 0UL));
    } else if ((strcmp(c, "uid") == 0 || strcmp(c, "gid") == 0) && n == 2 && parse_ll(w[1], &a)) {
        /* Raw system calls: glibc's setuid() would broadcast to threads through its setxid signal. */
        long rc = syscall(c[0] == 'u' ? SYS_setuid : SYS_setgid, (unsigned long)(uint32_t)a);
        int saved = errno;
        if (rc == 0) {
            task_rearm_pdeathsig();
        }
        errno = saved;
        task_reply_rc(rc);
    } else if (strcmp(c, "sigaction") == 0) {
        task_sigaction(w, n);
    } else if (strcmp(c, "sigmask") == 0) {
        task_sigmask(w, n);
    } else if (strcmp(c, "attach") == 0 && n == 3 && parse_ll(w[1], &a)) {
        /* echo PID > DIR/cgroup.procs, the pid as this task sees it */
        char path[PATH_MAX];
        snprintf(path, sizeof path, "%s/cgroup.procs", w[2]);
        int fd = open(path, O_WRONLY | O_CLOEXEC);
        if (fd < 0) {
            task_reply_rc(-1);
        } else {
            char num[32];
            int len = snprintf(num, sizeof num, "%lld", a);
            ssize_t r = write(fd, num, (size_t)len);
            int saved = errno;
            close(fd);
            errno = saved;
            task_reply_rc(r == len ? 0 : -1);
        }
    } else if (strcmp(c, "pause") == 0 && n == 2 && parse_ll(w[1], &a)) {
        sleep_ms(a);
        task_reply("ok");
    } else {
        task_reply("err EINVAL");
    }
}

/* A task's life: commands until the controller closes the command FIFO (it never does while
 * it lives; when it is gone the namespace is being killed anyway). Before it exits, the task
 * leaves any process group it does not lead (a session leader's call fails, harmlessly): a group
 * whose id is a pid of a PID namespace, held by that namespace's init or by a task outside it,
 * would keep the init forever in zap_pid_ns_processes() when the namespace dies (see
 * release_zap()). A controller that was SIGKILLed runs no cleanup; this narrows the window, but
 * host's parent-death SIGKILL may still come first. */
static void __attribute__((noreturn)) task_serve(void)
{
    char line[LINE_MAX_LEN];
    while (task_getline(line, sizeof line)) {
        task_command(line);
    }
    setpgid(0, 0);
    _exit(0);
}

/* Every disposition back to SIG_DFL and an empty mask: the controller ignores SIGPIPE, and
 * whatever started the controller may have left signals ignored or blocked. */
static void host_reset_signals(void)
{
    for (int sig = 1; sig <= 64; sig++) {
        if (sig != SIGKILL && sig != SIGSTOP) {
            sys_sigaction(sig, SIG_DFL, 0);
        }
    }
    sys_sigprocmask(SIG_SETMASK, 0);
}

/* True if the controller is gone: the liveness pipe's only writer was the controller. */
static bool host_parent_gone(int alive)
{
    struct pollfd p = { .fd = alive, .events = POLLIN };
    return poll(&p, 1, 0) > 0 && (p.revents & (POLLHUP | POLLERR));
}

/* fds 0, 1, 2 on /dev/null: a task must not hold the Java pipes open. */
static void host_null_stdio(void)
{
    int fd = open("/dev/null", O_RDWR);
    if (fd < 0) {
        _exit(1);
    }
    for (int i = 0; i < 3; i++) {
        if (fd != i) {
            dup2(fd, i);
        }
    }
    if (fd > 2) {
        close(fd);
    }
}

/*
 * host: pid 1 of the new PID namespace, cloned by the controller. alive_r/alive_w are the two
 * ends of the liveness pipe, cmd_path/rep_path host's FIFOs. Never returns.
 */
static void __attribute__((noreturn)) host_main(int alive_r, int alive_w, const char *cmd_path, const char *rep_path)
{
    char eb[16];
    /*
     * The parent-death signal makes the kernel kill host, and so the whole namespace, when the
     * controller dies. It is set after clone(), so the controller may already be dead: the usual
     * check "getppid() is still my creator" does not work here, because our parent lives outside
     * our PID namespace and getppid() is 0 in any case. Instead, the liveness pipe: once we have
     * closed our copy of its write end, it reaches end-of-file exactly when the controller is gone.
     */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    close(alive_w);
    if (host_parent_gone(alive_r)) {
        _exit(1);
    }
    host_reset_signals();
    host_null_stdio();
    /* Keep only 0, 1, 2 and the liveness pipe (as fd 3): none of the controller's other fds. */
    if (alive_r != 3) {
        dup2(alive_r, 3);
    }
    close_from(4);
    me.alive = 3;
    me.cmd = open(cmd_path, O_RDONLY);
    me.rep = me.cmd < 0 ? -1 : open(rep_path, O_WRONLY);
    if (me.rep < 0) {
        _exit(1);
    }
    /*
     * A proc instance belongs to the PID namespace of whoever mounts it. Mounted by host (in the
     * controller's private mount namespace, which host shares), /proc shows host's namespace:
     * the controller then reads pids, sessions and groups as the model numbers them.
     */
    if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0) {
        task_reply("unsupported cannot mount proc for a new PID namespace: %s", errno_name(errno, eb, sizeof eb));
        _exit(EXIT_UNSUPPORTED);
    }
    /* host leads session 1 and group 1, like the model's host. */
    if (setsid() < 0) {
        task_reply("fatal setsid in host: %s", errno_name(errno, eb, sizeof eb));
        _exit(1);
    }
    /*
     * No core dumps of tasks killed by SIGQUIT or SIGSEGV: they would be slow, litter the disk,
     * and set the core bit (0x80) in the wait status, which the model does not have.
     * RLIMIT_CORE 0 is not enough where core_pattern pipes to a program (the kernel ignores the
     * limit for pipes), so tasks are also made non-dumpable (inherited through fork).
     */
    struct rlimit nocore = { 0, 0 };
    setrlimit(RLIMIT_CORE, &nocore);
    prctl(PR_SET_DUMPABLE, 0);
    if (!task_hello()) {
        task_reply("fatal host cannot read its NSpid from /proc/self/status");
        _exit(1);
    }
    task_serve();
}

/* ===================================================================================== */
/* Controller side                                                                       */
/* ===================================================================================== */

enum life { ALIVE, DYING, DEAD }; /* DYING: its channel reached EOF, /proc not yet Z or gone */

/* What the controller knows of one task it created. */
struct task {
    char *label;
    int serial;            /* names its FIFOs: SERIAL.cmd, SERIAL.rep */
    int hostpid;           /* pid in host's namespace (first of the vector), from its hello */
    char vec[VEC_MAX];     /* pid vector, outermost first, comma-separated */
    int cmd;               /* write end of its command FIFO */
    int rep;               /* read end of its reply FIFO (non-blocking) */
    char buf[LINE_MAX_LEN];
    size_t len;
    bool eof;              /* its reply FIFO reached end-of-file: it is dead */
    int stale;             /* answer lines still to come that nobody waits for (see settle) */
    enum life life;
    int nsinit;            /* serial of the init of its PID namespace (host's: 0) */
    int nsouter;           /* an init only: serial of the init of the enclosing namespace; else -1 */
    long long zap_since;   /* dying: since when /proc shows it waiting in zap_pid_ns_processes; 0: not */
    bool hung;             /* its hang was reported (and a release tried) */
    int cg;                /* index of its freezer cgroup in ctl.cgs, -1: none of ours */
};

enum cgstate { CG_THAWED, CG_FREEZING, CG_FROZEN };

/* A freezer cgroup of the scenario: a directory under the controller's own (ctl.cgroot). */
struct cgroup {
    char name[64];
    char path[384];
    enum cgstate state;    /* as last written and read back */
};

#define CG_MAX 64

static struct {
    long long timeout_ms;
    char dir[256];         /* the FIFO directory (short, so SERIAL.cmd always fits in PATH_MAX) */
    char pending[2][PATH_MAX]; /* FIFOs that exist right now, for cleanup */
    pid_t host;
    int alive_w;           /* write end of host's liveness pipe: held only here */
    struct task *tasks;
    int ntasks;
    int cap;
    char hang[LINE_MAX_LEN]; /* "hang PID REASON" found while settling the current operation */
    bool cgv2;             /* cgroup v2 (cgroup.freeze) rather than v1 (freezer.state) */
    char cgroot[256];      /* this controller's cgroup directory, "" if none was made */
    struct cgroup cgs[CG_MAX];
    int ncg;
    int watch_w;           /* write end of the watchdog's pipe: held only here */
    pid_t watchdog;
} ctl = { .timeout_ms = 5000, .host = -1, .alive_w = -1, .watch_w = -1, .watchdog = -1 };

static void remove_fifos(void);
static void prepare_kill(void);
static void warn_leaks(void);
static void cg_thaw_all(void);
static void say(const char *fmt, ...);
static bool cg_remove_tree(const char *root, bool v2, long long deadline);

/* How long cleanup waits for host to be reaped before it reports the processes left. */
#define LEAK_WAIT_MS 2000

/*
 * Releases what would make host's death hang (prepare_kill), kills host (and with it the
 * namespace), reaps it (saying "warning: leaked ..." if it cannot within LEAK_WAIT_MS), removes
 * the FIFO directory.
 */
static void cleanup(void)
{
    static bool busy; /* a fatal error inside prepare_kill() comes back here: then only kill */
    if (ctl.host > 0) {
        cg_thaw_all(); /* a frozen task can neither be released nor die */
        if (!busy) {
            busy = true;
            prepare_kill();
        }
        kill(ctl.host, SIGKILL);
        long long deadline = now_ms() + LEAK_WAIT_MS;
        pid_t r;
        while ((r = waitpid(ctl.host, NULL, WNOHANG | __WALL)) == 0 && now_ms() < deadline) {
            sleep_ms(1);
        }
        if (r == 0) {
            warn_leaks();
        }
        ctl.host = -1;
    }
    if (ctl.cgroot[0] != '\0') {
        if (!cg_remove_tree(ctl.cgroot, ctl.cgv2, now_ms() + LEAK_WAIT_MS)) {
            say("warning: leaked cgroup %s", ctl.cgroot);
        }
        ctl.cgroot[0] = '\0';
    }
    if (ctl.watch_w >= 0) { /* the watchdog finds nothing left and ends */
        close(ctl.watch_w);
        ctl.watch_w = -1;
        long long deadline = now_ms() + LEAK_WAIT_MS;
        while (waitpid(ctl.watchdog, NULL, WNOHANG) == 0 && now_ms() < deadline) {
            sleep_ms(1);
        }
    }
    remove_fifos();
    if (ctl.dir[0] != '\0') {
        rmdir(ctl.dir);
        ctl.dir[0] = '\0';
    }
}

/* Prints one protocol line (flushed at once: Java waits for it). */
static void say(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
    fflush(stdout);
}

/* "fatal REASON": cleanup and exit 1. */
static void __attribute__((noreturn, format(printf, 1, 2))) fatal(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("fatal ", stdout);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
    fflush(stdout);
    cleanup();
    exit(1);
}

/* "unsupported REASON": this machine cannot run the helper; exit 77. */
static void __attribute__((noreturn, format(printf, 1, 2))) unsupported(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("unsupported ", stdout);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
    fflush(stdout);
    cleanup();
    exit(EXIT_UNSUPPORTED);
}

/* ---- /proc of host's namespace ---- */

/* Reads a small /proc file of pid into buf; false if the process is gone. */
static bool read_proc(int pid, const char *file, char *buf, size_t cap)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/%s", pid, file);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return false;
    }
    ssize_t n = read(fd, buf, cap - 1);
    close(fd);
    if (n <= 0) {
        return false;
    }
    buf[n] = '\0';
    return true;
}

/*
 * The fields of /proc/PID/stat after the command name. The name is in parentheses and may hold
 * spaces and ')' itself, so parsing starts after the LAST ')'. f[0] is field 3 (state), so
 * field k of proc(5) is f[k - 3]. Returns how many fields it found (0: gone).
 */
static int proc_stat(int pid, char *buf, size_t cap, char **f, int max)
{
    if (!read_proc(pid, "stat", buf, cap)) {
        return 0;
    }
    char *p = strrchr(buf, ')');
    if (p == NULL) {
        return 0;
    }
    return split_words(p + 1, f, max);
}

/* The state letter of pid in host's /proc, or 0 if it is gone. */
static char proc_state(int pid)
{
    char buf[1024];
    char *f[2];
    return proc_stat(pid, buf, sizeof buf, f, 2) >= 1 ? f[0][0] : 0;
}

/* ---- tasks ---- */

static struct task *new_task(const char *label)
{
    if (ctl.ntasks == ctl.cap) {
        ctl.cap = ctl.cap ? ctl.cap * 2 : 16;
        ctl.tasks = realloc(ctl.tasks, (size_t)ctl.cap * sizeof *ctl.tasks);
        if (ctl.tasks == NULL) {
            fatal("out of memory");
        }
    }
    struct task *t = &ctl.tasks[ctl.ntasks];
    memset(t, 0, sizeof *t);
    t->label = strdup(label);
    t->serial = ctl.ntasks++;
    t->cmd = t->rep = -1;
    t->life = ALIVE;
    t->nsinit = 0;
    t->nsouter = -1;
    t->cg = -1;
    return t;
}

/* The newest task with this label (a label may be given again once its task is dead). */
static struct task *find_task(const char *label)
{
    for (int i = ctl.ntasks - 1; i >= 0; i--) {
        if (strcmp(ctl.tasks[i].label, label) == 0) {
            return &ctl.tasks[i];
        }
    }
    return NULL;
}

/* The newest task with this host-namespace pid (pids are reused once reaped; a pid that is still
 * in use, even only as a group's id, belongs to the newest task given it), or NULL. */
static struct task *task_by_hostpid(int hostpid)
{
    for (int i = ctl.ntasks - 1; i >= 0; i--) {
        if (ctl.tasks[i].hostpid == hostpid && hostpid > 0) {
            return &ctl.tasks[i];
        }
    }
    return NULL;
}

/* The label of the newest task with this host-namespace pid. */
static const char *label_of(int hostpid)
{
    struct task *t = task_by_hostpid(hostpid);
    return t != NULL ? t->label : "?";
}

/* Whether task t lives in the PID namespace whose init is init, or in one nested in it (so its
 * pid is one of that namespace's pids). */
static bool in_ns(const struct task *t, const struct task *init)
{
    for (int x = t->nsinit, guard = 0; x >= 0 && x < ctl.ntasks && guard < 64; x = ctl.tasks[x].nsouter, guard++) {
        if (x == init->serial) {
            return true;
        }
    }
    return false;
}

/* How many pids a vector holds (the depth of the task's namespace below host's, plus one). */
static int vec_depth(const char *vec)
{
    int n = vec[0] != '\0';
    for (const char *p = vec; *p != '\0'; p++) {
        n += *p == ',';
    }
    return n;
}

/* The pid at index i of a vector (0: host's namespace), or 0 if the vector is shorter. */
static int vec_at(const char *vec, int i)
{
    const char *p = vec;
    for (; i > 0 && p != NULL; i--) {
        p = strchr(p, ',');
        p = p != NULL ? p + 1 : NULL;
    }
    return p != NULL && i == 0 ? atoi(p) : 0;
}

/* The task's channel reached end-of-file: it is dead (its fds were closed by its exit). */
static void mark_dying(struct task *t)
{
    if (t->life == ALIVE) {
        t->life = DYING;
    }
    t->eof = true;
    if (t->cmd >= 0) {
        close(t->cmd);
    }
    if (t->rep >= 0) {
        close(t->rep);
    }
    t->cmd = t->rep = -1;
}

/* Sends one command line; false if the task has no reader left (it is dead). */
static bool task_send(struct task *t, const char *line)
{
    if (t->cmd < 0) {
        return false;
    }
    size_t len = strlen(line);
    char buf[LINE_MAX_LEN + 1];
    if (len >= LINE_MAX_LEN) {
        fatal("command for %s too long: %.40s...", t->label, line); /* the task could not read it */
    }
    memcpy(buf, line, len);
    buf[len] = '\n';
    /* The FIFO is non-blocking: a line far below PIPE_BUF goes in whole or, if the pipe were
     * full (it never is: every command is answered before the next), fails with EAGAIN. */
    if (!write_all(t->cmd, buf, len + 1)) {
        if (errno == EPIPE) {
            return false;
        }
        fatal("cannot write to %s's command FIFO: %s", t->label, strerror(errno));
    }
    return true;
}

enum rd { RD_LINE, RD_EOF, RD_STOPPED, RD_TIMEOUT };

/* Takes one complete line out of the task's buffer, if there is one. */
static bool take_line(struct task *t, char *out, size_t cap)
{
    char *nl = memchr(t->buf, '\n', t->len);
    if (nl == NULL) {
        return false;
    }
    size_t n = (size_t)(nl - t->buf);
    size_t copy = n < cap - 1 ? n : cap - 1;
    memcpy(out, t->buf, copy);
    out[copy] = '\0';
    t->len -= n + 1;
    memmove(t->buf, nl + 1, t->len);
    return true;
}

/*
 * Waits for the next line from a task, until deadline. With watch_stop, it also looks at the
 * task's /proc state every millisecond and gives up with RD_STOPPED once the task has been
 * stopped ('T') for STOP_GRACE_MS in a row: a stopped task answers nothing until SIGCONT. The
 * grace covers a task that was just sent SIGKILL or SIGCONT while stopped: /proc shows 'T'
 * until the kernel's wakeup lands, which takes microseconds, not milliseconds.
 */
static enum rd read_line(struct task *t, char *out, size_t cap, long long deadline, bool watch_stop)
{
    int stopped_for = 0;
    for (;;) {
        if (take_line(t, out, cap)) {
            return RD_LINE;
        }
        if (t->eof) {
            return RD_EOF;
        }
        long long left = deadline - now_ms();
        if (left <= 0) {
            return RD_TIMEOUT;
        }
        struct pollfd p = { .fd = t->rep, .events = POLLIN };
        int r = poll(&p, 1, watch_stop ? 1 : (int)(left > INT_MAX ? INT_MAX : left));
        if (r < 0 && errno != EINTR) {
            fatal("poll: %s", strerror(errno));
        }
        if (r > 0) {
            if (t->len == sizeof t->buf) {
                fatal("%s answered an overlong line", t->label);
            }
            ssize_t n = read(t->rep, t->buf + t->len, sizeof t->buf - t->len);
            if (n > 0) {
                t->len += (size_t)n;
            } else if (n == 0) {
                /* POLLHUP with nothing left: every writer closed the reply FIFO. A partial
                 * last line is dropped. */
                t->len = 0;
                mark_dying(t);
            } else if (errno != EAGAIN && errno != EINTR) {
                fatal("cannot read %s's reply FIFO: %s", t->label, strerror(errno));
            }
            continue;
        }
        if (watch_stop && t->hostpid > 0) {
            char s = proc_state(t->hostpid);
            stopped_for = (s == 'T' || s == 't') ? stopped_for + 1 : 0;
            if (stopped_for >= STOP_GRACE_MS) {
                return RD_STOPPED;
            }
        }
    }
}

/* ---- FIFOs ---- */

static void fifo_paths(int serial, char *cmd, char *rep)
{
    snprintf(cmd, PATH_MAX, "%s/%d.cmd", ctl.dir, serial);
    snprintf(rep, PATH_MAX, "%s/%d.rep", ctl.dir, serial);
}

/*
 * Mode 0666 (set with chmod, whatever the umask): the child opens them with its parent's ids,
 * and a task may have called setuid/setgid before it forks. The directory is 0711, so nobody
 * else can list it.
 */
static void make_fifos(int serial)
{
    char cmd[PATH_MAX], rep[PATH_MAX];
    fifo_paths(serial, cmd, rep);
    if (mkfifo(cmd, 0600) != 0 || chmod(cmd, 0666) != 0 || mkfifo(rep, 0600) != 0 || chmod(rep, 0666) != 0) {
        fatal("mkfifo in %s: %s", ctl.dir, strerror(errno));
    }
    strcpy(ctl.pending[0], cmd);
    strcpy(ctl.pending[1], rep);
}

/* Unlinks the FIFOs of the creation in progress (a task's open fds keep working). */
static void remove_fifos(void)
{
    for (int i = 0; i < 2; i++) {
        if (ctl.pending[i][0] != '\0') {
            unlink(ctl.pending[i]);
            ctl.pending[i][0] = '\0';
        }
    }
}

/*
 * The private directory for FIFOs. The controller's mount namespace is its own, so it mounts a
 * small tmpfs over /tmp there and makes the directory inside: whatever happens to the
 * controller (even SIGKILL, where no cleanup runs), that tmpfs disappears with the last process
 * of the mount namespace and nothing is left on disk. Where that mount fails, the directory is
 * made on the real $TMPDIR or /tmp and removed by cleanup().
 */
static void make_fifo_dir(void)
{
    const char *base = "/tmp";
    if (mount("crlinux", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=0711,size=1m") != 0
            && getenv("TMPDIR") != NULL && getenv("TMPDIR")[0] == '/') {
        base = getenv("TMPDIR");
    }
    if ((size_t)snprintf(ctl.dir, sizeof ctl.dir, "%s/crlinux.XXXXXX", base) >= sizeof ctl.dir) {
        ctl.dir[0] = '\0';
        fatal("the temporary directory %s has too long a name", base);
    }
    if (mkdtemp(ctl.dir) == NULL) {
        ctl.dir[0] = '\0';
        fatal("mkdtemp in %s: %s", base, strerror(errno));
    }
    if (chmod(ctl.dir, 0711) != 0) {
        fatal("chmod %s: %s", ctl.dir, strerror(errno));
    }
}

/*
 * The controller's half of a task creation. The task opens its command FIFO for reading
 * (blocking until a writer comes) and then its reply FIFO for writing (blocking until a reader
 * comes). The controller opens the reply FIFO first, O_NONBLOCK (which never waits for a
 * writer), then tries the command FIFO O_WRONLY|O_NONBLOCK, which fails with ENXIO until the
 * task sits in its open() for reading; so neither side can wait for the other forever. Then it
 * waits for the hello line and unlinks both FIFOs: the fds are all anybody needs from then on.
 * Returns the first line (host's may be "unsupported ..." or "fatal ..."); exits on a timeout.
 */
static void handshake(struct task *t, char *first, size_t cap)
{
    char cmd[PATH_MAX], rep[PATH_MAX];
    fifo_paths(t->serial, cmd, rep);
    long long deadline = now_ms() + ctl.timeout_ms;
    t->rep = open(rep, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (t->rep < 0) {
        fatal("open %s: %s", rep, strerror(errno));
    }
    for (;;) {
        t->cmd = open(cmd, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
        if (t->cmd >= 0) {
            break;
        }
        if (errno != ENXIO && errno != EINTR) {
            fatal("open %s: %s", cmd, strerror(errno));
        }
        int status;
        if (t->serial == 0 && waitpid(ctl.host, &status, WNOHANG | __WALL) == ctl.host) {
            ctl.host = -1;
            fatal("host ended (wait status %d) before it opened its FIFOs", status);
        }
        if (now_ms() >= deadline) {
            fatal("timeout: %s did not open its FIFOs", t->label);
        }
        sleep_ms(1);
    }
    switch (read_line(t, first, cap, deadline, false)) {
    case RD_LINE:
        break;
    case RD_EOF:
        fatal("%s ended before it said hello", t->label);
    default:
        fatal("timeout: %s did not say hello", t->label);
    }
    remove_fifos();
}

/* Takes the hello line's vector; the first pid is the one in host's namespace. */
static void take_hello(struct task *t, const char *line)
{
    if (strncmp(line, "hello ", 6) != 0) {
        fatal("%s said '%s' instead of hello", t->label, line);
    }
    snprintf(t->vec, sizeof t->vec, "%s", line + 6);
    t->hostpid = atoi(t->vec);
}

/* ---- freezer cgroups ---- */

/*
 * The scenario's freezer cgroups are directories under one directory of this controller's,
 * crlinux.PID.START in the freezer hierarchy (PID and start time name the controller, so that a
 * directory whose controller is gone can be told from one in use). Whatever ends the controller,
 * they go: cleanup() thaws and removes them after host's namespace is dead; a watchdog process,
 * forked at start, does the same when the controller dies without cleanup (SIGKILL), and every
 * controller removes at start the directories of controllers that are gone (a watchdog killed too).
 * A frozen task takes no signal, not even SIGKILL (cgroup v1), so a namespace whose host died stays
 * until its cgroup is thawed: thawing is what lets it die.
 */

static bool write_text(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) {
        return false;
    }
    bool ok = write(fd, text, strlen(text)) == (ssize_t)strlen(text);
    int saved = errno;
    close(fd);
    errno = saved;
    return ok;
}

static bool read_text(const char *path, char *buf, size_t cap)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return false;
    }
    ssize_t n = read(fd, buf, cap - 1);
    close(fd);
    if (n < 0) {
        return false;
    }
    buf[n] = '\0';
    return true;
}

static const char *cg_state_name(enum cgstate s)
{
    return s == CG_FROZEN ? "FROZEN" : s == CG_FREEZING ? "FREEZING" : "THAWED";
}

/* Writes the goal: v1 freezer.state FROZEN/THAWED, v2 cgroup.freeze 1/0. */
static bool cg_write_path(const char *dir, bool v2, bool freeze)
{
    char path[PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/%s", dir, v2 ? "cgroup.freeze" : "freezer.state");
    return write_text(path, v2 ? (freeze ? "1" : "0") : (freeze ? "FROZEN" : "THAWED"));
}

/* The state the kernel shows now (v2: cgroup.events says frozen once every task is). */
static enum cgstate cg_read(const struct cgroup *c)
{
    char path[PATH_MAX + 32], buf[512];
    if (!ctl.cgv2) {
        snprintf(path, sizeof path, "%s/freezer.state", c->path);
        if (!read_text(path, buf, sizeof buf)) {
            return c->state;
        }
        return strncmp(buf, "FROZEN", 6) == 0 ? CG_FROZEN : strncmp(buf, "FREEZING", 8) == 0 ? CG_FREEZING : CG_THAWED;
    }
    snprintf(path, sizeof path, "%s/cgroup.freeze", c->path);
    if (!read_text(path, buf, sizeof buf)) {
        return c->state;
    }
    if (buf[0] != '1') {
        return CG_THAWED;
    }
    snprintf(path, sizeof path, "%s/cgroup.events", c->path);
    return read_text(path, buf, sizeof buf) && strstr(buf, "frozen 1") != NULL ? CG_FROZEN : CG_FREEZING;
}

/* Whether the task's cgroup is frozen or freezing: it answers nothing, so it is not pinged. */
static bool task_frozen(const struct task *t)
{
    return t->cg >= 0 && ctl.cgs[t->cg].state != CG_THAWED;
}

static struct cgroup *cg_find(const char *name)
{
    for (int i = 0; i < ctl.ncg; i++) {
        if (strcmp(ctl.cgs[i].name, name) == 0) {
            return &ctl.cgs[i];
        }
    }
    return NULL;
}

/* The cgroup of this name, made on first use; NULL with errno set if it cannot be. */
static struct cgroup *cg_make(const char *name)
{
    struct cgroup *c = cg_find(name);
    if (c != NULL) {
        return c;
    }
    if (ctl.cgroot[0] == '\0') {
        errno = ENODEV;
        return NULL;
    }
    if (ctl.ncg == CG_MAX || strlen(name) >= sizeof c->name || strchr(name, '/') != NULL || name[0] == '.') {
        errno = EINVAL;
        return NULL;
    }
    c = &ctl.cgs[ctl.ncg];
    snprintf(c->name, sizeof c->name, "%s", name);
    snprintf(c->path, sizeof c->path, "%s/%s", ctl.cgroot, name);
    if (mkdir(c->path, 0755) != 0 && errno != EEXIST) {
        return NULL;
    }
    c->state = CG_THAWED;
    ctl.ncg++;
    return c;
}

/*
 * Removes a cgroup directory: thaws it, and while rmdir says it is busy, kills what is in it (the
 * tasks of a helper that is gone, which die once thawed) and tries again, until deadline. Used by
 * the watchdog too: no fatal(), no stdio.
 */
static bool cg_remove(const char *dir, bool v2, long long deadline)
{
    char path[PATH_MAX + 32], buf[4096];
    cg_write_path(dir, v2, false);
    for (;;) {
        if (rmdir(dir) == 0 || errno == ENOENT) {
            return true;
        }
        if (errno != EBUSY || now_ms() >= deadline) {
            return false;
        }
        snprintf(path, sizeof path, "%s/cgroup.procs", dir);
        if (read_text(path, buf, sizeof buf)) {
            for (char *p = strtok(buf, "\n"); p != NULL; p = strtok(NULL, "\n")) {
                long long v;
                if (parse_ll(p, &v) && v > 1) {
                    kill((pid_t)v, SIGKILL);
                }
            }
        }
        cg_write_path(dir, v2, false);
        sleep_ms(1);
    }
}

/* A controller's directory and every cgroup in it; true if all are gone. */
static bool cg_remove_tree(const char *root, bool v2, long long deadline)
{
    DIR *d = opendir(root);
    bool ok = true;
    if (d != NULL) {
        char sub[PATH_MAX + 300];
        for (struct dirent *e; (e = readdir(d)) != NULL;) {
            if (e->d_type == DT_DIR && e->d_name[0] != '.') {
                snprintf(sub, sizeof sub, "%s/%s", root, e->d_name);
                ok &= cg_remove(sub, v2, deadline);
            }
        }
        closedir(d);
    }
    return cg_remove(root, v2, deadline) && ok;
}

/* The start time of a process (field 22 of /proc/PID/stat, clock ticks since boot), 0 if gone. */
static unsigned long long start_time(pid_t pid)
{
    char buf[2048];
    char *f[32];
    int n = proc_stat((int)pid, buf, sizeof buf, f, 32);
    return n >= 20 ? strtoull(f[19], NULL, 10) : 0;
}

/* Removes the directories of controllers that are gone (crlinux.PID.START whose PID has another
 * start time, or none). Runs before host mounts its /proc, so /proc is still the machine's. */
static void cg_sweep_stale(const char *base, bool v2)
{
    DIR *d = opendir(base);
    if (d == NULL) {
        return;
    }
    char dir[PATH_MAX + 300];
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        int pid;
        unsigned long long start;
        if (e->d_type != DT_DIR || sscanf(e->d_name, "crlinux.%d.%llu", &pid, &start) != 2) {
            continue;
        }
        if (pid > 0 && start_time(pid) == start) {
            continue; /* a controller that runs now */
        }
        snprintf(dir, sizeof dir, "%s/%s", base, e->d_name);
        if (!cg_remove_tree(dir, v2, now_ms() + LEAK_WAIT_MS)) {
            fprintf(stderr, "crlinux: cannot remove the stale cgroup %s\n", dir);
        }
    }
    closedir(d);
}

/*
 * The watchdog: a process of its own session, outside every namespace the controller makes, that
 * waits for the controller to be gone (its pipe reaches end-of-file) and then removes the
 * controller's cgroups. After a normal exit there is nothing left to remove; after a SIGKILL it is
 * what thaws the frozen tasks so that they can die.
 */
static void start_watchdog(void)
{
    int p[2];
    if (pipe(p) != 0) {
        fatal("pipe: %s", strerror(errno));
    }
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        fatal("fork: %s", strerror(errno));
    }
    if (pid == 0) {
        setsid();
        signal(SIGPIPE, SIG_DFL);
        close(p[1]);
        host_null_stdio();
        if (p[0] != 3) {
            dup2(p[0], 3);
        }
        close_from(4);
        char b;
        while (read(3, &b, 1) != 0 && errno == EINTR) {
        }
        cg_remove_tree(ctl.cgroot, ctl.cgv2, now_ms() + 10 * LEAK_WAIT_MS);
        _exit(0);
    }
    close(p[0]);
    fcntl(p[1], F_SETFD, FD_CLOEXEC);
    ctl.watch_w = p[1];
    ctl.watchdog = pid;
}

/*
 * Finds the freezer: the v1 freezer hierarchy at /sys/fs/cgroup/freezer, else cgroup v2 (where
 * cgroup.controllers is: /sys/fs/cgroup/unified or /sys/fs/cgroup); CRLINUX_CGROUP=v2 prefers v2.
 * Removes stale directories there, makes this controller's, starts the watchdog. Without a freezer
 * the helper works as before and `freeze` answers err ENODEV.
 */
static void cg_setup(void)
{
    const char *pref = getenv("CRLINUX_CGROUP");
    const char *v1 = "/sys/fs/cgroup/freezer";
    const char *v2s[] = { "/sys/fs/cgroup/unified", "/sys/fs/cgroup" };
    const char *base = NULL;
    char probe[PATH_MAX];
    bool want_v2 = pref != NULL && strcmp(pref, "v2") == 0;
    snprintf(probe, sizeof probe, "%s/cgroup.procs", v1);
    if (!want_v2 && access(probe, W_OK) == 0) {
        base = v1;
    }
    for (size_t i = 0; base == NULL && i < 2; i++) {
        snprintf(probe, sizeof probe, "%s/cgroup.controllers", v2s[i]);
        if (access(probe, R_OK) == 0) {
            base = v2s[i];
            ctl.cgv2 = true;
        }
    }
    if (base == NULL && !want_v2 && access(v1, F_OK) == 0) {
        base = v1;
    }
    if (base == NULL) {
        return;
    }
    cg_sweep_stale(base, ctl.cgv2);
    snprintf(ctl.cgroot, sizeof ctl.cgroot, "%s/crlinux.%d.%llu", base, (int)getpid(), start_time(getpid()));
    if (mkdir(ctl.cgroot, 0755) != 0) {
        ctl.cgroot[0] = '\0';
        return;
    }
    start_watchdog();
}

/* Thaws every cgroup (cleanup: frozen tasks must run to be released, and to die). */
static void cg_thaw_all(void)
{
    for (int i = 0; i < ctl.ncg; i++) {
        cg_write_path(ctl.cgs[i].path, ctl.cgv2, false);
        ctl.cgs[i].state = CG_THAWED;
    }
}

/* ---- a namespace's init that cannot finish dying ---- */

/*
 * Linux hangs (6.18 at least) when the init of a PID namespace exits while it, or a task outside
 * the namespace, is in a process group whose id is a pid of the namespace (a group led, or once
 * led, by one of its tasks): zap_pid_ns_processes() kills and reaps the namespace and then waits
 * for the namespace's count of allocated pids to drop to the init's own, but the group's struct
 * pid stays attached (as the PGID) to the init or to the outside task, which nothing in the
 * namespace's death detaches. The init stays 'S' in zap_pid_ns_processes for ever, unkillable
 * (it is already exiting), and every init above it waits for it in do_wait.
 *
 * setpgid() does not look at PF_EXITING, so the holder can be released: a live outside holder
 * calls setpgid(0, 0); a holder that cannot run (the init itself, a zombie, a stopped task) is
 * moved into its own group by its parent (same session, not a session leader: true of any task
 * in a group it does not lead), and a zombie holder may also be reaped by its parent. Then the
 * pid is freed, the count drops and the init becomes a zombie. Nobody can release an init whose
 * parent is itself dying (the parent is the only other task setpgid() lets move it).
 */

/* A dying task that stays this long in zap_pid_ns_processes is stuck: a namespace that can die
 * leaves that last wait within microseconds of reaping its last task. */
#define ZAP_GRACE_MS 20

struct pinfo {
    char state;
    int ppid, pgid, sid;
};

/* State, parent, group and session of a process in host's /proc; false if it is gone. */
static bool proc_info(int pid, struct pinfo *pi)
{
    char buf[2048];
    char *f[4];
    if (proc_stat(pid, buf, sizeof buf, f, 4) < 4) {
        return false;
    }
    pi->state = f[0][0];
    pi->ppid = atoi(f[1]);
    pi->pgid = atoi(f[2]);
    pi->sid = atoi(f[3]);
    return true;
}

/* The kernel function pid sleeps in (/proc/PID/wchan), "?" if unknown. */
static void proc_wchan(int pid, char *buf, size_t cap)
{
    if (!read_proc(pid, "wchan", buf, cap)) {
        snprintf(buf, cap, "?");
    }
    buf[strcspn(buf, "\n")] = '\0';
}

/* Whether pid, in state s, sleeps in zap_pid_ns_processes() right now. */
static bool in_zap(int pid, char s)
{
    char w[128];
    if (s != 'S' && s != 'D') {
        return false;
    }
    proc_wchan(pid, w, sizeof w);
    return strcmp(w, "zap_pid_ns_processes") == 0;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Every pid in host's /proc, sorted, in *out (malloc'd); how many, or -1 on error. */
static int list_pids(int **out)
{
    DIR *d = opendir("/proc");
    int *pids = NULL;
    size_t n = 0, cap = 0;
    if (d == NULL) {
        return -1;
    }
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        long long v;
        if (!parse_ll(e->d_name, &v) || v <= 0) {
            continue; /* self, thread-self, sys, ... */
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            int *more = realloc(pids, cap * sizeof *pids);
            if (more == NULL) {
                free(pids);
                closedir(d);
                return -1;
            }
            pids = more;
        }
        pids[n++] = (int)v;
    }
    closedir(d);
    qsort(pids, n, sizeof *pids, cmp_int);
    *out = pids;
    return (int)n;
}

/* Appends to a NUL-terminated buffer, truncating. */
static void __attribute__((format(printf, 3, 4))) append(char *buf, size_t cap, const char *fmt, ...)
{
    size_t len = strlen(buf);
    if (len + 1 >= cap) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + len, cap - len, fmt, ap);
    va_end(ap);
}

/*
 * Asks a live task to run one command and takes its answer line (false, with "no answer" in ans,
 * if it is dead, stopped or silent; an answer that comes later is counted as stale). Never fatal
 * on a task's behaviour: also used by cleanup.
 */
static bool ask(struct task *t, const char *cmd, char *ans, size_t cap)
{
    long long deadline = now_ms() + ctl.timeout_ms;
    snprintf(ans, cap, "no answer");
    if (t->life != ALIVE || task_frozen(t)) {
        return false;
    }
    while (t->stale > 0) {
        enum rd r = read_line(t, ans, cap, deadline, true);
        if (r != RD_LINE) {
            if (r == RD_EOF) {
                t->stale = 0;
            }
            snprintf(ans, cap, "no answer");
            return false;
        }
        t->stale--;
    }
    if (!task_send(t, cmd)) {
        mark_dying(t);
        return false;
    }
    switch (read_line(t, ans, cap, deadline, true)) {
    case RD_LINE:
        return true;
    case RD_EOF:
        break;
    default:
        t->stale++;
        break;
    }
    snprintf(ans, cap, "no answer");
    return false;
}

/* Makes a live task able to run a command: a stopped one is sent SIGCONT by host (which sees
 * every pid and shares the session of any task that never called setsid). */
static bool wake(struct task *t)
{
    char s = proc_state(t->hostpid);
    if (s != 'T' && s != 't') {
        return t->life == ALIVE && s != 0 && s != 'Z' && s != 'X';
    }
    struct task *host = &ctl.tasks[0];
    char cmd[64], ans[LINE_MAX_LEN];
    snprintf(cmd, sizeof cmd, "kill %d %d", t->hostpid, SIGCONT);
    if (t == host || !ask(host, cmd, ans, sizeof ans) || strcmp(ans, "ok") != 0) {
        return false;
    }
    long long deadline = now_ms() + ctl.timeout_ms;
    while (((s = proc_state(t->hostpid)) == 'T' || s == 't') && now_ms() < deadline) {
        sleep_ms(1);
    }
    return s != 'T' && s != 't';
}

/*
 * Moves task t (its /proc facts in pi) into its own group: itself if self and it can run
 * (it is not the stuck init), else its parent, which may also reap it if it is a zombie. True on
 * success; else why says what failed.
 */
static bool own_group(struct task *t, const struct pinfo *pi, bool self, char *why, size_t cap)
{
    char cmd[64], ans[LINE_MAX_LEN];
    if (self && t->life == ALIVE && pi->state != 'Z' && wake(t)) {
        if (ask(t, "setpgid 0 0", ans, sizeof ans) && strcmp(ans, "ok") == 0) {
            return true;
        }
    }
    struct task *q = task_by_hostpid(pi->ppid);
    if (q == NULL || q->life != ALIVE) {
        snprintf(why, cap, "its parent pid %d is not alive", pi->ppid);
        return false;
    }
    if (!wake(q)) {
        snprintf(why, cap, "its parent pid %d cannot run", pi->ppid);
        return false;
    }
    int x = vec_at(t->vec, vec_depth(q->vec) - 1); /* pid as the parent sees it */
    if (x <= 0) {
        snprintf(why, cap, "its parent pid %d does not see it", pi->ppid);
        return false;
    }
    snprintf(cmd, sizeof cmd, "setpgid %d %d", x, x);
    if (ask(q, cmd, ans, sizeof ans) && strcmp(ans, "ok") == 0) {
        return true;
    }
    snprintf(why, cap, "its parent pid %d answered %.40s to setpgid", pi->ppid, ans);
    if (pi->state == 'Z') {
        snprintf(cmd, sizeof cmd, "wait %d", x);
        if (ask(q, cmd, ans, sizeof ans) && strcmp(ans, "ok") == 0) {
            return true;
        }
        append(why, cap, " and %.40s to wait", ans);
    }
    return false;
}

/*
 * The init of a namespace is stuck in zap_pid_ns_processes(): finds what holds one of its
 * namespace's pids as a process group id (the init itself, or a process outside the namespace;
 * a process inside it is being killed and reaped, or is a nested init stuck on its own account),
 * writes the hang's reason, and releases every holder it can. True if it released one.
 */
static bool release_zap(struct task *init, char *reason, size_t cap)
{
    int *pids = NULL;
    int n = list_pids(&pids);
    char held[LINE_MAX_LEN / 2] = "", failed[LINE_MAX_LEN / 2] = "";
    bool released = false, any = false;
    for (int i = 0; i < n; i++) {
        struct task *t = task_by_hostpid(pids[i]);
        struct pinfo pi;
        if (t == NULL || (t != init && in_ns(t, init)) || !proc_info(pids[i], &pi) || pi.pgid == pids[i]) {
            continue;
        }
        struct task *g = task_by_hostpid(pi.pgid);
        if (g == NULL || !in_ns(g, init)) {
            continue; /* a group of an enclosing or unrelated namespace: no pid of this one */
        }
        append(held, sizeof held, "%spid %d (pgid %d)", any ? ", " : "", pids[i], pi.pgid);
        any = true;
        char why[160];
        if (own_group(t, &pi, t != init, why, sizeof why)) {
            released = true;
        } else {
            append(failed, sizeof failed, "%spid %d: %s", failed[0] ? "; " : "", pids[i], why);
        }
    }
    free(pids);
    if (any) {
        snprintf(reason, cap, "zap_pid_ns_processes waits for a process group pid held by %s", held);
    } else {
        snprintf(reason, cap, "zap_pid_ns_processes waits, and no process group pid of its namespace is held outside it");
    }
    if (failed[0] != '\0') {
        append(reason, cap, "; not released: %s", failed);
    }
    return released;
}

/* Gives up on a dying task that will not finish (stuck, or waiting in do_wait for a stuck child),
 * and on every dying ancestor, which waits for it. */
static void give_up(struct task *t)
{
    for (int guard = 0; t != NULL && t->life == DYING && guard < 64; guard++) {
        struct pinfo pi;
        t->life = DEAD; /* for settling; /proc keeps showing it, and cleanup warns */
        t = proc_info(t->hostpid, &pi) ? task_by_hostpid(pi.ppid) : NULL;
    }
}

/*
 * Before cleanup kills host: host's own zap kills every nested init, and one of those would hang
 * as above. So: release every init already stuck; continue every stopped task (so that the moves
 * below cannot orphan a group with a stopped member, whose SIGHUP would kill it with its group
 * still held); then every live task that does not lead its group moves into a group of its own.
 * Then no live task holds a pid of a namespace it is not in, or of its own if it is the init.
 * Sessions cannot cross namespaces (a session id is inherited inside the namespace or is one's own
 * pid). A zombie still in a foreign group is no trouble: during host's zap its parent dies or is
 * an init that reaps it, and host (SIGCHLD ignored by zap) reaps a zombie reparented to it.
 */
static void prepare_kill(void)
{
    if (ctl.ntasks == 0 || ctl.tasks[0].hostpid <= 0 || ctl.tasks[0].life != ALIVE) {
        return; /* host never served, or is dead: nobody can do anything */
    }
    struct task *host = &ctl.tasks[0];
    int *pids = NULL;
    int n = list_pids(&pids);
    char reason[LINE_MAX_LEN], why[160];
    for (int i = 0; i < n; i++) {
        struct task *t = task_by_hostpid(pids[i]);
        if (t != NULL && t != host && in_zap(pids[i], proc_state(pids[i]))) {
            release_zap(t, reason, sizeof reason);
        }
    }
    free(pids);
    for (int i = 1; i < ctl.ntasks; i++) {
        if (ctl.tasks[i].life == ALIVE) {
            wake(&ctl.tasks[i]);
        }
    }
    for (int i = 1; i < ctl.ntasks; i++) {
        struct task *t = &ctl.tasks[i];
        struct pinfo pi;
        if (t->life == ALIVE && proc_info(t->hostpid, &pi) && pi.state != 'Z' && pi.sid != t->hostpid
                && pi.pgid != t->hostpid) {
            own_group(t, &pi, true, why, sizeof why);
        }
    }
}

/* host could not be reaped after the kill: says what is left in its namespace, and where it sleeps. */
static void warn_leaks(void)
{
    int *pids = NULL;
    int n = list_pids(&pids);
    char w[128];
    for (int i = 0; i < n; i++) {
        proc_wchan(pids[i], w, sizeof w);
        say("warning: leaked %d stuck in %s", pids[i], w);
    }
    if (n <= 0) {
        say("warning: leaked host (pid %d outside) stuck", (int)ctl.host);
    }
    free(pids);
}

/* ---- settling ---- */

/* Whether a dying namespace init waits for a task of its namespace that is frozen: it kills them
 * all and waits until they are reaped, but a frozen task takes even SIGKILL only when thawed. */
static bool waits_for_frozen(const struct task *t)
{
    if (t->nsinit != t->serial) {
        return false;
    }
    for (int i = 0; i < ctl.ntasks; i++) {
        const struct task *u = &ctl.tasks[i];
        if (u != t && u->life == ALIVE && task_frozen(u) && in_ns(u, t)) {
            return true;
        }
    }
    return false;
}

/*
 * Is the task still alive? Step one (true if it is found dead at once) sends it a ping (unless an earlier line is still due from
 * it, which proves as much); step two waits for the line, or for its channel's end-of-file, or
 * for it to turn out stopped. Lines nobody waits for (the pong of a stopped task, sent when it
 * continues) are counted in t->stale and skipped later. Every ping goes out before the first
 * wait, so the tasks answer in parallel.
 */
static bool probe_send(struct task *t)
{
    if (t->stale == 0) {
        if (!task_send(t, "ping")) {
            mark_dying(t); /* no reader on its command FIFO: its fds are closed */
            return true;
        }
        t->stale = 1;
    }
    return false;
}

/* Step two; returns true if the task was found dead. */
static bool probe_wait(struct task *t)
{
    char line[LINE_MAX_LEN];
    switch (read_line(t, line, sizeof line, now_ms() + ctl.timeout_ms, true)) {
    case RD_LINE:
        t->stale--;
        return false;
    case RD_STOPPED:
        return false;
    case RD_EOF:
        t->stale = 0;
        return true;
    default:
        fatal("timeout: %s (pid %d) did not answer a ping", t->label, t->hostpid);
    }
}

/*
 * Waits until every task whose channel reached end-of-file is a zombie or gone (an EXIT_DEAD 'X'
 * task is not gone yet: see below). The channel closes early in do_exit(); the zombie comes after exit_notify(). A nested
 * namespace's init takes longest: in zap_pid_ns_processes() it kills every other task of its
 * namespace and waits until they are all reaped before it becomes a zombie itself.
 *
 * An init that stays ZAP_GRACE_MS in that last wait is stuck (see release_zap()): the first such
 * hang becomes the operation's answer (ctl.hang), its holders are released and the wait goes on;
 * if nothing could be released, it and its dying ancestors (which wait for it) are given up at
 * once, and after a hang the timeout gives up on what is left instead of being fatal. Returns
 * true if a release moved tasks (settle then makes one more round).
 */
static bool await_dead(void)
{
    long long deadline = now_ms() + ctl.timeout_ms;
    bool released = false;
    for (;;) {
        struct task *late = NULL;
        for (int i = 0; i < ctl.ntasks; i++) {
            struct task *t = &ctl.tasks[i];
            if (t->life != DYING) {
                continue;
            }
            char s = proc_state(t->hostpid);
            /* Not 'X': an autoreaped task is EXIT_DEAD before exit_notify() releases the zombies it
             * passed to a reaper that ignores SIGCHLD; its /proc entry goes only after them. */
            if (s == 0 || s == 'Z') {
                t->life = DEAD;
                continue;
            }
            if (waits_for_frozen(t)) {
                continue; /* it finishes dying when its cgroup is thawed (the thaw settles again) */
            }
            if (!t->hung && in_zap(t->hostpid, s)) {
                if (t->zap_since == 0) {
                    t->zap_since = now_ms();
                }
                if (now_ms() - t->zap_since >= ZAP_GRACE_MS) {
                    char reason[LINE_MAX_LEN - 32];
                    t->hung = true;
                    bool r = release_zap(t, reason, sizeof reason);
                    if (ctl.hang[0] == '\0') {
                        snprintf(ctl.hang, sizeof ctl.hang, "hang %d %s", t->hostpid, reason);
                    }
                    if (!r) {
                        give_up(t); /* nothing was released: it stays there */
                        continue;
                    }
                    released = true;
                    deadline = now_ms() + ctl.timeout_ms;
                }
            } else if (!t->hung) {
                t->zap_since = 0;
            }
            late = t;
        }
        if (late == NULL) {
            return released;
        }
        if (now_ms() >= deadline) {
            if (ctl.hang[0] == '\0') {
                fatal("timeout: %s (pid %d) is dead but /proc still shows state %c", late->label, late->hostpid,
                      proc_state(late->hostpid));
            }
            /* After a hang, whatever is still dying waits for the stuck init (or is it). */
            for (int i = 0; i < ctl.ntasks; i++) {
                give_up(&ctl.tasks[i]);
            }
            return released;
        }
        sleep_ms(1);
    }
}

/*
 * Waits (up to the timeout, and then goes on: nothing is wrong) until every live task is back
 * in its read() of commands ('S') or stopped ('T'), and no dead one is half released ('X'). A task that has just written its pong is
 * still 'R' for a moment; without this wait, report's state letters would depend on timing.
 */
static void await_quiet(void)
{
    long long deadline = now_ms() + ctl.timeout_ms;
    for (;;) {
        bool busy = false;
        for (int i = 0; i < ctl.ntasks && !busy; i++) {
            char s = proc_state(ctl.tasks[i].hostpid);
            if (task_frozen(&ctl.tasks[i])) {
                continue; /* in the refrigerator ('D') until thawed */
            }
            if (ctl.tasks[i].life == ALIVE) {
                busy = s != 'S' && s != 'T' && s != 't' && s != 0;
            } else {
                /* EXIT_DEAD: being released right now (a zombie passed to a reaper that ignores
                 * SIGCHLD is released after its old parent, which may be gone already) */
                busy = s == 'X';
            }
        }
        if (!busy || now_ms() >= deadline) {
            return;
        }
        sleep_ms(1);
    }
}

/*
 * Makes an operation's effects on other tasks complete before it is answered: a signal sent
 * takes effect when its target next runs, and a death goes on in the kernel after kill()
 * returned. A ping is answered only after the task has taken every signal sent to it before
 * (the kernel delivers pending signals before the read() that gets the ping returns), so after
 * a round of pings every kill has landed. Deaths can cause more deaths (an init's exit kills its
 * namespace, an orphaned stopped group gets SIGHUP), so rounds repeat until one finds nothing new.
 */
static void settle(void)
{
    for (;;) {
        bool died = false;
        for (int i = 0; i < ctl.ntasks; i++) {
            if (ctl.tasks[i].life == ALIVE && !task_frozen(&ctl.tasks[i]) && probe_send(&ctl.tasks[i])) {
                died = true;
            }
        }
        for (int i = 0; i < ctl.ntasks; i++) {
            if (ctl.tasks[i].life == ALIVE && !task_frozen(&ctl.tasks[i]) && probe_wait(&ctl.tasks[i])) {
                died = true;
            }
        }
        if (await_dead()) {
            died = true; /* a release moved tasks between groups: one more round */
        }
        if (!died) {
            await_quiet();
            return;
        }
    }
}

/* ---- operations ---- */

/* Whether word names an operation (a command with an actor). */
static bool is_operation(const char *word)
{
    static const char *const names[] = { "fork", "eclone", "exit", "kill", "wait", "setsid", "setpgid", "subreaper",
                                         "uid", "gid", "sigaction", "sigmask", "pause", "attach" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(word, names[i]) == 0) {
            return true;
        }
    }
    return false;
}

/* The shape of each operation: how many words after the actor, and which are numbers. */
static bool valid_op(char **w, int n)
{
    static const struct { const char *name; int args; const char *numeric; } ops[] = {
        /* numeric: one char per argument, 'n' for a number, '-' for a word */
        { "exit", 1, "n" }, { "kill", 2, "nn" }, { "wait", 1, "n" }, { "setsid", 0, "" },
        { "setpgid", 2, "nn" }, { "subreaper", 1, "n" }, { "uid", 1, "n" }, { "gid", 1, "n" },
        { "sigaction", 2, "n-" }, { "sigmask", 2, "-n" }, { "pause", 1, "n" }, { "attach", 3, "n--" },
    };
    long long v;
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        if (strcmp(w[0], ops[i].name) != 0) {
            continue;
        }
        if (n - 2 != ops[i].args) {
            return false;
        }
        for (int a = 0; a < ops[i].args; a++) {
            if (ops[i].numeric[a] == 'n' && !parse_ll(w[2 + a], &v)) {
                return false;
            }
        }
        if (strcmp(w[0], "sigaction") == 0 && strcmp(w[3], "handle") != 0 && strcmp(w[3], "ignore") != 0
                && strcmp(w[3], "default") != 0) {
            return false;
        }
        if (strcmp(w[0], "sigmask") == 0 && strcmp(w[2], "block") != 0 && strcmp(w[2], "unblock") != 0) {
            return false;
        }
        return true;
    }
    return false;
}

/*
 * Sends one command to the actor and waits for its answer. An actor that dies while it runs
 * (exit, a fatal signal to itself, unblocking a pending fatal signal) answers "ok" by reaching
 * end-of-file; one that stops itself (SIGSTOP to itself) made its call, which returned 0: "ok",
 * and its real answer comes when it continues (counted as stale).
 */
static void run_on(struct task *actor, const char *command, char *answer, size_t cap)
{
    if (!task_send(actor, command)) {
        mark_dying(actor);
        snprintf(answer, cap, "ok");
        return;
    }
    switch (read_line(actor, answer, cap, now_ms() + ctl.timeout_ms, true)) {
    case RD_LINE:
        if (strncmp(answer, "ok", 2) != 0 && strncmp(answer, "err ", 4) != 0) {
            fatal("%s answered '%s' to '%s'", actor->label, answer, command);
        }
        return;
    case RD_EOF:
        snprintf(answer, cap, "ok");
        return;
    case RD_STOPPED:
        actor->stale++;
        snprintf(answer, cap, "ok");
        return;
    default:
        fatal("timeout: %s did not answer '%s'", actor->label, command);
    }
}

/* fork ACTOR CHILD [parent] [newpid]: the FIFOs, the clone, the child's handshake. */
static void op_fork(struct task *actor, char **w, int n, char *answer, size_t cap)
{
    unsigned long flags = 0;
    struct cgroup *cg = NULL;
    char tids[VEC_MAX] = "-";
    for (int i = 3; i < n; i++) {
        if (strcmp(w[i], "parent") == 0) {
            flags |= CLONE_PARENT;
        } else if (strcmp(w[i], "newpid") == 0) {
            flags |= CLONE_NEWPID;
        } else if (strncmp(w[i], "cgroup=", 7) == 0) {
            cg = cg_make(w[i] + 7);
            if (cg == NULL) {
                char eb[16];
                snprintf(answer, cap, "err %s", errno_name(errno, eb, sizeof eb));
                return;
            }
        } else if (strncmp(w[i], "pids=", 5) == 0 && strcmp(w[0], "eclone") == 0) {
            /* outermost first, as the plan gives them; clone3 wants the child's own level first */
            char *p = w[i] + 5;
            size_t len = 0;
            tids[0] = '\0';
            for (char *end = p + strlen(p); end > p;) {
                char *start = end;
                while (start > p && start[-1] != ',') {
                    start--;
                }
                if (start == end) {
                    fatal("protocol: empty pid in %s", w[i]);
                }
                len += (size_t)snprintf(tids + len, sizeof tids - len, "%s%.*s", len ? "," : "", (int)(end - start), start);
                end = start > p ? start - 1 : p;
            }
        } else {
            fatal("protocol: %s flag '%s' is none of parent, newpid, cgroup=NAME, pids=P,...", w[0], w[i]);
        }
    }
    if (strcmp(w[0], "eclone") == 0 && strcmp(tids, "-") == 0) {
        fatal("protocol: eclone without pids=");
    }
    /* The scenario's namespaces are host's and those below it: an array deeper than the child's
     * levels below host would name a pid in the machine's own namespaces, which alloc_pid() would
     * take; refuse it as alloc_pid() refuses an array deeper than all the child's levels. */
    if (strcmp(tids, "-") != 0 && vec_depth(tids) > vec_depth(actor->vec) + ((flags & CLONE_NEWPID) ? 1 : 0)) {
        snprintf(answer, cap, "err EINVAL");
        return;
    }
    struct task *old = find_task(w[2]);
    if (old != NULL && old->life != DEAD) {
        fatal("protocol: label %s is taken by a live task", w[2]);
    }
    ptrdiff_t a = actor - ctl.tasks;
    struct task *child = new_task(w[2]);
    actor = &ctl.tasks[a]; /* new_task may have moved the table */
    /* The child's PID namespace is the actor's (CLONE_PARENT or not), or a new one inside it. */
    if (flags & CLONE_NEWPID) {
        child->nsinit = child->serial;
        child->nsouter = actor->nsinit;
    } else {
        child->nsinit = actor->nsinit;
    }
    child->cg = cg != NULL ? (int)(cg - ctl.cgs) : actor->cg; /* a child is born in its creator's cgroup */
    make_fifos(child->serial);
    char cmd[PATH_MAX], rep[PATH_MAX], line[LINE_MAX_LEN + 2 * PATH_MAX + VEC_MAX + 400];
    fifo_paths(child->serial, cmd, rep);
    snprintf(line, sizeof line, "fork %lu %s %s %s %s", flags, cmd, rep, tids, cg != NULL ? cg->path : "-");
    run_on(actor, line, answer, cap);
    if (strncmp(answer, "ok ", 3) != 0) {
        if (strcmp(answer, "ok") == 0) {
            fatal("%s ended while it forked %s", actor->label, child->label);
        }
        remove_fifos();
        child->life = DEAD; /* never existed; keeps its serial so FIFO names stay unique */
        child->eof = true;
        return;
    }
    char hello[LINE_MAX_LEN];
    handshake(child, hello, sizeof hello);
    take_hello(child, hello);
    size_t len = strlen(answer);
    snprintf(answer + len, cap - len, " %s", child->vec);
}

/*
 * attach ACTOR PID NAME LABEL: the actor writes PID (as it sees it) to the cgroup.procs of
 * scenario cgroup NAME (made on first use), and on success the task at LABEL is in it.
 */
static void op_attach(struct task *actor, char **w, char *answer, size_t cap)
{
    char eb[16];
    struct cgroup *c = cg_make(w[3]);
    if (c == NULL) {
        snprintf(answer, cap, "err %s", errno_name(errno, eb, sizeof eb));
        return;
    }
    char command[LINE_MAX_LEN];
    snprintf(command, sizeof command, "attach %s %s", w[2], c->path);
    run_on(actor, command, answer, cap);
    struct task *target = find_task(w[4]);
    if (strncmp(answer, "ok", 2) == 0 && target != NULL) {
        target->cg = (int)(c - ctl.cgs);
    }
}

/* Runs one operation line from Java, settles, answers. */
static void operation(char **w, int n)
{
    char answer[LINE_MAX_LEN];
    if (n < 2) {
        fatal("protocol: '%s' without an actor", w[0]);
    }
    bool fork = strcmp(w[0], "fork") == 0 || strcmp(w[0], "eclone") == 0;
    if (fork ? n < 3 : !valid_op(w, n)) {
        fatal("protocol: bad arguments to %s", w[0]);
    }
    struct task *actor = find_task(w[1]);
    if (actor == NULL) {
        fatal("protocol: unknown task %s", w[1]);
    }
    if (actor->life != ALIVE) {
        say("err ESRCH"); /* a dead task makes no call; the model says ESRCH (checkCaller) */
        return;
    }
    if (task_frozen(actor)) {
        fatal("frozen: %s (pid %d) is in a frozen cgroup and cannot make a call", actor->label, actor->hostpid);
    }
    ctl.hang[0] = '\0';
    char s = proc_state(actor->hostpid);
    if (s == 'T' || s == 't') {
        fatal("stopped: %s (pid %d) is stopped and cannot make a call", actor->label, actor->hostpid);
    }
    /* Skip the answers of an earlier stop (it has continued, so they come at once). */
    char line[LINE_MAX_LEN];
    while (actor->stale > 0) {
        if (read_line(actor, line, sizeof line, now_ms() + ctl.timeout_ms, false) != RD_LINE) {
            break; /* dead (settled below) or silent: the command itself will tell */
        }
        actor->stale--;
    }
    if (fork) {
        op_fork(actor, w, n, answer, sizeof answer);
    } else if (strcmp(w[0], "attach") == 0) {
        op_attach(actor, w, answer, sizeof answer);
    } else {
        /* The task gets the line without the actor: "kill 5 15". */
        char command[LINE_MAX_LEN] = "";
        size_t len = 0;
        for (int i = 0; i < n; i++) {
            if (i == 1) {
                continue;
            }
            len += (size_t)snprintf(command + len, sizeof command - len, "%s%s", len ? " " : "", w[i]);
        }
        run_on(actor, command, answer, sizeof answer);
    }
    settle();
    say("%s", ctl.hang[0] != '\0' ? ctl.hang : answer);
}

/*
 * freeze NAME / thaw NAME / freezer NAME: write FROZEN (then read the state until it is FROZEN, up
 * to the timeout: a task that does not reach the refrigerator leaves it FREEZING), write THAWED (then
 * settle: signals sent while frozen take effect now), or only read. Answers "ok STATE" or
 * "err ERRNO" (ENOENT: no task was ever forked into a cgroup of that name).
 */
static void op_freezer(char **w, int n)
{
    char eb[16];
    if (n != 2) {
        fatal("protocol: %s takes a cgroup name", w[0]);
    }
    struct cgroup *c = cg_find(w[1]);
    if (c == NULL) {
        say("err ENOENT");
        return;
    }
    if (strcmp(w[0], "freezer") != 0) {
        bool freeze = strcmp(w[0], "freeze") == 0;
        if (!cg_write_path(c->path, ctl.cgv2, freeze)) {
            say("err %s", errno_name(errno, eb, sizeof eb));
            return;
        }
        if (freeze) {
            c->state = CG_FREEZING; /* from now on its tasks are not pinged */
            long long deadline = now_ms() + ctl.timeout_ms;
            while ((c->state = cg_read(c)) != CG_FROZEN && now_ms() < deadline) {
                sleep_ms(1);
            }
        } else {
            c->state = CG_THAWED;
            ctl.hang[0] = '\0';
            settle();
            if (ctl.hang[0] != '\0') {
                say("%s", ctl.hang);
                return;
            }
        }
    }
    c->state = cg_read(c);
    say("ok %s", cg_state_name(c->state));
}

/* ---- report ---- */

/* The value of "Key:" in a /proc/PID/status text, up to the end of its line (first word only
 * if first_word). */
static void status_field(const char *status, const char *key, bool first_word, char *out, size_t cap)
{
    char k[32];
    snprintf(k, sizeof k, "\n%s:", key);
    const char *p = strstr(status, k);
    size_t n = 0;
    if (p != NULL) {
        p += strlen(k);
        while (*p == '\t' || *p == ' ') {
            p++;
        }
        for (; *p != '\0' && *p != '\n' && n < cap - 1; p++) {
            if (*p == '\t' || *p == ' ') {
                if (first_word) {
                    break;
                }
                if (n > 0 && out[n - 1] != ',') {
                    out[n++] = ',';
                }
                continue;
            }
            out[n++] = *p;
        }
    }
    if (n == 0) {
        out[n++] = '-';
    }
    out[n] = '\0';
}

/* One task line; false if the process vanished while we read it. */
static bool report_task(int pid)
{
    char stat[2048], status[8192];
    char *f[64];
    int nf = proc_stat(pid, stat, sizeof stat, f, 64);
    /* exit_code is field 52 (f[49]): the wait status of a zombie (Linux 3.5 and later). */
    if (nf < 4 || !read_proc(pid, "status", status, sizeof status)) {
        return false;
    }
    char vec[VEC_MAX], uid[32], gid[32], blk[32], ign[32], cgt[32], pnd[32], shd[32], wchan[64];
    status_field(status, "NSpid", false, vec, sizeof vec);
    status_field(status, "Uid", true, uid, sizeof uid);
    status_field(status, "Gid", true, gid, sizeof gid);
    status_field(status, "SigBlk", true, blk, sizeof blk);
    status_field(status, "SigIgn", true, ign, sizeof ign);
    status_field(status, "SigCgt", true, cgt, sizeof cgt);
    status_field(status, "SigPnd", true, pnd, sizeof pnd);
    status_field(status, "ShdPnd", true, shd, sizeof shd);
    /* pending: the task's own and its thread group's (a kill() is the group's) */
    unsigned long long pending = strtoull(pnd, NULL, 16) | strtoull(shd, NULL, 16);
    /* frozen: asleep in the refrigerator (v1: 'D' in __refrigerator; a stopped task is frozen where
     * it stopped, 'D' too, which counts once the cgroup reads FROZEN), or in v2's freezer trap in
     * get_signal() ('S'; only a task of a frozen cgroup, since a job-control stop shows 'T') */
    proc_wchan(pid, wchan, sizeof wchan);
    struct task *t = task_by_hostpid(pid);
    bool in_frozen = t != NULL && t->cg >= 0 && ctl.cgs[t->cg].state == CG_FROZEN;
    bool frozen = (f[0][0] == 'D' && (strcmp(wchan, "__refrigerator") == 0 || in_frozen))
            || (ctl.cgv2 && f[0][0] == 'S' && strcmp(wchan, "get_signal") == 0 && t != NULL && task_frozen(t));
    const char *cg = t != NULL && t->cg >= 0 ? ctl.cgs[t->cg].name : "-";
    const char *exit_code = f[0][0] == 'Z' && nf >= 50 ? f[49] : "-";
    printf("task %d label=%s vec=%s ppid=%s sid=%s pgid=%s state=%c exit=%s uid=%s gid=%s sigblk=%s sigign=%s sigcgt=%s"
           " sigpnd=%016llx frozen=%d cgroup=%s dying=%d\n",
           pid, label_of(pid), vec, f[1], f[3], f[2], f[0][0], exit_code, uid, gid, blk, ign, cgt, pending, frozen, cg,
           t != NULL && t->hostpid == pid && t->life == DYING && f[0][0] != 'Z');
    return true;
}

/* Every process in host's /proc, in pid order, then "end". */
static void report(void)
{
    int *pids = NULL;
    int n = list_pids(&pids);
    if (n < 0) {
        fatal("cannot list /proc: %s", strerror(errno));
    }
    for (int i = 0; i < n; i++) {
        report_task(pids[i]);
    }
    free(pids);
    say("end");
}

/* ---- start and main loop ---- */

/* fds 0, 1, 2 open (on /dev/null if they were closed), so no pipe or FIFO lands on them. */
static void ensure_stdio(void)
{
    for (int fd = 0; fd < 3; fd++) {
        if (fcntl(fd, F_GETFD) < 0) {
            int n = open("/dev/null", O_RDWR);
            if (n >= 0 && n != fd) {
                dup2(n, fd);
                close(n);
            }
        }
    }
}

/* The controller's own mount namespace, so /proc and /tmp mounted here are seen nowhere else. */
static void private_mounts(void)
{
    if (unshare(CLONE_NEWNS) != 0) {
        if (errno == EPERM || errno == EINVAL) {
            unsupported("cannot unshare the mount namespace: %s", strerror(errno));
        }
        fatal("unshare(CLONE_NEWNS): %s", strerror(errno));
    }
    /* Without MS_PRIVATE, mounts under a shared / (systemd's default) would propagate back to
     * the root mount namespace, and the proc of host's namespace would cover the machine's /proc. */
    if (mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) {
        if (errno == EPERM || errno == EINVAL) {
            unsupported("cannot make / private in a new mount namespace: %s", strerror(errno));
        }
        fatal("mount --make-rprivate /: %s", strerror(errno));
    }
}

/* Clones host into a new PID namespace and waits until it serves; prints "ready". */
static void start_host(void)
{
    struct task *t = new_task("host");
    make_fifos(t->serial);
    char cmd[PATH_MAX], rep[PATH_MAX];
    fifo_paths(t->serial, cmd, rep);
    int alive[2];
    if (pipe(alive) != 0) {
        fatal("pipe: %s", strerror(errno));
    }
    fflush(stdout); /* host inherits stdio's buffer; it must hold nothing to print twice */
    pid_t pid = raw_clone(CLONE_NEWPID);
    if (pid == 0) {
        host_main(alive[0], alive[1], cmd, rep);
    }
    close(alive[0]);
    if (pid < 0) {
        if (errno == EPERM || errno == EINVAL) {
            unsupported("cannot create a PID namespace: %s", strerror(errno));
        }
        fatal("clone(CLONE_NEWPID): %s", strerror(errno));
    }
    ctl.host = pid;
    ctl.alive_w = alive[1];
    char first[LINE_MAX_LEN];
    handshake(t, first, sizeof first);
    if (strncmp(first, "unsupported ", 12) == 0) {
        unsupported("%s", first + 12);
    }
    if (strncmp(first, "fatal ", 6) == 0) {
        fatal("%s", first + 6);
    }
    take_hello(t, first);
    say("ready");
}

/* quit, or end of stdin: the namespace goes, then "bye". */
static void __attribute__((noreturn)) quit(void)
{
    cleanup();
    say("bye");
    exit(0);
}

static void usage_and_exit(void)
{
    say("fatal usage: crlinux [--timeout-ms N] (commands on stdin, see docs/linux-helper.md)");
    exit(1);
}

static void parse_args(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        long long v;
        if (strcmp(argv[i], "--timeout-ms") == 0 && i + 1 < argc && parse_ll(argv[i + 1], &v) && v > 0) {
            ctl.timeout_ms = v;
            i++;
        } else {
            usage_and_exit();
        }
    }
}

/* ===================================================================================== */
/* The snapshot helper: crlinux snapshot                                                 */
/* ===================================================================================== */

/*
 * `crlinux snapshot` serves `./cr snapshot`, which reads a live tree of this machine from /proc
 * (docs/linux-helper.md, "The snapshot helper"). It does what Java cannot: kcmp(2), and the
 * undoing of what it did to the tree's freezer cgroups even when the Java side is SIGKILLed (its
 * stdin then ends). It makes no process and no namespace.
 */

#ifndef SYS_kcmp
#define SYS_kcmp 312
#endif
/* enum kcmp_type of <linux/kcmp.h>, which not every libc's headers carry */
#define CR_KCMP_FILE 0
#define CR_KCMP_VM 1
#define CR_KCMP_FILES 2
#define CR_KCMP_FS 3
#define CR_KCMP_SIGHAND 4

#define SNAP_MAX 256

/*
 * What the helper changed, in memory shared with its watchdog (MAP_SHARED): whoever ends last
 * undoes it. Emptied once undone.
 */
struct snap_state {
    char frozen[SNAP_MAX][PATH_MAX];   /* cgroups this helper froze: thawed at the end */
    int nfrozen;
    char made[SNAP_MAX][PATH_MAX];     /* cgroups this helper made: removed at the end */
    int nmade;
    struct { int pid; char origin[PATH_MAX]; } moved[4096]; /* tasks it moved, and where from */
    int nmoved;
    long long timeout_ms;
};

static struct snap_state *snap;

static volatile sig_atomic_t snap_stop;

static void snap_on_signal(int sig)
{
    (void)sig;
    snap_stop = 1;
}

/* Writes a short string to a cgroup file; 0 or an errno. */
static int snap_write(const char *dir, const char *file, const char *what)
{
    char path[PATH_MAX + 64];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) {
        return errno;
    }
    int e = write_all(fd, what, strlen(what)) ? 0 : errno;
    close(fd);
    return e;
}

/* Reads the first word of a cgroup file into buf; 0 or an errno. */
static int snap_read(const char *dir, const char *file, char *buf, size_t cap)
{
    char path[PATH_MAX + 64];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return errno;
    }
    ssize_t n = read(fd, buf, cap - 1);
    int e = n < 0 ? errno : 0;
    close(fd);
    buf[n < 0 ? 0 : n] = '\0';
    buf[strcspn(buf, " \n")] = '\0';
    return e;
}

static void snap_err(int e)
{
    char b[32];
    say("err %s", errno_name(e, b, sizeof b));
}

static bool snap_remembered(char list[][PATH_MAX], int n, const char *dir)
{
    for (int i = 0; i < n; i++) {
        if (strcmp(list[i], dir) == 0) {
            return true;
        }
    }
    return false;
}

/* freeze DIR: FROZEN, then wait for it (a task that cannot reach the refrigerator leaves FREEZING). */
static void snap_freeze(const char *dir)
{
    if (!snap_remembered(snap->frozen, snap->nfrozen, dir)) {
        if (snap->nfrozen == SNAP_MAX) {
            snap_err(ENOSPC);
            return;
        }
        /* remembered before the write: a FREEZING cgroup must be thawed too */
        snprintf(snap->frozen[snap->nfrozen++], PATH_MAX, "%s", dir);
    }
    int e = snap_write(dir, "freezer.state", "FROZEN");
    if (e != 0) {
        snap->nfrozen--;
        snap_err(e);
        return;
    }
    char state[64] = "";
    for (long long end = now_ms() + snap->timeout_ms; now_ms() < end; sleep_ms(1)) {
        if ((e = snap_read(dir, "freezer.state", state, sizeof state)) != 0) {
            snap_err(e);
            return;
        }
        if (strcmp(state, "FROZEN") == 0) {
            break;
        }
    }
    say("ok %s", state);
}

static int snap_thaw_one(const char *dir)
{
    return snap_write(dir, "freezer.state", "THAWED");
}

static void snap_thaw(const char *dir)
{
    int e = snap_thaw_one(dir);
    for (int i = 0; i < snap->nfrozen; i++) {
        if (strcmp(snap->frozen[i], dir) == 0) {
            memmove(snap->frozen[i], snap->frozen[i + 1], (size_t)(snap->nfrozen - i - 1) * PATH_MAX);
            snap->nfrozen--;
            break;
        }
    }
    if (e != 0) {
        snap_err(e);
    } else {
        say("ok THAWED");
    }
}

/* mkcg DIR: a new freezer cgroup, removed at the end. */
static void snap_mkcg(const char *dir)
{
    if (snap->nmade == SNAP_MAX) {
        snap_err(ENOSPC);
        return;
    }
    if (mkdir(dir, 0755) != 0) {
        snap_err(errno);
        return;
    }
    snprintf(snap->made[snap->nmade++], PATH_MAX, "%s", dir);
    say("ok");
}

/* move PID DEST ORIGIN: the task (its whole thread group) into DEST; moved back to ORIGIN at the end. */
static void snap_move(const char *pid, const char *dest, const char *origin)
{
    long long p;
    if (!parse_ll(pid, &p) || p <= 0 || p > INT_MAX) {
        snap_err(EINVAL);
        return;
    }
    if (snap->nmoved == (int)(sizeof snap->moved / sizeof snap->moved[0])) {
        snap_err(ENOSPC);
        return;
    }
    int e = snap_write(dest, "cgroup.procs", pid);
    if (e != 0) {
        snap_err(e);
        return;
    }
    snap->moved[snap->nmoved].pid = (int)p;
    snprintf(snap->moved[snap->nmoved].origin, PATH_MAX, "%s", origin);
    snap->nmoved++;
    say("ok");
}

/* kcmp TYPE PID1 PID2 [IDX1 IDX2]: 0 the same object, 1 or 2 an order, 3 different (no order). */
static void snap_kcmp(char **w, int n)
{
    static const struct { const char *name; int type; } types[] = {
        { "file", CR_KCMP_FILE }, { "vm", CR_KCMP_VM }, { "files", CR_KCMP_FILES },
        { "fs", CR_KCMP_FS }, { "sighand", CR_KCMP_SIGHAND },
    };
    int type = -1;
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        if (strcmp(w[1], types[i].name) == 0) {
            type = types[i].type;
        }
    }
    long long a, b, i1 = 0, i2 = 0;
    if (type < 0 || !parse_ll(w[2], &a) || !parse_ll(w[3], &b)
            || (type == CR_KCMP_FILE && (n != 6 || !parse_ll(w[4], &i1) || !parse_ll(w[5], &i2)))
            || (type != CR_KCMP_FILE && n != 4)) {
        say("fatal protocol: kcmp TYPE PID1 PID2 [FD1 FD2]");
        return;
    }
    long r = syscall(SYS_kcmp, (pid_t)a, (pid_t)b, type, (unsigned long)i1, (unsigned long)i2);
    if (r < 0) {
        snap_err(errno);
    } else {
        say("ok %ld", r);
    }
}

/*
 * The end (release, end of stdin, SIGTERM, SIGINT, SIGHUP): every task this helper moved goes back
 * to the cgroup it came from, every cgroup it froze is thawed, every cgroup it made is removed (a
 * task forked into one meanwhile goes where its tree's first task came from). The tree is left as
 * it was found.
 */
static void snap_undo(bool answer)
{
    for (int i = 0; i < snap->nfrozen; i++) {
        int e = snap_thaw_one(snap->frozen[i]);
        if (e != 0 && answer) {
            char b[32];
            say("warning: cannot thaw %s: %s", snap->frozen[i], errno_name(e, b, sizeof b));
        }
    }
    snap->nfrozen = 0;
    for (int i = 0; i < snap->nmoved; i++) {
        char pid[32];
        snprintf(pid, sizeof pid, "%d", snap->moved[i].pid);
        int e = snap_write(snap->moved[i].origin, "cgroup.procs", pid);
        if (e != 0 && e != ESRCH && answer) {
            char b[32];
            say("warning: cannot move task %d back to %s: %s", snap->moved[i].pid, snap->moved[i].origin,
                errno_name(e, b, sizeof b));
        }
    }
    for (int i = snap->nmade - 1; i >= 0; i--) {
        long long end = now_ms() + 2000;
        while (rmdir(snap->made[i]) != 0 && errno == EBUSY && now_ms() < end) {
            /* a task forked into it after the moves: it joins the tree's first origin */
            char procs[PATH_MAX + 32];
            snprintf(procs, sizeof procs, "%s/cgroup.procs", snap->made[i]);
            FILE *f = fopen(procs, "re");
            if (f != NULL) {
                char pid[32];
                while (fgets(pid, sizeof pid, f) != NULL) {
                    pid[strcspn(pid, "\n")] = '\0';
                    snap_write(snap->nmoved > 0 ? snap->moved[0].origin : "/sys/fs/cgroup/freezer", "cgroup.procs", pid);
                }
                fclose(f);
            }
            sleep_ms(5);
        }
        if (access(snap->made[i], F_OK) == 0 && answer) {
            say("warning: leaked cgroup %s", snap->made[i]);
        }
    }
    snap->nmade = 0;
    snap->nmoved = 0;
}

/*
 * The snapshot's watchdog: a process of its own session holding the read end of a pipe whose write
 * end only the helper holds. When the helper is gone (even SIGKILLed) the pipe reaches end-of-file
 * and the watchdog undoes what the shared state still lists; after a normal end it lists nothing.
 */
static int snap_watch_w = -1;
static pid_t snap_watchdog = -1;

static bool snap_start_watchdog(void)
{
    int p[2];
    if (pipe(p) != 0) {
        return false;
    }
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        close(p[0]);
        close(p[1]);
        return false;
    }
    if (pid == 0) {
        setsid();
        signal(SIGTERM, SIG_IGN); /* it ends when the helper has: only its pipe tells it */
        signal(SIGINT, SIG_IGN);
        signal(SIGHUP, SIG_IGN);
        close(p[1]);
        host_null_stdio();
        if (p[0] != 3) {
            dup2(p[0], 3);
        }
        close_from(4);
        char b;
        while (read(3, &b, 1) != 0 && errno == EINTR) {
        }
        snap_undo(false);
        _exit(0);
    }
    close(p[0]);
    fcntl(p[1], F_SETFD, FD_CLOEXEC);
    snap_watch_w = p[1];
    snap_watchdog = pid;
    return true;
}

/* The helper ends with nothing left to undo: its watchdog sees the pipe close and ends too. */
static void snap_stop_watchdog(void)
{
    if (snap_watch_w < 0) {
        return;
    }
    close(snap_watch_w);
    snap_watch_w = -1;
    long long deadline = now_ms() + 2000;
    while (waitpid(snap_watchdog, NULL, WNOHANG) == 0 && now_ms() < deadline) {
        sleep_ms(1);
    }
}

static int snapshot_main(int argc, char **argv)
{
    snap = mmap(NULL, sizeof *snap, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (snap == MAP_FAILED) {
        say("fatal mmap: %s", strerror(errno));
        return 1;
    }
    snap->timeout_ms = 5000;
    for (int i = 2; i < argc; i++) {
        long long v;
        if (strcmp(argv[i], "--timeout-ms") == 0 && i + 1 < argc && parse_ll(argv[i + 1], &v) && v > 0) {
            snap->timeout_ms = v;
            i++;
        } else {
            say("fatal usage: crlinux snapshot [--timeout-ms N] (commands on stdin, see docs/linux-helper.md)");
            return 1;
        }
    }
    signal(SIGPIPE, SIG_IGN);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = snap_on_signal; /* no SA_RESTART: the read below returns EINTR */
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    if (geteuid() != 0) {
        say("unsupported not root (kcmp(2) and other users' /proc/PID/fd need root)");
        return EXIT_UNSUPPORTED;
    }
    if (syscall(SYS_kcmp, getpid(), getpid(), CR_KCMP_VM, 0UL, 0UL) != 0) {
        char b[32];
        say("unsupported kcmp(2) fails here (%s): the kernel lacks CONFIG_KCMP", errno_name(errno, b, sizeof b));
        return EXIT_UNSUPPORTED;
    }
    if (!snap_start_watchdog()) {
        say("fatal cannot start the watchdog: %s", strerror(errno));
        return 1;
    }
    say("ready");
    char line[LINE_MAX_LEN];
    while (!snap_stop && fgets(line, sizeof line, stdin) != NULL) {
        line[strcspn(line, "\r\n")] = '\0';
        char *w[8];
        int n = split_words(line, w, 8);
        if (n == 0) {
            continue;
        }
        if (strcmp(w[0], "kcmp") == 0 && n >= 4) {
            snap_kcmp(w, n);
        } else if (strcmp(w[0], "freeze") == 0 && n == 2) {
            snap_freeze(w[1]);
        } else if (strcmp(w[0], "thaw") == 0 && n == 2) {
            snap_thaw(w[1]);
        } else if (strcmp(w[0], "mkcg") == 0 && n == 2) {
            snap_mkcg(w[1]);
        } else if (strcmp(w[0], "move") == 0 && n == 4) {
            snap_move(w[1], w[2], w[3]);
        } else if (strcmp(w[0], "release") == 0 && n == 1) {
            snap_undo(true);
            snap_stop_watchdog();
            say("bye");
            return 0;
        } else {
            say("fatal protocol: unknown command '%s'", w[0]);
        }
    }
    snap_undo(false);
    snap_stop_watchdog();
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "snapshot") == 0) {
        ensure_stdio();
        return snapshot_main(argc, argv);
    }
    parse_args(argc, argv);
    ensure_stdio();
    if (geteuid() != 0) {
        unsupported("not root (the helper creates PID and mount namespaces)");
    }
    /* Java may close its end of our stdout first: a failed write must not kill us silently. */
    signal(SIGPIPE, SIG_IGN);
    /* An inherited SIG_IGN for SIGCHLD would make the kernel reap host at once (no zombie). */
    signal(SIGCHLD, SIG_DFL);
    private_mounts();
    cg_setup();
    make_fifo_dir();
    start_host();

    char line[LINE_MAX_LEN];
    while (fgets(line, sizeof line, stdin) != NULL) {
        line[strcspn(line, "\r\n")] = '\0';
        char *w[16];
        int n = split_words(line, w, 16);
        if (n == 0) {
            continue;
        }
        if (strcmp(w[0], "quit") == 0) {
            quit();
        } else if (strcmp(w[0], "report") == 0) {
            report();
        } else if (strcmp(w[0], "freeze") == 0 || strcmp(w[0], "thaw") == 0 || strcmp(w[0], "freezer") == 0) {
            op_freezer(w, n);
        } else if (is_operation(w[0])) {
            operation(w, n);
        } else {
            fatal("protocol: unknown command '%s'", w[0]);
        }
    }
    quit(); /* end of stdin: as quit */
}
