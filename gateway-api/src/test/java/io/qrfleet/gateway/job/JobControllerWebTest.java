package io.qrfleet.gateway.job;

import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.qrfleet.common.storage.ObjectStore;
import io.qrfleet.contract.JobId;
import io.qrfleet.contract.JobRequest;
import io.qrfleet.contract.JobStatus;
import io.qrfleet.gateway.GatewayProperties;
import io.qrfleet.gateway.auth.ApiKeyProperties;
import io.qrfleet.gateway.web.ServiceUnavailableException;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The job endpoints as a client meets them: the API key and body-size filters, the request reader
 * and the problem handler, in front of a job service that is not there (its answers are given).
 */
@WebMvcTest(JobController.class)
@Import(JobRequestReader.class)
@EnableConfigurationProperties({ApiKeyProperties.class, GatewayProperties.class})
@TestPropertySource(properties = {"qr.api-keys=key-one", "qr.gateway.max-body=1KB"})
class JobControllerWebTest {

    private static final String JOB = "{\"content\":\"https://example.com\"}";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    JobService jobs;

    @MockitoBean
    ObjectStore objects;

    @MockitoBean
    CompletionWaiter completions;

    @Test
    void aSubmissionWithoutAKeyIs401WithBothChallengesAndNothingSubmitted() throws Exception {
        mvc.perform(post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON).content(JOB))
                .andExpect(status().isUnauthorized())
                .andExpect(header().stringValues(
                                "WWW-Authenticate",
                                "Bearer realm=\"qr-fleet\"",
                                "Basic realm=\"qr-fleet\", charset=\"UTF-8\""))
                .andExpect(header().string("Content-Type", containsString("application/problem+json")));
        verify(jobs, never()).submit(any(), anyString(), anyString(), any());
    }

    @Test
    void everySpellingOfTheKeyIsAccepted() throws Exception {
        given(jobs.submit(any(), anyString(), anyString(), isNull())).willReturn(job(JobStatus.QUEUED));
        String basic = "Basic " + Base64.getEncoder().encodeToString("anyone:key-one".getBytes());
        for (String[] credential :
                new String[][] {{"Authorization", "Bearer key-one"}, {"X-API-Key", "key-one"}, {"Authorization", basic}
                }) {
            mvc.perform(post("/api/v1/jobs")
                            .header(credential[0], credential[1])
                            .contentType(MediaType.APPLICATION_JSON)
                            .content(JOB))
                    .andExpect(status().isAccepted())
                    .andExpect(header().string("Location", containsString("/api/v1/jobs/")));
        }
    }

    @Test
    void aWrongOrMalformedCredentialIs401EvenOnARead() throws Exception {
        mvc.perform(post("/api/v1/jobs")
                        .header("X-API-Key", "key-two")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(JOB))
                .andExpect(status().isUnauthorized());
        mvc.perform(get("/api/v1/jobs/" + JobId.next()).header("Authorization", "Basic not-base64!"))
                .andExpect(status().isUnauthorized());
        mvc.perform(get("/api/v1/jobs/" + JobId.next())).andExpect(status().isNotFound());
    }

    @Test
    void aBodyOverTheLimitIs413BeforeAnythingIsRead() throws Exception {
        mvc.perform(post("/api/v1/jobs")
                        .header("X-API-Key", "key-one")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"content\":\"" + "a".repeat(2_000) + "\"}"))
                .andExpect(status().isContentTooLarge())
                .andExpect(header().string("Content-Type", containsString("application/problem+json")));
        verify(jobs, never()).submit(any(), anyString(), anyString(), any());
    }

    @Test
    void aMalformedFieldIs400NamingIt() throws Exception {
        mvc.perform(post("/api/v1/jobs")
                        .header("X-API-Key", "key-one")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"content\":\"x\",\"size\":\"big\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("size"));
        verify(jobs, never()).submit(any(), anyString(), anyString(), any());
    }

    @Test
    void anUnavailableBrokerIs503WithRetryAfter() throws Exception {
        given(jobs.submit(any(JobRequest.class), anyString(), anyString(), any()))
                .willThrow(new ServiceUnavailableException("The queue is unavailable.", null));
        mvc.perform(post("/api/v1/jobs")
                        .header("X-API-Key", "key-one")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(JOB))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().exists("Retry-After"))
                .andExpect(jsonPath("$.detail", containsString("Nothing was queued")));
    }

    @Test
    void aWaitThatIsNotAWholeNumberIs400NamingIt() throws Exception {
        given(jobs.find(anyString())).willReturn(Optional.of(job(JobStatus.QUEUED)));
        mvc.perform(get("/api/v1/jobs/" + JobId.next()).param("waitSeconds", "١٠"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("waitSeconds"));
    }

    private static Job job(JobStatus status) {
        Instant now = Instant.parse("2026-12-07T10:00:00Z");
        return new Job(
                JobId.next(),
                status,
                now,
                now,
                new JobRequest("https://example.com", null, null, null, null, null, null).toRenderRequest(),
                "codes/x.png",
                null,
                null,
                true);
    }
}
