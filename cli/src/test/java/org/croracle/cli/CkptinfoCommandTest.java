package org.croracle.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.croracle.cli.MainTest.Run;
import org.croracle.impl.image.ImageRecord;
import org.croracle.impl.image.ImageWriter;
import org.croracle.impl.image.ObjType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** ./cr ckptinfo on a good image, the image of a failed checkpoint, and broken ones. */
class CkptinfoCommandTest {

    static ImageRecord.TreeEntry entry(int parent, int pid, int ppid, int state) {
        return new ImageRecord.TreeEntry(parent, pid, ppid, pid, 1, 1, state, state == 1 ? 9 : 0, 0, List.of(pid));
    }

    /** init (pid 1) and its child (pid 2), sharing one fd table with a pipe; 2 dirty heap pages. */
    static Path image(Path dir, ImageRecord.TaskObjs childObjs) throws IOException {
        Path file = dir.resolve("box.img");
        try (OutputStream os = Files.newOutputStream(file); ImageWriter w = new ImageWriter(os)) {
            w.write(ImageRecord.Header.of(32768, 32, 7, 0, "2.6.33-cr-sim"));
            w.write(new ImageRecord.Container(0, 2, 0, 0));
            w.write(new ImageRecord.Tree(List.of(entry(-1, 1, 0, 0), entry(0, 2, 1, 0))));
            w.write(new ImageRecord.Task(0, 0, 0, 0, 0, 1L << 14, 0));
            w.write(new ImageRecord.ObjRef(ObjType.FILE_TABLE, 1, 0));
            w.write(new ImageRecord.ObjRef(ObjType.FILE, 2, 0));
            w.write(new ImageRecord.ObjRef(ObjType.INODE_PIPE, 3, 0));
            w.write(new ImageRecord.PipeInode("abc".getBytes(StandardCharsets.UTF_8)));
            w.write(new ImageRecord.File(3, 0, ImageRecord.File.READABLE));
            w.write(new ImageRecord.FileTable(List.of(new ImageRecord.FdEntry(0, 2, false))));
            w.write(new ImageRecord.ObjRef(ObjType.MM, 4, 0));
            w.write(new ImageRecord.Mm(1));
            w.write(new ImageRecord.Vma("heap", 8, 0, 0, 0));
            w.writePages(new long[] {0, 5}, new byte[] {1, 2}, 2);
            w.writePagesEnd();
            w.write(new ImageRecord.ObjRef(ObjType.FS, 5, 0));
            w.write(new ImageRecord.Fs("/"));
            w.write(new ImageRecord.ObjRef(ObjType.SIGHAND, 6, 0));
            w.write(new ImageRecord.Sighand(List.of(new ImageRecord.SigEntry(15, ImageRecord.SigEntry.IGNORE))));
            w.write(new ImageRecord.TaskObjs(1, 4, 5, 6));
            w.write(new ImageRecord.Task(1, 1000, 1000, 0, 0, 0, 0));
            w.write(childObjs);
            w.writeTail();
        }
        return file;
    }

    static Path good(Path dir) throws IOException {
        return image(dir, new ImageRecord.TaskObjs(1, 4, 5, 6));
    }

    /** The JSON form given where an image belongs is named as such, with the command that makes it an image. */
    @Test
    void anImagesJsonFormIsNotReadAsAnImage(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("box.json");
        Run dump = MainTest.cr("ckptinfo", "--json", good(dir).toString());
        assertEquals(0, dump.code(), dump.err());
        Files.writeString(json, dump.out());
        Run r = MainTest.cr("ckptinfo", json.toString());
        MainTest.assertUserError(r, "is an image's JSON form (as --json writes), not an image: make it one with ./cr ckptinfo "
                + json + " --encode -o IMAGE");
        assertEquals("", r.out());
    }

