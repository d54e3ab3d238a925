package io.qrfleet.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Codes by URL ({@code GET /api/v1/qr}, goQR's {@code /v1/create-qr-code/}) through the proxy's
 * cache. The data of these codes carries the markers "by-url-" and "smoke-secret-" (letters and
 * hyphens: the same whether percent-encoded or not) that smoke.sh then looks for in the proxy's log
 * (it must hold neither).
 */
@Tag("smoke")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CodesByUrlSystemTest {

    private static final String RUN = UUID.randomUUID().toString();
    private static final String DATA = "https://qr-fleet.example/by-url-" + RUN;
    private static final String URL =
            "/api/v1/qr?data=" + URLEncoder.encode(DATA, StandardCharsets.UTF_8) + "&size=256";

    private static HttpResponse<byte[]> first;

    @Test
    @Order(1)
    void aNewCodeIsRenderedAsPngAndMissesTheCache() {
        first = Stack.get(URL);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(Stack.header(first, "Content-Type")).isEqualTo("image/png");
        assertThat(Stack.header(first, "X-Cache-Status")).isEqualTo("MISS");
    }

    @Test
    @Order(2)
    void itDecodesToItsData() {
        assertThat(Decoder.decode(first.body())).isEqualTo(DATA);
    }

    @Test
    @Order(2)
    void anyCacheMayKeepItForAYear() {
        assertThat(Stack.header(first, "Cache-Control")).isEqualTo("max-age=31536000, public, immutable");
    }

    @Test
    @Order(2)
    void itsEtagIsTheContentKey() {
        assertThat(Stack.header(first, "ETag")).matches("\"[0-9a-f]{64}\"");
    }

    @Test
    @Order(3)
    void theSameUrlAgainIsACacheHit() {
        assertThat(Stack.header(Stack.get(URL), "X-Cache-Status")).isEqualTo("HIT");
    }

    @Test
    @Order(3)
    void ifNoneMatchWithItsEtagIs304() {
        assertThat(Stack.get(URL, "If-None-Match", Stack.header(first, "ETag")).statusCode())
                .isEqualTo(304);
    }

    @Test
    void dataWrittenUnencodedAsABrowserSendsItIsAccepted() {
        assertThat(Stack.get("/api/v1/qr?data=https://qr-fleet.example/raw/" + RUN + "?a=1")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void aWifiCodeHoldsAPasswordSoItIsPrivateAndNeverKeptByTheProxy() {
        String wifi = "/api/v1/qr?data="
                + URLEncoder.encode("WIFI:T:WPA;S:smoke;P:smoke-secret-" + RUN + ";;", StandardCharsets.UTF_8);
        assertThat(Stack.get(wifi).statusCode()).isEqualTo(200);
        HttpResponse<byte[]> again = Stack.get(wifi);
        assertThat(Stack.header(again, "Cache-Control")).isEqualTo("max-age=31536000, private, immutable");
        assertThat(Stack.header(again, "X-Cache-Status")).isEqualTo("MISS");
    }

    @Test
    void aGoQrUrlGivesItsSizeOfSvg() {
        assertThat(goQr()).contains("<svg ").contains("width=\"200\" height=\"200\"");
    }

    @Test
    void aGoQrUrlGivesItsColours() {
        assertThat(goQr()).contains("fill=\"#FFFFCC\"").contains("fill=\"#FF0000\"");
    }

    private static String goQr() {
        HttpResponse<byte[]> svg = Stack.get("/v1/create-qr-code/?data=goQR-" + RUN
                + "&size=200x200&color=255-0-0&bgcolor=ffffcc&qzone=2&format=svg");
        assertThat(svg.statusCode()).isEqualTo(200);
        return new String(svg.body(), StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0} is {1} problem+json naming {2}")
    @CsvSource({
        "/api/v1/qr?data=x&size=10,                    422, size",
        "/api/v1/qr?data=x&colour=red,                 400, colour",
        "/v1/create-qr-code/?data=x&format=gif,        422, format",
        "/v1/create-qr-code/?data=x&size=200x100,      400, size"
    })
    void badParametersAreProblemsNamingThem(String url, int status, String field) throws Exception {
        HttpResponse<byte[]> problem = Stack.get(url);
        assertThat(problem.statusCode()).isEqualTo(status);
        assertThat(Stack.header(problem, "Content-Type")).startsWith("application/problem+json");
        assertThat(Stack.JSON.readTree(problem.body()).at("/errors/0/field").asText())
                .isEqualTo(field);
    }
}
