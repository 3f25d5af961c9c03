package org.croracle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.croracle.oracle.registry.Specs;
import org.croracle.oracle.suite.SpecSuite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The command line as users run it: exit codes, the table, one-line errors. */
class MainTest {

    record Run(int code, String out, String err) {
    }

    static Run cr(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    static Path specs() {
        return Path.of(System.getProperty("cr.specs", "../specs")).toAbsolutePath().normalize();
    }

    /** A user's error: non-zero, one "cr:" line that names the problem, no stack trace. */
    static void assertUserError(Run r, String mentions) {
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("cr: ") || r.err().matches("(?s)[^\\s:]+:\\d+: .*"), r.err());
        assertTrue(r.err().contains(mentions), r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
    }

    /**
     * {@code ./cr check} as the README gives it: the quick tier, every spec's quick model and every
     * bug variant. {@code mvn -Pfull verify} runs {@code check --full} (every CI model, about 15
     * minutes on 2 cores, and about 15 more for every tree of 4 tasks) instead, which keeps the default test run short.
     */
    @Test
    void checkModelChecksRejectsEveryBugAndConforms() throws IOException {
        boolean full = Boolean.getBoolean("cr.full");
        System.out.println("[check] " + (full ? "--full (every CI model)" : "the quick tier (mvn -Pfull verify runs --full)"));
        Run r = full ? cr("check", "--full", "--traces", "30", "--steps", "40") : cr("check", "--traces", "30", "--steps", "40");
        assertEquals(0, r.code(), r.out() + r.err());
        for (String spec : List.of("freeze", "eclone", "sharedobjects", "restart", "checkpointrestart",
                "concurrentcheckpoint")) {
            SpecSuite suite = Specs.named(spec).orElseThrow();
            // the quick tier: one model per spec; --full: every CI model (checkpointrestart: the
            // round trip at once, then step by step)
            for (String config : full ? suite.ciConfigs() : List.of(suite.quickConfig())) {
                Matcher model = Pattern.compile("(?m)^" + spec + "\\s+" + Pattern.quote(config)
                        + "\\s+([\\d,]+)\\s+([\\d,]+)\\s+(\\d+).*OK").matcher(r.out());
                assertTrue(model.find(), spec + " " + config + ":\n" + r.out());
                assertTrue(Long.parseLong(model.group(1).replace(",", "")) > 0, "TLC explored states");
            }
            assertBugsRejected(r, spec);
            boolean bound = !spec.equals("checkpointrestart"); // model-checked only
            assertEquals(bound, Pattern.compile(spec + "\\s+conformance.*OK").matcher(r.out()).find(), r.out());
        }
        if (full) { // the Java engine's rows
            assertTrue(Pattern.compile("(?m)^checkpointrestart\\s+every tree of 4 tasks, round-tripped \\(Java\\)\\s+[\\d,]+\\s+1,664,395\\s+19\\s.*OK")
                    .matcher(r.out()).find(), r.out());
            assertTrue(Pattern.compile("(?m)^checkpointrestart\\s+every tree of 3 tasks with threads.*OK").matcher(r.out()).find(), r.out());
        } else { // the quick tier's: every tree of 2 tasks with threads and a nested namespace
            assertTrue(Pattern.compile("(?m)^checkpointrestart\\s+every tree of 2 tasks with threads and a nested namespace, "
                    + "round-tripped \\(Java\\)\\s+[\\d,]+\\s+2,100\\s+11\\s.*OK").matcher(r.out()).find(), r.out());
        }
        assertTrue(r.out().contains("all checks hold"), r.out());
    }

    private static void assertBugsRejected(Run r, String spec) throws IOException {
        try (Stream<Path> bugs = Files.list(specs().resolve(spec + "/bugs"))) {
            for (Path cfg : bugs.filter(p -> p.toString().endsWith(".cfg")).toList()) {
                String name = cfg.getFileName().toString().replace(".cfg", "");
                String expected = Files.readAllLines(cfg).stream().filter(l -> l.contains("EXPECT-VIOLATION"))
                        .findFirst().orElseThrow().replaceAll(".*EXPECT-VIOLATION:\\s*", "").strip();
                assertTrue(Pattern.compile("(?m)^" + spec + "\\s+bug " + name + "\\s+[1-9][\\d,]*.*rejected: " + expected)
                                .matcher(r.out()).find(),
                        name + " must be rejected with " + expected + ":\n" + r.out());
            }
        }
    }

    @Test
    void checkJsonIsMachineReadable() throws IOException {
        Run r = cr("check", "--spec", "freeze", "--traces", "5", "--steps", "20", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        // progress is for a person at a terminal: captured stderr (as here, or in CI's log) has none
        assertEquals("", r.err());
        assertTrue(json.get("ok").asBoolean());
        assertTrue(json.get("rows").size() >= 5);
        assertTrue(json.get("rows").get(0).get("states").asLong() > 0);
    }

    @Test
    void tlcPrintsTheFiguresAndTheVerdict() {
        Run r = cr("tlc", "freeze");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("distinct states  243"), r.out());
        assertTrue(r.out().contains("verdict          OK"), r.out());
    }

    @Test
    void tlcOnABugVariantPrintsTheCounterexampleAndFails() {
        Run r = cr("tlc", specs().resolve("freeze/bugs/ThawWhileCheckpointing.tla").toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().contains("VIOLATED: invariant NoThawWhileCheckpointing"), r.out());
        assertTrue(r.out().contains("CheckpointBegin"), r.out());
        assertTrue(r.out().contains("BuggyWriteThawed"), r.out());
        // the counterexample reads as explain shows it: what each step changed, the failing step's fields one per line
        assertTrue(Pattern.compile("(?m)^->\\s+4\\s+BuggyWriteThawed\\s+freezer$").matcher(r.out()).find(), r.out());
        assertTrue(Pattern.compile("(?m)^\\s+\\*\\s+freezer\\s+\"CHECKPOINTING\"\\s+\"THAWED\"$").matcher(r.out()).find(), r.out());
        assertTrue(r.out().lines().allMatch(l -> l.length() <= 200), r.out());
    }

    @Test
    void tlcDistributedReportsTheLastStepOfAViolationAndTheWorkers() {
        Run r = cr("tlc", specs().resolve("freeze/bugs/ThawWhileCheckpointing.tla").toString(), "--distributed");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().contains("server 127.0.0.1:"), r.out());
        assertTrue(r.out().contains("2 local worker JVMs"), r.out());
        assertTrue(r.out().contains("VIOLATED: an invariant, an action property, a deadlock or an evaluation error"),
                r.out());
        assertTrue(Pattern.compile("(?m)^   1  \\(reached state\\) +ckpt: ").matcher(r.out()).find(), r.out());
        assertTrue(r.out().contains("BuggyWriteThawed"), r.out());
        // One row per worker the server had when it stopped (the second may register too late).
        assertTrue(Pattern.compile("(?m)^rmi://\\S+ +\\d+ +\\d+ ").matcher(r.out()).find(), r.out());
        assertTrue(r.err().contains("tlc: TLC server ready at 127.0.0.1:"), r.err());
    }

