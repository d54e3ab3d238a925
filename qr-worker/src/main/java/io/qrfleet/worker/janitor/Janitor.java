package io.qrfleet.worker.janitor;

import io.qrfleet.common.broker.JobPublisher;
import io.qrfleet.common.storage.JobStore;
import io.qrfleet.common.storage.ObjectStore;
import io.qrfleet.common.storage.ObjectSummary;
import io.qrfleet.contract.JobId;
import io.qrfleet.contract.JobMessage;
import io.qrfleet.contract.JobRecord;
import io.qrfleet.contract.StorageKeys;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * One maintenance pass over the bucket: reap stuck jobs, delete what is past retention (never an
 * image a kept job points to), audit the keys, and write a catalog report. {@link #stop()} (from a
 * signal) ends the pass early; the report is then written and marked interrupted.
 */
@Component
@Profile("janitor")
public class Janitor {

    static final String REPORTS_PREFIX = "reports/";
    private static final Logger log = LoggerFactory.getLogger(Janitor.class);
    private static final Pattern RECORD_KEY = Pattern.compile("jobs/([0-9a-f-]{36})\\.json");
    private static final Pattern IMAGE_KEY = Pattern.compile("codes/[0-9a-f]{64}\\.(png|svg)");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(java.time.ZoneOffset.UTC);

    private final ObjectStore objects;
    private final JobStore jobs;
    private final JobPublisher publisher;
    private final JanitorProperties properties;
    private final JsonMapper json;
    private final Clock clock = Clock.systemUTC();
    private volatile boolean stopping;

    Janitor(ObjectStore objects, JobStore jobs, JobPublisher publisher, JanitorProperties properties, JsonMapper json) {
        this.objects = objects;
        this.jobs = jobs;
        this.publisher = publisher;
        this.properties = properties;
        this.json = json;
    }

    public void stop() {
        stopping = true;
    }

    /** Runs the pass and writes the report; returns it so the caller can choose the exit code. */
    public CatalogReport run() {
        Instant now = clock.instant();
        Catalog catalog = new Catalog(now);
        boolean complete = each(objects.list(StorageKeys.JOBS_PREFIX), o -> record(o, now, catalog))
                && each(objects.list(StorageKeys.CODES_PREFIX), o -> image(o, now, catalog))
                && each(objects.list(""), o -> other(o, catalog));
        if (complete) {
            catalog.recordsWhoseImageWasNotSeen().forEach(catalog.withoutImage::add);
        }
        CatalogReport report = catalog.report(clock.instant(), !complete);
        byte[] body = json.writeValueAsBytes(report);
        objects.put(REPORTS_PREFIX + "catalog-" + STAMP.format(now) + ".json", body, "application/json");
        objects.put(REPORTS_PREFIX + "catalog-latest.json", body, "application/json");
        log.info("Janitor {}: jobs {}, actions {}, anomalies: {} unexpected keys, {} unreadable records, {} orphan images, "
                + "{} records without image", complete ? "finished" : "interrupted", report.jobsByStatus(), report.actions(),
                report.anomalies().unexpectedKeys(), report.anomalies().unreadableRecords(),
                report.anomalies().orphanImages(), report.anomalies().recordsWithoutImage());
        return report;
    }

    private boolean each(Stream<ObjectSummary> listing, Consumer<ObjectSummary> action) {
        try (listing) {
            for (Iterator<ObjectSummary> it = listing.iterator(); it.hasNext(); ) {
                if (stopping) {
                    return false;
                }
                action.accept(it.next());
            }
        }
        return !stopping;
    }

    private void record(ObjectSummary object, Instant now, Catalog catalog) {
        var key = RECORD_KEY.matcher(object.key());
        if (!key.matches() || JobId.parse(key.group(1)).isEmpty()) {
            catalog.unexpected.add(object.key());
            return;
        }
        Optional<JobRecord> stored;
        try {
            stored = jobs.find(key.group(1));
        } catch (JacksonException e) {
            catalog.unreadable.add(object.key());
            return;
        }
        if (stored.isEmpty()) {
            return; // deleted since the listing
        }
        JobRecord job = stored.get();
        if (job.createdAt().isBefore(now.minus(properties.retention()))) {
            jobs.delete(job.id());
            catalog.deletedRecords++;
            return;
        }
        if (!job.status().isFinal() && job.updatedAt().isBefore(now.minus(properties.stuckAfter()))) {
            job = reap(job, now, catalog);
        }
        catalog.job(job, object.size());
        // a pending job will reuse this image if it exists, so it is kept too
        catalog.keepImage(job.imageKey() != null ? job.imageKey() : StorageKeys.image(job.request()));
        if (job.imageKey() != null) {
            catalog.expectImage(job.imageKey(), object.key());
        }
    }

    private JobRecord reap(JobRecord job, Instant now, Catalog catalog) {
        if (job.attempts() >= properties.maxAttempts()) {
            JobRecord failed = job.failed(now, "stuck in " + job.status() + " after " + job.attempts() + " attempts");
            jobs.save(failed);
            catalog.failed++;
            return failed;
        }
        JobRecord requeued = new JobRecord(job.id(), job.status(), job.createdAt(), now, job.request(), job.attempts(),
                null, false, null);
        jobs.save(requeued);
        publisher.publish(new JobMessage(job.id(), job.request()));
        catalog.requeued++;
        return requeued;
    }

    private void image(ObjectSummary object, Instant now, Catalog catalog) {
        if (!IMAGE_KEY.matcher(object.key()).matches()) {
            catalog.unexpected.add(object.key());
        } else if (catalog.isKept(object.key())) {
            catalog.image(object.key(), object.size());
        } else if (object.lastModified().isBefore(now.minus(properties.retention()))) {
            objects.delete(object.key());
            catalog.deletedImages++;
        } else {
            catalog.image(object.key(), object.size());
            catalog.orphans.add(object.key());
        }
    }

    private void other(ObjectSummary object, Catalog catalog) {
        String key = object.key();
        if (!key.startsWith(StorageKeys.JOBS_PREFIX) && !key.startsWith(StorageKeys.CODES_PREFIX)
                && !key.startsWith(REPORTS_PREFIX)) {
            catalog.unexpected.add(key);
        }
    }
}
