package org.croracle.oracle.checkpointrestart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * TLC's states of the flagless world, read back as lines: the reference that the Java
 * enumeration of every tree is compared with.
 */
class TlcWorldStatesTest {

    static final Path SPECS = Path.of(System.getProperty("cr.specs", "../specs")).toAbsolutePath().normalize();

    @Test
    void everyStateOfTwoTasksIsReadBackOnceInTheLineFormat() {
        TlcWorldStates.Enumeration e = TlcWorldStates.enumerate(SPECS, 2, 1, Duration.ofMinutes(5));
        assertEquals(666, e.run().distinctStates()); // as MCFlaglessWorld with MaxPid = 3 (README)
        assertEquals(666, e.states().size());
        assertTrue(e.states().contains("next=2 1:0/0/0/L"), "the init alone");
        assertTrue(e.states().contains("next=3 1:0/0/0/L 2:1/0/0/Z51"), "a zombie child");
        assertTrue(e.states().contains("next=3 1:0/0/0/L 2:1/2/2/L"), "a child that called setsid");
        // 2 reaped, 3 alive: TLC prints this world as a function, not a tuple
        assertTrue(e.states().contains("next=4 1:0/0/0/L 3:1/0/0/L"), "a gap where a reaped task was");
        // 2 led a session and was reaped; 3, born in it, keeps the session's id alive
        assertTrue(e.states().contains("next=4 1:0/0/0/L 3:1/2/2/L"), "a session that outlives its leader");
    }
}
