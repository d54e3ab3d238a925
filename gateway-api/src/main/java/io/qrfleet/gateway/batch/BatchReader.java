package io.qrfleet.gateway.batch;

import io.qrfleet.contract.InvalidRequestException;
import io.qrfleet.contract.Violation;
import io.qrfleet.gateway.job.QueryParameters;
import io.qrfleet.gateway.web.BadRequestException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a JSON or CSV batch body into defaults plus raw rows, checking only the envelope; each
 * row's fields are checked later by the single-job reader. CSV cells become the JSON a client
 * would have sent: empty cells are left out, {@code size}/{@code margin} become numbers when they
 * are integers, {@code data} is parsed as a JSON object.
 */
@Component
class BatchReader {

    static final String FILENAME = "filename";
    static final Set<String> OPTION_FIELDS =
            Set.of("format", "size", "margin", "errorCorrection", "foreground", "background");
    private static final Set<String> CSV_COLUMNS = Set.of(
            "content",
            "format",
            "size",
            "margin",
            "errorCorrection",
            "foreground",
            "background",
            "type",
            "data",
            FILENAME);
    private static final Set<String> INT_FIELDS = Set.of("size", "margin");

    /**
     * Batch bodies get a parser of their own: duplicate names are errors, as in single jobs, and a
     * body may hold at most this many tokens (a 10,000-row batch of typed content needs under a
     * million) and nest this deep, whatever the size limit lets through.
     */
    private static final JsonMapper BATCH_JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxTokenCount(2_000_000)
                            .maxNestingDepth(32)
                            .build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(
                    DeserializationFeature
                            .FAIL_ON_TRAILING_TOKENS) // rows are read one by one; the end is checked below
            .build();

    private final JsonMapper json;

    BatchReader(JsonMapper json) {
        this.json = json;
    }

    /**
     * The JSON body, {@code {"defaults": {…}, "items": [{…}, …]}}, read as a stream: rows are counted
     * as they arrive and reading stops at the first one over the limit, so a body of many tiny rows
     * never becomes a tree of them. Malformed JSON surfaces as a {@link JacksonException}.
     */
    BatchInput readJson(InputStream body, int maxItems) {
        try (JsonParser parser = BATCH_JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw badRequest("$", "the body must be a JSON object with items (and optionally defaults)");
            }
            JsonNode defaults = null;
            List<JsonNode> items = null;
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("items") && items == null) {
                    if (value != JsonToken.START_ARRAY) {
                        throw badRequest("items", "must be an array of request objects");
                    }
                    items = new ArrayList<>();
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        checkCount(items.size() + 1, maxItems);
                        items.add(BATCH_JSON.readTree(parser));
                    }
                } else if (name.equals("defaults") && defaults == null) {
                    defaults = BATCH_JSON.readTree(parser);
                    if (!defaults.isObject()) {
                        throw badRequest("defaults", "must be an object of render options");
                    }
                } else {
                    throw badRequest(
                            name,
                            name.equals("items") || name.equals("defaults")
                                    ? "appears twice"
                                    : "is not a known field (items, defaults)");
                }
            }
            if (parser.nextToken() != null) {
                throw badRequest("$", "the body holds more than one JSON value");
            }
            if (items == null) {
                throw badRequest("items", "must be an array of request objects");
            }
            checkCount(items.size(), maxItems);
            return new BatchInput(defaults == null ? json.createObjectNode() : (ObjectNode) defaults, items, Map.of());
        }
    }

    /** The CSV body (UTF-8, header row); defaults come from the query string under the option names. */
    BatchInput readCsv(byte[] body, QueryParameters query, int maxItems) {
        List<List<String>> records = CsvReader.parse(utf8(body), maxItems + 2);
        if (records.isEmpty()) {
            throw badRequest("csv", "the body is empty: a header row (e.g. content,filename) and rows are expected");
        }
        List<String> header = records.getFirst().stream().map(String::strip).toList();
        Set<String> seen = new HashSet<>();
        for (String column : header) {
            if (!CSV_COLUMNS.contains(column)) {
                throw badRequest(
                        "csv",
                        "unknown column \"" + column + "\" in the header; known: " + String.join(", ", CSV_COLUMNS));
            }
            if (!seen.add(column)) {
                throw badRequest("csv", "column \"" + column + "\" appears twice in the header");
            }
        }
        checkCount(records.size() - 1, maxItems);
        ObjectNode defaults = json.createObjectNode();
        OPTION_FIELDS.forEach(name -> {
            if (query.text(name) != null) {
                put(defaults, name, query.text(name));
            }
        });
        List<JsonNode> items = new ArrayList<>(records.size() - 1);
        Map<Integer, Violation> malformed = new HashMap<>();
        for (List<String> record : records.subList(1, records.size())) {
            ObjectNode row = json.createObjectNode();
            items.add(row);
            // a blank line is a row with every cell empty, so it is reported, not silently renumbered away
            if (record.size() != header.size()
                    && !(record.size() == 1 && record.getFirst().isEmpty())) {
                malformed.put(
                        items.size(),
                        new Violation(
                                "csv",
                                "the row has " + record.size() + " fields where the header has " + header.size()));
            } else {
                fill(row, header, record);
            }
        }
        return new BatchInput(defaults, items, malformed);
    }

    private void fill(ObjectNode row, List<String> header, List<String> record) {
        for (int i = 0; i < record.size(); i++) {
            if (!record.get(i).isEmpty()) {
                put(row, header.get(i), record.get(i));
            }
        }
    }

    private void put(ObjectNode row, String name, String cell) {
        if (INT_FIELDS.contains(name) && cell.strip().matches("-?\\d{1,9}")) {
            row.put(name, Integer.parseInt(cell.strip()));
        } else if (name.equals("data")) {
            try {
                row.set(name, json.readTree(cell));
            } catch (JacksonException e) {
                row.put(name, cell); // reported as "must be an object"
            }
        } else {
            row.put(name, cell);
        }
    }

    private static void checkCount(int items, int maxItems) {
        if (items > maxItems) {
            throw new InvalidRequestException(List.of(
                    new Violation("items", "at most " + maxItems + " rows per batch; split it into several batches")));
        }
        if (items == 0) {
            throw new InvalidRequestException(List.of(new Violation("items", "the batch has no rows")));
        }
    }

    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw badRequest("csv", "the body is not valid UTF-8 (save the CSV as UTF-8)");
        }
    }

    private static BadRequestException badRequest(String field, String message) {
        return new BadRequestException(List.of(new Violation(field, message)));
    }

    /**
     * The defaults and the rows as the client sent them, in order; row n is {@code items.get(n - 1)}.
     * {@code malformed} holds rows the envelope already found broken (CSV records of the wrong width).
     */
    record BatchInput(ObjectNode defaults, List<JsonNode> items, Map<Integer, Violation> malformed) {}
}
