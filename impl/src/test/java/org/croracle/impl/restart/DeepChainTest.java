package org.croracle.impl.restart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.List;

import org.croracle.impl.kernel.ForkOptions;
import org.croracle.impl.kernel.FreezerState;
import org.croracle.impl.kernel.Result;
import org.croracle.impl.kernel.Signal;
import org.croracle.impl.syscall.CheckpointIo;
import org.croracle.impl.syscall.Kernel;
import org.croracle.impl.syscall.KernelConfig;
import org.croracle.impl.syscall.RestartIo;
import org.croracle.impl.syscall.Restarted;
import org.junit.jupiter.api.Test;

/**
 * A container that is one chain of tasks, each the parent of the next: the deepest tree there is.
 * Every walk of the tree (build_tree, the creation plan, the restored tree's view) must get through
 * it whatever the thread's stack; 20,000 tasks overflowed the recursive walks.
 */
class DeepChainTest {

    private static final int TASKS = 20_000;

    @Test
    void aChainIsCheckpointedAndRestartedWhole() {
        Kernel k = new Kernel(KernelConfig.defaults().withPidMax(1 << 22));
        int c = k.fork(1, new ForkOptions("box", true, false)).value();
        int last = c;
        for (int i = 1; i < TASKS; i++) {
            last = k.fork(last, ForkOptions.PLAIN).value();
        }
        assertTrue(k.freeze("box").isOk());
        List<String> saved = TreeView.of(k.state(), c);
        assertEquals(TASKS, saved.stream().filter(l -> l.startsWith("task ")).count());
        assertTrue(k.open(1, "/ckpt/chain", 100, false, true).isOk());
        ByteArrayOutputStream img = new ByteArrayOutputStream();
        Result<Long> ck = k.checkpoint(1, c, 0, CheckpointIo.of(100, img));
        assertTrue(ck.isOk(), ck::toString);
        k.freezerWrite("box", FreezerState.THAWED);
        k.kill(1, c, Signal.SIGKILL);
        for (int pid : k.pendingSignals()) {
            k.deliverPendingSignal(pid);
        }
        k.wait(1, c);
        k.open(1, "/ckpt/chain", 101, true, false);
        Result<Restarted> back = k.restart(1, 0, "r", new RestartIo(101, img.toByteArray(), -1, l -> { }));
        assertTrue(back.isOk(), back::toString);
        assertNull(TreeView.firstDifference(saved, TreeView.of(k.state(), back.value().root())));
    }
}
