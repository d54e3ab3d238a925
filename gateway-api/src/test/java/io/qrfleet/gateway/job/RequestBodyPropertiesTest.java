package io.qrfleet.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.qrfleet.contract.InvalidRequestException;
import io.qrfleet.contract.RenderRequest;
import io.qrfleet.gateway.web.BadRequestException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Random request bodies, from plain noise to near-valid JSON objects: each is either accepted
 * with every limit holding, or refused with one of the 4xx exceptions. Nothing else may escape
 * (it would be a 500).
 */
class RequestBodyPropertiesTest {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();
    private static final JobRequestReader READER = new JobRequestReader(JSON);

    @Property(tries = 3000)
    void everyBodyIsAcceptedWithinLimitsOrRefusedAsClientError(@ForAll("bodies") String body) {
        try {
            RenderRequest request = READER.read(JSON.readTree(body)).toRenderRequest();
            assertThat(request.size()).isBetween(64, 2048);
            assertThat(request.margin()).isBetween(0, 16);
            assertThat(request.content()).isNotEmpty();
        } catch (JacksonException | BadRequestException | InvalidRequestException expected) {
            // 400 or 422: what the API answers for these
        }
    }

    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<String> keys = Arbitraries.oneOf(
                Arbitraries.of(
                        "content",
                        "format",
                        "size",
                        "margin",
                        "errorCorrection",
                        "foreground",
                        "background",
                        "type",
                        "data",
                        "url",
                        "ssid",
                        "lat",
                        "text"),
                Arbitraries.strings().ofMaxLength(8));
        Arbitrary<String> values = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(40).map(RequestBodyPropertiesTest::quote),
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf),
                Arbitraries.of(
                        "null",
                        "true",
                        "false",
                        "[]",
                        "{}",
                        "\"png\"",
                        "\"svg\"",
                        "\"H\"",
                        "\"#000000\"",
                        "\"#FFFFFF\"",
                        "\"wifi\"",
                        "\"geo\"",
                        "{\"ssid\":\"x\",\"password\":\"y\"}",
                        "{\"lat\":1,\"lon\":2}",
                        "1e400",
                        "-0",
                        "\"\\ud800\""));
        Arbitrary<String> members = Arbitraries.entries(keys, values).map(e -> quote(e.getKey()) + ":" + e.getValue());
        Arbitrary<String> objects = members.list().ofMaxSize(8).map(list -> "{" + String.join(",", list) + "}");
        Arbitrary<String> noise = Arbitraries.strings().ofMaxLength(60);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, objects),
                net.jqwik.api.Tuple.of(1, noise),
                net.jqwik.api.Tuple.of(1, values.list().ofMaxSize(3).map(List::toString)));
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
