package org.croracle.oracle.checkpointrestart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.stream.Collectors;

import org.croracle.impl.scenario.ScenarioParser;
import org.croracle.impl.scenario.ScenarioResult;
import org.croracle.impl.scenario.ScenarioRunner;
import org.croracle.impl.syscall.Kernel;
import org.croracle.impl.syscall.KernelConfig;
import org.croracle.oracle.mutants.Mutant;
import org.junit.jupiter.api.Test;

/**
 * The Java engine of the flagless world: the same states as TLC's model of it, every one
 * round-tripped, a planted planner bug found with the scenario that shows it, and an unsound key
 * caught by the states it loses.
 */
class EveryTreeTest {

    @Test
    void everyTreeOfTwoTasksIsTlcsFlaglessWorldAndComesBackEqual() {
        EveryTree.Report r = EveryTree.run(EveryTree.Options.of(2, false).withWorkers(2));
        // MCFlaglessWorld with MaxPid = 3 (FlaglessWorldTest): 666 distinct states
        assertEquals(666, r.distinct());
        assertEquals(11, r.depth());
        assertEquals(2 * 666, r.roundTrips());
        assertTrue(r.ok(), r.failures().toString());
    }

    @Test
    void threeTasksGiveTlcsStateCount() {
        // MCFlaglessWorld with MaxPid = 4 (README): 25,680 distinct states, depth 15; the world
        // alone here (its round trips take a minute: ./cr check runs them)
        EveryTree.Report r = EveryTree.run(EveryTree.Options.of(3, false).withWorkers(2).countingOnly());
        assertEquals(25_680, r.distinct());
        assertEquals(15, r.depth());
    }

    @Test
    void theFullWorldHasThreadsAndANestedNamespaceAndComesBackEqual() {
        EveryTree.Report r = EveryTree.run(EveryTree.Options.of(2, true).withWorkers(2));
        EveryTree.Report flagless = EveryTree.run(EveryTree.Options.of(2, false).withWorkers(2).countingOnly());
        assertTrue(r.distinct() > flagless.distinct(), r.distinct() + " states");
        assertTrue(r.ok(), r.failures().toString());
    }

    @Test
    void theTlcKeyIsTlcsStateToTheCharacter() {
        Set<String> keys = EveryTree.runKeepingKeys(EveryTree.Options.of(2, false).withWorkers(2).countingOnly()).keys();
        assertTrue(keys.contains("next=2 1:0/0/0/L"), "the init alone, in the restarter's session and group");
        assertTrue(keys.contains("next=3 1:0/0/0/L 2:1/0/0/Z51"));
        // 2 calls setsid, exits and is reaped: its pid stays as its child's session and group
        assertTrue(keys.contains("next=4 1:0/0/0/L 3:1/2/2/L"));
    }

    /** The full key: TLC's, then what threads and nested namespaces add. */
    @Test
    void theFullKeyNamesThreadGroupsAndNamespaces() {
        Kernel k = new Kernel();
        int init = k.fork(k.hostPid(), new org.croracle.impl.kernel.ForkOptions(RoundTrip.BOX, true, false)).value();
        assertEquals("next=2 1:0/0/0/L", EveryTree.fullKey(k.state(), init));
        k.fork(init, new org.croracle.impl.kernel.ForkOptions(null, false, false, false, true, false, true, true));
        // a thread of the init: its parent is the init's, outside
        assertEquals("next=3 1:0/0/0/L 2:0/0/0/L | 2=T1", EveryTree.fullKey(k.state(), init));
        int nested = k.fork(init, org.croracle.impl.kernel.ForkOptions.NEWPID).value();
        k.fork(nested, org.croracle.impl.kernel.ForkOptions.PLAIN);
        assertEquals("next=5 1:0/0/0/L 2:0/0/0/L 3:1/0/0/L 4:3/0/0/L | 2=T1 3=N3.1 4=N3.2 ns3:next=3",
                EveryTree.fullKey(k.state(), init));
        assertEquals("next=5 1:0/0/0/L 2:0/0/0/L 3:1/0/0/L 4:3/0/0/L", EveryTree.tlcKey(k.state(), init));
    }

    @Test
    void aPlantedPlannerBugIsFoundWithItsScenario() throws Exception {
        KernelConfig bug = Mutant.PLANNER_FORGETS_BORN_BEFORE_SETSID.plant(KernelConfig.defaults());
        EveryTree.Report r = EveryTree.run(EveryTree.Options.of(2, false).withWorkers(2).withConfig(bug));
        assertFalse(r.ok());
        EveryTree.Failure f = r.failures().get(0);
        String crs = String.join("\n", f.scenario()) + "\n";
        ScenarioResult onBug = ScenarioRunner.run(new Kernel(bug), ScenarioParser.parse("every-tree.crs", crs));
        ScenarioResult onLinux = ScenarioRunner.run(new Kernel(), ScenarioParser.parse("every-tree.crs", crs));
        assertFalse(onBug.passed(), crs);
        assertTrue(onLinux.passed(), crs + onLinux.failures());
    }

    @Test
    void aThreadRestoredAsAProcessIsFoundInTheFullWorld() {
        KernelConfig bug = Mutant.THREAD_RESTORED_AS_PROCESS.plant(KernelConfig.defaults());
        // the mutant keeps the root's threads (as processes they would be born outside the tree):
        // a thread below the root takes two tasks, and the flagless world has none
        EveryTree.Report r = EveryTree.run(EveryTree.Options.of(2, true).withWorkers(2).withConfig(bug));
        assertFalse(r.ok());
        assertTrue(String.join("\n", r.failures().get(0).scenario()).contains(" thread"), r.failures().toString());
        assertTrue(EveryTree.run(EveryTree.Options.of(2, false).withWorkers(2).withConfig(bug)).ok());
    }

    /** A key that forgets which tasks are zombies merges states whose futures differ: states are lost. */
    @Test
    void anUnsoundKeyLosesStates() {
        EveryTree.Key forgetsZombies = (s, init) -> EveryTree.tlcKey(s, init).replace("/Z51", "/L");
        Set<String> sound = EveryTree.runKeepingKeys(EveryTree.Options.of(2, false).withWorkers(2).countingOnly()).keys();
        Set<String> unsound = EveryTree.runKeepingKeys(EveryTree.Options.of(2, false).withWorkers(2).countingOnly()
                .withKey(forgetsZombies)).keys();
        // A sound reduction would reach every state's image; this one misses, for one, the
        // state after a zombie's wait(), since the zombie was taken for the live task it was.
        Set<String> image = sound.stream().map(k -> k.replace("/Z51", "/L")).collect(Collectors.toSet());
        assertNotEquals(image, unsound);
        assertTrue(image.containsAll(unsound));
        assertFalse(unsound.contains("next=3 1:0/0/0/L"), "the init after reaping 2 is lost");
        assertTrue(sound.contains("next=3 1:0/0/0/L"));
    }
}