    /** --json of a broken image is an error and no JSON at all: partial JSON would look like a whole image. */
    @Test
    void jsonOfABrokenImageWritesNothing(@TempDir Path dir) throws IOException {
        Path cut = dir.resolve("cut.img");
        Files.write(cut, java.util.Arrays.copyOf(Files.readAllBytes(good(dir)), 200));
        Run r = MainTest.cr("ckptinfo", "--json", cut.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertEquals("", r.out());
        assertTrue(r.err().contains("image offset"), r.err());
    }

    /** --summary's total is the file's size: the alignment between records is a row of its own. */
    @Test
    void theSummaryAddsUpToTheFileSize(@TempDir Path dir) throws IOException {
        Path img = good(dir);
        Run r = MainTest.cr("ckptinfo", "--summary", img.toString());
        assertEquals(0, r.code(), r.err());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^total\\s+[\\d,]+\\s+([\\d,]+)$").matcher(r.out());
        assertTrue(m.find(), r.out());
        assertEquals(Files.size(img), Long.parseLong(m.group(1).replace(",", "")), r.out());
        assertTrue(r.out().contains("(alignment)"), r.out());
    }

    @Test
    void listsEveryRecord(@TempDir Path dir) throws IOException {
        Run r = MainTest.cr("ckptinfo", good(dir).toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("    offset  type"), r.out());
        assertTrue(r.out().matches("(?s).*\\n\\s+0  HEADER\\s+\\d+  version 1, arch sim64, page 4096.*"), r.out());
        assertTrue(r.out().contains("OBJREF              20  FILE_TABLE objref 1"), r.out());
        assertTrue(r.out().contains("INODE_PIPE          15  3 bytes buffered"), r.out());
        assertTrue(r.out().contains("pending SIGTERM"), r.out());
        assertTrue(r.out().contains("2 pages: 0 5"), r.out());
        assertTrue(r.out().contains("SIGTERM ignore"), r.out());
        assertTrue(r.out().contains("TAIL                20  crc32c 0x"), r.out());
        assertTrue(r.out().contains("box.img: 23 records, 2 tasks, 6 objects"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void printsTheTreeAndTheObjects(@TempDir Path dir) throws IOException {
        Run r = MainTest.cr("ckptinfo", "--tree", "--objects", good(dir).toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().matches("(?s)index\\s+pid\\s+ppid.*\\n\\s*0  1\\s+-\\s+1\\s+1\\s+1\\s+running.*"), r.out());
        assertTrue(r.out().contains("1    2     1"), "the child is indented:\n" + r.out());
        assertTrue(r.out().contains("1  FILE_TABLE  -"), r.out());
        assertTrue(r.out().contains("task 0 (pid 1), task 1 (pid 2)"), r.out());
        assertFalse(r.out().contains("HEADER"), "no record list with --tree/--objects");
    }

    @Test
    void checkPassesAGoodImageAndFailsABrokenOne(@TempDir Path dir) throws IOException {
        Run ok = MainTest.cr("ckptinfo", "--check", good(dir).toString());
        assertEquals(0, ok.code(), ok.out() + ok.err());
        assertTrue(ok.out().contains("well-formed"), ok.out());
        Path bad = image(dir, new ImageRecord.TaskObjs(1, 5, 5, 6));
        Run r = MainTest.cr("ckptinfo", "--check", bad.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("TASK_OBJS mmRef 5 is of type FS, not MM"), r.out());
        assertTrue(r.out().contains("1 problem(s)"), r.out());
    }

    @Test
    void anErrorImageShowsTheFailure(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("failed.img");
        try (OutputStream os = Files.newOutputStream(file); ImageWriter w = new ImageWriter(os)) {
            w.writeError(16, "usage leak: pipe (objref 3) is also held outside the container");
        }
        Run r = MainTest.cr("ckptinfo", file.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("ERROR"), r.out());
        assertTrue(r.out().contains("checkpoint FAILED: EBUSY (Device or resource busy): usage leak: pipe (objref 3)"),
                r.out());
        Run check = MainTest.cr("ckptinfo", "--check", file.toString());
        assertEquals(0, check.code(), check.out());
    }

    @Test
    void aCorruptImageIsOneLineAndFails(@TempDir Path dir) throws IOException {
        Path file = good(dir);
        byte[] b = Files.readAllBytes(file);
        b[b.length / 2] ^= 1; // inside a page: only the CRC sees it
        Files.write(file, b);
        Run r = MainTest.cr("ckptinfo", file.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().startsWith("cr: " + file + ": image offset "), r.err());
        assertTrue(r.err().contains("crc32c"), r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
        assertTrue(r.out().contains("HEADER"), "the records before the damage are listed");
        Path truncated = dir.resolve("cut.img");
        Files.write(truncated, java.util.Arrays.copyOf(b, 120));
        Run cut = MainTest.cr("ckptinfo", "--tree", truncated.toString());
        assertEquals(1, cut.code());
        assertTrue(cut.err().contains("image offset 120: the image ends inside the TREE record at offset 96"), cut.err());
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "hello, this is not an image");
        Run notImage = MainTest.cr("ckptinfo", text.toString());
        assertEquals(1, notImage.code());
        assertTrue(notImage.err().contains("image offset 0: unknown record type"), notImage.err());
    }

    @Test
    void aMissingFileIsAUserError() {
        MainTest.assertUserError(MainTest.cr("ckptinfo", "no-such.img"), "no image file no-such.img");
        MainTest.assertUserError(MainTest.cr("ckptinfo", "--encode", "no-such.json"), "no image file");
    }

    @Test
    void jsonDecodesAndEncodesBackByteForByte(@TempDir Path dir) throws IOException {
        Path file = good(dir);
        Run r = MainTest.cr("ckptinfo", "--json", file.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals("HEADER", json.get("records").get(0).get("type").asText());
        Path jsonFile = dir.resolve("box.json");
        Files.writeString(jsonFile, r.out());
        Path back = dir.resolve("back.img");
        Run enc = MainTest.cr("ckptinfo", "--encode", jsonFile.toString(), "--output", back.toString());
        assertEquals(0, enc.code(), enc.err());
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(back));
        Files.writeString(jsonFile, r.out().replace("\"type\" : \"FS\"", "\"type\" : \"FSX\""));
        MainTest.assertUserError(MainTest.cr("ckptinfo", "--encode", jsonFile.toString(), "-o", back.toString()),
                "unknown type \"FSX\"");
        MainTest.assertUserError(MainTest.cr("ckptinfo", "--encode", jsonFile.toString()), "--encode needs --output");
    }
}
