package io.qrfleet.worker.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.qrfleet.contract.JobId;
import io.qrfleet.contract.JobMessage;
import io.qrfleet.contract.JobStatus;
import io.qrfleet.contract.Topology;
import io.qrfleet.contract.Verification;
import io.qrfleet.worker.AbstractWorkerIT;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** The settings an operator may switch on: PROCESSING reports, and the full check for every code. */
@TestPropertySource(
        properties = {"qr.worker.report-processing=true", "qr.worker.full-check-every=1", "qr.worker.full-check-first=0"
        })
class ReportingOptionsIT extends AbstractWorkerIT {

    @Test
    void aJobIsReportedProcessingThenDoneWithTheFullCheck() {
        String id = JobId.next();
        publish(Topology.INTERACTIVE_ROUTING_KEY, id, new JobMessage(id, request("options")));

        assertThat(result(id, JobStatus.PROCESSING).row()).isNull();
        assertThat(result(id, JobStatus.DONE).verification()).isEqualTo(Verification.FULL);
    }
}
