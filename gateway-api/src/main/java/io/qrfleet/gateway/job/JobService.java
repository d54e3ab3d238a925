package io.qrfleet.gateway.job;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.qrfleet.common.broker.JobPublisher;
import io.qrfleet.common.broker.PublishRefusedException;
import io.qrfleet.common.storage.JobStore;
import io.qrfleet.common.storage.StorageException;
import io.qrfleet.contract.JobId;
import io.qrfleet.contract.JobMessage;
import io.qrfleet.contract.JobRecord;
import io.qrfleet.contract.JobRequest;
import io.qrfleet.contract.RenderRequest;
import io.qrfleet.gateway.web.ServiceUnavailableException;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** Submission: validate, write the QUEUED record, publish; undo the record if the publish fails. */
@Service
class JobService {

    private static final Logger log = LoggerFactory.getLogger(JobService.class);

    private final JobStore jobs;
    private final JobPublisher publisher;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Counter accepted;

    JobService(JobStore jobs, JobPublisher publisher, MeterRegistry meters) {
        this.jobs = jobs;
        this.publisher = publisher;
        this.meters = meters;
        this.clock = Clock.systemUTC();
        this.accepted = Counter.builder("qr.jobs.accepted").description("Jobs queued").register(meters);
    }

    JobRecord submit(JobRequest body) {
        RenderRequest request;
        try {
            request = body.toRenderRequest();
        } catch (RuntimeException e) {
            rejected("invalid");
            throw e;
        }
        JobRecord job = JobRecord.queued(JobId.next(), request, clock.instant());
        try {
            jobs.save(job);
        } catch (StorageException e) {
            rejected("storage_unavailable");
            throw new ServiceUnavailableException("The image store is unavailable.", e);
        }
        try {
            publisher.publish(new JobMessage(job.id(), request));
        } catch (PublishRefusedException e) {
            rejected(e.reason());
            forget(job.id());
            throw new ServiceUnavailableException(e.getMessage(), e);
        }
        accepted.increment();
        return job;
    }

    Optional<JobRecord> find(String id) {
        try {
            return jobs.find(id);
        } catch (StorageException e) {
            throw new ServiceUnavailableException("The image store is unavailable.", e);
        }
    }

    void rejected(String reason) {
        Counter.builder("qr.jobs.rejected").description("Submissions refused, by reason")
                .tag("reason", reason).register(meters).increment();
    }

    /** The job never reached the queue: remove its record so nothing claims to be QUEUED. */
    private void forget(String id) {
        try {
            jobs.delete(id);
        } catch (StorageException e) {
            log.warn("Could not remove the record of unpublished job {}; the janitor will reap it", id, e);
        }
    }
}
