package io.qrfleet.gateway.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import io.qrfleet.common.storage.ObjectStore;
import io.qrfleet.contract.JobResult;
import io.qrfleet.contract.Verification;
import io.qrfleet.contract.batch.BatchItemMessage;
import io.qrfleet.contract.render.QrRenderer;
import io.qrfleet.gateway.AbstractGatewayIT;
import io.qrfleet.gateway.TestQueue;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.amqp.core.Message;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Batch submission, status and archive against a real broker and S3 server; the test plays the worker. */
@TestPropertySource(
        properties = {"management.server.port=0", "qr.gateway.batch-max-items=50", "qr.gateway.max-batch-body=64KB"})
class BatchApiIT extends AbstractGatewayIT {

    @RegisterExtension
    final TestQueue queue = TestQueue.bulk();

    @Autowired
    ObjectStore objects;

    @Autowired
    JsonMapper json;

    @Autowired
    BatchRepository store;

    @Autowired
    JdbcClient db;

    @BeforeEach
    void setUp() {
        objects.ensureBucket();
    }

    @Test
    void jsonBatchIsValidatedStoredAndEveryRowQueued() {
        HttpResponse<String> response = http.postJson("/api/v1/batches", """
                {"defaults": {"format": "svg", "size": 128},
                 "items": [
                   {"content": "one", "filename": "../../etc/passwd"},
                   {"content": "two", "filename": "Ticket.SVG", "format": "png"},
                   {"type": "wifi", "data": {"ssid": "Cafe;1", "password": "p:w"}, "filename": "ticket.svg"},
                   {"content": "four", "filename": "a\\\\b<c>.svg"},
                   {"content": "five"}
                 ]}""");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode view = json.readTree(response.body());
        String id = view.get("id").stringValue();
        assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/batches/" + id);
        assertThat(view.get("status").stringValue()).isEqualTo("QUEUED");
        assertThat(view.get("counts").get("pending").intValue()).isEqualTo(5);
        assertThat(queue.messageCount()).isEqualTo(5);

        List<BatchItem> items = items(id);
        assertThat(items)
                .extracting(BatchItem::filename)
                .containsExactly("passwd.svg", "Ticket.SVG.png", "ticket.svg", "bc.svg", "5.svg");
        assertThat(items.get(1).request().format().extension()).isEqualTo("png");
        assertThat(items.get(2).request().content()).isEqualTo("WIFI:T:WPA;S:Cafe\\;1;P:p\\:w;;");
        assertThat(items).allSatisfy(item -> assertThat(item.request().size()).isEqualTo(128));
        Message message = queue.receive();
        BatchItemMessage first = json.readValue(message.getBody(), BatchItemMessage.class);
        assertThat(first.batchId()).isEqualTo(id);
        assertThat(message.getMessageProperties().getMessageId()).isEqualTo(id + ":" + first.row());
    }

