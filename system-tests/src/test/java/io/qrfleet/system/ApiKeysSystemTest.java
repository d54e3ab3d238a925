package io.qrfleet.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A stack whose gateway has API keys (infra/scripts/chaos.sh re-creates it with QR_API_KEYS):
 * every way of sending the key, and every spelling of a path × the methods that change things, so
 * that none reaches a handler that the canonical path's key check and rate limit do not cover.
 * Needs {@code -Dqr.api-key}; {@code -Dqr.wrong-key} is the key it sends that must not work (the
 * script checks that no log holds either).
 */
@Tag("api-keys")
class ApiKeysSystemTest {

    private static final String KEY = System.getProperty("qr.api-key", "");
    private static final String WRONG = System.getProperty("qr.wrong-key", "wrong-" + KEY);
    private static final byte[] JOB =
            ("{\"content\":\"" + Submissions.RUN + "/auth\"}").getBytes(StandardCharsets.UTF_8);
    private static final List<String> SPELLINGS = List.of(
            "/%61pi/v1/jobs",
            "/api/v1/%6Aobs",
            "/api/v1/jobs%2F",
            "/api/v1/jobs%2f",
            "/api%2Fv1%2Fjobs",
            "/api/v1/jobs;x=1",
            "/api;x=1/v1/jobs",
            "/api/v1;/jobs",
            "/api//v1/jobs",
            "//api/v1/jobs",
            "/api/v1//jobs",
            "/api/v1/./jobs",
            "/api/./v1/jobs",
            "/api/v1/x/../jobs",
            "/api/v1/batches/../jobs",
            "/api/v1/%2e/jobs",
            "/api/v1/%2E%2E/v1/jobs",
            "/api/v1/jobs/.",
            "/api/v1/jobs/..",
            "/API/v1/jobs",
            "/api/V1/jobs",
            "/api/v1/JOBS",
            "/api/v1/jobs/",
            "/api/v1/jobs%20",
            "/api/v1/jobs%00",
            "/api/v1/jobs%3F",
            "/api\\v1\\jobs",
            "/api/v1/jobs\\",
            "/./api/v1/jobs",
            "/api/v1/jobs#x",
            "/api/v1/batches;a",
            "/%2561pi/v1/jobs");
    private static final List<String> METHODS = List.of("POST", "PUT", "PATCH", "DELETE");

    private static HttpResponse<byte[]> submit(String... headers) {
        return Stack.post("/api/v1/jobs", "application/json", JOB, headers);
    }

    @Test
    void noKeyIs401WithAChallenge() {
        HttpResponse<byte[]> answer = submit();
        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(Stack.header(answer, "WWW-Authenticate")).isNotEmpty();
    }

    @Test
    void aWrongKeyIs401() {
        assertThat(submit("X-API-Key", WRONG).statusCode()).isEqualTo(401);
    }

    @Test
    void aWrongBearerIs401() {
        assertThat(submit("Authorization", "Bearer " + WRONG).statusCode()).isEqualTo(401);
    }

    @Test
    void theKeyAsBearerIs202() {
        assertThat(submit("Authorization", "Bearer " + KEY).statusCode()).isEqualTo(202);
    }

    @Test
    void theKeyAsXApiKeyIs202() {
        assertThat(submit("X-API-Key", KEY).statusCode()).isEqualTo(202);
    }

    @Test
    void theKeyAsBasicPasswordIs202() {
        String basic = Base64.getEncoder().encodeToString(("client:" + KEY).getBytes(StandardCharsets.UTF_8));
        assertThat(submit("Authorization", "Basic " + basic).statusCode()).isEqualTo(202);
    }

    /**
     * Without a key every spelling is a 4xx problem; with it, only the canonical POST may be
     * accepted; then keyed PUTs meet the rate limit (429).
     */
    @Test
    void everySpellingOfAPathTimesAMethodIsRefusedNoneAcceptedAllRateLimited() {
        List<String> failures = new ArrayList<>();
        List<String> unkeyed = new ArrayList<>(SPELLINGS);
        unkeyed.add("/api/v1/jobs");
        for (String target : unkeyed) {
            for (String method : METHODS) {
                Raw.Answer answer = Raw.post(method, target, "application/json", JOB);
                if (!answer.clientError() || !answer.problem()) {
                    failures.add(method + " " + target + " without a key: " + answer);
                }
            }
        }
        for (String target : SPELLINGS) {
            for (String method : METHODS) {
                Raw.Answer answer = Raw.post(method, target, "application/json", JOB, "X-API-Key: " + KEY + "\r\n");
                if (!answer.clientError() || !answer.problem()) {
                    failures.add(method + " " + target + " with the key: " + answer);
                }
            }
        }
        List<Integer> puts = IntStream.range(0, 120)
                .mapToObj(i -> Raw.post("PUT", "/api/v1/jobs", "application/json", JOB, "X-API-Key: " + KEY + "\r\n")
                        .status())
                .toList();
        if (!puts.contains(429) || puts.stream().anyMatch(s -> s < 400 || s >= 500)) {
            failures.add("120 keyed PUTs meet the rate limit: "
                    + puts.stream().distinct().sorted().toList());
        }
        assertThat(failures)
                .as("of %d cases", unkeyed.size() * METHODS.size() + SPELLINGS.size() * METHODS.size() + 1)
                .isEmpty();
    }
}
