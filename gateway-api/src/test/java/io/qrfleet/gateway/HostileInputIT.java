package io.qrfleet.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.PlanarYUVLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import io.qrfleet.common.storage.ObjectStore;
import io.qrfleet.contract.HostileText;
import io.qrfleet.contract.JobMessage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.amqp.core.Message;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hostile text at every content entry point (a job, a typed field, a JSON batch row with and
 * without skipInvalid, a CSV cell, a code by URL, goQR's path), against the real broker, S3 server
 * and database, with a worker stand-in rendering whatever is queued: never a 5xx, every refusal
 * problem+json naming the field, every code by URL that is served decodes to the text sent. Before
 * #23's fix a NUL was a 500 on all seven.
 */
@TestPropertySource(properties = {"management.server.port=0", "qr.code.render-wait=5s", "qr.code.client-share=4"})
class HostileInputIT extends AbstractGatewayIT {

    private static final int TRIES = 100;

    @RegisterExtension
    final TestQueue queue = TestQueue.interactive();

    @Autowired
    ObjectStore objects;

    @Autowired
    JobRows rows;

    @Autowired
    JsonMapper json;

    @BeforeEach
    void setUp() {
        objects.ensureBucket();
        rows.failUnfinished();
    }

    static Stream<String> texts() {
        return HostileText.strings(2323, TRIES);
    }

    @ParameterizedTest
    @MethodSource("texts")
    void everyEntryPointRefusesByNameOrServes(String text) throws Exception {
        String quoted = json.writeValueAsString(text);
        String valid = "{\"content\":\"fine\"}";
        answers("content", http.postJson("/api/v1/jobs", "{\"content\":" + quoted + "}"));
        answers(
                "data.password",
                http.postJson(
                        "/api/v1/jobs",
                        "{\"type\":\"wifi\",\"data\":{\"ssid\":\"home\",\"password\":" + quoted + "}}"));
        answers("content", http.postJson("/api/v1/batches", "{\"items\":[{\"content\":" + quoted + "}]}"));
        answers(
                "content",
                http.postJson(
                        "/api/v1/batches?skipInvalid=true",
                        "{\"items\":[" + valid + ",{\"content\":" + quoted + ",\"filename\":" + quoted + "}]}"));
        answers(
                "content",
                http.post(
                        "/api/v1/batches",
                        "text/csv",
                        ("content,filename\n\"" + text.replace("\"", "\"\"") + "\",x\n")
                                .getBytes(StandardCharsets.UTF_8)));
        String data = URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
        String sent =
                new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8); // a lone surrogate: "?"
        decodes(sent, rendered("/api/v1/qr?data=" + data + "&size=256"), "data");
        decodes(sent, rendered("/v1/create-qr-code/?data=" + data + "&size=256x256"), "data");
    }

    /** The answer to a code by URL, playing the worker for whatever it queues while the request waits. */
    private HttpResponse<byte[]> rendered(String url) throws Exception {
        CompletableFuture<HttpResponse<byte[]>> answer = CompletableFuture.supplyAsync(() -> http.getBytes(url));
        TestWorker worker = new TestWorker(queue, objects, rows, json);
        while (true) {
            try {
                return answer.get(20, TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillWaiting) {
                Message message = queue.poll();
                if (message != null) {
                    worker.serve(json.readValue(message.getBody(), JobMessage.class));
                }
            }
        }
    }

    /** 2xx, or a 4xx problem document that names {@code field} (or the body, for what is not JSON at all). */
    private void answers(String field, HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isIn(200, 202, 400, 413, 422);
        if (response.statusCode() >= 400) {
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            JsonNode problem = json.readTree(response.body());
            List<String> fields = new ArrayList<>();
            problem.path("errors")
                    .forEach(error -> fields.add(error.path("field").asString()));
            assertThat(fields)
                    .as(response.body())
                    .isNotEmpty()
                    .allMatch(name ->
                            name.equals(field) || name.equals("csv") || name.equals("$") || name.equals("filename"));
        }
    }

    private void decodes(String text, HttpResponse<byte[]> response, String parameter) throws Exception {
        String body = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(response.statusCode()).as(body).isIn(200, 400, 422);
        if (response.statusCode() != 200) {
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(json.readTree(body).path("errors").get(0).path("field").asString())
                    .isEqualTo(parameter);
            return;
        }
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(response.body()));
        int width = image.getWidth();
        byte[] luminance = new byte[width * image.getHeight()];
        for (int i = 0; i < luminance.length; i++) {
            luminance[i] = (byte) (image.getRGB(i % width, i / width) & 0xFF); // black on white: any channel
        }
        var source = new PlanarYUVLuminanceSource(
                luminance, width, image.getHeight(), 0, 0, width, image.getHeight(), false);
        String decoded = new QRCodeReader()
                .decode(new BinaryBitmap(new HybridBinarizer(source)), Map.of(DecodeHintType.PURE_BARCODE, true))
                .getText();
        assertThat(decoded).isEqualTo(text);
    }
}
