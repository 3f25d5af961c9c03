package org.croracle.impl.image;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads an image record by record, without seeking, treating it as hostile: every length is
 * bounded before anything is allocated, every record type must be known, padding must be zero,
 * the first record must be HEADER (magic and format version checked) or ERROR, the TAIL's magic
 * and CRC32C must match, nothing may follow TAIL or ERROR, and a stream that ends before either is
 * truncated. Any violation is an {@link ImageFormatException} at the offending byte.
 *
 * <p>Only one record is held at a time: a PGARR's contents are read into an array of that chunk's
 * size, so a 1 GiB image is read in about 1 MiB of memory.
 */
public final class ImageReader implements Closeable {
    private final InputStream stream;
    private final boolean closeUnderlying;
    private final ImageInput in;
    /** The buffer PGARR contents are read into if this reader lends one, else null. */
    private final PayloadInput.PageBuffers lent;
    private ImageRecord.Header header;
    private boolean first = true;
    private boolean ended;

    /** Reads from {@code in}; {@link #close()} leaves it open. */
    public ImageReader(InputStream in) {
        this(in, false);
    }

    public ImageReader(InputStream in, boolean closeUnderlying) {
        this(in, closeUnderlying, null);
    }

    private ImageReader(InputStream in, boolean closeUnderlying, PayloadInput.PageBuffers lent) {
        this.stream = in;
        this.closeUnderlying = closeUnderlying;
        this.in = new ImageInput(in);
        this.lent = lent;
    }

    /**
     * A reader that lends the page contents it reads: every PGARR's contents are read into one
     * buffer that the reader reuses, so they are valid only until the next call to {@link #next()}. For a reader that checks an image without keeping its pages (parse and
     * checksum): a 1 GiB image is then read at the speed of one copy into buffers in the cache,
     * instead of into a gigabyte of fresh arrays, which costs the copy and as much again to clear
     * the memory.
     * Everything else is checked as by any reader. {@link #close()} leaves {@code in} open.
     */
    public static ImageReader lendingPages(InputStream in) {
        return new ImageReader(in, false, new PayloadInput.PageBuffers());
    }

    /** A reader of the file at {@code path}, which {@link #close()} closes. */
    public static ImageReader open(Path path) throws IOException {
        return new ImageReader(Files.newInputStream(path), true);
    }

    /** Every record of an image held in memory. */
    public static List<ReadRecord> readAll(byte[] image) throws ImageFormatException {
        try {
            return readAll(new ByteArrayInputStream(image));
        } catch (IOException e) {
            throw new UncheckedIOException("a byte array cannot fail to read", e);
        }
    }

    /** Every record of the stream (for small images: this holds every page chunk). */
    public static List<ReadRecord> readAll(InputStream image) throws IOException, ImageFormatException {
        ImageReader r = new ImageReader(image);
        List<ReadRecord> out = new ArrayList<>();
        for (Optional<ReadRecord> rec = r.next(); rec.isPresent(); rec = r.next()) {
            out.add(rec.get());
        }
        return out;
    }

    /** The HEADER, once read. */
    public Optional<ImageRecord.Header> header() {
        return Optional.ofNullable(header);
    }

    /** The offset of the next record. */
    public long offset() {
        return in.offset();
    }

