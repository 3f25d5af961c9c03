package org.croracle.impl.scenario;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.croracle.impl.kernel.Errno;
import org.croracle.impl.kernel.ForkOptions;
import org.croracle.impl.kernel.Sighand;
import org.croracle.impl.kernel.Signal;

/**
 * Parses the scenario language. Every line is checked here, before anything runs: the verb, the
 * number and form of its arguments, and every label (a label must have been introduced by
 * {@code fork} or {@code eclone}, or be {@code host}). Each line comes out with its {@link Op}, so
 * that running it converts nothing.
 */
public final class ScenarioParser {

    /** Words that start a command; no task may be labelled with one. */
    static final Set<String> COMMANDS = Set.of("freeze", "thaw", "checkpoint", "restart", "destroy", "sysctl",
            "corrupt", "truncate", "expect", "checkpoint-start", "checkpoint-step", "checkpoint-wait", "inject",
            "freezer-write", "refrigerate");

    /**
     * Where {@code checkpoint-step until=} stops a checkpoint in progress: after the freezer gate,
     * after the scan, after the last task's collect (before the leak check), after the leak check
     * (before the first task's dump), after the last task's dump (before the visit check and tail).
     */
    public static final List<String> CHECKPOINT_POINTS = List.of("begun", "scanned", "collected", "checked", "dumped");

    /** The reasons a checkpoint fails with EBUSY ({@code expect busy REASON}). */
    static final List<String> BUSY_REASONS = List.of("freezer", "stranger", "changed", "leak", "reverse", "unvisited");

    private static final Pattern LABEL = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(/[A-Za-z_][A-Za-z0-9_]*)*");
    /** Decimal, or hexadecimal after 0x, as C and the kernel's interfaces accept. */
    private static final Pattern INT = Pattern.compile("-?(0[xX][0-9a-fA-F]+|\\d+)");
    private static final Pattern OPTION_IN_SYNOPSIS = Pattern.compile("([a-z_]+)=");
    private static final Set<String> FORK_FLAGS = Set.of("files", "vm", "fs", "sighand", "thread", "parent", "newpid");

    private final String file;
    private final Set<String> labels = new LinkedHashSet<>(List.of("host"));
    private final Set<String> restartPrefixes = new HashSet<>();
    private int line;
    /** The synopsis of the line being parsed: what it accepts, and what an error about it shows. */
    private String synopsis = "";

    private ScenarioParser(String file) {
        this.file = file;
    }

    public static Scenario parse(String file, String text) throws ScenarioSyntaxException {
        return new ScenarioParser(file).parseAll(text);
    }

