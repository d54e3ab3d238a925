package io.qrfleet.gateway.batch;

import io.qrfleet.common.storage.ObjectStore;
import io.qrfleet.common.storage.StoredObject;
import io.qrfleet.contract.Format;
import io.qrfleet.contract.JobStatus;
import io.qrfleet.contract.batch.RowViolation;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.Iterator;
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
 * {@code manifest.json} with the exact values. The rows are read from the database a page at a
 * time, once for the images and once for each manifest, so memory does not grow with the batch.
 * PNGs are stored without recompression (they are deflated already).
 */
@Component
class BatchArchive {

    static final String MANIFEST = "manifest.csv";
    static final String MANIFEST_JSON = "manifest.json";
    /** What makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection"). */
    private static final String FORMULA_STARTS = "=+-@\t\r";

    private static final int PAGE = 500;

    private final BatchRepository store;
    private final ObjectStore objects;
    private final JsonMapper json;

    BatchArchive(BatchRepository store, ObjectStore objects, JsonMapper json) {
        this.store = store;
        this.objects = objects;
        this.json = json;
    }

    /** One line of the manifest. */
    record ManifestRow(int row, String filename, String content, String status, boolean verified, String error) {}

    /** Rows of the first pass: copied into the archive, or DONE with their image gone from the bucket. */
    private record Copied(BitSet images, BitSet missing) {}

    void write(Batch batch, OutputStream out) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        Copied copied = new Copied(new BitSet(), new BitSet());
        for (List<BatchItem> page = store.items(batch.id(), 0, PAGE);
                !page.isEmpty();
                page = store.items(batch.id(), page.getLast().row(), PAGE)) {
            for (BatchItem item : page) {
                if (item.status() == JobStatus.DONE) {
                    (copy(zip, item) ? copied.images() : copied.missing()).set(item.row());
                }
            }
        }
        zip.setLevel(Deflater.DEFAULT_COMPRESSION);
        zip.putNextEntry(new ZipEntry(MANIFEST));
        Writer writer = new OutputStreamWriter(zip, StandardCharsets.UTF_8);
        writer.write(line("row", "filename", "content", "status", "verified", "error"));
        for (ManifestRow row : (Iterable<ManifestRow>) () -> manifest(batch, copied)) {
            writer.write(line(row.row(), row.filename(), row.content(), row.status(), row.verified(), row.error()));
        }
        writer.flush();
        zip.closeEntry();
        zip.putNextEntry(new ZipEntry(MANIFEST_JSON));
        zip.write('[');
        boolean first = true;
        for (ManifestRow row : (Iterable<ManifestRow>) () -> manifest(batch, copied)) {
            if (!first) {
                zip.write(',');
            }
            first = false;
            zip.write(json.writeValueAsBytes(row));
        }
        zip.write(']');
        zip.closeEntry();
        zip.finish();
    }

    /**
     * Every row in order, the skipped invalid ones among them. A row's status is what the archive
     * holds: one that finished after its image pass is still PENDING here.
     */
    private Iterator<ManifestRow> manifest(Batch batch, Copied copied) {
        TreeMap<Integer, String> invalid = batch.invalid().stream()
                .collect(Collectors.groupingBy(
                        RowViolation::row,
                        TreeMap::new,
                        Collectors.mapping(v -> v.field() + " " + v.message(), Collectors.joining("; "))));
        return new Iterator<>() {
            private List<BatchItem> page = store.items(batch.id(), 0, PAGE);
            private int next;

            @Override
            public boolean hasNext() {
                return next < page.size() || !invalid.isEmpty();
            }

            @Override
            public ManifestRow next() {
                int row = next < page.size() ? page.get(next).row() : Integer.MAX_VALUE;
                Map.Entry<Integer, String> skipped = invalid.firstEntry();
                if (skipped != null && skipped.getKey() < row) {
                    invalid.pollFirstEntry();
                    return new ManifestRow(skipped.getKey(), "", "", "INVALID", false, skipped.getValue());
                }
                BatchItem item = page.get(next++);
                if (next == page.size() && page.size() == PAGE) {
                    page = store.items(batch.id(), item.row(), PAGE);
                    next = 0;
                }
                return row(item, copied);
            }
        };
    }

    private static ManifestRow row(BatchItem item, Copied copied) {
        String status;
        String error = "";
        if (copied.images().get(item.row())) {
            status = "DONE";
        } else if (copied.missing().get(item.row())) {
            status = "MISSING";
            error = "the image has expired from storage";
        } else if (item.status() == JobStatus.FAILED) {
            status = "FAILED";
            error = item.error();
        } else {
            status = "PENDING";
        }
        return new ManifestRow(
                item.row(), item.filename(), item.request().content(), status, status.equals("DONE"), error);
    }

    private boolean copy(ZipOutputStream zip, BatchItem item) throws IOException {
        Optional<StoredObject> image = objects.open(item.imageKey());
        if (image.isEmpty()) {
            return false;
        }
        try (StoredObject body = image.get()) {
            zip.setLevel(
                    item.request().format() == Format.PNG ? Deflater.NO_COMPRESSION : Deflater.DEFAULT_COMPRESSION);
            zip.putNextEntry(new ZipEntry(item.filename()));
            body.body().transferTo(zip);
            zip.closeEntry();
        }
        return true;
    }

    private static String line(
            Object row, String filename, String content, String status, Object verified, String error) {
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
