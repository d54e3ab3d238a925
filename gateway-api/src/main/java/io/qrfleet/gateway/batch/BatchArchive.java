package io.qrfleet.gateway.batch;

import io.qrfleet.common.storage.ObjectStore;
import io.qrfleet.common.storage.StoredObject;
import io.qrfleet.contract.Format;
import io.qrfleet.contract.StorageKeys;
import io.qrfleet.contract.batch.BatchItem;
import io.qrfleet.contract.batch.BatchRecord;
import io.qrfleet.contract.batch.RowViolation;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Streams a batch as a ZIP: one entry per finished image, copied from the bucket as it is read,
 * then {@code manifest.csv} with a line for every row, safe to open in a spreadsheet, and
 * {@code manifest.json} with the exact values. Only the item list and one image at a time are held
 * in memory. PNGs are stored without recompression (they are deflated already).
 */
@Component
class BatchArchive {

    static final String MANIFEST = "manifest.csv";
    static final String MANIFEST_JSON = "manifest.json";
    /** What makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection"). */
    private static final String FORMULA_STARTS = "=+-@\t\r";

    private final ObjectStore objects;
    private final JsonMapper json;

    BatchArchive(ObjectStore objects, JsonMapper json) {
        this.objects = objects;
        this.json = json;
    }

    /** One line of the manifest. */
    record ManifestRow(int row, String filename, String content, String status, boolean verified, String error) {
    }

    void write(BatchRecord batch, List<BatchItem> items, BatchStore.Progress progress, OutputStream out)
            throws IOException {
        Map<Integer, ManifestRow> manifest = new TreeMap<>();
        ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        for (BatchItem item : items) {
            String status;
            String error = "";
            if (progress.done().contains(item.row())) {
                status = copy(zip, item) ? "DONE" : "MISSING";
                error = status.equals("MISSING") ? "the image has expired from storage" : "";
            } else if (progress.failures().containsKey(item.row())) {
                status = "FAILED";
                error = progress.failures().get(item.row());
            } else {
                status = "PENDING";
            }
            manifest.put(item.row(), new ManifestRow(item.row(), item.filename(), item.request().content(), status,
                    status.equals("DONE"), error));
        }
        batch.invalid().stream().collect(Collectors.groupingBy(RowViolation::row, TreeMap::new,
                        Collectors.mapping(v -> v.field() + " " + v.message(), Collectors.joining("; "))))
                .forEach((row, error) -> manifest.put(row, new ManifestRow(row, "", "", "INVALID", false, error)));
        zip.setLevel(Deflater.DEFAULT_COMPRESSION);
        zip.putNextEntry(new ZipEntry(MANIFEST));
        Writer writer = new OutputStreamWriter(zip, StandardCharsets.UTF_8);
        writer.write(line("row", "filename", "content", "status", "verified", "error"));
        for (ManifestRow row : manifest.values()) {
            writer.write(line(row.row(), row.filename(), row.content(), row.status(), row.verified(), row.error()));
        }
        writer.flush();
        zip.closeEntry();
        zip.putNextEntry(new ZipEntry(MANIFEST_JSON));
        zip.write(json.writeValueAsBytes(manifest.values())); // the rows are in memory already
        zip.closeEntry();
        zip.finish();
    }

    private boolean copy(ZipOutputStream zip, BatchItem item) throws IOException {
        Optional<StoredObject> image = objects.open(StorageKeys.image(item.request()));
        if (image.isEmpty()) {
            return false;
        }
        try (StoredObject body = image.get()) {
            zip.setLevel(item.request().format() == Format.PNG ? Deflater.NO_COMPRESSION : Deflater.DEFAULT_COMPRESSION);
            zip.putNextEntry(new ZipEntry(item.filename()));
            body.body().transferTo(zip);
            zip.closeEntry();
        }
        return true;
    }

    private static String line(Object row, String filename, String content, String status, Object verified, String error) {
        return String.join(",", row.toString(), cell(filename), cell(content), status, verified.toString(), cell(error))
                + "\r\n";
    }

    /**
     * RFC 4180: quoted when it holds a comma, quote or line break, quotes doubled; a value a
     * spreadsheet would run as a formula gets a leading apostrophe (manifest.json has it exactly).
     */
    static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String text = FORMULA_STARTS.indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (text.chars().anyMatch(c -> c == ',' || c == '"' || c == '\r' || c == '\n')) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }
}
