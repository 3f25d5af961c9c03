package org.croracle.oracle.suite;

import org.croracle.oracle.registry.Specs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The registry against the specs folder, without running TLC ({@code ./cr check} runs it): every
 * model and configuration a suite names is there, every configuration names a specification its
 * model module defines, and every bug variant expects a property its cfg checks.
 */
class SpecsTest {

    private static final Pattern SPECIFICATION = Pattern.compile("(?m)^SPECIFICATION\\s+(\\w+)");

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }

    /** The name after SPECIFICATION in a cfg. */
    private static String specification(Path cfg) {
        Matcher m = SPECIFICATION.matcher(read(cfg));
        assertTrue(m.find(), cfg + " has no SPECIFICATION");
        return m.group(1);
    }

    /** Whether the module, or a module it extends from the same folder, defines name. */
    private static boolean defines(Path dir, String module, String name) {
        Path file = dir.resolve(module + ".tla");
        if (!Files.exists(file)) {
            return false;
        }
        String text = read(file);
        if (Pattern.compile("(?m)^" + Pattern.quote(name) + "\\s*==").matcher(text).find()) {
            return true;
        }
        Matcher ext = Pattern.compile("(?m)^EXTENDS\\s+([\\w, ]+)").matcher(text);
        if (ext.find()) {
            for (String parent : ext.group(1).split("\\s*,\\s*")) {
                if (defines(dir, parent.strip(), name)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void everyRegisteredModelIsInItsFolder() {
        Path root = Specs.root();
        for (SpecSuite suite : Specs.all()) {
            Path dir = suite.dir(root);
            assertTrue(Files.isRegularFile(dir.resolve(suite.modelModule() + ".tla")), suite.name());
            assertFalse(suite.ciConfigs().isEmpty(), suite.name());
            for (String cfg : suite.ciConfigs()) {
                assertTrue(Files.isRegularFile(dir.resolve(cfg)), suite.name() + ": " + cfg);
                String module = suite.moduleOf(root, cfg);
                assertTrue(Files.isRegularFile(dir.resolve(module + ".tla")), suite.name() + ": " + module);
                assertTrue(defines(dir, module, specification(dir.resolve(cfg))),
                        suite.name() + ": " + cfg + " names a specification " + module + " does not define");
            }
            assertTrue(Files.isRegularFile(dir.resolve(suite.longConfig())), suite.name() + ": " + suite.longConfig());
        }
    }

    @Test
    void checkpointRestartChecksTheRoundTripAtOnceAndStepByStep() {
        SpecSuite suite = Specs.named("checkpointrestart").orElseThrow();
        assertEquals(List.of("MCCheckpointRestart.cfg", "MCFlaglessWorld.cfg", "MCCheckpointRestartSteps.cfg"),
                suite.ciConfigs());
        Path dir = suite.dir(Specs.root());
        assertEquals("WorldSpec", specification(dir.resolve("MCCheckpointRestart.cfg")));
        // the flagless world has a model module of its own (its state is the tree alone)
        assertEquals("MCFlaglessWorld", suite.moduleOf(Specs.root(), "MCFlaglessWorld.cfg"));
        assertEquals("MCFlaglessWorld", suite.moduleOf(Specs.root(), suite.longConfig()));
        assertEquals("MCCheckpointRestart", suite.moduleOf(Specs.root(), "MCCheckpointRestartSteps.cfg"));
        assertEquals("FlaglessWorldSpec", specification(dir.resolve("MCFlaglessWorld.cfg")));
        assertEquals("CRSpec", specification(dir.resolve("MCCheckpointRestartSteps.cfg")));
        assertEquals("FlaglessWorldSpec", specification(dir.resolve(suite.longConfig())));
        // the 3-task world, with its flags, checks on every step that the flagless world loses no tree
        assertTrue(read(dir.resolve("MCCheckpointRestart.cfg")).matches("(?s).*PROPERTIES\\s+FlaglessWorldHasEveryTree\\s*"));
    }

    @Test
    void everyBugVariantChecksThePropertyItExpects() {
        for (SpecSuite suite : Specs.all()) {
            List<BugVariant> bugs = BugVariant.discover(suite.dir(Specs.root()));
            for (BugVariant bug : bugs) {
                String cfg = read(bug.dir().resolve(bug.configFile())).replaceAll("\\\\\\*.*", "");
                assertTrue(Pattern.compile("(?m)^\\s+" + Pattern.quote(bug.expectedProperty()) + "\\s*$").matcher(cfg).find(),
                        suite.name() + "/" + bug.name() + " expects " + bug.expectedProperty() + " but does not check it");
                assertTrue(Files.isRegularFile(bug.dir().resolve(bug.name() + ".tla")), bug.name());
            }
        }
    }
}
