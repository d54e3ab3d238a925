package io.qrfleet.worker.job;

import com.google.zxing.WriterException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.qrfleet.common.storage.ObjectStore;
import io.qrfleet.contract.JobMessage;
import io.qrfleet.contract.JobResult;
import io.qrfleet.contract.RenderRequest;
import io.qrfleet.contract.Verification;
import io.qrfleet.contract.render.QrRenderer;
import io.qrfleet.contract.render.QrVerifier;
import io.qrfleet.worker.WorkerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One job: renders, verifies, uploads, and returns the DONE result naming the check the image
 * passed. Holds no state: the gateway decides what a result changes, so running a job twice is
 * harmless.
 */
@Component
class JobProcessor {

    private static final Logger log = LoggerFactory.getLogger(JobProcessor.class);

    private final ObjectStore objects;
    private final StorageRetry retry;
    private final ResultSender results;
    private final CheckSampler checks;
    private final boolean reportProcessing;
    private final Timer renderTimer;

    JobProcessor(
            ObjectStore objects,
            StorageRetry retry,
            ResultSender results,
            CheckSampler checks,
            WorkerProperties properties,
            MeterRegistry meters) {
        this.objects = objects;
        this.retry = retry;
        this.results = results;
        this.checks = checks;
        this.reportProcessing = properties.reportProcessing();
        this.renderTimer = Timer.builder("qr.render")
                .description("Render and verify one code")
                .register(meters);
    }

    JobResult process(JobMessage message) throws UnrenderableJobException {
        if (reportProcessing) {
            results.processing(message.jobId());
        }
        Stored image = store("job " + message.jobId(), message.request(), message.imageKey());
        return JobResult.done(message.jobId(), null, message.imageKey(), image.size(), image.verification());
    }

    /** An image uploaded under its key, and the check it passed first. */
    record Stored(long size, Verification verification) {}

    /**
     * Renders, verifies and uploads the image. No lookup first: the key is the request's hash, so
     * a PUT over an object that exists writes the same bytes again, and one request fewer per job.
     */
    Stored store(String what, RenderRequest request, String imageKey) throws UnrenderableJobException {
        Verification check = checks.next();
        byte[] image = renderVerified(what, request, check);
        retry.run(
                "upload image",
                () -> objects.put(imageKey, image, request.format().mediaType()));
        return new Stored(image.length, check);
    }

    private byte[] renderVerified(String what, RenderRequest request, Verification check)
            throws UnrenderableJobException {
        byte[] image;
        boolean verified;
        Timer.Sample sample = Timer.start();
        try {
            image = QrRenderer.render(request).bytes();
            verified = QrVerifier.verify(request, image, check);
        } catch (WriterException | IllegalArgumentException e) {
            throw new UnrenderableJobException("cannot render: " + e.getMessage(), e);
        } finally {
            sample.stop(renderTimer);
        }
        if (!verified) {
            throw new UnrenderableJobException("the rendered code did not decode back to its content", null);
        }
        log.debug("Rendered {} ({} bytes, {} check)", what, image.length, check);
        return image;
    }
}
