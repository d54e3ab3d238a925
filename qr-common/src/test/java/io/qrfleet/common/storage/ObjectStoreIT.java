package io.qrfleet.common.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.qrfleet.common.test.TestServices;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** minio-java as {@link ObjectStore} configures it, against the real S3 server and against servers that fail. */
class ObjectStoreIT {

    /** Only a guard against a hung build: the client's own timeouts end these calls in about a second. */
    private static final Duration HANG_GUARD = Duration.ofSeconds(30);

    private final String bucket = "qr-store-it-" + UUID.randomUUID().toString().substring(0, 8);

    private static ObjectStore store(String endpoint, String secretKey, String bucket) {
        var properties = new StorageProperties(
                endpoint,
                TestServices.s3AccessKey(),
                secretKey,
                bucket,
                "us-east-1",
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                Duration.ofSeconds(1));
        StorageConfiguration configuration = new StorageConfiguration();
        return configuration.objectStore(configuration.minioClient(properties), properties);
    }

    private ObjectStore store() {
        return store(TestServices.s3Endpoint(), TestServices.s3SecretKey(), bucket);
    }

    @Test
    void createsItsBucketAndReadsBackWhatItWrote() throws IOException {
        ObjectStore store = store();
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};

        store.put("codes/a b+c.png", png, "image/png");

        assertThat(store.get("codes/a b+c.png")).hasValue(png);
        try (StoredObject object = store.open("codes/a b+c.png").orElseThrow()) {
            assertThat(object.length()).isEqualTo(png.length);
            assertThat(object.contentType()).isEqualTo("image/png");
        }
        assertThat(store.size("codes/a b+c.png")).hasValue(png.length);
        store().createBucketIfMissing(); // a second service finding the bucket there
    }

    @Test
    void aMissingObjectIsAbsentNotAnError() {
        ObjectStore store = store();

        assertThat(store.get("jobs/missing.json")).isEmpty();
        assertThat(store.open("jobs/missing.json")).isEmpty();
        assertThat(store.size("jobs/missing.json")).isEmpty();
        store.delete("jobs/missing.json"); // S3 deletes are idempotent
    }

    @Test
    void deletesOneObjectAndLeavesTheOthers() {
        ObjectStore store = store();
        IntStream.range(0, 3).forEach(i -> store.put("p/" + i, new byte[i], "application/octet-stream"));

        store.delete("p/2");

        assertThat(store.size("p/2")).isEmpty();
        assertThat(store.size("p/1")).hasValue(1);
    }

    @Test
    void aRefusedSignatureIsAStorageExceptionNamingTheS3Code() {
        ObjectStore store = store(TestServices.s3Endpoint(), "not-the-secret", bucket);

        assertThatThrownBy(store::createBucketIfMissing)
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("HEAD " + bucket)
                .hasMessageContaining("403");
    }

    @Test
    void anUnreachableServerIsAStorageException() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        assertThatThrownBy(() -> store("http://127.0.0.1:" + closedPort, "secret", bucket)
                        .size("k"))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("unreachable");
    }

    @Test
    void aServerThatNeverAnswersEndsTheCallAtTheReadTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread.ofVirtual().start(() -> serve(silent, false));
            ObjectStore store = store("http://127.0.0.1:" + silent.getLocalPort(), "secret", bucket);

            // the timeout surfaces as okio's SocketTimeoutException or, when its watchdog closes
            // the socket first, as "Socket closed": either way the call ends
            assertTimeoutPreemptively(
                    HANG_GUARD,
                    () -> assertThatThrownBy(store::createBucketIfMissing)
                            .isInstanceOf(StorageException.class)
                            .hasMessageContaining("storage unreachable: HEAD " + bucket));
        }
    }

    @Test
    void aBodyThatStallsHalfwayEndsTheReadAtTheReadTimeout() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            Thread.ofVirtual().start(() -> serve(server, true));
            ObjectStore store = store("http://127.0.0.1:" + server.getLocalPort(), "secret", bucket);

            assertTimeoutPreemptively(
                    HANG_GUARD,
                    () -> assertThatThrownBy(() -> store.get("codes/x.png"))
                            .isInstanceOf(StorageException.class)
                            .hasMessageContaining("reading codes/x.png failed"));
        }
    }

    /**
     * A server that stalls: silent, it reads requests and never answers; otherwise it answers HEAD
     * with 200 (the bucket exists) and GET with the first 3 bytes of a 100-byte body, then nothing.
     */
    private static void serve(ServerSocket server, boolean answerHeads) {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofVirtual().start(() -> hold(socket, answerHeads));
            } catch (IOException e) {
                return; // the test is over
            }
        }
    }

    private static void hold(Socket socket, boolean answerHeads) {
        try (socket) {
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            for (String line = in.readLine(); line != null && answerHeads; line = in.readLine()) {
                String method = line.split(" ")[0];
                while (!in.readLine().isEmpty()) { // the rest of the request head
                }
                out.write((method.equals("HEAD")
                                ? "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
                                : "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 100\r\n\r\nabc")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            Thread.sleep(HANG_GUARD);
        } catch (IOException | InterruptedException e) {
            // the client gave up, as it should
        }
    }
}
