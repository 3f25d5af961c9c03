package org.croracle.oracle.checkpointrestart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * The Java engine's flagless world against TLC's, state for state (not only as many states): the
 * second engine may stand in for TLC at sizes TLC cannot reach only if both enumerate the same
 * world where both finish. {@code ./cr roundtrip --every-tree 4 --flagless --against-tlc} does the
 * same at 4 tasks.
 */
class EveryTreeAgainstTlcTest {

    static final Path SPECS = Path.of(System.getProperty("cr.specs", "../specs")).toAbsolutePath().normalize();

    @Test
    void everyStateOfThreeTasksIsTlcsAndEveryOneOfTlcsIsTheEngines() {
        EveryTree.Comparison c = EveryTree.againstTlc(EveryTree.Options.of(3, false).withWorkers(2), SPECS, 1,
                Duration.ofMinutes(10));
        assertEquals(25_680, c.tlcStates());
        assertEquals(25_680, c.java().distinct());
        assertEquals(c.tlc().depth(), c.java().depth());
        assertTrue(c.equal(), "only TLC: " + c.onlyTlc() + ", only the engine: " + c.onlyJava());
    }

    /** The check fails on a planted unsound reduction: a key that forgets which tasks are zombies. */
    @Test
    void aKeyThatForgetsZombiesDiffersFromTlc() {
        EveryTree.Key forgetsZombies = (s, init) -> EveryTree.tlcKey(s, init).replace("/Z51", "/L");
        EveryTree.Comparison c = EveryTree.againstTlc(EveryTree.Options.of(2, false).withWorkers(2)
                .withKey(forgetsZombies), SPECS, 1, Duration.ofMinutes(5));
        assertFalse(c.equal());
        assertTrue(c.onlyTlc().contains("next=3 1:0/0/0/L 2:1/0/0/Z51"), c.onlyTlc().toString());
        assertTrue(c.onlyTlcCount() > 0 && c.onlyTlc().size() <= EveryTree.SHOWN_DIFFERENCES);
    }
}
