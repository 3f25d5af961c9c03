package org.croracle.oracle.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

import org.croracle.impl.syscall.Kernel;
import org.croracle.impl.scenario.Scenario;
import org.croracle.impl.scenario.ScenarioResult;
import org.croracle.impl.scenario.ScenarioRunner;
import org.croracle.impl.scenario.Statement;
import org.junit.jupiter.api.Test;

/** The differential test's generator, on the simulated kernel alone (runs everywhere). */
class RandomProcessScenarioTest {

    static List<Integer> codes(SplittableRandom r, int n) {
        List<Integer> c = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            c.add(r.nextInt(1 << 20));
        }
        return c;
    }

    @Test
    void generatedScenariosAreValidAndPassOnTheModelWithEveryOperationAndError() {
        SplittableRandom r = new SplittableRandom(9);
        Set<String> verbs = new TreeSet<>();
        Set<String> errnos = new TreeSet<>();
        Set<String> flags = new TreeSet<>();
        int nested = 0;
        for (int i = 0; i < 200; i++) {
            Scenario s = RandomProcessScenario.scenario("random-" + i, codes(r, 40));
            ScenarioResult result = ScenarioRunner.run(new Kernel(), s);
            assertTrue(result.passed(), String.join("\n", result.failures()));
            for (Statement st : s.statements()) {
                if (st.isCommand()) {
                    errnos.add(st.arg(0));
                } else {
                    verbs.add(st.verb());
                    flags.addAll(st.flags());
                }
            }
            nested += result.finalState().tasks().values().stream().anyMatch(t -> t.level() >= 2) ? 1 : 0;
        }
        assertEquals(Set.of("exit", "fork", "kill", "setpgid", "setsid", "sigaction", "sigmask", "subreaper", "uid", "wait"), verbs); // "leave" is setpgid and fork
        assertTrue(errnos.containsAll(Set.of("EPERM", "ESRCH", "ECHILD", "EAGAIN")), errnos.toString());
        assertTrue(flags.containsAll(Set.of("parent", "newpid")), flags.toString());
        assertTrue(nested > 20, nested + " scenarios reached a second namespace level");
    }

    @Test
    void theSameCodesGiveTheSameScenario() {
        List<Integer> c = codes(new SplittableRandom(3), 40);
        assertEquals(RandomProcessScenario.text(c), RandomProcessScenario.text(List.copyOf(c)));
    }
}
