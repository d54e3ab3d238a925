package io.qrfleet.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class JobIdTest {

    @Test
    void nextIsAcceptedByParse() {
        for (int i = 0; i < 100; i++) {
            String id = JobId.next();
            assertThat(JobId.parse(id)).contains(id);
        }
    }

    @Test
    void acceptsCanonicalVersion4() {
        assertThat(JobId.parse("3f2b8c1e-9d4a-4b6f-8e21-0c5d7a9b1f34"))
                .contains("3f2b8c1e-9d4a-4b6f-8e21-0c5d7a9b1f34");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "3f2b8c1e-9d4a-1b6f-8e21-0c5d7a9b1f34", // version 1
                "3f2b8c1e-9d4a-4b6f-7e21-0c5d7a9b1f34", // not the RFC variant
                "3F2B8C1E-9D4A-4B6F-8E21-0C5D7A9B1F34", // upper case
                "3f2b8c1e9d4a4b6f8e210c5d7a9b1f34", // no dashes
                "{3f2b8c1e-9d4a-4b6f-8e21-0c5d7a9b1f34}",
                "3f2b8c1e-9d4a-4b6f-8e21-0c5d7a9b1f34\n",
                " 3f2b8c1e-9d4a-4b6f-8e21-0c5d7a9b1f34",
                "../x",
                "..%2Fx",
                "3f2b8c1e-9d4a-4b6f-8e21-0c5d7a9b1f34/../x",
                "jobs/3f2b8c1e-9d4a-4b6f-8e21-0c5d7a9b1f34"
            })
    void rejectsEverythingElse(String value) {
        assertThat(JobId.parse(value)).isEmpty();
    }

    @Test
    void rejectsTimeBasedUuids() {
        UUID v1 = new UUID(0x6ba7b8109dad11d1L, 0x80b400c04fd430c8L);
        assertThat(v1.version()).isEqualTo(1);
        assertThat(JobId.parse(v1.toString())).isEmpty();
    }
}
