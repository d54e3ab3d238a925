package io.qrfleet.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Faults laid among a load, step by step (a test method each, in order, below 100), then the
 * checks every such run ends with: each job was accepted in the end, refusals were only the kind a
 * client can wait out, and every accepted job is DONE with an image of its content.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class UnderLoad {

    static final Duration DONE_TIMEOUT = Duration.ofSeconds(Integer.getInteger("qr.done-timeout", 600));

    final Load load;
    private final int minJobs;

    UnderLoad(Load load, int minJobs) {
        this.load = load;
        this.minJobs = minJobs;
    }

    @Test
    @Order(100)
    void everyJobSubmittedThroughTheFaultsIsAcceptedInTheEnd() throws Exception {
        load.stop();
        assertThat(load.jobs.refused())
                .as("jobs refused for good: number and answer")
                .isEmpty();
        assertThat(load.jobs.size()).as("jobs submitted through the faults").isGreaterThanOrEqualTo(minJobs);
    }

    @Test
    @Order(101)
    void refusalsWereOnly409or429or503WithRetryAfterAndProblemJson() {
        Stack.note("every answer: " + load.jobs.answers());
        assertThat(load.jobs.answers().keySet()).isSubsetOf("202", "409", "429", "503");
    }

    @Test
    @Order(102)
    void everyAcceptedJobIsDoneWithAnImageOfItsContent() {
        assertThat(load.jobs.notDone(DONE_TIMEOUT))
                .as("accepted jobs not done or not decoded")
                .isEmpty();
    }

    @AfterAll
    void stopLoad() throws Exception {
        load.stop();
    }
}
