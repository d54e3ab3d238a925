package io.qrfleet.worker.system;

import io.qrfleet.contract.JobMessage;
import io.qrfleet.contract.JobResult;
import io.qrfleet.contract.StorageKeys;
import io.qrfleet.contract.Verification;
import io.qrfleet.contract.render.QrRenderer;
import io.qrfleet.contract.render.QrVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * The AOT cache's training run at image build time ({@code java -XX:AOTCacheOutput=… -jar app.jar
 * training}): with no broker or storage to talk to, it does what a job does in between, reading
 * job messages, rendering and verifying their codes and writing their results. Their classes and profiles then come from
 * the cache, mapped read-only, instead of being loaded into each worker's own memory.
 */
public final class TrainingCommand {

    public static final String ARGUMENT = "training";
    public static final String PROFILE = "training";

    private static final Logger log = LoggerFactory.getLogger(TrainingCommand.class);
    private static final String[] MESSAGES = {
        "{\"jobId\":\"a\",\"request\":{\"content\":\"https://example.com/training\",\"format\":\"png\",\"size\":512,"
                + "\"margin\":4,\"errorCorrection\":\"M\",\"foreground\":\"#000000\",\"background\":\"#FFFFFF\"}}",
        "{\"jobId\":\"b\",\"request\":{\"content\":\"WIFI:T:WPA;S:training;P:secret;;\",\"format\":\"svg\",\"size\":256,"
                + "\"margin\":2,\"errorCorrection\":\"Q\",\"foreground\":\"#112233\",\"background\":\"#FFFFEE\"}}",
        "{\"jobId\":\"c\",\"request\":{\"content\":\"" + "training ".repeat(100)
                + "\",\"format\":\"png\",\"size\":2048,"
                + "\"margin\":0,\"errorCorrection\":\"H\",\"foreground\":\"#000000\",\"background\":\"#FFFFFF\"}}",
    };

    private TrainingCommand() {}

    /** Returns the exit code: 0 when every code decoded back to its content. */
    public static int run(ConfigurableApplicationContext context) {
        try (context) {
            JsonMapper json = context.getBean(JsonMapper.class);
            for (String message : MESSAGES) {
                JobMessage job = json.readValue(message, JobMessage.class);
                byte[] image = QrRenderer.render(job.request()).bytes();
                for (Verification check : Verification.values()) {
                    if (!QrVerifier.verify(job.request(), image, check)) {
                        log.error("Training job {} did not pass the {} check", job.jobId(), check);
                        return 1;
                    }
                }
                json.writeValueAsBytes(
                        JobResult.done(job.jobId(), null, StorageKeys.image(job.request()), 1, Verification.GRID));
            }
            return 0;
        } catch (Exception e) {
            log.error("Training run failed", e);
            return 1;
        }
    }
}
