package io.qrfleet.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.qrfleet.contract.JobId;
import io.qrfleet.contract.JobRequest;
import io.qrfleet.contract.JobResult;
import io.qrfleet.contract.JobStatus;
import io.qrfleet.contract.RenderRequest;
import io.qrfleet.contract.StorageKeys;
import io.qrfleet.contract.Verification;
import io.qrfleet.gateway.DatabaseSlice;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The job state machine's guarded statements, each against the real PostgreSQL in a schema of its
 * own: a transition happens only from the statuses it may come from, whatever arrives late.
 */
@DatabaseSlice
@Import(JobRepository.class)
class JobRepositoryTest {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    @Autowired
    JobRepository jobs;

    @Autowired
    JdbcClient db;

    @Test
    void aDoneJobStaysDoneWhateverArrivesLater() {
        Job job = queued("done stays done");

        jobs.processing(List.of(job.id()), T0.plusSeconds(1));
        assertThat(jobs.find(job.id()).orElseThrow().status()).isEqualTo(JobStatus.PROCESSING);
        assertThat(done(job, job.imageKey(), T0.plusSeconds(2))).isTrue();

        assertThat(done(job, job.imageKey(), T0.plusSeconds(3)))
                .as("a repeated DONE")
                .isFalse();
        assertThat(failed(job, "late", T0.plusSeconds(3))).as("a late FAILED").isFalse();
        jobs.processing(List.of(job.id()), T0.plusSeconds(3));
        assertThat(jobs.refuse(job.id(), "no confirm", T0.plusSeconds(3)))
                .as("a late refusal")
                .isFalse();
        Job after = jobs.find(job.id()).orElseThrow();
        assertThat(after.status()).isEqualTo(JobStatus.DONE);
        assertThat(after.verification()).isEqualTo(Verification.GRID);
        assertThat(after.updatedAt()).isEqualTo(T0.plusSeconds(2));
    }

    @Test
    void aFailedJobIsNeverRevived() {
        Job job = queued("failed stays failed");

        assertThat(failed(job, "unrenderable", T0.plusSeconds(1))).isTrue();

        assertThat(done(job, job.imageKey(), T0.plusSeconds(2))).isFalse();
        jobs.processing(List.of(job.id()), T0.plusSeconds(2));
        assertThat(jobs.find(job.id()).orElseThrow())
                .extracting(Job::status, Job::error)
                .containsExactly(JobStatus.FAILED, "unrenderable");
    }

    @Test
    void doneCountsOnlyForTheImageTheJobWasCreatedWith() {
        Job job = queued("own image only");

        assertThat(done(job, "codes/somebody-else.png", T0.plusSeconds(1))).isFalse();

        assertThat(jobs.find(job.id()).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
        assertThat(imageLastUsed("codes/somebody-else.png")).isEmpty();
    }

    @Test
    void doneRecordsItsImageAsUsedThen() {
        Job job = queued("image recorded");

        done(job, job.imageKey(), T0.plusSeconds(5));

        assertThat(imageLastUsed(job.imageKey())).hasValue(T0.plusSeconds(5));
    }

    /** Results come in batches: two jobs of one image in one statement record the image once. */
    @Test
    void jobsOfOneImageAreDoneTogether() {
        Job first = queued("one image");
        Job second =
                new Job(JobId.next(), JobStatus.QUEUED, T0, T0, first.request(), first.imageKey(), null, null, false);
        jobs.insert(second, "", null, null);

        List<String> finished = jobs.done(
                List.of(
                        JobResult.done(first.id(), null, first.imageKey(), 7, Verification.GRID),
                        JobResult.done(second.id(), null, second.imageKey(), 7, Verification.FULL)),
                T0.plusSeconds(1));

        assertThat(finished).containsExactlyInAnyOrder(first.id(), second.id());
        assertThat(imageLastUsed(first.imageKey())).hasValue(T0.plusSeconds(1));
        assertThat(jobs.find(second.id()).orElseThrow().verification()).isEqualTo(Verification.FULL);
    }

    private boolean done(Job job, String image, Instant at) {
        return jobs.done(List.of(JobResult.done(job.id(), null, image, 123, Verification.GRID)), at)
                .contains(job.id());
    }

    private boolean failed(Job job, String reason, Instant at) {
        return jobs.failed(List.of(JobResult.failed(job.id(), null, reason)), at)
                .contains(job.id());
    }

    @Test
    void aRefusedJobFreesItsIdempotencyKeyForTheRetry() {
        Job first = job("refused");
        assertThat(jobs.insert(first, "key:a", "retry-1", null)).isTrue();
        assertThat(jobs.insert(job("refused again"), "key:a", "retry-1", null))
                .as("the key is taken")
                .isFalse();

        assertThat(jobs.refuse(first.id(), "the broker did not confirm", T0.plusSeconds(1)))
                .isTrue();

        assertThat(jobs.findByIdempotencyKey("key:a", "retry-1")).isEmpty();
        assertThat(jobs.insert(job("the retry"), "key:a", "retry-1", null)).isTrue();
    }

    @Test
    void idempotencyKeysBelongToTheirOwner() {
        assertThat(jobs.insert(job("owner a"), "key:a", "same", null)).isTrue();
        assertThat(jobs.insert(job("owner b"), "key:b", "same", null)).isTrue();
    }

    @Test
    void onlyUnfinishedJobsOfTheRequesterCountAsUnderWay() {
        Job queued = job("under way");
        Job finished = job("finished");
        jobs.insert(queued, "", null, "addr:192.0.2.1");
        jobs.insert(finished, "", null, "addr:192.0.2.1");
        jobs.insert(job("someone else"), "", null, "addr:192.0.2.2");

        failed(finished, "gone", T0.plusSeconds(1));

        assertThat(jobs.underWay("addr:192.0.2.1")).isEqualTo(1);
    }

    @Test
    void aRecentJobForTheImageIsOnlyOneThatIsDoneOrConfirmed() {
        Job unconfirmed = queued("recent");
        assertThat(jobs.findRecent(unconfirmed.imageKey(), T0.minusSeconds(1)))
                .as("not confirmed yet")
                .isEmpty();

        jobs.published(unconfirmed.id(), T0.plusSeconds(1));

        assertThat(jobs.findRecent(unconfirmed.imageKey(), T0.minusSeconds(1)))
                .map(Job::id)
                .hasValue(unconfirmed.id());
        assertThat(jobs.findRecent(unconfirmed.imageKey(), T0))
                .as("created before since")
                .isEmpty();
    }

    private Job queued(String content) {
        Job job = job(content);
        assertThat(jobs.insert(job, "", null, null)).isTrue();
        return job;
    }

    private static Job job(String content) {
        RenderRequest request =
                new JobRequest(content + " " + JobId.next(), null, null, null, null, null, null).toRenderRequest();
        return new Job(JobId.next(), JobStatus.QUEUED, T0, T0, request, StorageKeys.image(request), null, null, false);
    }

    private Optional<Instant> imageLastUsed(String key) {
        return db.sql("SELECT last_used FROM images WHERE key = :key")
                .param("key", key)
                .query((rs, row) -> rs.getObject(1, java.time.OffsetDateTime.class)
                        .toInstant()
                        .truncatedTo(ChronoUnit.MICROS))
                .optional();
    }
}