    @Test
    void tlcDistributedRefusesWhatItCannotCheck(@TempDir Path dir) throws IOException {
        assertUserError(cr("tlc", "freeze", "--distributed"), "has temporal properties (FreezeCompletes, CheckpointReturns)");
        assertUserError(cr("tlc", "freeze", "--port", "12345"), "--port needs --distributed");
        assertUserError(cr("tlc", "freeze", "--workers-on", "w1"), "--workers-on needs --distributed");
        assertUserError(cr("tlc", "freeze", "--config", "MCFreezeSafety.cfg", "--distributed", "--workers", "0"),
                "--workers must be at least 1");
        assertUserError(cr("tlc", "freeze", "--config", "MCFreezeSafety.cfg", "--distributed", "--port", "70000"),
                "--port must be in 1..65535");
        assertUserError(cr("tlc", "freeze", "--config", "MCFreezeSafety.cfg", "--distributed", "--server-host", "a"),
                "--server-host needs --workers-on");
        try (Stream<Path> files = Files.list(specs().resolve("freeze"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        Path spec = dir.resolve("Freeze.tla");
        Files.writeString(spec, Files.readString(spec).replace("Exit(t) ==", "Exit(t) == =="));
        assertUserError(cr("tlc", dir.resolve("MCFreeze.tla").toString(), "--config", "MCFreezeSafety.cfg",
                "--distributed"), "Freeze.tla does not parse");
    }

    @Test
    void anUnknownSpecIsOneLine() {
        assertUserError(cr("tlc", "nosuchspec"), "no spec 'nosuchspec'");
    }

    @Test
    void aMalformedConfigIsOneLine(@TempDir Path dir) throws IOException {
        Path cfg = dir.resolve("Bad.cfg");
        Files.writeString(cfg, "CONSTANTS\n    Tasks <-\nSPECIFICATION Spec\n");
        assertUserError(cr("tlc", "freeze", "--config", cfg.toString()), "Bad.cfg");
        assertUserError(cr("tlc", "freeze", "--config", "NoSuch.cfg"), "NoSuch.cfg");
    }

    @Test
    void aSpecThatDoesNotParseIsOneLine(@TempDir Path dir) throws IOException {
        try (Stream<Path> files = Files.list(specs().resolve("freeze"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        Path spec = dir.resolve("Freeze.tla");
        Files.writeString(spec, Files.readString(spec).replace("Exit(t) ==", "Exit(t) == =="));
        assertUserError(cr("tlc", dir.resolve("MCFreeze.tla").toString()), "Freeze.tla does not parse");
    }

    @Test
    void badFlagsAreOneLineWithAHint() {
        Run r = cr("tlc", "freeze", "--workers", "lots");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--workers"), r.err());
        assertUserError(cr("tlc", "freeze", "--workers", "0"), "--workers");
        assertEquals(2, cr("frobnicate").code());
        assertUserError(cr("bench", "nonsense"), "unknown benchmark");
    }

    @Test
    void runExecutesAScenarioAndExitsByItsExpectations(@TempDir Path dir) throws IOException {
        Path examples = specs().resolve("../examples").normalize();
        Run ok = cr("run", "--trace", "--tree", examples.resolve("born-before-setsid.crs").toString());
        assertEquals(0, ok.code(), ok.out() + ok.err());
        assertTrue(ok.out().contains("freeze/box: Attach(2)"), "the trace names spec actions:\n" + ok.out());
        assertTrue(ok.out().contains("all hold"), ok.out());
        Path failing = dir.resolve("f.crs");
        Files.writeString(failing, "host fork a\nexpect EPERM\n");
        Run bad = cr("run", failing.toString());
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("f.crs:2: expected EPERM, got ok"), bad.err());
        Path malformed = dir.resolve("m.crs");
        Files.writeString(malformed, "host fork a\n# comment\n\na kill b2 SIGTERM\n");
        assertUserError(cr("run", malformed.toString()), "m.crs:4: unknown label 'b2'");
        assertUserError(cr("run", dir.resolve("none.crs").toString()), "no scenario file");
        Run dot = cr("run", "--dot", examples.resolve("subreaper.crs").toString());
        assertTrue(dot.out().startsWith("digraph tree {"), dot.out());
    }

    /**
     * An image written by one scenario, taken through its JSON form and back (as for a hand edit),
     * is restarted by another with restart file=; the restart's log names the TAIL's CRC as
     * ckptinfo does, and --trace and --plan speak in the scenario's lines and labels.
     */
    @Test
    void aSavedAndReencodedImageRestartsFromAFile(@TempDir Path dir) throws IOException {
        Path first = dir.resolve("take.crs");
        Files.writeString(first, "host fork init newpid cgroup=box\ninit setsid\ninit fork a\na exit 300\nfreeze box\n"
                + "checkpoint init image=snap\nexpect ok\n");
        Run take = cr("run", "--images", dir.resolve("imgs").toString(), "--trace", first.toString());
        assertEquals(0, take.code(), take.out() + take.err());
        assertTrue(Pattern.compile("(?m)^\\s+1\\s+1\\s+host\\[1\\]\\s+fork\\(").matcher(take.out()).find(),
                "each step shows its scenario line:\n" + take.out());
        Path img = dir.resolve("imgs/snap.img");
        Run info = cr("ckptinfo", img.toString());
        Matcher tail = Pattern.compile("TAIL\\s+20  crc32c (0x[0-9a-f]{8})").matcher(info.out());
        assertTrue(tail.find(), info.out());
        assertTrue(take.out().contains("TAIL crc32c " + tail.group(1)), "the log names the TAIL's value:\n" + take.out());
        assertTrue(Pattern.compile("(?m)^      log: checkpoint snap \\(by host \\(pid 1\\)\\): scan: .*\\n\\s+\\d+\\s+6\\s+-\\s+ckpt_scan\\(")
                .matcher(take.out()).find(), "the log is beside the step it describes:\n" + take.out());
        Path json = dir.resolve("snap.json");
        Files.writeString(json, cr("ckptinfo", "--json", img.toString()).out());
        Path edited = dir.resolve("edited.img");
        assertEquals(0, cr("ckptinfo", json.toString(), "--encode", "--fix-checksum", "-o", edited.toString()).code());
        Path second = dir.resolve("restore.crs");
        Files.writeString(second, "restart snap as=r file=edited.img\nexpect ok\nexpect pid r/pid1 1\n"
                + "expect zombie r/pid2 44\nexpect clean\nrestart other as=q file=missing.img\nexpect ENOENT\n");
        Run back = cr("run", "--plan", second.toString());
        assertEquals(0, back.code(), back.out() + back.err());
        assertTrue(back.out().contains("restarter creates 1 (eclone pids=[], CLONE_NEWPID)"), back.out());
        Path labelled = dir.resolve("labelled.crs");
        Files.writeString(labelled, Files.readString(first) + "destroy box\nrestart snap as=r\nexpect ok\n");
        Run plan = cr("run", "--plan", labelled.toString());
        assertTrue(plan.out().contains("task init(1) creates a(2)"), "the plan names tasks by label:\n" + plan.out());
    }

    /** A mistake at a line of a scenario starts with FILE:LINE:, as a compiler's does, for editors to jump to. */
    @Test
    void aScenarioErrorStartsWithItsFileAndLine(@TempDir Path dir) throws IOException {
        Path typo = dir.resolve("t.crs");
        Files.writeString(typo, "host fork a\nhost open /f fd=3 flags=rw mdoe=1\n");
        Run r = cr("run", typo.toString());
        assertUserError(r, "unknown option mdoe= (open PATH fd=N flags=r|w|rw)");
        assertTrue(r.err().startsWith(typo + ":2: "), r.err());
    }

    /** A directory or a binary file given as a scenario is the user's mistake, said in one line, not an internal error. */
    @Test
    void runRefusesWhatIsNotAScenarioFile(@TempDir Path dir) throws IOException {
        assertUserError(cr("run", dir.toString()), dir + " is a directory, not a scenario file");
        assertUserError(cr("run", "--on-linux", dir.toString()), dir + " is a directory, not a scenario file");
        Path binary = dir.resolve("b.crs");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, (byte) 0x80, 'h'});
        assertUserError(cr("run", binary.toString()), binary + " is not a text file (not UTF-8)");
        assertUserError(cr("run", "--on-linux", binary.toString()), binary + " is not a text file (not UTF-8)");
        Path bom = dir.resolve("bom.crs");
        Files.write(bom, "\uFEFFhost fork a\r\nexpect ok\r\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Run ok = cr("run", bom.toString());
        assertEquals(0, ok.code(), ok.out() + ok.err());
        assertUserError(cr("tlc", "freeze", "--timeout", "0"), "--timeout must be at least 1 second, not 0");
    }

    /**
     * With --dot the standard output is Graphviz's input and nothing else: the checkpoint and
     * restart log and the summary go to stderr. Checked with Graphviz's own parser when it is installed.
     */
    @Test
    void runDotWritesOnlyGraphvizToStdout() throws Exception {
        Path example = specs().resolve("../examples/restart-brief-example.crs").normalize();
        Run r = cr("run", "--dot", example.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().startsWith("digraph"), r.out());
        assertTrue(r.out().strip().endsWith("}"), r.out());
        assertFalse(r.out().contains("checkpoint") || r.out().contains("all hold"), r.out());
        assertTrue(r.err().contains("all hold"), r.err());
        Path dot = Stream.of(System.getenv("PATH").split(java.io.File.pathSeparator)).map(d -> Path.of(d, "dot"))
                .filter(Files::isExecutable).findFirst().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(dot != null, "Graphviz's dot is not installed: its parser not tried");
        Process p = new ProcessBuilder(dot.toString(), "-Tcanon").redirectErrorStream(true).start();
        p.getOutputStream().write(r.out().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String said = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), said);
    }

    @Test
    void benchPrintsOracleStepsPerSecondNextToOneTlcProcessPerTrace() {
        Run r = cr("bench", "oracle", "--steps", "5000", "--traces", "1");
        assertEquals(0, r.code(), r.out() + r.err());
        Matcher m = Pattern.compile("freeze oracle: ([\\d,]+) steps/s").matcher(r.out());
        assertTrue(m.find(), r.out());
        assertTrue(Long.parseLong(m.group(1).replace(",", "")) > 0);
        // every spec with a trace module, validated by one TLC process per trace too: a summary row
        // with both figures, the ratio and each goal met or the factor missing
        for (String spec : new String[] {"freeze", "eclone", "sharedobjects", "restart", "concurrentcheckpoint"}) {
            assertTrue(Pattern.compile("(?s)" + spec + " vs one TLC process per trace.*?1 of 1 accepted").matcher(r.out()).find(),
                    r.out());
            assertTrue(Pattern.compile("(?m)^" + spec + " +[\\d,]+ +[\\d,]+ +[\\d.,]+ +[\\d,]+x +(met|[\\d.]+x short) +"
                    + "(met|[\\d.]+x short)$").matcher(r.out()).find(), r.out());
        }
        assertFalse(r.out().contains("PROBLEM"), r.out());
        assertUserError(cr("bench", "--traces", "-1"), "--traces");
    }

    @Test
    void benchRestartsWholeTreesUpToTheCapAndComparesThemWithTheSavedOnes(@TempDir Path dir) throws IOException {
        Path html = dir.resolve("bench.html");
        Run r = cr("bench", "restart", "--restart-max-tasks", "1000", "--html", html.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        for (String n : new String[] {"1,000", "10,000", "100,000"}) {
            assertTrue(Pattern.compile(n + " tasks: planning +[\\d.,]+ ms, best of \\d+ \\(ok").matcher(r.out()).find(), r.out());
        }
        assertTrue(Pattern.compile("1,000 tasks: whole restart +[\\d.,]+ ms \\([\\d.,]+ us/task\\), checkpoint +[\\d.,]+ ms, "
                + "building and freezing the tree +[\\d.,]+ ms, best of \\d+ \\(ok, the same tree; image [\\d,]+ bytes\\)").matcher(r.out()).find(),
                r.out());
        assertTrue(r.out().contains("100,000 tasks: whole restart not measured (above --restart-max-tasks 1,000)"), r.out());
        assertTrue(Pattern.compile("planning +10,000: +[\\d.]+ +100,000: +[\\d.]+").matcher(r.out()).find(), r.out());
        assertTrue(r.out().contains("restart, 100,000 tasks: planning"), r.out());
        // the goals: planning's for 100,000 tasks and its growth (the whole restarts stopped at 1,000)
        assertTrue(Pattern.compile("(?m)^restart goals, 100,000 tasks: planning < 300 ms (met|[\\d.]+x over); time per task at "
                + "100,000 over 1,000 \\(goal <= 1.3\\): planning [\\d.]+ (met|[\\d.]+x over)$").matcher(r.out()).find(), r.out());
        assertFalse(r.out().contains("PROBLEM"), r.out());
        assertUserError(cr("bench", "restart", "--restart-max-tasks", "-1"), "--restart-max-tasks");
        // the chain is planned at 100,000 tasks whatever the cap: no walk of it may recurse
        assertTrue(Pattern.compile("100,000-task chain: planning +[\\d.,]+ ms, best of \\d+ \\(ok").matcher(r.out()).find(), r.out());
        assertTrue(r.out().contains("restart, 100,000 tasks in a chain: planning"), r.out());
        // the report: the three per-task plots with the points measured (planning: three sizes
        // and the chain; checkpoint and restart: 1,000 tasks only), and nothing fetched from elsewhere
        String page = Files.readString(html);
        assertTrue(page.contains("planning: time per task") && page.contains("whole restart: time per task"), page);
        assertEquals(4 + 1 + 1, Pattern.compile("<circle ").matcher(page).results().count(), page);
        assertFalse(page.contains("<script") || page.contains("href=") || page.contains("src="), page);
    }

    @Test
    void benchImagePutsEachFigureNextToItsRawCopyAndStatesEachGoal(@TempDir Path dir) throws IOException {
        Path html = dir.resolve("bench.html");
        Run r = cr("bench", "image", "--image-mib", "4", "--html", html.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        for (String row : new String[] {"checkpoint\\(\\) to memory \\(held image\\)", "checkpoint\\(\\) to a file \\(page cache\\)",
                "read from memory \\(parse, CRC32C\\)", "read from a file \\(parse, CRC32C\\)"}) {
            assertTrue(Pattern.compile(row + " +[\\d]+ MB/s +raw: +[\\d]+ MB/s \\(.*\\) +ratio [\\d.]+").matcher(r.out()).find(),
                    row + "\n" + r.out());
        }
        assertTrue(Pattern.compile("CRC32C allows at most [\\d.]+ of the raw copy writing to memory, [\\d.]+ reading from memory")
                .matcher(r.out()).find(), r.out());
        // the summary: each goal met or the factor missing (in memory: against 0.8, or 0.9 of
        // what CRC32C allows, naming it; to a file: against write(2))
        String goal = "[\\d.]+ \\(goal (0\\.8|[\\d.]+: 0\\.9 of the [\\d.]+ CRC32C allows): (met|[\\d.]+x short)\\)";
        assertTrue(Pattern.compile("image \\(4 MiB\\), speed as a fraction of a raw copy of the same bytes on the same sink: "
                + "write to memory " + goal + ", write to a file [\\d.]+ \\(goal 1\\.0 of write\\(2\\): (met|[\\d.]+x short)\\), "
                + "read from memory " + goal + ", read from a file [\\d.]+ \\(no goal\\)").matcher(r.out()).find(), r.out());
        String page = Files.readString(html);
        assertTrue(page.contains("image speed over its goal, 4 MiB") && page.contains("write, memory")
                && page.contains("write, file") && page.contains("read, memory"), page);
        assertFalse(page.contains("not measured"), page);
    }

    @Test
    void benchRefusesWhatItCannotRunInOneLine(@TempDir Path dir) {
        assertUserError(cr("bench", "nosuch"), "unknown benchmark 'nosuch'");
        assertUserError(cr("bench", "image", "--html", dir.toString()), "is a directory");
        assertUserError(cr("bench", "image", "--html", dir.resolve("no/such/dir/x.html").toString()), "no directory");
    }

    @Test
    void conformReportsStepsChecked() {
        Run r = cr("conform", "--spec", "freeze", "--runs", "20", "--steps", "30", "--seed", "9");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().matches("(?s)freeze: 20 traces, [\\d,]+ steps checked.*conforms\\s*"), r.out());
    }

    @Test
    void conformFromSpecReplaysSharedObjectsWithEveryActionCovered() {
        Run r = cr("conform", "--from-spec", "sharedobjects", "--behaviours", "0", "--runs", "5", "--seed", "2");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(Pattern.compile("480 behaviours \\(480 exhaustive\\), [\\d,]+ spec steps replayed .*: 0 divergences")
                .matcher(r.out()).find(), r.out());
        assertTrue(r.out().contains("action coverage: from the spec 12/12 (100%)"), r.out());
        assertUserError(cr("conform", "--from-spec", "checkpointrestart"), "--from-spec knows");
    }

    @Test
    void conformFromSpecReplaysRestartWithEveryActionCoveredFaultsIncluded() {
        Run r = cr("conform", "--from-spec", "restart", "--behaviours", "0", "--runs", "5", "--seed", "2");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(Pattern.compile("[\\d,]+ behaviours \\([\\d,]+ exhaustive\\), [\\d,]+ spec steps replayed .*: 0 divergences")
                .matcher(r.out()).find(), r.out());
        assertTrue(Pattern.compile("InjectFault +[1-9]").matcher(r.out()).find(), r.out());
        assertTrue(r.out().contains("action coverage: from the spec 15/15 (100%)"), r.out());
    }
}
