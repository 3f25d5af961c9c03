package org.croracle.oracle.restart;

import org.croracle.oracle.checkpointrestart.RoundTrip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.croracle.impl.kernel.CheckpointFlags;
import org.croracle.impl.syscall.CheckpointIo;
import org.croracle.impl.image.ImageJson;
import org.croracle.impl.kernel.Errno;
import org.croracle.impl.kernel.ForkOptions;
import org.croracle.impl.syscall.Kernel;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Result;
import org.croracle.impl.syscall.RestartIo;
import org.croracle.impl.syscall.Restarted;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** ckptinfo's JSON is byte-exact on images of random trees; privilege cannot be gained by editing an image. */
class ImageToolPropertyTest {

    @Test
    void decodeThenEncodeIsByteExactOnImagesOfRandomTrees() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        int images = 0;
        while (images < 150) {
            List<Integer> codes = new ArrayList<>();
            for (int k = 0, n = random.nextInt(200); k < n; k++) {
                codes.add(random.nextInt(RoundTrip.KINDS * 1024));
            }
            RoundTrip.Outcome o = RoundTrip.run(codes, 40);
            if (o.image() == null) {
                continue;
            }
            images++;
            byte[] img = o.image();
            assertArrayEquals(img, ImageJson.encode(ImageJson.decode(img)), "tree " + images);
        }
    }

    @Test
    void restartPrivilegeFollowsTheSysctlAndAnEditedUidIsRefused() throws Exception {
        Kernel k = new Kernel();
        int user = k.fork(1, ForkOptions.PLAIN).value();
        assertTrue(k.setuid(user, 1000).isOk());
        assertTrue(k.open(user, "/ckpt/u", 7, false, true).isOk());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(k.checkpoint(user, 0, CheckpointFlags.SUBTREE, CheckpointIo.of(7, out)).isOk()); // unprivileged: allowed
        byte[] img = out.toByteArray();
        assertTrue(k.open(user, "/ckpt/u", 8, true, false).isOk());
        RestartIo io = new RestartIo(8, img, -1, l -> { });
        for (int sysctl : new int[] {0, 1}) {
            assertTrue(k.sysctlCkptUnprivAllowed(sysctl).isOk());
            Result<Restarted> r = k.restart(user, org.croracle.impl.kernel.RestartFlags.TASKSELF, "r", io);
            assertEquals(Errno.EPERM, r.errno(), "ckpt_unpriv_allowed=" + sysctl);
            assertTrue(r.reason().contains("ckpt_unpriv_allowed"), r.reason());
        }
        assertTrue(k.sysctlCkptUnprivAllowed(2).isOk());
        Result<Restarted> mine = k.restart(user, org.croracle.impl.kernel.RestartFlags.TASKSELF, "r", io);
        assertTrue(mine.isOk(), mine::toString); // its own state, as itself
        assertTrue(k.open(user, "/ckpt/u", 8, true, false).isOk()); // its fd table is the image's now
        // A whole container needs a new PID namespace: CLONE_NEWPID needs CAP_SYS_ADMIN, whatever the sysctl.
        assertEquals(Errno.EINVAL, k.restart(user, 0, "r", io).errno(), "a one-task subtree image has no pid-1 root");

        // The same image with the task's uid edited to 0 (via the JSON form): refused, nothing changed.
        ObjectMapper json = new ObjectMapper();
        ObjectNode doc = (ObjectNode) json.readTree(ImageJson.decode(img));
        for (JsonNode r : doc.get("records")) {
            if ("TASK".equals(r.get("type").asText())) {
                ((ObjectNode) r).put("uid", 0);
            }
        }
        byte[] raised = ImageJson.encode(json.writeValueAsString(doc), true);
        KernelState before = k.state();
        Result<Restarted> r = k.restart(user, org.croracle.impl.kernel.RestartFlags.TASKSELF, "r2",
                new RestartIo(8, raised, -1, l -> { }));
        assertEquals(Errno.EPERM, r.errno(), r::toString);
        assertEquals(before, k.state());
    }
}
