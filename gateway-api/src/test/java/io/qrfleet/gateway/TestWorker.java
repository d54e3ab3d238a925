package io.qrfleet.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.WriterException;
import io.qrfleet.common.storage.ObjectStore;
import io.qrfleet.contract.JobMessage;
import io.qrfleet.contract.JobResult;
import io.qrfleet.contract.Verification;
import io.qrfleet.contract.render.QrRenderer;
import org.springframework.amqp.core.Message;
import tools.jackson.databind.json.JsonMapper;

/** The worker's part, played by a test: take the next job off the real queue, render, store, report DONE. */
public record TestWorker(TestQueue queue, ObjectStore objects, JobRows rows, JsonMapper json) {

    public JobMessage work() {
        return serve(take());
    }

    /** Renders and stores the image under the key the message names, and reports DONE. */
    public JobMessage serve(JobMessage message) {
        try {
            byte[] image = QrRenderer.render(message.request()).bytes();
            objects.put(message.imageKey(), image, message.request().format().mediaType());
            rows.report(JobResult.done(message.jobId(), null, message.imageKey(), image.length, Verification.GRID));
        } catch (WriterException e) {
            throw new IllegalStateException(e);
        }
        return message;
    }

    public JobMessage take() {
        Message message = queue.receive();
        assertThat(message).as("a job message on the queue").isNotNull();
        return json.readValue(message.getBody(), JobMessage.class);
    }
}