    /**
     * The next record, or empty after the TAIL or ERROR that ended the image (and only then: a
     * stream that ends elsewhere is an {@link ImageFormatException}).
     */
    public Optional<ReadRecord> next() throws IOException, ImageFormatException {
        if (ended) {
            return Optional.empty();
        }
        long start = in.offset();
        if (!in.request(ImageFormat.HEADER_BYTES)) {
            if (in.buffered() == 0) {
                throw new ImageFormatException(start, start == 0 ? "the image is empty"
                        : "the image ends without a TAIL or ERROR record");
            }
            throw new ImageFormatException(start + in.buffered(), "the image ends inside the record header at offset "
                    + start);
        }
        int code = in.int32();
        int len = in.int32();
        RecordType type = RecordType.byCode(code).orElseThrow(() ->
                new ImageFormatException(start, "unknown record type " + Integer.toUnsignedString(code)));
        if (len < ImageFormat.HEADER_BYTES || len > ImageFormat.MAX_RECORD_LENGTH) {
            throw new ImageFormatException(start + 4, type + " record length " + Integer.toUnsignedString(len)
                    + " is outside " + ImageFormat.HEADER_BYTES + ".." + ImageFormat.MAX_RECORD_LENGTH);
        }
        checkSequence(start, type);
        // Only a TAIL needs the CRC so far; asking for it at every record would wait, at every
        // record, for the pages still being checksummed.
        int crcBefore = type == RecordType.TAIL ? in.crcBefore(ImageFormat.HEADER_BYTES) : 0;
        PayloadInput payload = new PayloadInput(in, lent, type, start, len - ImageFormat.HEADER_BYTES);
        ImageRecord record = decode(type, payload);
        payload.end();
        skipPadding(payload, len);
        if (record instanceof ImageRecord.Header h) {
            header = h;
        } else if (record instanceof ImageRecord.Tail t && t.crc() != crcBefore) {
            throw new ImageFormatException(start + 16, String.format(
                    "TAIL crc32c 0x%08x does not match the image's 0x%08x: the image is corrupt", t.crc(), crcBefore));
        }
        if (type == RecordType.TAIL || type == RecordType.ERROR) {
            ended = true;
            if (in.request(1)) {
                throw new ImageFormatException(in.offset(), "data after the " + type + " record that ends the image");
            }
        }
        return Optional.of(new ReadRecord(start, len, record));
    }

    /** Only framing order: HEADER (or ERROR) first, HEADER only first. The rest is ImageChecker's. */
    private void checkSequence(long start, RecordType type) throws ImageFormatException {
        if (first && type != RecordType.HEADER && type != RecordType.ERROR) {
            throw new ImageFormatException(start, "the image starts with a " + type + " record, not HEADER or ERROR");
        }
        if (!first && type == RecordType.HEADER) {
            throw new ImageFormatException(start, "a second HEADER record");
        }
        first = false;
    }

    private void skipPadding(PayloadInput payload, int len) throws IOException, ImageFormatException {
        int pad = ImageFormat.padding(len);
        if (pad == 0) {
            return;
        }
        if (!in.request(pad)) {
            throw payload.truncated(in.offset() + in.buffered());
        }
        for (int i = 0; i < pad; i++) {
            long at = in.offset();
            if (in.int8() != 0) {
                throw new ImageFormatException(at, "non-zero padding after the " + payload.type() + " record");
            }
        }
    }

    private static ImageRecord decode(RecordType type, PayloadInput in) throws ImageFormatException, IOException {
        switch (type) {
            case HEADER: return ImageRecord.Header.decode(in);
            case CONTAINER: return ImageRecord.Container.decode(in);
            case TREE: return ImageRecord.Tree.decode(in);
            case TASK: return ImageRecord.Task.decode(in);
            case TASK_OBJS: return ImageRecord.TaskObjs.decode(in);
            case OBJREF: return ImageRecord.ObjRef.decode(in);
            case FILE_TABLE: return ImageRecord.FileTable.decode(in);
            case FILE: return ImageRecord.File.decode(in);
            case INODE_REGULAR: return ImageRecord.RegularInode.decode(in);
            case INODE_PIPE: return ImageRecord.PipeInode.decode(in);
            case INODE_SOCKET: return ImageRecord.SocketInode.decode(in);
            case SHMEM: return ImageRecord.Shmem.decode(in);
            case MM: return ImageRecord.Mm.decode(in);
            case VMA: return ImageRecord.Vma.decode(in);
            case PGARR: return ImageRecord.PageChunk.decode(in);
            case FS: return ImageRecord.Fs.decode(in);
            case SIGHAND: return ImageRecord.Sighand.decode(in);
            case TAIL: return ImageRecord.Tail.decode(in);
            case ERROR: return ImageRecord.Error.decode(in);
            default: throw new AssertionError(type);
        }
    }

    /** Closes the underlying stream only if this reader was asked to own it. */
    @Override
    public void close() throws IOException {
        if (closeUnderlying) {
            stream.close();
        }
    }
}
