package org.croracle.impl.image;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON form of an image, like CRIU's {@code crit decode / encode}: one object per record with
 * its offset, length, type and fields (byte arrays, page contents included, as base64). Encoding
 * the JSON of an image gives back the image byte for byte. Both directions stream, one record at
 * a time.
 *
 * <pre>
 * {"format": "cr-oracle checkpoint image", "formatVersion": 1, "records": [
 *   {"offset": 0, "length": 61, "type": "HEADER", "arch": 1, "pageSize": 4096, ...}, ...]}
 * </pre>
 *
 * <p>On encoding, offset and length are ignored (they follow from the records); a TAIL without a
 * {@code crc} field is kept as it is unless the caller asks to fix it (then it gets the CRC of what
 * precedes it, so a hand-edited image stays valid), while a
 * TAIL with one is written as given.
 */
public final class ImageJson {
    public static final String FORMAT = "cr-oracle checkpoint image";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);

    private static final Map<RecordType, Class<? extends ImageRecord>> CLASSES = new EnumMap<>(RecordType.class);

    static {
        CLASSES.put(RecordType.HEADER, ImageRecord.Header.class);
        CLASSES.put(RecordType.CONTAINER, ImageRecord.Container.class);
        CLASSES.put(RecordType.TREE, ImageRecord.Tree.class);
        CLASSES.put(RecordType.TASK, ImageRecord.Task.class);
        CLASSES.put(RecordType.TASK_OBJS, ImageRecord.TaskObjs.class);
        CLASSES.put(RecordType.OBJREF, ImageRecord.ObjRef.class);
        CLASSES.put(RecordType.FILE_TABLE, ImageRecord.FileTable.class);
        CLASSES.put(RecordType.FILE, ImageRecord.File.class);
        CLASSES.put(RecordType.INODE_REGULAR, ImageRecord.RegularInode.class);
        CLASSES.put(RecordType.INODE_PIPE, ImageRecord.PipeInode.class);
        CLASSES.put(RecordType.INODE_SOCKET, ImageRecord.SocketInode.class);
        CLASSES.put(RecordType.SHMEM, ImageRecord.Shmem.class);
        CLASSES.put(RecordType.MM, ImageRecord.Mm.class);
        CLASSES.put(RecordType.VMA, ImageRecord.Vma.class);
        CLASSES.put(RecordType.PGARR, ImageRecord.PageChunk.class);
        CLASSES.put(RecordType.FS, ImageRecord.Fs.class);
        CLASSES.put(RecordType.SIGHAND, ImageRecord.Sighand.class);
        CLASSES.put(RecordType.TAIL, ImageRecord.Tail.class);
        CLASSES.put(RecordType.ERROR, ImageRecord.Error.class);
    }

    private ImageJson() {}

    /** Writes the JSON of every record the reader yields; a malformed image stops it midway. */
    public static void decode(ImageReader reader, Writer out) throws IOException, ImageFormatException {
        try (JsonGenerator g = MAPPER.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("format", FORMAT);
            g.writeNumberField("formatVersion", ImageFormat.FORMAT_VERSION);
            g.writeArrayFieldStart("records");
            for (Optional<ReadRecord> r = reader.next(); r.isPresent(); r = reader.next()) {
                MAPPER.writeTree(g, toJson(r.get()));
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    /** The JSON of an image held in memory. */
    public static String decode(byte[] image) throws ImageFormatException {
        StringWriter out = new StringWriter();
        try {
            decode(new ImageReader(new ByteArrayInputStream(image)), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** One record as a JSON object: offset, length, type, then its fields. */
    public static ObjectNode toJson(ReadRecord r) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("offset", r.offset());
        n.put("length", r.length());
        n.put("type", r.type().name());
        n.setAll((ObjectNode) MAPPER.valueToTree(r.record()));
        return n;
    }

    /** Writes the image whose JSON {@code json} holds, its TAIL's crc as the JSON says. */
    public static void encode(Reader json, OutputStream image) throws IOException, ImageJsonException {
        encode(json, image, false);
    }

    /**
     * Writes the image whose JSON {@code json} holds. The TAIL's crc is the JSON's (so that a
     * test can make an image with a bad checksum) unless {@code fixChecksum}: then it is the CRC
     * of what precedes it, as a hand-edited image needs.
     */
    public static void encode(Reader json, OutputStream image, boolean fixChecksum) throws IOException, ImageJsonException {
        int index = -1;
        try (JsonParser p = MAPPER.createParser(json); ImageWriter w = new ImageWriter(image)) {
            expect(p.nextToken() == JsonToken.START_OBJECT, "the JSON is not an object");
            boolean sawRecords = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "format" -> expect(FORMAT.equals(p.getValueAsString()), "format is not \"" + FORMAT + "\"");
                    case "formatVersion" -> expect(value == JsonToken.VALUE_NUMBER_INT
                            && p.getIntValue() == ImageFormat.FORMAT_VERSION,
                            "formatVersion is not " + ImageFormat.FORMAT_VERSION);
                    case "records" -> {
                        expect(value == JsonToken.START_ARRAY, "records is not an array");
                        sawRecords = true;
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            index++;
                            write(w, (ObjectNode) MAPPER.readTree(p), index, fixChecksum);
                        }
                        expect(p.currentToken() == JsonToken.END_ARRAY, "a record is not an object");
                    }
                    default -> throw new ImageJsonException("unknown field \"" + field + "\"");
                }
            }
            expect(sawRecords, "no records");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ImageJsonException((index >= 0 ? "record " + index + ": " : "") + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ImageJsonException("record " + index + ": " + e.getMessage(), e);
        }
    }

    /** The image whose JSON is {@code json}. */
    public static byte[] encode(String json) throws ImageJsonException {
        return encode(json, false);
    }

    public static byte[] encode(String json, boolean fixChecksum) throws ImageJsonException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            encode(new StringReader(json), out, fixChecksum);
        } catch (IOException e) {
            throw new ImageJsonException(e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private static void write(ImageWriter w, ObjectNode n, int index, boolean fixChecksum)
            throws IOException, ImageJsonException {
        JsonNode typeNode = n.remove("type");
        n.remove("offset");
        n.remove("length");
        if (typeNode == null || !typeNode.isTextual()) {
            throw new ImageJsonException("record " + index + ": no \"type\"");
        }
        RecordType type;
        try {
            type = RecordType.valueOf(typeNode.asText());
        } catch (IllegalArgumentException e) {
            throw new ImageJsonException("record " + index + ": unknown type \"" + typeNode.asText() + "\"");
        }
        if (type == RecordType.TAIL && (fixChecksum || !n.has("crc"))) {
            expect(fixChecksum, "record " + index + ": TAIL has no crc (--fix-checksum computes it)");
            n.remove("crc");
            expect(n.isEmpty(), "record " + index + ": TAIL has fields other than crc");
            w.writeTail();
            return;
        }
        w.write(MAPPER.treeToValue(n, CLASSES.get(type)));
    }

    private static void expect(boolean condition, String message) throws ImageJsonException {
        if (!condition) {
            throw new ImageJsonException(message);
        }
    }
}
