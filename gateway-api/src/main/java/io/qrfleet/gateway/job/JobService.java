package io.qrfleet.gateway.job;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.qrfleet.common.broker.BrokerProperties;
import io.qrfleet.common.broker.JobPublisher;
import io.qrfleet.common.broker.PublishRefusedException;
import io.qrfleet.contract.InvalidRequestException;
import io.qrfleet.contract.JobId;
import io.qrfleet.contract.JobMessage;
import io.qrfleet.contract.JobRequest;
import io.qrfleet.contract.JobStatus;
import io.qrfleet.contract.RenderRequest;
import io.qrfleet.contract.StorageKeys;
import io.qrfleet.contract.Violation;
import io.qrfleet.gateway.web.IdempotencyKey;
import io.qrfleet.gateway.web.RetryLaterException;
import io.qrfleet.gateway.web.ServiceUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Submission: validate, insert the QUEUED row, publish with a confirm. A refused publish marks the
 * row FAILED (the client is told 503), unless a worker has finished it meanwhile: then the broker
 * had the message after all, and the client gets the job. A repeated Idempotency-Key gets the
 * first job; if that one was never confirmed and its gateway is long past the confirm timeout (it
 * died in between), the repeat queues it again.
 */
@Service
class JobService {

    private static final Logger log = LoggerFactory.getLogger(JobService.class);
    /** A job for the same image older than this is not joined: its message may be lost (the janitor's case). */
    private static final Duration JOIN_WITHIN = Duration.ofMinutes(1);

    private final JobRepository jobs;
    private final JobPublisher publisher;
    private final TransactionTemplate transaction;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Counter accepted;
    private final Duration takeOverAfter;
    private final CodeProperties codes;
    /** Codes by URL being queued on this gateway, by image key. */
    private final ConcurrentMap<String, CompletableFuture<Job>> queuingCodes = new ConcurrentHashMap<>();

    JobService(
            JobRepository jobs,
            JobPublisher publisher,
            TransactionTemplate transaction,
            MeterRegistry meters,
            Clock clock,
            BrokerProperties broker,
            CodeProperties codes) {
        this.jobs = jobs;
        this.codes = codes;
        this.publisher = publisher;
        this.transaction = transaction;
        this.meters = meters;
        this.clock = clock;
        // by then the first gateway has had its confirm or its refusal, unless it is gone
        this.takeOverAfter = broker.confirmTimeout().multipliedBy(2);
        this.accepted =
                Counter.builder("qr.jobs.accepted").description("Jobs queued").register(meters);
    }

    /** {@code idempotencyKey} may be null; {@code tenant} is whose the image is if it holds a secret. */
    Job submit(JobRequest body, String owner, String tenant, String idempotencyKey) {
        RenderRequest request;
        try {
            request = body.toRenderRequest();
        } catch (RuntimeException e) {
            rejected("invalid");
            throw e;
        }
        Job job = newJob(request, StorageKeys.image(request, tenant));
        if (!jobs.insert(job, owner, idempotencyKey, null)) {
            return repeated(owner, idempotencyKey, request);
        }
        return publish(job);
    }

