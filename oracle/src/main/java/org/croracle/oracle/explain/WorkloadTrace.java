package org.croracle.oracle.explain;

import java.util.ArrayList;
import java.util.List;

/**
 * A failing trace of a spec's random workload (what {@code ./cr conform} finds and shrinks), as a
 * file that {@code ./cr explain} replays: the workload's spec, the planted bug the kernel had
 * (if any) and the workload's codes, each one operation decoded against the kernel's state as
 * the workload does. Replaying the codes on a fresh kernel gives the same steps, so the file is
 * also a regression. Its text:
 *
 * <pre>
 * # comments
 * workload restart
 * mutant FAILED_RESTART_KEEPS_CGROUP     (optional)
 * codes 1217 40 3
 * </pre>
 *
 * @param spec   the bound spec whose workload made the codes
 * @param mutant the planted bug's name, or null for the kernel as it is
 * @param codes  the workload's codes
 */
public record WorkloadTrace(String spec, String mutant, List<Integer> codes) {

    /** The first line of every such file, by which {@code explain} knows it. */
    static final String MAGIC = "# cr workload trace";

    public WorkloadTrace {
        codes = List.copyOf(codes);
    }

    /** The file's text, with a comment saying where it came from and how to replay it. */
    public String text(String origin) {
        StringBuilder b = new StringBuilder(MAGIC).append(": ").append(origin).append('\n');
        b.append("# replay and explain: ./cr explain FILE (exit 1 while it still fails)\n");
        b.append("workload ").append(spec).append('\n');
        if (mutant != null) {
            b.append("mutant ").append(mutant).append('\n');
        }
        b.append("codes");
        codes.forEach(c -> b.append(' ').append(c));
        return b.append('\n').toString();
    }

    static boolean looksLikeOne(String text) {
        return text.startsWith(MAGIC);
    }

    /** Parses a file's text; a mistake is one line, {@code FILE:LINE: what}. */
    static WorkloadTrace parse(String file, String text) {
        String spec = null;
        String mutant = null;
        List<Integer> codes = null;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = file + ":" + (i + 1) + ": ";
            String[] words = line.split("\\s+");
            switch (words[0]) {
                case "workload" -> {
                    if (words.length != 2 || spec != null) {
                        throw new TraceFiles.BadTraceFile(where + "expected one 'workload SPEC' line");
                    }
                    spec = words[1];
                }
                case "mutant" -> {
                    if (words.length != 2 || mutant != null) {
                        throw new TraceFiles.BadTraceFile(where + "expected at most one 'mutant NAME' line");
                    }
                    mutant = words[1];
                }
                case "codes" -> {
                    if (codes != null) {
                        throw new TraceFiles.BadTraceFile(where + "a second 'codes' line");
                    }
                    codes = new ArrayList<>();
                    for (int w = 1; w < words.length; w++) {
                        try {
                            int c = Integer.parseInt(words[w]);
                            if (c < 0) {
                                throw new NumberFormatException();
                            }
                            codes.add(c);
                        } catch (NumberFormatException e) {
                            throw new TraceFiles.BadTraceFile(where + "'" + words[w] + "' is not a code (0 or more)");
                        }
                    }
                }
                default -> throw new TraceFiles.BadTraceFile(where + "unknown line '" + words[0]
                        + "' (a workload trace has: workload SPEC, mutant NAME, codes N N ...)");
            }
        }
        if (spec == null || codes == null) {
            throw new TraceFiles.BadTraceFile(file + ": a workload trace needs a 'workload SPEC' and a 'codes ...' line");
        }
        return new WorkloadTrace(spec, mutant, codes);
    }
}
