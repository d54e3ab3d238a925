package io.qrfleet.worker.job;

import io.qrfleet.contract.JobResult;
import io.qrfleet.contract.batch.BatchItemMessage;
import org.springframework.stereotype.Component;

/** One batch row: the image, and the row's DONE result. */
@Component
class BatchItemProcessor {

    private final JobProcessor jobs;

    BatchItemProcessor(JobProcessor jobs) {
        this.jobs = jobs;
    }

    JobResult process(BatchItemMessage item) throws UnrenderableJobException {
        JobProcessor.Stored image = jobs.store("batch row " + item.messageId(), item.request(), item.imageKey());
        return JobResult.done(item.batchId(), item.row(), item.imageKey(), image.size(), image.verification());
    }
}