    private Scenario parseAll(String text) throws ScenarioSyntaxException {
        List<Statement> out = new ArrayList<>();
        if (text.startsWith("\uFEFF")) { // a UTF-8 byte-order mark, as some editors write it
            text = text.substring(1);
        }
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            line = i + 1;
            synopsis = "";
            String raw = lines[i];
            int hash = raw.indexOf('#');
            String body = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
            if (!body.isEmpty()) {
                out.add(statement(body));
            }
        }
        return new Scenario(file, out);
    }

    private ScenarioSyntaxException error(String problem) {
        return new ScenarioSyntaxException(file, line, problem);
    }

    private Statement statement(String body) throws ScenarioSyntaxException {
        List<String> words = List.of(body.split("\\s+"));
        String first = words.get(0);
        if (COMMANDS.contains(first)) {
            return command(body, first, words.subList(1, words.size()));
        }
        if (words.size() < 2) {
            throw error("'" + first + "' is not a command, and a task operation needs ACTOR OPERATION");
        }
        label(first);
        return operation(body, first, words.get(1), words.subList(2, words.size()));
    }

    // ---- task operations ----

    private Statement operation(String body, String actor, String verb, List<String> rest) throws ScenarioSyntaxException {
        Parts p = split(verb.equals("send") ? rest.subList(0, Math.min(1, rest.size())) : rest);
        if (verb.equals("send")) { // the text is every word after the fd, '=' and all
            if (rest.size() < 2) {
                throw error("missing argument: send FD TEXT");
            }
            int fd = integer(rest.get(0), "fd");
            String text = String.join(" ", rest.subList(1, rest.size()));
            return new Statement(line, body, actor, verb, List.of(rest.get(0), text), Map.of(), Set.of(),
                    new Op.Send(fd, text));
        }
        Op op = switch (verb) {
            case "fork" -> {
                need(p, 1, "fork NEWLABEL [files] [vm] [fs] [sighand] [thread] [parent] [newpid] [cgroup=NAME]");
                for (String f : p.flags) {
                    if (!FORK_FLAGS.contains(f)) {
                        throw error("unknown fork flag '" + f + "' (known: " + String.join(", ", FORK_FLAGS.stream().sorted().toList()) + ")");
                    }
                }
                only(p, "cgroup");
                introduce(p.args.get(0));
                yield new Op.Fork(p.args.get(0), forkOptions(p));
            }
            case "eclone" -> {
                need(p, 1, "eclone NEWLABEL pids=P1,P2,... [files] [vm] [fs] [sighand] [thread] [parent] [newpid] [cgroup=NAME]");
                only(p, "pids", "cgroup");
                flagsAmong(p, FORK_FLAGS);
                String pids = required(p, "pids");
                List<Integer> numbers = new ArrayList<>();
                for (String n : pids.split(",")) {
                    numbers.add(integer(n, "pid"));
                }
                introduce(p.args.get(0));
                yield new Op.Eclone(p.args.get(0), forkOptions(p), numbers);
            }
            case "exit" -> {
                need(p, 1, "exit CODE");
                yield new Op.Exit(integer(p.args.get(0), "exit code"));
            }
            case "kill" -> {
                need(p, 2, "kill LABEL SIGNAME");
                label(p.args.get(0));
                yield new Op.Kill(p.args.get(0), signal(p.args.get(1)));
            }
            case "wait" -> {
                need(p, 1, "wait LABEL");
                label(p.args.get(0));
                yield new Op.Wait(p.args.get(0));
            }
            case "setsid" -> {
                need(p, 0, "setsid");
                yield new Op.Setsid();
            }
            case "setpgid" -> {
                synopsis = "setpgid [b [c]]";
                if (p.args.size() > 2) {
                    throw error("setpgid takes at most two labels: setpgid [b [c]]");
                }
                for (String l : p.args) {
                    label(l);
                }
                only(p);
                yield new Op.Setpgid(p.args.isEmpty() ? null : p.args.get(0), p.args.size() < 2 ? null : p.args.get(1));
            }
            case "subreaper" -> new Op.Subreaper(onOff(p, "subreaper on|off"));
            case "uid", "gid" -> {
                need(p, 1, verb + " N");
                int id = integer(p.args.get(0), verb);
                yield verb.equals("uid") ? new Op.SetUid(id) : new Op.SetGid(id);
            }
            case "open" -> {
                need(p, 1, "open PATH fd=N flags=r|w|rw");
                int fd = integer(required(p, "fd"), "fd");
                String flags = required(p, "flags");
                if (!Set.of("r", "w", "rw").contains(flags)) {
                    throw error("flags must be r, w or rw, not '" + flags + "'");
                }
                yield new Op.Open(p.args.get(0), fd, flags.contains("r"), flags.contains("w"));
            }
            case "pipe", "socketpair" -> {
                need(p, 0, verb + " fds=A,B");
                String[] fds = required(p, "fds").split(",");
                if (fds.length != 2) {
                    throw error(verb + " needs two fds: fds=A,B");
                }
                int first = integer(fds[0], "fd");
                int second = integer(fds[1], "fd");
                yield verb.equals("pipe") ? new Op.Pipe(first, second) : new Op.Socketpair(first, second);
            }
            case "dup" -> {
                need(p, 1, "dup FD fd=N");
                int fd = integer(p.args.get(0), "fd");
                yield new Op.Dup(fd, integer(required(p, "fd"), "fd"));
            }
            case "getfd" -> {
                need(p, 2, "getfd LABEL FD fd=N");
                label(p.args.get(0));
                int targetFd = integer(p.args.get(1), "fd");
                yield new Op.GetFd(p.args.get(0), targetFd, integer(required(p, "fd"), "fd"));
            }
            case "attach" -> {
                need(p, 2, "attach LABEL CGROUP");
                label(p.args.get(0));
                yield new Op.Attach(p.args.get(0), p.args.get(1));
            }
            case "close" -> {
                need(p, 1, "close FD");
                yield new Op.Close(integer(p.args.get(0), "fd"));
            }
            case "seek" -> {
                need(p, 2, "seek FD OFFSET");
                int fd = integer(p.args.get(0), "fd");
                yield new Op.Seek(fd, integer(p.args.get(1), "offset"));
            }
            case "cloexec" -> {
                need(p, 2, "cloexec FD on|off");
                int fd = integer(p.args.get(0), "fd");
                yield new Op.Cloexec(fd, onOffWord(p.args.get(1)));
            }
            case "recv" -> {
                need(p, 2, "recv FD N");
                int fd = integer(p.args.get(0), "fd");
                yield new Op.Recv(fd, integer(p.args.get(1), "byte count"));
            }
            case "mmap" -> {
                need(p, 1, "mmap NAME pages=N private|shared [file=PATH]");
                int pages = integer(required(p, "pages"), "page count");
                only(p, "pages", "file");
                if (p.flags.size() != 1 || !Set.of("private", "shared").contains(p.flags.get(0))) {
                    throw error("mmap needs exactly one of private, shared");
                }
                yield new Op.Mmap(p.args.get(0), pages, p.flags.contains("shared"), p.options.get("file"));
            }
            case "write" -> {
                need(p, 1, "write NAME page=P byte=B");
                int page = integer(required(p, "page"), "page");
                yield new Op.WritePage(p.args.get(0), page, byteValue(required(p, "byte")));
            }
            case "fill" -> {
                need(p, 1, "fill NAME byte=B");
                yield new Op.Fill(p.args.get(0), byteValue(required(p, "byte")));
            }
            case "sigaction" -> {
                need(p, 2, "sigaction SIGNAME handle|ignore|default");
                Signal signal = signal(p.args.get(0));
                if (!Set.of("handle", "ignore", "default").contains(p.args.get(1))) {
                    throw error("sigaction takes handle, ignore or default, not '" + p.args.get(1) + "'");
                }
                yield new Op.Sigaction(signal, Sighand.Disposition.valueOf(p.args.get(1).toUpperCase(Locale.ROOT)));
            }
            case "sigmask" -> {
                need(p, 2, "sigmask block|unblock SIGNAME");
                if (!Set.of("block", "unblock").contains(p.args.get(0))) {
                    throw error("sigmask takes block or unblock, not '" + p.args.get(0) + "'");
                }
                yield new Op.Sigmask(p.args.get(0).equals("block"), signal(p.args.get(1)));
            }
            case "checkpoint" -> {
                need(p, 1, "checkpoint self image=NAME [subtree]");
                if (!p.args.get(0).equals("self")) {
                    throw error("a task checkpoints only itself: checkpoint self image=NAME [subtree]");
                }
                String image = required(p, "image");
                only(p, "image");
                flagsAmong(p, Set.of("subtree"));
                yield new Op.CheckpointSelf(image, p.flags.contains("subtree"));
            }
            default -> throw error("unknown operation '" + verb + "'");
        };
        refuseUnknown(p);
        return new Statement(line, body, actor, verb, p.args, p.options, new HashSet<>(p.flags), op);
    }

    /** The clone flags and cgroup of a fork or eclone line (its flags already checked). */
    private static ForkOptions forkOptions(Parts p) {
        Set<String> f = new HashSet<>(p.flags);
        return new ForkOptions(p.options.get("cgroup"), f.contains("newpid"), f.contains("parent"),
                f.contains("files"), f.contains("vm"), f.contains("fs"), f.contains("sighand"), f.contains("thread"));
    }

    // ---- commands ----

    private Statement command(String body, String verb, List<String> rest) throws ScenarioSyntaxException {
        Parts p = split(rest);
        Op op = switch (verb) {
            case "freeze", "thaw", "destroy" -> {
                need(p, 1, verb + " CGROUP");
                String cgroup = p.args.get(0);
                yield verb.equals("freeze") ? new Op.Freeze(cgroup)
                        : verb.equals("thaw") ? new Op.Thaw(cgroup) : new Op.Destroy(cgroup);
            }
            case "checkpoint" -> {
                need(p, 1, "checkpoint LABEL image=NAME [subtree] [by=LABEL]");
                label(p.args.get(0));
                String image = required(p, "image");
                only(p, "image", "by");
                flagsAmong(p, Set.of("subtree"));
                if (p.options.containsKey("by")) {
                    label(p.options.get("by"));
                }
                yield new Op.Checkpoint(p.args.get(0), image, p.flags.contains("subtree"), p.options.get("by"));
            }
            case "checkpoint-start" -> {
                need(p, 1, "checkpoint-start LABEL image=NAME [subtree] [by=LABEL]");
                label(p.args.get(0));
                String image = required(p, "image");
                only(p, "image", "by");
                flagsAmong(p, Set.of("subtree"));
                if (p.options.containsKey("by")) {
                    label(p.options.get("by"));
                }
                yield new Op.CheckpointStart(p.args.get(0), image, p.flags.contains("subtree"), p.options.get("by"));
            }
            case "checkpoint-step" -> {
                need(p, 0, "checkpoint-step [until=" + String.join("|", CHECKPOINT_POINTS) + "]");
                only(p, "until");
                String until = p.options.get("until");
                if (until != null && !CHECKPOINT_POINTS.contains(until)) {
                    throw error("unknown point until=" + until + " (known: " + String.join(", ", CHECKPOINT_POINTS) + ")");
                }
                yield new Op.CheckpointStep(until);
            }
            case "checkpoint-wait" -> {
                need(p, 0, "checkpoint-wait");
                yield new Op.CheckpointWait();
            }
            case "restart" -> {
                if (p.args.remove("self")) {
                    p.flags.add("self");
                }
                need(p, 1, "restart NAME as=PREFIX [frozen] [self] [by=LABEL] [file=PATH]");
                String prefix = required(p, "as");
                only(p, "as", "by", "file");
                flagsAmong(p, Set.of("frozen", "self"));
                if (p.options.containsKey("by")) {
                    label(p.options.get("by"));
                }
                restartPrefixes.add(prefix);
                yield new Op.Restart(p.args.get(0), prefix, p.flags.contains("frozen"), p.flags.contains("self"),
                        p.options.get("by"), p.options.get("file"));
            }
            case "sysctl" -> {
                need(p, 0, "sysctl ckpt_unpriv_allowed=N");
                only(p, "ckpt_unpriv_allowed");
                yield new Op.Sysctl(integer(required(p, "ckpt_unpriv_allowed"), "ckpt_unpriv_allowed"));
            }
            case "corrupt" -> {
                need(p, 1, "corrupt NAME offset=N byte=B");
                int offset = integer(required(p, "offset"), "offset");
                yield new Op.Corrupt(p.args.get(0), offset, byteValue(required(p, "byte")));
            }
            case "truncate" -> {
                need(p, 1, "truncate NAME bytes=N");
                yield new Op.Truncate(p.args.get(0), integer(required(p, "bytes"), "byte count"));
            }
            case "inject" -> {
                need(p, 1, "inject ERRNO at=STEP");
                only(p, "at");
                String step = required(p, "at");
                if (!org.croracle.impl.syscall.RestartFault.isStep(step)) {
                    throw error("'" + step + "' is not a restart step: at=plan:N, restore:N, exit:N (N from 1) or at=freeze");
                }
                yield new Op.Inject(errno(p.args.get(0)), step);
            }
            case "freezer-write" -> {
                need(p, 2, "freezer-write CGROUP FROZEN|THAWED");
                String goal = p.args.get(1);
                if (!goal.equals("FROZEN") && !goal.equals("THAWED")) {
                    throw error("'" + goal + "' is not FROZEN or THAWED: freezer-write CGROUP FROZEN|THAWED");
                }
                yield new Op.FreezerWrite(p.args.get(0), goal.equals("FROZEN"));
            }
            case "refrigerate" -> {
                need(p, 1, "refrigerate LABEL");
                label(p.args.get(0));
                yield new Op.Refrigerate(p.args.get(0));
            }
            case "expect" -> expectation(p);
            default -> throw error("unknown command '" + verb + "'");
        };
        refuseUnknown(p);
        return new Statement(line, body, null, verb, p.args, p.options, new HashSet<>(p.flags), op);
    }

    private Op.Expect expectation(Parts p) throws ScenarioSyntaxException {
        if (p.args.isEmpty() && p.flags.isEmpty()) {
            throw error("missing argument: expect ok|ERRNO|busy|same|pid|ppid|sid|pgid|zombie|clean|undone|freezer ...");
        }
        // flags and args are both words here: the first word is the kind
        String kind = p.args.isEmpty() ? p.flags.get(0) : p.args.get(0);
        int n = p.args.size();
        switch (kind) {
            case "ok", "clean", "undone" -> {
                need(p, 1, "expect " + kind);
                return kind.equals("ok") ? new Op.ExpectOk() : kind.equals("clean") ? new Op.ExpectClean() : new Op.ExpectUndone();
            }
            case "freezer" -> {
                need(p, 3, "expect freezer CGROUP THAWED|FREEZING|FROZEN|CHECKPOINTING");
                try {
                    return new Op.ExpectFreezer(p.args.get(1), org.croracle.impl.kernel.FreezerState.valueOf(p.args.get(2)));
                } catch (IllegalArgumentException e) {
                    throw error("'" + p.args.get(2) + "' is not a freezer state (THAWED, FREEZING, FROZEN or CHECKPOINTING)");
                }
            }
            case "same" -> {
                need(p, 3, "expect same LABEL PREFIX/LABEL");
                label(p.args.get(1));
                label(p.args.get(2));
                return new Op.ExpectSame(p.args.get(1), p.args.get(2));
            }
            case "pid" -> {
                need(p, 3, "expect pid LABEL N");
                label(p.args.get(1));
                return new Op.ExpectPid(p.args.get(1), integer(p.args.get(2), "pid"), p.args.get(2));
            }
            case "ppid", "sid", "pgid" -> {
                need(p, 3, "expect " + kind + " LABEL LABEL");
                label(p.args.get(1));
                label(p.args.get(2));
                return new Op.ExpectRelation(Op.Relation.valueOf(kind.toUpperCase(Locale.ROOT)), p.args.get(1),
                        p.args.get(2));
            }
            case "busy" -> {
                need(p, 2, "expect busy " + String.join("|", BUSY_REASONS));
                String reason = p.args.get(1);
                if (!BUSY_REASONS.contains(reason)) {
                    throw error("unknown reason '" + reason + "' (known: " + String.join(", ", BUSY_REASONS) + ")");
                }
                return new Op.ExpectBusy(reason);
            }
            case "zombie" -> {
                need(p, 3, "expect zombie LABEL CODE|SIGNAME");
                label(p.args.get(1));
                String status = p.args.get(2);
                if (INT.matcher(status).matches()) {
                    // exit() keeps only the low 8 bits: no zombie has a status outside 0..255
                    return new Op.ExpectZombie(p.args.get(1), status, null, integer(status, "exit status", 0, 255));
                }
                return new Op.ExpectZombie(p.args.get(1), status, Signal.parse(status).orElseThrow(() ->
                        error("'" + status + "' is neither an exit code nor a signal name")), 0);
            }
            default -> {
                if (n != 1) {
                    throw error("unknown expectation '" + kind + "'");
                }
                try {
                    return new Op.ExpectErrno(Errno.valueOf(kind));
                } catch (IllegalArgumentException e) {
                    throw error("unknown expectation or errno '" + kind + "'");
                }
            }
        }
    }

    private Errno errno(String word) throws ScenarioSyntaxException {
        try {
            return Errno.valueOf(word);
        } catch (IllegalArgumentException e) {
            throw error("unknown errno '" + word + "'");
        }
    }

    // ---- pieces ----

    /** Positional words, name=value options and (for the verbs that take them) bare flags. */
    private static final class Parts {
        final List<String> args = new ArrayList<>();
        final Map<String, String> options = new LinkedHashMap<>();
        final List<String> flags = new ArrayList<>();
    }

    /** Splits words into options (with '='), and positional words; known flag words are set aside by the verbs. */
    private Parts split(List<String> words) throws ScenarioSyntaxException {
        Parts p = new Parts();
        for (String w : words) {
            int eq = w.indexOf('=');
            if (eq > 0) {
                String name = w.substring(0, eq);
                if (p.options.put(name, w.substring(eq + 1)) != null) {
                    throw error("option " + name + "= given twice");
                }
            } else if (eq == 0) {
                throw error("'" + w + "' has no option name");
            } else if (isFlagWord(w)) {
                p.flags.add(w);
            } else {
                p.args.add(w);
            }
        }
        return p;
    }

    private static boolean isFlagWord(String w) {
        return FORK_FLAGS.contains(w) || Set.of("private", "shared", "subtree", "frozen").contains(w);
    }

    private void need(Parts p, int count, String usage) throws ScenarioSyntaxException {
        synopsis = usage;
        if (p.args.size() < count) {
            // "init fork parent" reads parent as CLONE_PARENT: say so rather than only that the label is missing
            throw error("missing argument: " + usage + (p.flags.isEmpty() ? ""
                    : " ('" + p.flags.get(0) + "' is a flag word of the language, never a label or an argument)"));
        }
        if (p.args.size() > count) {
            throw error("unexpected '" + p.args.get(count) + "': " + usage);
        }
    }

    private void only(Parts p, String... allowed) throws ScenarioSyntaxException {
        Set<String> ok = Set.of(allowed);
        for (String name : p.options.keySet()) {
            if (!ok.contains(name)) {
                throw error("unknown option " + name + "=" + usageHint());
            }
        }
    }

    private void flagsAmong(Parts p, Set<String> allowed) throws ScenarioSyntaxException {
        for (String f : p.flags) {
            if (!allowed.contains(f)) {
                throw error("'" + f + "' does not go with this line" + usageHint());
            }
        }
    }

    /**
     * Every line accepts exactly the options and flags its synopsis shows: a misspelt option
     * silently ignored would run a different scenario from the one written.
     */
    private void refuseUnknown(Parts p) throws ScenarioSyntaxException {
        Set<String> options = new HashSet<>();
        var m = OPTION_IN_SYNOPSIS.matcher(synopsis);
        while (m.find()) {
            options.add(m.group(1));
        }
        only(p, options.toArray(String[]::new));
        Set<String> words = new HashSet<>(List.of(synopsis.split("[^A-Za-z_]+")));
        for (String f : p.flags) {
            if (!words.contains(f)) {
                throw error("'" + f + "' does not go with this line" + usageHint());
            }
        }
    }

    private String usageHint() {
        return synopsis.isEmpty() ? "" : " (" + synopsis + ")";
    }

    private String required(Parts p, String name) throws ScenarioSyntaxException {
        String v = p.options.get(name);
        if (v == null || v.isEmpty()) {
            throw error("missing argument: " + name + "=");
        }
        return v;
    }

    private boolean onOff(Parts p, String usage) throws ScenarioSyntaxException {
        need(p, 1, usage);
        return onOffWord(p.args.get(0));
    }

    private boolean onOffWord(String w) throws ScenarioSyntaxException {
        if (!w.equals("on") && !w.equals("off")) {
            throw error("expected on or off, not '" + w + "'");
        }
        return w.equals("on");
    }

    /** A number that fits the kernel's int. */
    private int integer(String s, String what) throws ScenarioSyntaxException {
        return integer(s, what, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    /** A byte value, as written to memory or an image: what fits in an unsigned char. */
    private int byteValue(String s) throws ScenarioSyntaxException {
        return integer(s, "byte", 0, 255);
    }

    private int integer(String s, String what, long min, long max) throws ScenarioSyntaxException {
        if (!INT.matcher(s).matches()) {
            throw error("bad number '" + s + "' for " + what + " (decimal, or hexadecimal after 0x)");
        }
        boolean negative = s.startsWith("-");
        String digits = negative ? s.substring(1) : s;
        // Any number of digits: one too large for any type is out of range like one just too large.
        java.math.BigInteger v = digits.startsWith("0x") || digits.startsWith("0X")
                ? new java.math.BigInteger(digits.substring(2), 16) : new java.math.BigInteger(digits);
        v = negative ? v.negate() : v;
        if (v.compareTo(java.math.BigInteger.valueOf(min)) < 0 || v.compareTo(java.math.BigInteger.valueOf(max)) > 0) {
            throw error(what + " " + s + " is out of range (" + min + ".." + max + ")");
        }
        return v.intValueExact();
    }

    private Signal signal(String s) throws ScenarioSyntaxException {
        return Signal.parse(s).orElseThrow(() -> error("unknown signal '" + s + "'"));
    }

    private void label(String l) throws ScenarioSyntaxException {
        if (!LABEL.matcher(l).matches()) {
            throw error("'" + l + "' is not a label");
        }
        int slash = l.indexOf('/');
        if (slash > 0) {
            if (!restartPrefixes.contains(l.substring(0, slash))) {
                throw error("unknown label '" + l + "' (no restart as=" + l.substring(0, slash) + " before it)");
            }
            return;
        }
        if (!labels.contains(l)) {
            throw error("unknown label '" + l + "' (labels so far: " + String.join(", ", labels)
                    + "; host is the task the scenario starts with, fork and eclone name new ones)");
        }
    }

    private void introduce(String l) throws ScenarioSyntaxException {
        if (!LABEL.matcher(l).matches() || l.contains("/")) {
            throw error("'" + l + "' is not a label");
        }
        if (COMMANDS.contains(l)) {
            throw error("'" + l + "' is a command word and cannot be a label");
        }
        if (!labels.add(l)) {
            throw error("label '" + l + "' already names a task");
        }
    }
}
