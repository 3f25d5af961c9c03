package org.croracle.impl.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.croracle.impl.syscall.Kernel;
import org.junit.jupiter.api.Test;

/**
 * The scenario language's page is its reference: a reader learns the language from it alone, so
 * every example it shows must parse and its worked scenario must run and hold.
 */
class ScenarioLanguageDocTest {

    private static final Path DOC = Path.of(System.getProperty("cr.docs", "../docs")).resolve("scenario-language.md")
            .toAbsolutePath().normalize();

    /** Tasks and a restart the one-line examples refer to, as a reader would have made them before. */
    private static final String BEFORE = String.join("\n", "host fork init newpid cgroup=box", "init fork a",
            "init fork b", "restart snap as=r", "");

    @Test
    void everyOperationHasAnExampleThatParses() throws IOException {
        List<String> examples = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\|.*\\| `([^`]+)` \\|$").matcher(Files.readString(DOC));
        while (m.find()) {
            examples.add(m.group(1));
        }
        for (String verb : List.of("fork", "eclone", "exit", "kill", "wait", "setsid", "setpgid", "subreaper", "uid",
                "open", "pipe", "socketpair", "dup", "getfd", "close", "seek", "cloexec", "send", "recv", "mmap", "write", "fill",
                "sigaction", "sigmask", "checkpoint self", "freeze", "destroy", "sysctl", "checkpoint", "restart",
                "corrupt", "truncate", "checkpoint-start", "checkpoint-step", "checkpoint-wait", "expect busy", "expect EPERM", "expect pid", "expect sid", "expect zombie",
                "expect clean", "expect same", "inject", "freezer-write", "refrigerate", "expect undone",
                "expect freezer")) {
            assertTrue(examples.stream().anyMatch(e -> (" " + e).contains(" " + verb + " ") || e.endsWith(" " + verb)
                    || e.startsWith(verb + " ") || e.equals(verb)), "no example of " + verb + " in " + examples);
        }
        for (String e : examples) {
            try {
                ScenarioParser.parse("doc", BEFORE + e);
            } catch (ScenarioSyntaxException afterOthers) {
                // an example that introduces one of the tasks above stands alone
                try {
                    ScenarioParser.parse("doc", e);
                } catch (ScenarioSyntaxException alone) {
                    throw new AssertionError("the example '" + e + "' does not parse: " + afterOthers.getMessage());
                }
            }
        }
    }

    @Test
    void theWorkedScenarioRunsAndHolds() throws IOException, ScenarioSyntaxException {
        String doc = Files.readString(DOC);
        int at = doc.indexOf("## A worked scenario");
        assertTrue(at > 0, "the page has a worked scenario");
        int start = doc.indexOf("```\n", at) + 4;
        String text = doc.substring(start, doc.indexOf("```", start));
        Scenario s = ScenarioParser.parse("worked.crs", text);
        assertFalse(s.statements().isEmpty());
        ScenarioResult r = ScenarioRunner.run(new Kernel(), s);
        assertTrue(r.passed(), r.failures()::toString);
        assertEquals(0, r.stoppedAt());
    }
}
