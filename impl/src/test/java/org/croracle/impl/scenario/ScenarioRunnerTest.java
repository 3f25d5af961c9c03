package org.croracle.impl.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.croracle.impl.syscall.Kernel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the runner reports: an expectation that does not hold is one failure naming its line and
 * what was found instead; the commands that damage images, set the sysctl and destroy cgroups do
 * what the scenario language says.
 */
class ScenarioRunnerTest {

    static final String TREE = String.join("\n", "host fork c newpid cgroup=box", "c setsid", "c fork a", "a setpgid",
            "a fork b", "c fork z", "z kill z SIGTERM", "c fork y", "y exit 4");

    static ScenarioResult run(String text) {
        try {
            return ScenarioRunner.run(new Kernel(), ScenarioParser.parse("t", text));
        } catch (ScenarioSyntaxException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    @Test
    void trueExpectationsHold() {
        ScenarioResult r = run(TREE + "\n" + String.join("\n", "expect pid c 1", "expect pid a 2", "expect ppid a c",
                "expect sid b c", "expect pgid b a", "expect zombie z SIGTERM", "expect zombie y 4", "a setsid",
                "expect EPERM", "b setsid", "expect ok", "expect clean"));
        assertTrue(r.passed(), r.failures()::toString);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "expect pid a 7            | t:10: expected pid 7 for a, got 2",
        "expect ppid b c           | t:10: expected ppid of b to be c",
        "expect sid b a            | t:10: expected sid of b to be a",
        "expect pgid a c           | t:10: expected pgid of a to be c",
        "expect zombie z SIGKILL   | t:10: expected z to be a zombie with status SIGKILL, got a zombie with status",
        "expect zombie y 3         | t:10: expected y to be a zombie with status 3, got a zombie with status",
        "expect zombie a 0         | t:10: expected a to be a zombie with status 0, got ",
        "expect zombie y SIGTERM   | t:10: expected y to be a zombie with status SIGTERM",
        "a setsid\\nexpect ok      | t:11: expected ok, got EPERM",
        "a setsid\\nexpect ESRCH   | t:11: expected ESRCH, got EPERM",
    })
    void aFalseExpectationIsAFailureNamingItsLine(String lines, String failure) {
        ScenarioResult r = run(TREE + "\n" + lines.strip().replace("\\n", "\n"));
        assertEquals(1, r.failures().size(), r.failures()::toString);
        assertTrue(r.failures().get(0).startsWith(failure.strip()), () -> r.failures().get(0));
    }

    /**
     * exit() keeps the low 8 bits of its argument, as Linux's do_exit does: no zombie has a status
     * a parent could not see, and a checkpoint of it writes what Linux would.
     */
    @Test
    void anExitStatusIsMaskedToEightBits() {
        ScenarioResult r = run("host fork a newpid cgroup=box\na fork b\na fork c\nb exit 300\nc exit -1\n"
                + "expect zombie b 44\nexpect zombie c 255\nfreeze box\ncheckpoint a image=i\nexpect ok\ndestroy box\n"
                + "restart i as=r\nexpect ok\nexpect zombie r/b 44\nexpect zombie r/c 255\nexpect same a r/a\nexpect clean");
        assertTrue(r.passed(), r.failures()::toString);
    }

    @Test
    void aRestoredLabelTheImageDidNotHoldIsNamedAsSuch() {
        String restored = "host fork a newpid cgroup=box\na fork b\nfreeze box\ncheckpoint a image=i\nexpect ok\n"
                + "restart i as=r\nexpect ok\n";
        // an expectation on it is not "reaped": it never existed
        assertEquals(List.of("t:8: r/zz names no task: the restored tasks are r/a, r/b"),
                run(restored + "expect pid r/zz 1").failures());
        // an operation by it stops the scenario on its own line rather than leaving ESRCH to the next
        ScenarioResult op = run(restored + "r/bb exit 0\nexpect ok");
        assertEquals(List.of("t:8: r/bb names no task: the restored tasks are r/a, r/b"), op.failures());
        // a second generation: the restart of a restored tree names its tasks r2/r/a, r2/r/b
        ScenarioResult twice = run(restored + "freeze r\ncheckpoint r/a image=j\nexpect ok\nrestart j as=r2\nexpect ok\n"
                + "expect same r/a r2/r/a\nexpect ppid r2/r/b r2/r/a\nexpect clean");
        assertTrue(twice.passed(), twice.failures()::toString);
    }

    @Test
    void anExpectationOfAnErrnoAfterSuccessFails() {
        ScenarioResult r = run(TREE + "\nb setsid\nexpect EPERM");
        assertEquals(List.of("t:11: expected EPERM, got ok"), r.failures());
    }

    @Test
    void aDamagedImageIsRefusedByRestart() {
        String saved = TREE + "\nfreeze box\ncheckpoint c image=i\nexpect ok\ndestroy box\nexpect ok\n";
        assertTrue(run(saved + "corrupt i offset=100 byte=7\nrestart i as=r\nexpect EINVAL\nexpect clean").passed());
        assertTrue(run(saved + "truncate i bytes=100\nrestart i as=r\nexpect EINVAL\nexpect clean").passed());
        assertTrue(run(saved + "restart i as=r\nexpect ok\nexpect same c r/c").passed());
        ScenarioResult outside = run(saved + "corrupt i offset=99999999 byte=7\nexpect EINVAL\ntruncate i bytes=99999999\n"
                + "expect EINVAL\ncorrupt j offset=1 byte=1\nexpect EINVAL\ntruncate j bytes=1\nexpect EINVAL");
        assertTrue(outside.passed(), outside.failures()::toString);
    }

    @Test
    void theSysctlDecidesWhetherAnUnprivilegedTaskMayCheckpoint() {
        String tree = "host fork u cgroup=box\nu uid 1000\nu open /img fd=3 flags=w\n";
        ScenarioResult refused = run(tree + "sysctl ckpt_unpriv_allowed=0\nu checkpoint self image=i subtree\nexpect EPERM");
        assertTrue(refused.passed(), refused.failures()::toString);
        ScenarioResult r = run(tree + "u checkpoint self image=i subtree\nexpect ok");
        assertTrue(r.passed(), r.failures()::toString);
    }

    @Test
    void destroyKillsAndReapsACgroupAndNamesOneThatIsNot() {
        assertTrue(run(TREE + "\nfreeze box\ndestroy box\nexpect ok\nexpect clean").passed());
        assertTrue(run(TREE + "\ndestroy nothere\nexpect ENOENT").passed());
    }

    @Test
    void aCheckpointInProgressTakesItsStepsBetweenOtherLines() {
        ScenarioResult r = run(String.join("\n", "host fork init newpid cgroup=box", "init fork a", "freeze box",
                "checkpoint-step", "expect ESRCH", "checkpoint-wait", "expect ESRCH",
                "checkpoint-start init image=one", "expect ok",
                "checkpoint-start init image=two", "expect EBUSY",   // one checkpoint at a time
                "checkpoint init image=three", "expect EBUSY",
                "checkpoint-step until=begun", "expect ok",
                "thaw box", "expect EBUSY",                          // the gate holds the cgroup
                "checkpoint-step", "expect ok",
                "checkpoint-wait", "expect ok",
                "checkpoint-wait", "expect ESRCH",
                "thaw box", "expect ok",
                "checkpoint-start init image=four", "checkpoint-wait", "expect busy freezer",
                "expect clean"));
        assertTrue(r.passed(), r.failures()::toString);
        assertTrue(r.images().containsKey("one") && r.images().containsKey("four"));
    }

    @Test
    void expectBusyNamesTheReasonFound() {
        ScenarioResult r = run(String.join("\n", "host fork init newpid cgroup=box",
                "checkpoint-start init image=x", "checkpoint-wait", "expect busy leak"));
        assertEquals(java.util.List.of("t:4: expected EBUSY (leak), got EBUSY (freezer cgroup box: cgroup box is THAWED,"
                + " not FROZEN (freeze the tree first)) (checkpoint error: freezer)"), r.failures());
    }

    @Test
    void getfdTakesAReferenceToAnotherTasksFileUnlessACheckpointHoldsIt() {
        ScenarioResult r = run(String.join("\n", "host fork init newpid cgroup=box", "init open /tmp/x fd=3 flags=rw",
                "host fork p", "host fork u",
                "p getfd init 9 fd=5", "expect EBADF",
                "u uid 1000", "u getfd init 3 fd=5", "expect EPERM",
                "p getfd init 3 fd=5", "expect ok", "expect clean",
                "p close 5", "freeze box", "checkpoint-start init image=s", "checkpoint-step until=begun",
                "p getfd init 3 fd=5", "expect EBUSY",
                "checkpoint-wait", "expect ok",
                "p getfd init 3 fd=5", "expect ok",             // FROZEN, no checkpoint: allowed
                "expect clean"));
        assertTrue(r.passed(), r.failures()::toString);
    }
}
