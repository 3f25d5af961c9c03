package org.croracle.impl.restart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.croracle.impl.syscall.Kernel;
import org.croracle.impl.scenario.ScenarioParser;
import org.croracle.impl.scenario.ScenarioResult;
import org.croracle.impl.scenario.ScenarioRunner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * {@code expect same} ({@link TreeView}): two trees are the same exactly when every fact of a
 * restored tree is equal, up to the renaming of global pids and objects; one fact changed is a
 * difference, named by its line.
 */
class TreeViewTest {

    /** A container with sessions, groups, a zombie, shared and private objects of every kind. */
    static final String TREE = String.join("\n",
            "host fork c newpid cgroup=box", "c setsid", "c fork a", "a fork b", "a setsid", "c fork z", "z exit 3",
            "a pipe fds=4,5", "a send 5 hi", "a socketpair fds=6,7", "a send 6 yo", "a open /f fd=8 flags=rw",
            "a send 8 abc", "a mmap m pages=2 private", "a write m page=1 byte=9", "a mmap s pages=1 shared",
            "a fork d files vm fs sighand", "c sigaction SIGHUP ignore", "b sigmask block SIGUSR1");

    static List<String> view(String before, String after) {
        Kernel k = new Kernel();
        String text = String.join("\n", before, TREE, after).strip();
        ScenarioResult r;
        try {
            r = ScenarioRunner.run(k, ScenarioParser.parse("t", text));
        } catch (org.croracle.impl.scenario.ScenarioSyntaxException e) {
            throw new AssertionError(e.getMessage(), e);
        }
        assertTrue(r.passed(), r.failures()::toString);
        return TreeView.of(k.state(), r.labels().get("c"));
    }

    @Test
    void theSameTreeAtOtherGlobalPidsIsTheSame() {
        List<String> here = view("", "");
        List<String> shifted = view("host fork x\nhost fork y\nx setsid", "");
        assertNull(TreeView.firstDifference(here, shifted), () -> String.join("\n", shifted));
        assertEquals(here, shifted);
    }

    @Test
    void theViewSaysWhatItCompares() {
        String all = String.join("\n", view("", ""));
        for (String fact : List.of("task root parent=outside sid=1 pgid=1 alive", "zombie(3)",
                "pipe \"hi\"", "socket \"yo\"", "regular /f \"abc\"", "offset=3 r w", "(pages=2 private",
                "(pages=1 shared shmem=", "blocked=[SIGUSR1]", "SIGHUP=IGNORE")) {
            assertTrue(all.contains(fact), () -> "no \"" + fact + "\" in\n" + all);
        }
    }

    /** One more fact, of every kind the view compares: a difference. */
    @ParameterizedTest
    @ValueSource(strings = {
        "b exit 1", "b setpgid", "b setsid", "b uid 7", "b gid 7", "b subreaper on", "b sigmask block SIGUSR2",
        "b kill b SIGUSR1", "a close 4", "a cloexec 5 on", "a send 5 more", "a recv 7 1", "a seek 8 0",
        "a dup 4 fd=9", "a write m page=0 byte=1", "a write s page=0 byte=1", "a mmap n pages=1 private",
        "a mmap n pages=1 private file=/f", "b sigaction SIGUSR2 handle", "c fork e", "b fork e", "c fork e newpid",
        "a open /g fd=9 flags=r", "a socketpair fds=10,11", "c wait z", "d close 4", "a pipe fds=10,11",
        "c subreaper on",
    })
    void oneChangedFactIsADifference(String change) {
        List<String> saved = view("", "");
        List<String> changed = view("", change);
        String d = TreeView.firstDifference(saved, changed);
        assertNotNull(d, () -> change + " left the view unchanged:\n" + String.join("\n", changed));
        assertTrue(d.startsWith("line "), d);
        assertTrue(d.contains("saved ") && d.contains("restored "), d);
    }

    @Test
    void sharingIsAFactToo() {
        List<String> shared = view("", "a fork e files");
        List<String> copied = view("", "a fork e");
        assertNotNull(TreeView.firstDifference(shared, copied));
    }

    @Test
    void aLongerOrShorterViewDiffersAtItsEnd() {
        List<String> v = view("", "");
        String d = TreeView.firstDifference(v, v.subList(0, v.size() - 1));
        assertEquals("line " + v.size() + ": saved   " + v.get(v.size() - 1) + "\n        restored (nothing)", d);
        String e = TreeView.firstDifference(v.subList(0, 1), v);
        assertEquals("line 2: saved   (nothing)\n        restored " + v.get(1), e);
    }
}