    /**
     * A code by URL: a recent job for the same image, done (it finished since the caller looked in
     * storage) or under way (many requests for one new code queue it once; on this gateway,
     * simultaneous ones wait for the first to be queued), else a new job within the requester's
     * share.
     */
    Job submitCode(RenderRequest request, String image, String owner, String requester) {
        CompletableFuture<Job> mine = new CompletableFuture<>();
        CompletableFuture<Job> first = queuingCodes.putIfAbsent(image, mine);
        if (first != null) {
            try {
                return first.get(takeOverAfter.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException | InterruptedException e) {
                // the first failed (its client's share, the broker) or hangs: this one tries itself
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                return recentOrQueued(request, image, owner, requester);
            }
        }
        try {
            Job job = recentOrQueued(request, image, owner, requester);
            mine.complete(job);
            return job;
        } finally {
            mine.completeExceptionally(new IllegalStateException("not queued")); // when nothing completed it
            queuingCodes.remove(image, mine);
        }
    }

    private Job recentOrQueued(RenderRequest request, String image, String owner, String requester) {
        return jobs.findRecent(image, clock.instant().minus(JOIN_WITHIN))
                .orElseGet(() -> queueCode(request, image, owner, requester));
    }

    /**
     * The count and the insert hold the requester's lock, so simultaneous misses on any number of
     * gateways cannot pass the share together; the publish comes after the commit, as for any job.
     */
    private Job queueCode(RenderRequest request, String image, String owner, String requester) {
        Job job = newJob(request, image);
        transaction.executeWithoutResult(status -> {
            jobs.lockRequester(requester);
            if (jobs.underWay(requester) >= codes.clientShare()) {
                rejected("client_share");
                throw new RetryLaterException(
                        RetryLaterException.Reason.CLIENT_SHARE,
                        "This client has " + codes.clientShare()
                                + " codes being rendered already; ask again when one of them is done.",
                        codes.renderWait().toSeconds());
            }
            jobs.insert(job, owner, null, requester);
        });
        return publish(job);
    }

    private Job newJob(RenderRequest request, String image) {
        Instant now = clock.instant();
        return new Job(JobId.next(), JobStatus.QUEUED, now, now, request, image, null, null, false);
    }

    private Job publish(Job job) {
        try {
            publisher.publish(new JobMessage(job.id(), job.request(), job.imageKey()));
        } catch (PublishRefusedException e) {
            rejected(e.reason());
            if (jobs.refuse(job.id(), "not queued: " + e.getMessage(), clock.instant())) {
                throw new ServiceUnavailableException(e.getMessage(), e);
            }
            return jobs.find(job.id()).orElseThrow();
        }
        try {
            jobs.published(job.id(), clock.instant());
        } catch (DataAccessException e) {
            // the job is queued and its row exists: only a repeat of its key waits until it is finished
            log.warn("Could not record the confirm of job {}: {}", job.id(), e.getMessage());
        }
        accepted.increment();
        return job;
    }

    Optional<Job> find(String id) {
        return jobs.find(id);
    }

    List<Job> page(String owner, Optional<ListCursor> after, int limit) {
        return jobs.page(owner, after, limit);
    }

    /** The same key for another normalised request is a 422 (a code with a secret may come from another address). */
    private Job repeated(String owner, String idempotencyKey, RenderRequest request) {
        Job first = jobs.findByIdempotencyKey(owner, idempotencyKey)
                .orElseThrow(() ->
                        // its publish was refused in between, which freed the key
                        new RetryLaterException(
                                RetryLaterException.Reason.IN_FLIGHT,
                                "A request with this " + IdempotencyKey.HEADER + " was just refused; send it again."));
        if (!first.request().canonical().equals(request.canonical())) {
            rejected("idempotency_mismatch");
            throw new InvalidRequestException(List.of(new Violation(
                    IdempotencyKey.HEADER,
                    "was used before for a different request; use a new key for a new request")));
        }
        if (!first.published() && first.status() == JobStatus.QUEUED) {
            if (first.createdAt().plus(takeOverAfter).isAfter(clock.instant())) {
                throw new RetryLaterException(
                        RetryLaterException.Reason.IN_FLIGHT,
                        "A request with this " + IdempotencyKey.HEADER
                                + " is still being queued; send it again shortly.");
            }
            return queueAgain(first);
        }
        return first;
    }

    /** Its message may be queued already: a second one costs a duplicate render, never a second result. */
    private Job queueAgain(Job job) {
        try {
            publisher.publish(new JobMessage(job.id(), job.request(), job.imageKey()));
        } catch (PublishRefusedException e) {
            rejected(e.reason());
            throw new ServiceUnavailableException(e.getMessage(), e);
        }
        jobs.published(job.id(), clock.instant());
        log.info("Queued job {} again: the gateway that took it never recorded its confirm", job.id());
        return job;
    }

    void rejected(String reason) {
        Counter.builder("qr.jobs.rejected")
                .description("Submissions refused, by reason")
                .tag("reason", reason)
                .register(meters)
                .increment();
    }
}
