package io.qrfleet.worker.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.qrfleet.contract.Verification;
import io.qrfleet.worker.WorkerProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CheckSamplerTest {

    private static CheckSampler sampler(int every, int first) {
        return new CheckSampler(new WorkerProperties(
                2,
                2,
                1,
                1,
                3,
                Duration.ofSeconds(1),
                Duration.ofSeconds(20),
                Path.of("hb"),
                Duration.ofMinutes(5),
                every,
                first,
                false));
    }

    @Test
    void theFirstCodesAfterStartAndOneInEveryNGetTheFullCheck() {
        CheckSampler checks = sampler(100, 20);
        var sequence = IntStream.range(0, 400).mapToObj(i -> checks.next()).toList();

        assertThat(sequence.subList(0, 20)).containsOnly(Verification.FULL);
        assertThat(sequence.subList(20, 400).stream().filter(check -> check == Verification.FULL))
                .hasSize(3); // codes 100, 200, 300
        assertThat(sequence.get(100)).isEqualTo(Verification.FULL);
        assertThat(sequence.get(101)).isEqualTo(Verification.GRID);
    }

    @Test
    void everyOneMeansTheFullCheckForEveryCode() {
        CheckSampler checks = sampler(1, 0);
        assertThat(IntStream.range(0, 50).mapToObj(i -> checks.next())).containsOnly(Verification.FULL);
    }
}
