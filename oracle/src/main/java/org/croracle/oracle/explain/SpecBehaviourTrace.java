package org.croracle.oracle.explain;

import java.util.ArrayList;
import java.util.List;

import org.croracle.oracle.fromspec.FromSpec;

/**
 * A behaviour generated from a spec that diverged when replayed on the kernel (what
 * {@code ./cr conform --from-spec} finds), as a file that {@code ./cr explain} replays: the spec,
 * the model that generated it, the planted bug the kernel had (if any), the initial state, the
 * seed of the kernel-side choices, and per step which candidate and which successor the generator
 * took, with the action as it was then (a replay checks it, so a file that no longer fits the spec
 * says so rather than replaying something else). Its text:
 *
 * <pre>
 * # comments
 * from-spec restart
 * model OracleRestart.cfg
 * mutant GHOSTS_EXIT_BEFORE_RESTORE     (optional)
 * init 3
 * realize -4962768465676381896
 * step 0 0 Begin(1)
 * step 4 0 GhostExit(2)
 * </pre>
 *
 * @param spec          the spec whose model generated the behaviour
 * @param model         the generating model's .cfg
 * @param mutant        the planted bug's name, or null for the kernel as it is
 * @param init          the driver's initial state
 * @param realizeSeed   the seed of the kernel-side choices
 * @param choices       the steps
 */
public record SpecBehaviourTrace(String spec, String model, String mutant, int init, long realizeSeed,
                                 List<FromSpec.Choice> choices) {

    /** The first line of every such file, by which {@code explain} knows it. */
    static final String MAGIC = "# cr spec behaviour";

    public SpecBehaviourTrace {
        choices = List.copyOf(choices);
    }

    /** The file's text, with a comment saying where it came from and how to replay it. */
    public String text(String origin) {
        StringBuilder b = new StringBuilder(MAGIC).append(": ").append(origin).append('\n');
        b.append("# replay and explain: ./cr explain FILE (exit 1 while it still fails)\n");
        b.append("from-spec ").append(spec).append('\n');
        b.append("model ").append(model).append('\n');
        if (mutant != null) {
            b.append("mutant ").append(mutant).append('\n');
        }
        b.append("init ").append(init).append('\n');
        b.append("realize ").append(realizeSeed).append('\n');
        b.append("# step CANDIDATE SUCCESSOR ACTION: the generator's choice, and the action it was\n");
        for (FromSpec.Choice c : choices) {
            b.append("step ").append(c.candidate()).append(' ').append(c.successor()).append(' ').append(c.action()).append('\n');
        }
        return b.toString();
    }

    static boolean looksLikeOne(String text) {
        return text.startsWith(MAGIC);
    }

    /** Parses a file's text; a mistake is one line, {@code FILE:LINE: what}. */
    static SpecBehaviourTrace parse(String file, String text) {
        String spec = null;
        String model = null;
        String mutant = null;
        Integer init = null;
        Long realize = null;
        List<FromSpec.Choice> choices = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = file + ":" + (i + 1) + ": ";
            String[] words = line.split("\\s+", 4);
            switch (words[0]) {
                case "from-spec" -> spec = once(where, spec, words, "from-spec SPEC");
                case "model" -> model = once(where, model, words, "model CONFIG.cfg");
                case "mutant" -> mutant = once(where, mutant, words, "mutant NAME");
                case "init" -> init = (int) number(where, once(where, init == null ? null : "", words, "init N"), 0,
                        Integer.MAX_VALUE);
                case "realize" -> realize = number(where, once(where, realize == null ? null : "", words, "realize SEED"),
                        Long.MIN_VALUE, Long.MAX_VALUE);
                case "step" -> {
                    if (words.length != 4) {
                        throw new TraceFiles.BadTraceFile(where + "expected 'step CANDIDATE SUCCESSOR ACTION'");
                    }
                    choices.add(new FromSpec.Choice((int) number(where, words[1], 0, Integer.MAX_VALUE),
                            (int) number(where, words[2], 0, Integer.MAX_VALUE), words[3]));
                }
                default -> throw new TraceFiles.BadTraceFile(where + "unknown line '" + words[0] + "' (a spec behaviour has: "
                        + "from-spec SPEC, model CONFIG.cfg, mutant NAME, init N, realize SEED, step CANDIDATE SUCCESSOR ACTION)");
            }
        }
        if (spec == null || model == null || init == null || realize == null) {
            throw new TraceFiles.BadTraceFile(file + ": a spec behaviour needs 'from-spec SPEC', 'model CONFIG.cfg', "
                    + "'init N' and 'realize SEED' lines");
        }
        return new SpecBehaviourTrace(spec, model, mutant, init, realize, choices);
    }

    private static String once(String where, Object seen, String[] words, String shape) {
        if (words.length != 2 || seen != null) {
            throw new TraceFiles.BadTraceFile(where + "expected one '" + shape + "' line");
        }
        return words[1];
    }

    private static long number(String where, String word, long min, long max) {
        try {
            long n = Long.parseLong(word);
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new TraceFiles.BadTraceFile(where + "'" + word + "' is not a number from " + min + " to " + max);
        }
    }
}
