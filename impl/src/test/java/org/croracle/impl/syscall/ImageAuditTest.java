package org.croracle.impl.syscall;

import org.croracle.impl.kernel.CheckpointContext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.List;

import org.croracle.impl.kernel.Errno;
import org.croracle.impl.kernel.Result;
import org.croracle.impl.scenario.ScenarioParser;
import org.croracle.impl.scenario.ScenarioResult;
import org.croracle.impl.scenario.ScenarioRunner;
import org.junit.jupiter.api.Test;

/**
 * The image audit the checkpoint workloads run on every image: a call's own image passes; an
 * image that is not the call's (another call's, a cut one, a failed call's for a successful one)
 * is named for what differs.
 */
class ImageAuditTest {

    record Call(Result<Long> result, byte[] image, CheckpointContext ctx) {
    }

    static Call checkpoint(String... lines) {
        Kernel k = new Kernel();
        ScenarioResult r;
        try {
            r = ScenarioRunner.run(k, ScenarioParser.parse("t", String.join("\n", lines)));
        } catch (org.croracle.impl.scenario.ScenarioSyntaxException e) {
            throw new AssertionError(e.getMessage(), e);
        }
        assertTrue(r.passed(), r.failures()::toString);
        k.open(1, "/ckpt/i", 40, false, true);
        ByteArrayOutputStream img = new ByteArrayOutputStream();
        Result<Long> res = k.checkpoint(1, r.labels().get("c"), 0, CheckpointIo.of(40, img));
        return new Call(res, img.toByteArray(), k.state().checkpoint());
    }

    static final String[] OWN = {"host fork c newpid cgroup=box", "c pipe fds=3,4", "c fork a", "freeze box"};
    static final String[] LEAK = {"host pipe fds=3,4", "host fork c newpid cgroup=box", "freeze box"};

    @Test
    void aCallsOwnImagePasses() {
        Call ok = checkpoint(OWN);
        assertTrue(ok.result().isOk());
        assertEquals(List.of(), ImageAudit.audit(ok.image(), ok.ctx()));
        Call leak = checkpoint(LEAK);
        assertEquals(Errno.EBUSY, leak.result().errno());
        assertEquals(List.of(), ImageAudit.audit(leak.image(), leak.ctx()));
    }

    @Test
    void anotherCallsImageIsNamedForWhatDiffers() {
        Call ok = checkpoint(OWN);
        Call leak = checkpoint(LEAK);
        List<String> p = ImageAudit.audit(leak.image(), ok.ctx());
        assertTrue(p.contains("the call succeeded but the image does not end in TAIL"), p::toString);
        assertTrue(p.stream().anyMatch(x -> x.contains("OBJREF records, the call wrote")), p::toString);
        List<String> q = ImageAudit.audit(ok.image(), leak.ctx());
        assertTrue(q.contains("the call failed but the image does not end in ERROR"), q::toString);
        Call other = checkpoint("host fork c newpid cgroup=box", "c open /x fd=3 flags=r", "c open /x fd=4 flags=r", "c fork a",
                "freeze box");
        List<String> r = ImageAudit.audit(other.image(), ok.ctx());
        assertTrue(r.stream().anyMatch(x -> x.startsWith("OBJREF #")), r::toString);
    }

    @Test
    void aCutImageIsMalformed() {
        Call ok = checkpoint(OWN);
        List<String> p = ImageAudit.audit(java.util.Arrays.copyOf(ok.image(), ok.image().length - 8), ok.ctx());
        assertEquals(1, p.size(), p::toString);
        assertTrue(p.get(0).startsWith("malformed: "), p::toString);
    }

    @Test
    void aRefusedCallWritesOneErrorRecordWithItsErrnoOrNothingForEbadf() throws Exception {
        Kernel k = new Kernel();
        k.open(1, "/ckpt/i", 40, false, true);
        ByteArrayOutputStream img = new ByteArrayOutputStream();
        Result<Long> r = k.checkpoint(1, 77, 0, CheckpointIo.of(40, img));
        assertEquals(Errno.ESRCH, r.errno());
        assertEquals(List.of(), ImageAudit.auditRefused(img.toByteArray(), Errno.ESRCH));
        assertEquals(1, ImageAudit.auditRefused(img.toByteArray(), Errno.EPERM).size());
        ByteArrayOutputStream none = new ByteArrayOutputStream();
        assertEquals(Errno.EBADF, k.checkpoint(1, 1, 0, CheckpointIo.of(41, none)).errno());
        assertEquals(List.of(), ImageAudit.auditRefused(none.toByteArray(), Errno.EBADF));
        assertEquals(List.of("EBADF, yet " + img.size() + " bytes were written"),
                ImageAudit.auditRefused(img.toByteArray(), Errno.EBADF));
        Call ok = checkpoint(OWN);
        assertTrue(ImageAudit.auditRefused(ok.image(), Errno.ESRCH).get(0).startsWith("a refused call (ESRCH) must write"));
        assertTrue(ImageAudit.auditRefused(new byte[] {1, 2, 3}, Errno.ESRCH).get(0).startsWith("malformed: "));
    }
}
