package org.croracle.oracle.linux;

import java.time.Duration;

/** A JVM that makes a frozen container with the helper, says "frozen", and waits to be killed (CrLinuxCgroupTest). */
public final class FrozenContainerHolder {
    private FrozenContainerHolder() {}

    public static void main(String[] args) throws Exception {
        CrLinux linux = CrLinux.start(Duration.ofSeconds(5));
        CrLinuxCgroupTest.frozenContainer(linux);
        System.out.println("frozen");
        System.out.flush();
        Thread.sleep(600_000);
    }
}
