package org.croracle.impl.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** decode then encode is the identity on images; the JSON reads like the format description. */
class ImageJsonTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void encodingTheDecodingGivesTheSameBytes() throws Exception {
        byte[] image = SampleImage.bytes();
        assertArrayEquals(image, ImageJson.encode(ImageJson.decode(image)));
        byte[] error = SampleImage.errorImage(16, "usage leak: objref 4 ☃");
        assertArrayEquals(error, ImageJson.encode(ImageJson.decode(error)));
    }

    @Test
    void theJsonNamesTheFormatsFields() throws Exception {
        JsonNode json = JSON.readTree(ImageJson.decode(SampleImage.bytes()));
        assertEquals(ImageJson.FORMAT, json.get("format").asText());
        JsonNode records = json.get("records");
        JsonNode header = records.get(0);
        assertEquals("HEADER", header.get("type").asText());
        assertEquals(0, header.get("offset").asInt());
        assertEquals(4096, header.get("pageSize").asInt());
        assertEquals("2.6.33-cr-sim", header.get("kernelRelease").asText());
        JsonNode objref = records.get(4);
        assertEquals("OBJREF", objref.get("type").asText());
        assertEquals("FILE_TABLE", objref.get("objType").asText());
        assertFalse(objref.has("sharedOutside"), "only the fields of the record, not derived ones");
        JsonNode chunk = null;
        for (JsonNode r : records) {
            if (r.get("type").asText().equals("PGARR") && r.get("pageIndexes").size() == 2) {
                chunk = r;
            }
        }
        assertEquals(List.of(1L, 3L), List.of(chunk.get("pageIndexes").get(0).asLong(), chunk.get("pageIndexes").get(1).asLong()));
        byte[] contents = Base64.getDecoder().decode(chunk.get("contents").asText());
        assertEquals(2 * 4096, contents.length);
        assertEquals(7, contents[0]);
    }

    @Test
    void fixChecksumGivesAnEditedImageTheRightCrcAndOnlyWhenAsked() throws Exception {
        ObjectNode json = (ObjectNode) JSON.readTree(ImageJson.decode(SampleImage.bytes()));
        JsonNode records = json.get("records");
        int last = records.size() - 7;
        ObjectNode fs = (ObjectNode) records.get(last);
        assertEquals("FS", fs.get("type").asText());
        fs.put("cwd", "/tmp");
        byte[] stale = ImageJson.encode(JSON.writeValueAsString(json)); // the old crc: the reader refuses it
        ImageFormatException bad = assertThrows(ImageFormatException.class, () -> ImageReader.readAll(stale));
        assertTrue(bad.getMessage().contains("crc32c"), bad.getMessage());
        ((ObjectNode) records.get(records.size() - 1)).remove("crc");
        assertThrows(ImageJsonException.class, () -> ImageJson.encode(JSON.writeValueAsString(json)));
        byte[] edited = ImageJson.encode(JSON.writeValueAsString(json), true);
        List<ReadRecord> read = ImageReader.readAll(edited);
        assertEquals(new ImageRecord.Fs("/tmp"), read.get(last).record());
        assertTrue(ImageChecker.check(read).ok());
    }

    @Test
    void badJsonIsAnImageJsonException() {
        assertThrows(ImageJsonException.class, () -> ImageJson.encode("[]"));
        assertThrows(ImageJsonException.class, () -> ImageJson.encode("{\"records\": [ {\"type\": "));
        ImageJsonException unknown = assertThrows(ImageJsonException.class,
                () -> ImageJson.encode("{\"records\": [{\"type\": \"TASK_CREDS\"}]}"));
        assertTrue(unknown.getMessage().contains("record 0: unknown type \"TASK_CREDS\""), unknown.getMessage());
        ImageJsonException missing = assertThrows(ImageJsonException.class,
                () -> ImageJson.encode("{\"records\": [{\"type\": \"FS\"}]}"));
        assertTrue(missing.getMessage().startsWith("record 0: "), missing.getMessage());
        assertTrue(missing.getMessage().contains("cwd"), missing.getMessage());
        ImageJsonException extra = assertThrows(ImageJsonException.class,
                () -> ImageJson.encode("{\"records\": [{\"type\": \"FS\", \"cwd\": \"/\", \"root\": \"/\"}]}"));
        assertTrue(extra.getMessage().contains("root"), extra.getMessage());
        ImageJsonException bad = assertThrows(ImageJsonException.class,
                () -> ImageJson.encode("{\"records\": [{\"type\": \"PGARR\", \"pageIndexes\": [1], \"contents\": \"\"}]}"));
        assertTrue(bad.getMessage().contains("1 pages need 4096 bytes"), bad.getMessage());
        assertThrows(ImageJsonException.class, () -> ImageJson.encode("{\"formatVersion\": 2, \"records\": []}"));
    }
}
