package io.qrfleet.worker.job;

import com.google.zxing.WriterException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.qrfleet.common.broker.CompletionPublisher;
import io.qrfleet.common.storage.JobStore;
import io.qrfleet.common.storage.ObjectStore;
import io.qrfleet.contract.JobMessage;
import io.qrfleet.contract.JobRecord;
import io.qrfleet.contract.RenderRequest;
import io.qrfleet.contract.StorageKeys;
import io.qrfleet.contract.render.QrRenderer;
import io.qrfleet.contract.render.QrVerifier;
import io.qrfleet.contract.render.RenderedCode;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One job: PROCESSING, render and verify (unless the content key already has an image), upload,
 * DONE. Safe to run twice for the same job: a DONE or FAILED job is left alone. Each DONE or
 * FAILED record, once saved, is announced for the clients waiting on it.
 */
@Component
class JobProcessor {

    private static final Logger log = LoggerFactory.getLogger(JobProcessor.class);

    private final JobStore jobs;
    private final ObjectStore objects;
    private final StorageRetry retry;
    private final CompletionPublisher completions;
    private final Timer renderTimer;

    JobProcessor(JobStore jobs, ObjectStore objects, StorageRetry retry, CompletionPublisher completions,
            MeterRegistry meters) {
        this.jobs = jobs;
        this.objects = objects;
        this.retry = retry;
        this.completions = completions;
        this.renderTimer = Timer.builder("qr.render").description("Render and verify one code").register(meters);
    }

    void process(JobMessage message) throws UnrenderableJobException {
        Optional<JobRecord> stored = retry.call("read job", () -> jobs.find(message.jobId()));
        if (stored.isEmpty()) {
            // the gateway removed it after a failed publish, and told the client so
            log.info("Job {} has no record; skipping", message.jobId());
            return;
        }
        if (stored.get().status().isFinal()) {
            log.info("Job {} is already {}; skipping redelivery", message.jobId(), stored.get().status());
            return;
        }
        JobRecord processing = stored.get().processing(Instant.now());
        retry.run("mark processing", () -> jobs.save(processing));
        String imageKey = ensureImage("job " + message.jobId(), message.request());
        // only verified images are ever stored, so a cached image is verified too
        JobRecord done = processing.done(Instant.now(), imageKey, true);
        retry.run("mark done", () -> jobs.save(done));
        completions.publish(done);
    }

    /** Renders, verifies and uploads the image unless its content key already has one; returns the key. */
    String ensureImage(String what, RenderRequest request) throws UnrenderableJobException {
        String imageKey = StorageKeys.image(request);
        if (!retry.call("look up image", () -> objects.exists(imageKey))) {
            byte[] image = renderVerified(what, request);
            retry.run("upload image", () -> objects.put(imageKey, image, request.format().mediaType()));
        }
        return imageKey;
    }

    /** Marks the job FAILED with a reason, if it has a record and is not finished. */
    void fail(String jobId, String reason) {
        Optional<JobRecord> stored = retry.call("read job", () -> jobs.find(jobId));
        stored.filter(job -> !job.status().isFinal()).ifPresent(job -> {
            JobRecord failed = job.failed(Instant.now(), reason);
            retry.run("mark failed", () -> jobs.save(failed));
            completions.publish(failed);
        });
    }

    private byte[] renderVerified(String what, RenderRequest request) throws UnrenderableJobException {
        RenderedCode code;
        boolean verified;
        Timer.Sample sample = Timer.start();
        try {
            code = QrRenderer.render(request);
            verified = QrVerifier.verify(request, code);
        } catch (WriterException | IllegalArgumentException e) {
            throw new UnrenderableJobException("cannot render: " + e.getMessage(), e);
        } finally {
            sample.stop(renderTimer);
        }
        if (!verified) {
            throw new UnrenderableJobException("the rendered code did not decode back to its content", null);
        }
        log.debug("Rendered {} ({} bytes)", what, code.bytes().length);
        return code.bytes();
    }
}
