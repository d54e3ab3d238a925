package io.qrfleet.common.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Status mapping and what goes over the wire, against a scripted HTTP server (the ITs use a real S3). */
class S3ClientTest {

    private final List<String> requests = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private volatile Handler handler;

    @FunctionalInterface
    interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
            handler.handle(exchange);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private S3Client client(String endpoint) {
        return new S3Client(new StorageProperties(endpoint, "key", "secret", "b", "us-east-1",
                Duration.ofSeconds(1), Duration.ofSeconds(2)), Clock.systemUTC());
    }

    private S3Client client() {
        return client("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Test
    void signsTheBodyHashAndTheHostTheClientSends() {
        handler = exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            var headers = exchange.getRequestHeaders();
            boolean ok = headers.getFirst("x-amz-content-sha256").equals(SigV4Signer.sha256Hex(body))
                    && headers.getFirst("Host").equals("127.0.0.1:" + server.getAddress().getPort())
                    && headers.getFirst("Authorization").contains("SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date")
                    && headers.getFirst("Content-Type").equals("image/png");
            answer(exchange, ok ? 200 : 400, "");
        };

        client().put("b", "codes/a b.png", new byte[] {1, 2, 3}, "image/png");

        assertThat(requests).containsExactly("PUT /b/codes/a%20b.png");
    }

    @Test
    void notFoundIsAbsent() {
        handler = exchange -> answer(exchange, 404, exchange.getRequestMethod().equals("HEAD") ? ""
                : "<Error><Code>NoSuchKey</Code></Error>");

        assertThat(client().get("b", "jobs/x.json")).isEmpty();
        assertThat(client().exists("b", "jobs/x.json")).isFalse();
        assertThat(client().bucketExists("b")).isFalse();
    }

    @Test
    void getStreamsTheBodyWithLengthAndType() throws IOException {
        handler = exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            answer(exchange, 200, "{\"a\":1}");
        };

        try (StoredObject object = client().get("b", "jobs/x.json").orElseThrow()) {
            assertThat(object.length()).isEqualTo(7);
            assertThat(object.contentType()).isEqualTo("application/json");
            assertThat(new String(object.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
        }
    }

    @Test
    void otherStatusesAreStorageExceptionsNamingTheS3Code() {
        handler = exchange -> answer(exchange, 403, "<Error><Code>SignatureDoesNotMatch</Code></Error>");

        assertThatThrownBy(() -> client().get("b", "jobs/x.json"))
                .isInstanceOf(StorageException.class).hasMessageContaining("403 SignatureDoesNotMatch");
        assertThatThrownBy(() -> client().delete("b", "jobs/x.json")).isInstanceOf(StorageException.class);
    }

    @Test
    void aBucketWeAlreadyOwnIsCreatedButOneOfSomebodyElseIsNot() {
        handler = exchange -> answer(exchange, 409, "<Error><Code>BucketAlreadyOwnedByYou</Code></Error>");
        client().createBucket("b");

        handler = exchange -> answer(exchange, 409, "<Error><Code>BucketAlreadyExists</Code></Error>");
        assertThatThrownBy(() -> client().createBucket("b"))
                .isInstanceOf(StorageException.class).hasMessageContaining("BucketAlreadyExists");
    }

    @Test
    void anUnreachableServerIsAStorageException() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        assertThatThrownBy(() -> client("http://127.0.0.1:" + closedPort).exists("b", "k"))
                .isInstanceOf(StorageException.class).hasMessageContaining("unreachable");
    }

    @Test
    void listingFollowsContinuationTokensPageByPage() {
        handler = exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            if (exchange.getRequestMethod().equals("HEAD")) {
                answer(exchange, 200, "");
            } else if (!query.contains("continuation-token")) {
                answer(exchange, 200, "<ListBucketResult><IsTruncated>true</IsTruncated><NextContinuationToken>t 2"
                        + "</NextContinuationToken><Contents><Key>p/1</Key><Size>1</Size>"
                        + "<LastModified>2026-01-01T00:00:00Z</LastModified></Contents></ListBucketResult>");
            } else {
                answer(exchange, 200, "<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>p/2</Key>"
                        + "<Size>2</Size><LastModified>2026-01-01T00:00:00Z</LastModified></Contents></ListBucketResult>");
            }
        };
        var store = new ObjectStore(client(), "b");

        var keys = store.list("p/");
        assertThat(requests).containsExactly("HEAD /b"); // nothing listed before the stream is used

        assertThat(keys.map(ObjectSummary::key)).containsExactly("p/1", "p/2");
        assertThat(requests).containsExactly("HEAD /b", "GET /b?list-type=2&prefix=p%2F",
                "GET /b?continuation-token=t%202&list-type=2&prefix=p%2F");
    }
}