    @Test
    void csvBatchWithQuotingAndQueryDefaultsIsAccepted() {
        String csv = "\uFEFFcontent,filename,size\r\n"
                + "\"Hello, \"\"world\"\"\",greeting,\r\n"
                + "\"two\nlines\",,300\r\n"
                + "https://example.com/ä,link.png,\r\n";

        HttpResponse<String> response =
                http.post("/api/v1/batches?format=png&margin=2", "text/csv", csv.getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        List<BatchItem> items = items(json.readTree(response.body()).get("id").stringValue());
        assertThat(items)
                .extracting(item -> item.request().content())
                .containsExactly("Hello, \"world\"", "two\nlines", "https://example.com/ä");
        assertThat(items).extracting(BatchItem::filename).containsExactly("greeting.png", "2.png", "link.png");
        assertThat(items).extracting(item -> item.request().size()).containsExactly(512, 300, 512);
        assertThat(items).allSatisfy(item -> assertThat(item.request().margin()).isEqualTo(2));
    }

    @Test
    void badRowsAreReportedByRowAndFieldAndNothingIsQueued() {
        List<String> before = keys();
        String csv =
                "content,size,foreground\nfine,256,\nbad size,9999,\n,,\nlow contrast,,#FFFFFE\ntoo,many,cells,here\n";

        HttpResponse<String> response = http.post("/api/v1/batches", "text/csv", csv.getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("errors")
                        .valueStream()
                        .map(e -> e.get("row").intValue() + ":" + e.get("field").stringValue()))
                .containsExactly("2:size", "3:content", "4:foreground", "5:csv");
        assertThat(problem.get("detail").stringValue()).contains("row 2 size");
        assertThat(queue.messageCount()).isZero();
        assertThat(keys()).isEqualTo(before);
    }

    /** #23: both were accepted (202), the typo and the second value silently dropped. */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"?siez=64 | siez", "?size=128&size=9999 | size", "?skipInvalid=true&x= | x"})
    void unknownOrRepeatedCsvOptionIsABadRequestNamingIt(String query, String parameter) {
        HttpResponse<String> response =
                http.post("/api/v1/batches" + query, "text/csv", "content\na\n".getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json.readTree(response.body())
                        .get("errors")
                        .get(0)
                        .get("field")
                        .stringValue())
                .isEqualTo(parameter);
        assertThat(queue.messageCount()).isZero();
    }

    /** #23: each retry made a batch of its own. */
    @Test
    void aRepeatedIdempotencyKeyReturnsTheFirstBatchAndAnotherBatchUnderItIsRefused() {
        String body = "{\"items\": [{\"content\": \"once\"}, {\"content\": \"only\"}]}";
        HttpResponse<String> first =
                http.postJson("/api/v1/batches", body, "Idempotency-Key", "batch-k-" + UUID.randomUUID());
        String key = first.request().headers().firstValue("Idempotency-Key").orElseThrow();

        HttpResponse<String> again = http.postJson("/api/v1/batches", body, "Idempotency-Key", key);
        HttpResponse<String> other =
                http.postJson("/api/v1/batches", "{\"items\": [{\"content\": \"else\"}]}", "Idempotency-Key", key);
        HttpResponse<String> twoLines =
                http.postJson("/api/v1/batches", body, "Idempotency-Key", "a", "Idempotency-Key", "b");

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(json.readTree(again.body()).get("id"))
                .isEqualTo(json.readTree(first.body()).get("id"));
        assertThat(other.statusCode()).isEqualTo(422);
        assertThat(other.body()).contains("Idempotency-Key");
        assertThat(twoLines.statusCode()).isEqualTo(400);
        assertThat(queue.messageCount()).isEqualTo(2);
    }

    /** #23: a NUL in a row was a 500, even with skipInvalid. */
    @Test
    void aRowWithNulIsAnInvalidRow() {
        HttpResponse<String> json1 = http.postJson(
                "/api/v1/batches?skipInvalid=true",
                "{\"items\": [{\"content\": \"good\"}, {\"content\": \"a\\u0000b\"}]}");
        HttpResponse<String> csv =
                http.post("/api/v1/batches", "text/csv", "content\na\u0000b\n".getBytes(StandardCharsets.UTF_8));

        assertThat(json1.statusCode()).as(json1.body()).isEqualTo(202);
        assertThat(json.readTree(json1.body()).get("errors").get(0).get("field").stringValue())
                .isEqualTo("content");
        assertThat(csv.statusCode()).isEqualTo(422);
        assertThat(csv.body()).contains("NUL");
    }

    @Test
    void skipInvalidQueuesTheGoodRowsAndReportsTheRest() {
        HttpResponse<String> response = http.postJson(
                "/api/v1/batches?skipInvalid=true",
                "{\"items\": [{\"content\": \"good\"}, {\"content\": \"bad\", \"size\": 1}, {\"colour\": \"red\"}, \"text\"]}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        String id = json.readTree(response.body()).get("id").stringValue();
        JsonNode view = json.readTree(http.get("/api/v1/batches/" + id).body());
        assertThat(view.get("total").intValue()).isEqualTo(4);
        assertThat(view.get("counts").get("pending").intValue()).isEqualTo(1);
        assertThat(view.get("counts").get("invalid").intValue()).isEqualTo(3);
        assertThat(view.get("errors")
                        .valueStream()
                        .map(e -> e.get("row").intValue() + ":" + e.get("field").stringValue()))
                .containsExactly("2:size", "3:colour", "4:$");
        assertThat(queue.messageCount()).isEqualTo(1);
    }

    @Test
    void envelopeAndLimitProblemsAreRefused() {
        String rows = IntStream.rangeClosed(1, 51)
                .mapToObj(i -> "row " + i)
                .collect(Collectors.joining("\n", "content\n", "\n"));
        HttpResponse<String> tooMany = http.post("/api/v1/batches", "text/csv", rows.getBytes(StandardCharsets.UTF_8));
        assertThat(tooMany.statusCode()).isEqualTo(422);
        assertThat(json.readTree(tooMany.body())
                        .get("errors")
                        .get(0)
                        .get("field")
                        .stringValue())
                .isEqualTo("items");

        // the batch limit (64 KB here) is separate from the single-job limit (16 KB)
        String mid = "x".repeat(20_000);
        assertThat(http.postJson("/api/v1/batches", "{\"items\":[{\"content\":\"a\",\"filename\":\"" + mid + "\"}]}")
                        .statusCode())
                .isEqualTo(202);
        assertThat(http.postJson("/api/v1/jobs", "{\"content\":\"" + mid + "\"}")
                        .statusCode())
                .isEqualTo(413);
        assertThat(http.postJson("/api/v1/batches", "{\"items\":[{\"content\":\"" + "x".repeat(70_000) + "\"}]}")
                        .statusCode())
                .isEqualTo(413);

        assertThat(http.postJson("/api/v1/batches", "{\"items\": []}").statusCode())
                .isEqualTo(422);
        assertThat(http.postJson("/api/v1/batches", "{\"rows\": []}").statusCode())
                .isEqualTo(400);
        assertThat(http.postJson(
                                "/api/v1/batches",
                                "{\"defaults\": {\"content\": \"x\"}, \"items\": [{\"content\": \"a\"}]}")
                        .statusCode())
                .isEqualTo(400);
        HttpResponse<String> badDefault =
                http.postJson("/api/v1/batches", "{\"defaults\": {\"size\": 5}, \"items\": [{\"content\": \"a\"}]}");
        assertThat(json.readTree(badDefault.body())
                        .get("errors")
                        .get(0)
                        .get("field")
                        .stringValue())
                .isEqualTo("defaults.size");
        assertThat(http.post("/api/v1/batches", "text/csv", "colour\nred\n".getBytes(StandardCharsets.UTF_8))
                        .statusCode())
                .isEqualTo(400);
        assertThat(http.post("/api/v1/batches", "text/csv", "content\n\"open\n".getBytes(StandardCharsets.UTF_8))
                        .statusCode())
                .isEqualTo(400);
        assertThat(http.get("/api/v1/batches/5f0c7d2e-3b7a-4c1e-9a57-0d6c1f9e2b11")
                        .statusCode())
                .isEqualTo(404);
        assertThat(http.get("/api/v1/batches/not-an-id/archive").statusCode()).isEqualTo(404);
        assertThat(http.post("/api/v1/batches", "text/plain", "content\na\n".getBytes(StandardCharsets.UTF_8))
                        .statusCode())
                .isEqualTo(415);
    }

    @Test
    void jsonBodiesAreReadAsAStreamThatStopsAtTheLimit() {
        String rows = "{\"content\":\"a\"},".repeat(51);
        // row 51 is refused before the broken rest is read: a 422 for the count, not a 400 for the JSON
        HttpResponse<String> tooMany = http.postJson("/api/v1/batches", "{\"items\":[" + rows + "{{{ not json");
        assertThat(tooMany.statusCode()).isEqualTo(422);
        assertThat(json.readTree(tooMany.body())
                        .get("errors")
                        .get(0)
                        .get("field")
                        .stringValue())
                .isEqualTo("items");

        assertThat(http.postJson("/api/v1/batches", "{\"items\":[{\"content\":\"a\"}],\"items\":[]}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(http.postJson("/api/v1/batches", "{\"items\":[{\"content\":\"a\"}]} {}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(http.postJson("/api/v1/batches", "{\"items\":[{\"content\":\"a\"}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(http.postJson("/api/v1/batches", "[]").statusCode()).isEqualTo(400);
        String deep = "[".repeat(40) + "]".repeat(40);
        HttpResponse<String> tooDeep = http.postJson("/api/v1/batches", "{\"items\":[{\"data\":" + deep + "}]}");
        assertThat(tooDeep.statusCode()).isEqualTo(400);
        assertThat(tooDeep.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void refusedPublishWithdrawsTheWholeBatch() {
        List<String> before = keys();

        HttpResponse<String> response = queue.unbound(
                () -> http.postJson("/api/v1/batches", "{\"items\":[{\"content\":\"a\"},{\"content\":\"b\"}]}"));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(keys()).isEqualTo(before);
    }

    @Test
    void progressAndStreamedArchiveWithManifest() throws Exception {
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            // row 5 is a formula to a spreadsheet: neutralised in manifest.csv, exact in manifest.json
            rows.add(Map.of(
                    "content",
                    i == 5
                            ? "=HYPERLINK(\"https://evil.example\")"
                            : "https://example.com/ticket/" + i + "?seat=" + (i * 7),
                    "filename",
                    i % 10 == 0 ? "dup" : "ticket-" + i));
        }
        String body =
                json.writeValueAsString(Map.of("defaults", Map.of("size", 200, "errorCorrection", "Q"), "items", rows));
        String id = json.readTree(http.postJson("/api/v1/batches", body).body())
                .get("id")
                .stringValue();
        List<BatchItem> items = items(id);

        for (BatchItem item : items.subList(0, 20)) {
            finish(id, item);
        }
        JsonNode halfway = json.readTree(http.get("/api/v1/batches/" + id).body());
        assertThat(halfway.get("status").stringValue()).isEqualTo("PROCESSING");
        assertThat(halfway.get("counts").get("done").intValue()).isEqualTo(20);
        assertThat(halfway.get("progress").doubleValue())
                .isCloseTo(20 / 30.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(halfway.get("estimatedSecondsLeft").isIntegralNumber()).isTrue();
        assertThat(halfway.get("archiveUrl").isNull()).isTrue();
        assertThat(http.get("/api/v1/batches/" + id + "/archive").statusCode()).isEqualTo(409);
        assertThat(unzip(http.getBytes("/api/v1/batches/" + id + "/archive?partial=true")
                        .body()))
                .hasSize(22)
                .containsKeys(BatchArchive.MANIFEST, BatchArchive.MANIFEST_JSON);

        for (BatchItem item : items.subList(20, 29)) {
            finish(id, item);
        }
        store.apply(JobResult.failed(id, 30, "cannot render: test"), Instant.now());
        JsonNode done = json.readTree(http.get("/api/v1/batches/" + id).body());
        assertThat(done.get("status").stringValue()).isEqualTo("DONE");
        assertThat(done.get("counts").get("failed").intValue()).isEqualTo(1);
        assertThat(done.get("estimatedSecondsLeft").intValue()).isZero();
        assertThat(done.get("errors").get(0).get("row").intValue()).isEqualTo(30);
        assertThat(done.get("archiveUrl").stringValue()).isEqualTo("/api/v1/batches/" + id + "/archive");

        HttpResponse<byte[]> archive = http.getBytes("/api/v1/batches/" + id + "/archive");
        assertThat(archive.statusCode()).isEqualTo(200);
        assertThat(archive.headers().firstValue("Content-Type")).hasValue("application/zip");
        assertThat(archive.headers().firstValue("Content-Length")).isEmpty(); // streamed, not buffered
        Map<String, byte[]> entries = unzip(archive.body());
        assertThat(entries).hasSize(31);
        JsonNode exact = json.readTree(entries.get(BatchArchive.MANIFEST_JSON));
        assertThat(exact.size()).isEqualTo(30);
        List<List<String>> manifest =
                CsvReader.parse(new String(entries.get(BatchArchive.MANIFEST), StandardCharsets.UTF_8), 100);
        assertThat(manifest.getFirst()).containsExactly("row", "filename", "content", "status", "verified", "error");
        assertThat(manifest).hasSize(31);
        for (int row = 1; row <= 30; row++) {
            List<String> line = manifest.get(row);
            BatchItem item = items.get(row - 1);
            String content = rows.get(row - 1).get("content");
            assertThat(line.subList(0, 3))
                    .containsExactly(Integer.toString(row), item.filename(), row == 5 ? "'" + content : content);
            assertThat(exact.get(row - 1).get("content").stringValue()).isEqualTo(content);
            assertThat(exact.get(row - 1).get("filename").stringValue()).isEqualTo(item.filename());
            if (row == 30) {
                assertThat(line.subList(3, 6)).containsExactly("FAILED", "false", "cannot render: test");
                assertThat(entries).doesNotContainKey(item.filename());
            } else {
                assertThat(line.subList(3, 6)).containsExactly("DONE", "true", "");
                assertThat(decode(entries.get(item.filename()))).isEqualTo(content);
            }
        }
        assertThat(items.get(9).filename()).isEqualTo("dup.png");
        assertThat(items.get(19).filename()).isEqualTo("dup-20.png");
    }

    /** What the worker does for one row, and the gateway's result listener with its report. */
    private void finish(String id, BatchItem item) throws Exception {
        byte[] png = QrRenderer.render(item.request()).bytes();
        objects.put(item.imageKey(), png, "image/png");
        assertThat(store.apply(
                        JobResult.done(id, item.row(), item.imageKey(), png.length, Verification.GRID), Instant.now()))
                .isTrue();
    }

    private List<BatchItem> items(String id) {
        return store.items(id, 0, Integer.MAX_VALUE);
    }

    /** Every batch and row there is. */
    private List<String> keys() {
        return db.sql(
                        "SELECT batch_id || ':' || row_no FROM batch_items UNION ALL SELECT CAST(id AS text) FROM batches ORDER BY 1")
                .query(String.class)
                .list();
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    /** zxing on the PNG's pixels, independent of the service's own verifier. */
    private static String decode(byte[] png) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        RGBLuminanceSource source = new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels);
        return new QRCodeReader()
                .decode(
                        new BinaryBitmap(new HybridBinarizer(source)),
                        Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE))
                .getText();
    }
}
