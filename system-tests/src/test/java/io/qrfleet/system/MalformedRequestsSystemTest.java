package io.qrfleet.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The gateway's malformed-request corpus (gateway-api's malformed-requests.jsonl, its unit tests'
 * too) sent to the running service: each a 4xx problem+json. A 429 (the proxy's rate limit) is
 * waited out and the request sent again, so every answer judged is about the request.
 */
@Tag("bad-input")
class MalformedRequestsSystemTest {

    private static final Path CORPUS = Path.of("../gateway-api/src/test/resources/malformed-requests.jsonl");

    @Test
    void everyMalformedSubmissionGetsA4xxProblem() throws Exception {
        List<String> lines = Files.readAllLines(CORPUS, StandardCharsets.UTF_8);
        List<String> failures = new ArrayList<>();
        for (String line : lines) {
            JsonNode c = Stack.JSON.readTree(line);
            byte[] body = c.has("bodyBase64")
                    ? Base64.getDecoder().decode(c.get("bodyBase64").asText())
                    : asWritten(c.get("body").asText());
            Raw.Answer answer =
                    Raw.post("POST", "/api/v1/jobs", c.get("contentType").asText(), body);
            while (answer.status() == 429) {
                Thread.sleep(Duration.ofSeconds(
                        Long.parseLong(answer.header("Retry-After").orElse("1"))));
                answer = Raw.post("POST", "/api/v1/jobs", c.get("contentType").asText(), body);
            }
            if (!answer.clientError() || !answer.problem()) {
                failures.add(c.get("name").asText() + ": " + answer);
            }
        }
        assertThat(failures)
                .as("of %d cases, those not 4xx problem+json", lines.size())
                .isEmpty();
    }

    /** UTF-8, but a lone surrogate as its three bytes (Python's surrogatepass): invalid UTF-8 on purpose. */
    private static byte[] asWritten(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
            int cp = text.codePointAt(i);
            if (Character.isSurrogate((char) cp) && cp <= 0xFFFF) {
                out.write(0xE0 | cp >> 12);
                out.write(0x80 | (cp >> 6) & 0x3F);
                out.write(0x80 | cp & 0x3F);
            } else {
                out.write(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }
}
