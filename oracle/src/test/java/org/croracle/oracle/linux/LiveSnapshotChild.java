package org.croracle.oracle.linux;

/**
 * A snapshot taken in a JVM of its own, for the tests that kill that JVM or run it where the
 * test's own cannot be (another uid, another PID namespace). Prints {@code reading PID} before
 * each task is read (then, with {@code hang}, waits to be killed), and the outcome's one line.
 * Usage: ROOT own|new|unfrozen [hang].
 */
final class LiveSnapshotChild {
    private LiveSnapshotChild() {}

    public static void main(String[] args) throws Exception {
        int root = Integer.parseInt(args[0]);
        LiveSnapshot.Freeze how = switch (args[1]) {
            case "own" -> LiveSnapshot.Freeze.OWN_CGROUP;
            case "new" -> LiveSnapshot.Freeze.NEW_CGROUP;
            default -> LiveSnapshot.Freeze.UNFROZEN;
        };
        boolean hang = args.length > 2 && args[2].equals("hang");
        LiveSnapshot.Outcome o = LiveSnapshot.take(root, how, 5000, pid -> {
            System.out.println("reading " + pid);
            System.out.flush();
            if (hang) {
                try {
                    Thread.sleep(120_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        System.out.println(o.ok() ? "ok" : (o.unsupported() ? "unsupported: " : "error: ") + o.error());
        System.exit(o.ok() ? 0 : 1);
    }
}
