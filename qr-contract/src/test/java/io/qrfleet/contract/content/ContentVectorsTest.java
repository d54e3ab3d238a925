package io.qrfleet.contract.content;

import static org.assertj.core.api.Assertions.assertThat;

import io.qrfleet.contract.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shared vectors ({@code content-vectors.json}): each {@code data} is read into its type the
 * way the gateway's JobRequestReader reads a request's {@code data}, and must encode to exactly
 * {@code content}, or be refused naming exactly {@code data.<error>}. The web UI's unit tests run
 * the same file through its helpers (web-ui/tests/unit/helpers.test.mjs), so both build the same strings.
 */
class ContentVectorsTest {

    /** Jackson's defaults, as the gateway's mapper: the tree holds JSON floats as doubles. */
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static Stream<Named<JsonNode>> valid() {
        return vectors().filter(v -> v.has("content")).map(v -> Named.of(name(v), v));
    }

    static Stream<Named<JsonNode>> invalid() {
        return vectors().filter(v -> v.has("error")).map(v -> Named.of(name(v), v));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void encodesToTheVectorsContent(JsonNode vector) {
        TypedContent content = read(vector);

        assertThat(content.validate()).as(name(vector)).isEmpty();
        assertThat(content.encode())
                .as(name(vector))
                .isEqualTo(vector.get("content").stringValue());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void isRefusedNamingTheVectorsField(JsonNode vector) {
        assertThat(read(vector).validate())
                .as(name(vector))
                .extracting(Violation::field)
                .containsExactly("data." + vector.get("error").stringValue());
    }

    @Test
    void everyTypeHasValidAndInvalidVectors() {
        Set<String> valid = new TreeSet<>();
        Set<String> invalid = new TreeSet<>();
        vectors()
                .forEach(v ->
                        (v.has("content") ? valid : invalid).add(v.get("type").stringValue()));

        assertThat(valid).containsExactlyInAnyOrderElementsOf(TypedContent.TYPES);
        assertThat(invalid).containsExactlyInAnyOrderElementsOf(TypedContent.TYPES);
        assertThat(vectors().map(ContentVectorsTest::name)).doesNotHaveDuplicates();
        assertThat(vectors()).allSatisfy(v -> assertThat(v.has("content")).isNotEqualTo(v.has("error")));
    }

    private static TypedContent read(JsonNode vector) {
        Class<? extends TypedContent> kind =
                TypedContent.forType(vector.get("type").stringValue());
        assertThat(kind).as("type %s", vector.get("type")).isNotNull();
        return JSON.readerFor(kind)
                .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .readValue(vector.get("data"));
    }

    private static String name(JsonNode vector) {
        return vector.get("name").stringValue();
    }

    private static Stream<JsonNode> vectors() {
        try (InputStream in = ContentVectorsTest.class.getResourceAsStream("/content-vectors.json")) {
            return JSON.readTree(in).valueStream().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
