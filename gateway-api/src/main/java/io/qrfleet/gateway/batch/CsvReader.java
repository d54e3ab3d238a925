package io.qrfleet.gateway.batch;

import io.qrfleet.contract.Violation;
import io.qrfleet.gateway.web.BadRequestException;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 records: comma-separated, fields optionally in double quotes (which may hold commas,
 * line breaks and {@code ""} for a quote), records ended by CRLF or LF. A leading BOM is dropped,
 * as spreadsheet programs write one. Malformed quoting is a 400 naming the line.
 */
final class CsvReader {

    private final String text;
    private int pos;
    private int line = 1;

    private CsvReader(String text) {
        this.text = text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** At most {@code maxRecords} records; the caller asks for one more than it allows to detect excess. */
    static List<List<String>> parse(String text, int maxRecords) {
        CsvReader reader = new CsvReader(text);
        List<List<String>> records = new ArrayList<>();
        while (reader.pos < reader.text.length() && records.size() < maxRecords) {
            records.add(reader.record());
        }
        return records;
    }

    private List<String> record() {
        List<String> fields = new ArrayList<>();
        while (true) {
            fields.add(pos < text.length() && text.charAt(pos) == '"' ? quoted() : plain());
            if (pos >= text.length()) {
                return fields;
            }
            char c = text.charAt(pos++);
            if (c == '\r' && pos < text.length() && text.charAt(pos) == '\n') {
                pos++;
            }
            if (c != ',') {
                line++;
                return fields;
            }
        }
    }

    private String plain() {
        int start = pos;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ',' || c == '\n' || c == '\r') {
                break;
            }
            if (c == '"') {
                throw malformed("a quote inside an unquoted field (quote the whole field and double the quote)");
            }
            pos++;
        }
        return text.substring(start, pos);
    }

    private String quoted() {
        int opened = line;
        StringBuilder field = new StringBuilder();
        pos++;
        while (true) {
            if (pos >= text.length()) {
                line = opened;
                throw malformed("a quoted field is never closed");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                if (pos < text.length() && text.charAt(pos) == '"') {
                    field.append('"');
                    pos++;
                    continue;
                }
                if (pos < text.length() && ",\r\n".indexOf(text.charAt(pos)) < 0) {
                    throw malformed("text after a closing quote");
                }
                return field.toString();
            }
            if (c == '\n') {
                line++;
            }
            field.append(c);
        }
    }

    private BadRequestException malformed(String message) {
        return new BadRequestException(List.of(new Violation("csv", "line " + line + ": " + message)));
    }
}
