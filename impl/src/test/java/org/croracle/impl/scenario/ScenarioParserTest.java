package org.croracle.impl.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
        "host fork a\\n\\n# c\\na kill b2 SIGTERM | t.crs:4: unknown label 'b2'",
        "host fork a\\na exit                  | t.crs:2: missing argument: exit CODE",
        "host fork a\\na exit x1               | t.crs:2: bad number 'x1' for exit code",
        "host fork a\\nhost fork a             | t.crs:2: label 'a' already names a task",
        "host kill host SIGFOO                 | t.crs:1: unknown signal 'SIGFOO'",
        "host fork a wings                     | t.crs:1: unexpected 'wings': fork NEWLABEL [files] [vm] [fs] [sighand] [thread] [parent] [newpid] [cgroup=NAME]",
        "expect EWHAT                          | t.crs:1: unknown expectation or errno 'EWHAT'",
        "frobnicate                            | t.crs:1: 'frobnicate' is not a command, and a task operation needs ACTOR OPERATION",
        "host open /f fd=3 flags=x             | t.crs:1: flags must be r, w or rw, not 'x'",
        "host fork freeze                      | t.crs:1: 'freeze' is a command word and cannot be a label",
        "expect sid host r/host                | t.crs:1: unknown label 'r/host' (no restart as=r before it)",
        "host eclone a pids=1,x                | t.crs:1: bad number 'x' for pid",
        "sysctl ckpt_unpriv_allowed=           | t.crs:1: missing argument: ckpt_unpriv_allowed=",
    })
    void errorsNameTheLineAndTheProblem(String text, String message) {
        assertEquals(message, error(text.replace("\\n", "\n")));
    }

    @Test
    void theBriefsExampleParses() throws ScenarioSyntaxException {
        Scenario s = ScenarioParser.parse("brief.crs", """
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
}
