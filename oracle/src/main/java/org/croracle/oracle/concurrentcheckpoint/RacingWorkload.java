package org.croracle.oracle.concurrentcheckpoint;

import java.util.ArrayList;
import java.util.List;

/**
 * Random scenarios of one container checkpoint racing the world outside it: a task p outside the
 * container, which may share the container init's fd table (CLONE_FILES across the boundary),
 * opens, closes, forks children that copy or share its table, and exits; the children do the
 * same, and open /proc/PID/fd of the container's tasks; the freezer is written, the tree forks and
 * host moves a task of the tree out of the container's cgroup or back (cgroup.procs) while the checkpoint's steps are taken one at a
 * time between them. Each scenario is a function of a list of numbers, so that a property test
 * can generate and shrink it.
 */
public final class RacingWorkload {
    private RacingWorkload() {}

    /** How many kinds of event a number past the first five picks among. */
    public static final int EVENTS = 11;

    /**
     * The scenario (.crs text) the numbers describe: the first five choose the world (whether p
     * has a file, whether init shares p's table, whether a shares init's, whether a has a file of
     * its own, whether the tree grows between the call's start and its gate, and then whether a
     * leaves the cgroup while it is thawed), the rest are events.
     */
    public static String scenario(List<Integer> codes) {
        List<String> l = new ArrayList<>();
        int c0 = at(codes, 0);
        int c1 = at(codes, 1);
        int c2 = at(codes, 2);
        int c3 = at(codes, 3);
        l.add("host fork p");
        if (c0 % 2 == 0) {
            l.add("p open /tmp/p0 fd=3 flags=rw");
        }
        l.add("p fork init newpid cgroup=box" + (c1 % 2 == 0 ? " files" : ""));
        l.add("init fork a" + (c2 % 2 == 0 ? " files" : ""));
        if (c3 % 2 == 0) {
            l.add("a open /tmp/a0 fd=4 flags=rw");
        }
        l.add("freeze box");
        l.add("checkpoint-start init image=x");
        int qs = 0;
        int bs = 0;
        if (at(codes, 4) % 3 == 0) { // the cgroup is the user's until the gate takes it
            l.add("thaw box");
            l.add("a fork b" + bs++);
            if (at(codes, 4) / 3 % 4 == 1) { // a leaves the thawed cgroup: a stranger at the gate
                l.add("host attach a other");
            }
            l.add("freeze box");
        }
        for (int i = 5; i < codes.size(); i++) {
            int c = Math.abs(codes.get(i));
            int arg = c / EVENTS;
            String q = qs == 0 ? "p" : "q" + (arg % qs);
            switch (c % EVENTS) {
                case 0, 1 -> l.add("checkpoint-step");
                case 2 -> l.add("p open /tmp/f" + (arg % 4) + " fd=" + (3 + arg % 3) + " flags=rw");
                case 3 -> l.add("p close " + (3 + arg % 3));
                case 4 -> l.add("p fork q" + qs++ + (arg % 2 == 0 ? " files" : ""));
                case 5 -> l.add(q + " close " + (3 + arg % 3));
                case 6 -> l.add(q + " exit 0");
                // now and then, instead of a freeze, host moves a out of the container's cgroup or
                // back (cgroup.procs): refused unless box is thawed, a stranger at the gate if it stays out
                case 7 -> l.add(arg % 2 == 0 ? "thaw box"
                        : arg % 8 == 1 ? "host attach a " + (arg / 8 % 2 == 0 ? "other" : "box") : "freeze box");
                case 8 -> l.add((arg % 2 == 0 ? "init" : "a") + " fork b" + bs++);
                case 9 -> l.add(q + " getfd " + (arg % 2 == 0 ? "init" : "a") + " " + (3 + arg % 2) + " fd=" + (3 + arg % 3));
                default -> l.add(q + " open /tmp/g" + (arg % 3) + " fd=" + (3 + arg % 3) + " flags=rw");
            }
        }
        l.add("checkpoint-wait");
        return String.join("\n", l) + "\n";
    }

    private static int at(List<Integer> codes, int i) {
        return i < codes.size() ? Math.abs(codes.get(i)) : 0;
    }
}
