package io.qrfleet.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.qrfleet.client.api.JobControllerApi;
import io.qrfleet.client.model.JobSubmission;
import io.qrfleet.client.model.JobSubmission.ErrorCorrectionEnum;
import io.qrfleet.client.model.JobSubmission.FormatEnum;
import io.qrfleet.client.model.JobView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Jobs of every size and error-correction level through the whole pipeline, each image decoded. */
@Tag("smoke")
class JobsSystemTest {

    private static final int JOBS = Integer.getInteger("qr.smoke.jobs", 300);
    private static final int PARALLEL = Integer.getInteger("qr.smoke.parallel", 16);
    private static final String RUN = UUID.randomUUID().toString();

    private final JobClient client = new JobClient();

    @Test
    void everyJobIsDoneAndItsImageDecodesToItsContent() {
        List<Callable<Optional<String>>> jobs = IntStream.rangeClosed(1, JOBS)
                .<Callable<Optional<String>>>mapToObj(n -> () -> run(n))
                .toList();
        assertThat(JobClient.failures(PARALLEL, jobs))
                .as("jobs not done or not decoded")
                .isEmpty();
    }

    /** Job n: one of five size and level pairs, and an SVG every 25th. */
    private Optional<String> run(int n) {
        int[] sizes = {2048, 512, 1024, 256, 768};
        ErrorCorrectionEnum[] levels = {
            ErrorCorrectionEnum.H,
            ErrorCorrectionEnum.M,
            ErrorCorrectionEnum.Q,
            ErrorCorrectionEnum.L,
            ErrorCorrectionEnum.H
        };
        int size = sizes[n % 5];
        String content = "https://qr-fleet.example/smoke/" + RUN + "/" + n + "?size=" + size + "&ecc=" + levels[n % 5];
        boolean svg = n % 25 == 7;
        JobSubmission body = new JobSubmission()
                .content(content)
                .format(svg ? FormatEnum.SVG : FormatEnum.PNG)
                .size(size)
                .errorCorrection(levels[n % 5]);
        JobClient.Answer answer =
                client.submit(body, RUN + "-" + n, Instant.now().plus(Duration.ofMinutes(2)));
        if (!answer.accepted()) {
            return Optional.of(
                    "job " + n + ": submit answered " + answer.code() + " after " + answer.tries() + " tries");
        }
        return client.verify(
                        answer.id(),
                        content,
                        svg ? JobClient.SVG : JobClient.PNG,
                        Instant.now().plus(Duration.ofMinutes(2)))
                .map(why -> "job " + n + ": " + why);
    }

    @Test
    void aJobRecordHasItsIdStatusTimeAndRequest() throws Exception {
        JobControllerApi jobs = new JobControllerApi(Stack.client());
        JobView accepted = jobs.submit(new JobSubmission().content("https://qr-fleet.example/record"), null);
        JobView record = jobs.get(accepted.getId(), 0);
        assertThat(record.getId()).isEqualTo(accepted.getId());
        assertThat(record.getStatus()).isNotNull();
        assertThat(record.getCreatedAt()).isNotNull();
        assertThat(record.getRequest()).isNotNull();
    }
}
