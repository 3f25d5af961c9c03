package org.croracle.oracle.suite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A spec variant with one deliberate mistake, in specs/SPEC/bugs/NAME.tla with NAME.cfg. The cfg
 * names the property TLC must report as violated in a comment line
 * {@code \* EXPECT-VIOLATION: PropertyName}. A variant that random behaviours are known to miss
 * says so, with the reason, in a line {@code \* RANDOM-BEHAVIOURS-MISS: why}: the quick tier then
 * searches it exhaustively at once instead of first spending its random behaviours.
 */
public record BugVariant(String name, Path dir, String configFile, String expectedProperty) {

    private static final Pattern EXPECT = Pattern.compile("^\\\\\\*\\s*EXPECT-VIOLATION:\\s*(\\w+)\\s*$");
    private static final Pattern MISSED = Pattern.compile("^\\\\\\*\\s*RANDOM-BEHAVIOURS-MISS:\\s*(\\S.*)$");

    /** Every bug variant of a spec folder, by name. A .cfg without its expectation is an error. */
    public static List<BugVariant> discover(Path specDir) {
        Path bugs = specDir.resolve("bugs");
        if (!Files.isDirectory(bugs)) {
            return List.of();
        }
        List<BugVariant> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(bugs)) {
            for (Path cfg : files.filter(p -> p.toString().endsWith(".cfg")).sorted().toList()) {
                String file = cfg.getFileName().toString();
                String name = file.substring(0, file.length() - 4);
                out.add(new BugVariant(name, bugs, file, expectation(cfg)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + bugs, e);
        }
        return out;
    }

    private static String expectation(Path cfg) throws IOException {
        for (String line : Files.readAllLines(cfg)) {
            Matcher m = EXPECT.matcher(line.strip());
            if (m.matches()) {
                return m.group(1);
            }
        }
        throw new IllegalArgumentException(cfg + " has no line '\\* EXPECT-VIOLATION: Property'");
    }

    /** TLC's configuration keywords: each starts a new section. */
    private static final List<String> SECTIONS = List.of("CONSTANT", "CONSTANTS", "INIT", "NEXT", "SPECIFICATION",
            "INVARIANT", "INVARIANTS", "PROPERTY", "PROPERTIES", "SYMMETRY", "VIEW", "CONSTRAINT", "CONSTRAINTS",
            "ACTION_CONSTRAINT", "ACTION_CONSTRAINTS", "CHECK_DEADLOCK", "ALIAS", "POSTCONDITION");

    /**
     * Why random behaviours miss this variant, when its cfg says so ({@code \* RANDOM-BEHAVIOURS-MISS:
     * why}); empty when they may find it.
     */
    public java.util.Optional<String> randomBehavioursMiss() {
        try {
            for (String line : Files.readAllLines(dir.resolve(configFile))) {
                Matcher m = MISSED.matcher(line.strip());
                if (m.matches()) {
                    return java.util.Optional.of(m.group(1).strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return java.util.Optional.empty();
    }

    /** The properties listed in the cfg's PROPERTIES section (to attribute a temporal violation). */
    public List<String> temporalProperties() {
        List<String> props = new ArrayList<>();
        String section = "";
        try {
            for (String raw : Files.readAllLines(dir.resolve(configFile))) {
                String line = raw.replaceAll("\\\\\\*.*$", "").strip();
                for (String word : line.isEmpty() ? new String[0] : line.split("\\s+")) {
                    if (SECTIONS.contains(word)) {
                        section = word;
                    } else if (section.startsWith("PROPERT")) {
                        props.add(word);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return props;
    }
}
