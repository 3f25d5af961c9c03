package org.croracle.impl.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Malformed scenarios get one error naming the file, the line and what is wrong. */
class ScenarioParserTest {

    static String error(String text) {
        return assertThrows(ScenarioSyntaxException.class, () -> ScenarioParser.parse("t.crs", text)).getMessage();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "host fork a\\na frobnicate            | t.crs:2: unknown operation 'frobnicate'",
        "host fork a\\n\\n# c\\na kill b2 SIGTERM | t.crs:4: unknown label 'b2' (labels so far: host, a; host is the task the scenario starts with, fork and eclone name new ones)",
        "host fork a\\na exit                  | t.crs:2: missing argument: exit CODE",
        "host fork a\\na exit x1               | t.crs:2: bad number 'x1' for exit code (decimal, or hexadecimal after 0x)",
        "host fork a\\nhost fork a             | t.crs:2: label 'a' already names a task",
        "host kill host SIGFOO                 | t.crs:1: unknown signal 'SIGFOO'",
        "host fork a wings                     | t.crs:1: unexpected 'wings': fork NEWLABEL [files] [vm] [fs] [sighand] [thread] [parent] [newpid] [cgroup=NAME]",
        "expect EWHAT                          | t.crs:1: unknown expectation or errno 'EWHAT'",
        "frobnicate                            | t.crs:1: 'frobnicate' is not a command, and a task operation needs ACTOR OPERATION",
        "host open /f fd=3 flags=x             | t.crs:1: flags must be r, w or rw, not 'x'",
        "host fork freeze                      | t.crs:1: 'freeze' is a command word and cannot be a label",
        "expect sid host r/host                | t.crs:1: unknown label 'r/host' (no restart as=r before it)",
        "host eclone a pids=1,x                | t.crs:1: bad number 'x' for pid (decimal, or hexadecimal after 0x)",
        "sysctl ckpt_unpriv_allowed=           | t.crs:1: missing argument: ckpt_unpriv_allowed=",
        "host fork parent                      | t.crs:1: missing argument: fork NEWLABEL [files] [vm] [fs] [sighand] [thread] [parent] [newpid] [cgroup=NAME] ('parent' is a flag word of the language, never a label or an argument)",
    })
    void errorsNameTheLineAndTheProblem(String text, String message) {
        assertEquals(message, error(text.replace("\\n", "\n")));
    }

    @Test
    void aWholeRoundTripParses() throws ScenarioSyntaxException {
        Scenario s = ScenarioParser.parse("roundtrip.crs", """
                host fork c newpid cgroup=box      # c: pid 1 of a new namespace, in freezer cgroup 'box'
                c setsid
                c fork a
                a fork b
                a setsid                           # b was born before a's setsid: it keeps c's session
                b setpgid
                c fork z
                z exit 3                           # zombie with status 3
                a pipe fds=4,5
                a send 5 hello world
                freeze box
                checkpoint c image=img1
                expect ok
                destroy box
                restart img1 as=r
                expect ok
                expect same c r/c
                """);
        assertEquals(17, s.statements().size());
        Statement fork = s.statements().get(0);
        assertEquals("host", fork.actor());
        assertEquals(List.of("c"), fork.args());
        assertEquals("box", fork.options().get("cgroup"));
        assertEquals(java.util.Set.of("newpid"), fork.flags());
        assertEquals(List.of("5", "hello world"), s.statements().get(9).args());
        assertEquals(16, s.statements().get(15).line());
    }

    /**
     * A misspelt option or a flag of another line would silently run another scenario than the one
     * written: every line refuses what its synopsis does not show, and shows the synopsis.
     */
    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
        "host open /f fd=3 flags=rw mode=0644 => t.crs:1: unknown option mode= (open PATH fd=N flags=r|w|rw)",
        "host pipe fds=3,4 nonblock=1 => t.crs:1: unknown option nonblock= (pipe fds=A,B)",
        "host kill host SIGTERM queue=2 => t.crs:1: unknown option queue= (kill LABEL SIGNAME)",
        "host setsid force=1 => t.crs:1: unknown option force= (setsid)",
        "host attach host box threads=1 => t.crs:1: unknown option threads= (attach LABEL CGROUP)",
        "host attach host box newpid => t.crs:1: 'newpid' does not go with this line (attach LABEL CGROUP)",
        "host open /f fd=3 flags=rw newpid => t.crs:1: 'newpid' does not go with this line (open PATH fd=N flags=r|w|rw)",
        "freeze box state=FROZEN => t.crs:1: unknown option state= (freeze CGROUP)",
        "expect ok really=1 => t.crs:1: unknown option really= (expect ok)",
    })
    void unknownOptionsAreRefusedWithTheSynopsis(String text, String message) {
        assertEquals(message, error(text));
    }

    /** Numbers are what C accepts: decimal or 0x hexadecimal; one out of range says the range. */
    @Test
    void numbersMayBeHexAndSayTheirRange() throws ScenarioSyntaxException {
        Scenario s = ScenarioParser.parse("t.crs", """
                host mmap m pages=0x2 private
                host write m page=0 byte=0xff
                corrupt img offset=0x10 byte=0X7f
                host seek 3 -0x1
                """);
        assertEquals(List.of(new Op.Mmap("m", 2, false, null), new Op.WritePage("m", 0, 255),
                new Op.Corrupt("img", 16, 127), new Op.Seek(3, -1)), s.statements().stream().map(Statement::op).toList());
        assertEquals("t.crs:1: byte 256 is out of range (0..255)", error("host fill m byte=256"));
        assertEquals("t.crs:1: byte -1 is out of range (0..255)", error("corrupt img offset=0 byte=-1"));
        assertEquals("t.crs:1: fd 4294967296 is out of range (-2147483648..2147483647)", error("host close 4294967296"));
        // However many digits: a number too large for any integer type says the range too.
        assertEquals("t.crs:1: gid 70000000000 is out of range (-2147483648..2147483647)", error("host gid 70000000000"));
        assertEquals("t.crs:1: fd 0x1234567890abcdef1 is out of range (-2147483648..2147483647)",
                error("host close 0x1234567890abcdef1"));
        assertEquals("t.crs:1: byte -99999999999999999999 is out of range (0..255)", error("host fill m byte=-99999999999999999999"));
        assertEquals("t.crs:2: exit status 300 is out of range (0..255)", error("host fork c\nexpect zombie c 300"));
    }

    /** A byte-order mark, as some editors write at the start of a UTF-8 file, is not part of the first line. */
    @Test
    void aByteOrderMarkIsSkipped() throws ScenarioSyntaxException {
        Scenario s = ScenarioParser.parse("t.crs", "\uFEFFhost fork a\r\nexpect ok\r\n");
        assertEquals(new Op.Fork("a", new org.croracle.impl.kernel.ForkOptions(null, false, false)),
                s.statements().get(0).op());
    }

    /** The most natural first guess names a task that does not exist: the error says which ones do. */
    @Test
    void anUnknownLabelListsTheLabelsThatExist() {
        String e = error("init fork a");
        assertTrue(e.startsWith("t.crs:1: unknown label 'init' (labels so far: host;"), e);
    }

    /** Each line comes out with its meaning, every number and word already converted. */
    @Test
    void aRestoredTaskOfARestoredTreeHasALabel() throws ScenarioSyntaxException {
        // a second restart names the tasks of the first one's image PREFIX/r/a: the parser must accept them
        Scenario s = ScenarioParser.parse("t.crs", "host fork a newpid cgroup=box\nfreeze box\ncheckpoint a image=i\n"
                + "restart i as=r\nfreeze r\ncheckpoint r/a image=j\nrestart j as=r2\nexpect same r/a r2/r/a\nr2/r/a fork b");
        assertEquals(9, s.statements().size());
        assertTrue(error("host fork a\nexpect pid r2/r/a 1").contains("unknown label 'r2/r/a' (no restart as=r2 before it)"));
    }

    @Test
    void linesComeOutTyped() throws ScenarioSyntaxException {
        Scenario s = ScenarioParser.parse("t.crs", """
                host fork c newpid cgroup=box
                c eclone d pids=7,3 parent
                c send 5 hello   world
                c sigaction SIGUSR1 ignore
                sysctl ckpt_unpriv_allowed=0
                restart img self as=r frozen by=c
                expect EPERM
                expect zombie d SIGKILL
                expect zombie d 3
                expect pgid d r/d
                """);
        List<Op> ops = s.statements().stream().map(Statement::op).toList();
        assertEquals(List.of(
                new Op.Fork("c", new org.croracle.impl.kernel.ForkOptions("box", true, false)),
                new Op.Eclone("d", new org.croracle.impl.kernel.ForkOptions(null, false, true), List.of(7, 3)),
                new Op.Send(5, "hello world"),
                new Op.Sigaction(org.croracle.impl.kernel.Signal.SIGUSR1,
                        org.croracle.impl.kernel.Sighand.Disposition.IGNORE),
                new Op.Sysctl(0),
                new Op.Restart("img", "r", true, true, "c"),
                new Op.ExpectErrno(org.croracle.impl.kernel.Errno.EPERM),
                new Op.ExpectZombie("d", "SIGKILL", org.croracle.impl.kernel.Signal.SIGKILL, 0),
                new Op.ExpectZombie("d", "3", null, 3),
                new Op.ExpectRelation(Op.Relation.PGID, "d", "r/d")), ops);
    }
    /**
     * Every operation and command checks each of its words: a line with a word missing, one too
     * many, a bad number, an unknown label, option, flag or signal is refused, naming the line.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a fork b cgroup=x extra=1 | unknown option extra=",
        "a fork | missing argument: fork",
        "a eclone | missing argument: eclone",
        "a eclone b c pids=1 | unexpected 'c'",
        "a eclone b pids=1 by=a | unknown option by=",
        "a eclone b pids=1 frozen | 'frozen' does not go with this line",
        "a eclone b | missing argument: pids=",
        "a exit 1 2 | unexpected '2'",
        "a kill a | missing argument: kill",
        "a kill zz SIGTERM | unknown label 'zz'",
        "a wait | missing argument: wait",
        "a wait zz | unknown label 'zz'",
        "a setsid now | unexpected 'now'",
        "a setpgid zz | unknown label 'zz'",
        "a setpgid a a a | at most two labels",
        "a setpgid a x=1 | unknown option x=",
        "a subreaper | missing argument: subreaper",
        "a subreaper maybe | expected on or off, not 'maybe'",
        "a uid | missing argument: uid",
        "a gid x | bad number 'x' for gid",
        "a open fd=3 flags=r | missing argument: open",
        "a open /f fd=x flags=r | bad number 'x' for fd",
        "a open /f flags=r | missing argument: fd=",
        "a open /f fd=3 | missing argument: flags=",
        "a pipe 3 fds=3,4 | unexpected '3'",
        "a pipe fds=3 | pipe needs two fds",
        "a pipe fds=x,4 | bad number 'x' for fd",
        "a socketpair fds=3,y | bad number 'y' for fd",
        "a socketpair | missing argument: fds=",
        "a dup fd=3 | missing argument: dup",
        "a dup x fd=3 | bad number 'x' for fd",
        "a dup 3 fd=y | bad number 'y' for fd",
        "a close | missing argument: close",
        "a close x | bad number 'x' for fd",
        "a seek 3 | missing argument: seek",
        "a seek x 1 | bad number 'x' for fd",
        "a seek 3 y | bad number 'y' for offset",
        "a cloexec 3 | missing argument: cloexec",
        "a cloexec x on | bad number 'x' for fd",
        "a cloexec 3 maybe | expected on or off, not 'maybe'",
        "a send 3 | missing argument: send",
        "a send x hi there | bad number 'x' for fd",
        "a recv 3 | missing argument: recv",
        "a recv x 1 | bad number 'x' for fd",
        "a recv 3 y | bad number 'y' for byte count",
        "a mmap pages=1 private | missing argument: mmap",
        "a mmap m pages=x private | bad number 'x' for page count",
        "a mmap m pages=1 private bogus=1 | unknown option bogus=",
        "a mmap m pages=1 | exactly one of private, shared",
        "a mmap m private | missing argument: pages=",
        "a write page=0 byte=1 | missing argument: write",
        "a write m page=x byte=1 | bad number 'x' for page",
        "a write m page=0 byte=y | bad number 'y' for byte",
        "a fill byte=1 | missing argument: fill",
        "a fill m byte=x | bad number 'x' for byte",
        "a sigaction SIGTERM | missing argument: sigaction",
        "a sigaction SIGX handle | unknown signal 'SIGX'",
        "a sigaction SIGTERM maybe | handle, ignore or default, not 'maybe'",
        "a sigmask block | missing argument: sigmask",
        "a sigmask maybe SIGTERM | block or unblock, not 'maybe'",
        "a sigmask block SIGX | unknown signal 'SIGX'",
        "a checkpoint image=i | missing argument: checkpoint self",
        "a checkpoint other image=i | a task checkpoints only itself",
        "a checkpoint self | missing argument: image=",
        "a checkpoint self image=i by=a | unknown option by=",
        "a checkpoint self image=i frozen | 'frozen' does not go with this line",
        "zz setsid | unknown label 'zz'",
        "freeze | missing argument: freeze CGROUP",
        "thaw a b | unexpected 'b'",
        "checkpoint image=i | missing argument: checkpoint LABEL",
        "checkpoint zz image=i | unknown label 'zz'",
        "checkpoint a | missing argument: image=",
        "checkpoint a image=i as=r | unknown option as=",
        "checkpoint a image=i frozen | 'frozen' does not go with this line",
        "checkpoint a image=i by=zz | unknown label 'zz'",
        "restart as=r | missing argument: restart NAME",
        "restart i | missing argument: as=",
        "restart i as=r image=x | unknown option image=",
        "restart i as=r subtree | 'subtree' does not go with this line",
        "restart i as=r by=zz | unknown label 'zz'",
        "sysctl 1 ckpt_unpriv_allowed=1 | unexpected '1'",
        "sysctl x=1 | unknown option x=",
        "sysctl ckpt_unpriv_allowed=x | bad number 'x' for ckpt_unpriv_allowed",
        "corrupt offset=1 byte=2 | missing argument: corrupt",
        "corrupt i offset=x byte=2 | bad number 'x' for offset",
        "corrupt i offset=1 byte=y | bad number 'y' for byte",
        "truncate bytes=1 | missing argument: truncate",
        "truncate i bytes=x | bad number 'x' for byte count",
        "expect | missing argument: expect ok",
        "expect ok now | unexpected 'now'",
        "expect clean a | unexpected 'a'",
        "expect same a | missing argument: expect same",
        "expect same zz a | unknown label 'zz'",
        "expect same a zz | unknown label 'zz'",
        "expect pid a | missing argument: expect pid",
        "expect pid zz 1 | unknown label 'zz'",
        "expect pid a x | bad number 'x' for pid",
        "expect sid a | missing argument: expect sid",
        "expect ppid zz a | unknown label 'zz'",
        "expect pgid a zz | unknown label 'zz'",
        "expect zombie a | missing argument: expect zombie",
        "expect zombie zz 1 | unknown label 'zz'",
        "expect zombie a bogus | 'bogus' is neither an exit code nor a signal name",
        "expect EPERM x | unknown expectation 'EPERM'",
        "a fork b =x | has no option name",
        "a fork b cgroup=x cgroup=y | option cgroup= given twice",
        "a getfd zz 3 fd=4 | unknown label 'zz'",
        "a getfd host 3 | missing argument: fd=",
        "a getfd host fd=4 | missing argument: getfd LABEL FD fd=N",
        "a attach zz box | unknown label 'zz'",
        "a attach host | missing argument: attach LABEL CGROUP",
        "a attach host box other | unexpected 'other': attach LABEL CGROUP",
        "checkpoint-start a | missing argument: image=",
        "checkpoint-start zz image=x | unknown label 'zz'",
        "checkpoint-start a image=x by=zz | unknown label 'zz'",
        "checkpoint-start a image=x now | unexpected 'now'",
        "checkpoint-step until=later | unknown point until=later (known: begun, scanned, collected, checked, dumped)",
        "checkpoint-step 3 | unexpected '3'",
        "checkpoint-wait now | unexpected 'now'",
        "expect busy | missing argument: expect busy",
        "expect busy sleepy | unknown reason 'sleepy' (known: freezer, stranger, changed, leak, reverse, unvisited)"
    })
    void everyMalformedLineIsRefusedNamingItsLine(String line, String problem) {
        String message = error("host fork a\n" + line.strip());
        assertTrue(message.startsWith("t.crs:2: "), message);
        assertTrue(message.contains(problem.strip()), () -> "expected \"" + problem.strip() + "\" in: " + message);
    }
}
