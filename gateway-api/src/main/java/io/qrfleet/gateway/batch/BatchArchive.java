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

/**
 * Streams a batch as a ZIP: one entry per finished image, copied from the bucket as it is read,
 * then {@code manifest.csv} with a line for every row. Only the item list and one image at a time
 * are held in memory. PNGs are stored without recompression (they are deflated already).
 */
@Component
class BatchArchive {

    static final String MANIFEST = "manifest.csv";

    private final ObjectStore objects;

    BatchArchive(ObjectStore objects) {
        this.objects = objects;
    }

    void write(BatchRecord batch, List<BatchItem> items, BatchStore.Progress progress, OutputStream out)
            throws IOException {
        Map<Integer, String> manifest = new TreeMap<>();
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
            manifest.put(item.row(), line(item.row(), item.filename(), item.request().content(), status,
                    status.equals("DONE"), error));
        }
        batch.invalid().stream().collect(Collectors.groupingBy(RowViolation::row, TreeMap::new,
                        Collectors.mapping(v -> v.field() + " " + v.message(), Collectors.joining("; "))))
                .forEach((row, error) -> manifest.put(row, line(row, "", "", "INVALID", false, error)));
        zip.setLevel(Deflater.DEFAULT_COMPRESSION);
        zip.putNextEntry(new ZipEntry(MANIFEST));
        Writer writer = new OutputStreamWriter(zip, StandardCharsets.UTF_8);
        writer.write(line("row", "filename", "content", "status", "verified", "error"));
        for (String line : manifest.values()) {
            writer.write(line);
        }
        writer.flush();
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

    /** RFC 4180: quoted when it holds a comma, quote or line break, quotes doubled. */
    private static String cell(String value) {
        if (value == null) {
            return "";
        }
        if (value.chars().anyMatch(c -> c == ',' || c == '"' || c == '\r' || c == '\n')) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }
}
