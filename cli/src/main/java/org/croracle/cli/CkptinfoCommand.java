package org.croracle.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.croracle.impl.image.ImageChecker;
import org.croracle.impl.image.ImageFormatException;
import org.croracle.impl.image.ImageJson;
import org.croracle.impl.image.ImageJsonException;
import org.croracle.impl.image.ImageProblem;
import org.croracle.impl.image.ImageReader;
import org.croracle.impl.image.ReadRecord;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./cr ckptinfo IMAGE}: what a checkpoint image holds, read through the same reader restart
 * uses (like user-cr's ckptinfo, and CRIU's crit for the JSON form).
 */
@Command(name = "ckptinfo", mixinStandardHelpOptions = true,
        description = "Print a checkpoint image: one line per record (offset, type, length, summary), or its task "
                + "tree, its objects, its JSON form; check its object discipline; encode JSON back to an image. "
                + "Exit 0 if the image is well-formed (an image of a failed checkpoint included), 1 if it is malformed "
                + "or --check finds a problem, 2 if the file cannot be read.")
final class CkptinfoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "The image (with --encode: its JSON form).")
    Path file;

    @Option(names = "--tree", description = "Print the task tree: index, pid (indented by depth), ppid, tgid, pgid, "
            + "sid, state, exit, pid vector.")
    boolean tree;

    @Option(names = "--objects", description = "Print every shared object: objref, type, shared outside, users.")
    boolean objects;

    @Option(names = "--fds", description = "Per task: each fd with its objref, kind, offset, access, close-on-exec.")
    boolean fds;

    @Option(names = "--mems", description = "Per task: each memory region with its size, sharing and dirty pages.")
    boolean mems;

    @Option(names = "--summary", description = "Records and bytes per record type.")
    boolean summary;

    @Option(names = "--fix-checksum", description = "With --encode: write the TAIL's CRC of the image as encoded "
            + "(for a hand-edited image); without it the JSON's crc is kept.")
    boolean fixChecksum;

    @Option(names = "--json", description = "Print the image as JSON (page contents in base64).")
    boolean json;

    @Option(names = "--check", description = "Check the order of records and the objref discipline; exit 1 on a problem.")
    boolean check;

    @Option(names = "--encode", description = "Read IMAGE as JSON (from --json) and write the binary image to --output.")
    boolean encode;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where --encode writes the image.")
    Path output;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(file)) {
            throw new UserError("no image file " + file);
        }
        if (encode) {
            return encode(out);
        }
        if (output != null) {
            throw new UserError("--output is for --encode");
        }
        if (looksLikeJson()) {
            throw new UserError(file + " is an image's JSON form (as --json writes), not an image: make it one with "
                    + "./cr ckptinfo " + file + " --encode -o IMAGE");
        }
        if (fixChecksum) {
            throw new UserError("--fix-checksum is for --encode");
        }
        boolean list = !tree && !objects && !json && !check && !fds && !mems && !summary;
        java.util.List<ReadRecord> all = new java.util.ArrayList<>();
        ImageChecker checker = new ImageChecker();
        try (ImageReader reader = ImageReader.open(file)) {
            if (json) {
                // the whole JSON or none: a broken image must not leave valid-looking partial JSON on stdout
                java.io.StringWriter whole = new java.io.StringWriter();
                ImageJson.decode(reader, whole);
                out.println(whole);
                return 0;
            }
            if (list) {
                out.println(ImageText.LIST_HEADER);
            }
            for (Optional<ReadRecord> r = reader.next(); r.isPresent(); r = reader.next()) {
                checker.accept(r.get());
                if (summary || fds || mems) {
                    all.add(r.get());
                }
                if (list) {
                    out.println(ImageText.line(r.get()));
                }
            }
        } catch (ImageFormatException e) {
            out.flush();
            err.println("cr: " + file + ": " + e.getMessage());
            return Main.FAILED;
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage());
        }
        checker.finish();
        if (summary) {
            out.print(ImageViews.summary(all, bytes(all).length));
        }
        if (fds || mems) {
            org.croracle.impl.restart.ImageLoader.Loaded loaded = org.croracle.impl.restart.ImageLoader.load(bytes(all));
            if (loaded.refusal() != null) {
                err.println("cr: " + file + ": " + loaded.refusal());
                return Main.FAILED;
            }
            out.print(fds ? ImageViews.fds(loaded.image()) : "");
            out.print(mems ? ImageViews.mems(loaded.image()) : "");
        }
        return report(out, checker, list);
    }

    private int report(PrintWriter out, ImageChecker checker, boolean list) {
        if (list) {
            out.printf("%s: %s, %s, %s%n", file, count(checker.records(), "record"), count(checker.tree().size(), "task"),
                    count(checker.objects().size(), "object"));
        }
        if (tree) {
            out.print(ImageText.tree(checker.tree()));
        }
        if (objects) {
            out.print(ImageText.objects(checker));
        }
        checker.error().ifPresent(e -> out.printf("checkpoint FAILED: %s: %s%n", ImageText.errno(e.errno()), e.message()));
        if (!check) {
            return 0;
        }
        for (ImageProblem p : checker.problems()) {
            out.println(p);
        }
        out.printf("%s: %s%n", file, checker.ok() ? "well-formed: the order of records and the objref discipline hold"
                : checker.problems().size() + " problem(s)");
        return checker.ok() ? 0 : Main.FAILED;
    }

    /** Whether the file is text starting with '{', as --json writes: an image's JSON form given where an image is. */
    private boolean looksLikeJson() {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            int c;
            do {
                c = in.read();
            } while (c == ' ' || c == '\n' || c == '\r' || c == '\t');
            return c == '{';
        } catch (IOException e) {
            return false;
        }
    }

    /** The image's bytes again (the views reuse restart's loader, which reads bytes). */
    private byte[] bytes(java.util.List<ReadRecord> records) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static String count(long n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    private int encode(PrintWriter out) {
        if (output == null) {
            throw new UserError("--encode needs --output FILE (an image is binary)");
        }
        if (tree || objects || json || check || fds || mems || summary) {
            throw new UserError("--encode takes no other option than --output and --fix-checksum");
        }
        // Written to a temporary file and renamed: a JSON error leaves no partial image behind.
        java.nio.file.Path tmp = null;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            java.nio.file.Path dir = output.toAbsolutePath().getParent();
            tmp = Files.createTempFile(dir, output.getFileName().toString(), ".part");
            try (OutputStream img = Files.newOutputStream(tmp)) {
                ImageJson.encode(in, img, fixChecksum);
            }
            Files.move(tmp, output, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (ImageJsonException e) {
            throw new UserError(file + ": " + e.getMessage());
        } catch (IOException e) {
            throw new UserError("cannot encode " + file + " to " + output + ": " + e.getMessage());
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the rename either happened or the error above is reported
                }
            }
        }
        out.printf("%s: written from %s%n", output, file);
        return 0;
    }
}
