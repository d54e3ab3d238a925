package io.qrfleet.worker.job;

import com.google.zxing.WriterException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.qrfleet.common.storage.ObjectStore;
import io.qrfleet.contract.JobMessage;
import io.qrfleet.contract.JobResult;
import io.qrfleet.contract.RenderRequest;
import io.qrfleet.contract.render.QrRenderer;
import io.qrfleet.contract.render.QrVerifier;
import io.qrfleet.contract.render.RenderedCode;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One job: reports PROCESSING, renders and verifies unless the content key already has an image,
 * uploads, and returns the DONE result. Holds no state: the gateway decides what a result changes,
 * so running a job twice is harmless.
 */
@Component
class JobProcessor {

    private static final Logger log = LoggerFactory.getLogger(JobProcessor.class);

    private final ObjectStore objects;
    private final StorageRetry retry;
    private final ResultSender results;
    private final Timer renderTimer;

    JobProcessor(ObjectStore objects, StorageRetry retry, ResultSender results, MeterRegistry meters) {
        this.objects = objects;
        this.retry = retry;
        this.results = results;
        this.renderTimer = Timer.builder("qr.render")
                .description("Render and verify one code")
                .register(meters);
    }

    JobResult process(JobMessage message) throws UnrenderableJobException {
        results.processing(message.jobId());
        // only verified images are ever stored, so a stored image is verified too
        return JobResult.done(
                message.jobId(),
                null,
                message.imageKey(),
                ensureImage("job " + message.jobId(), message.request(), message.imageKey()));
    }

    /** Renders, verifies and uploads the image unless its key already has one; returns its size. */
    long ensureImage(String what, RenderRequest request, String imageKey) throws UnrenderableJobException {
        OptionalLong stored = retry.call("look up image", () -> objects.size(imageKey));
        if (stored.isPresent()) {
            return stored.getAsLong();
        }
        byte[] image = renderVerified(what, request);
        retry.run(
                "upload image",
                () -> objects.put(imageKey, image, request.format().mediaType()));
        return image.length;
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
