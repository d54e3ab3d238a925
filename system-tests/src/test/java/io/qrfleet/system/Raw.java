package io.qrfleet.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP sent over a socket exactly as written: request lines, headers, framing and targets that no
 * client library sends (or that one would normalise first).
 */
final class Raw {

    private static final int TIMEOUT_MILLIS = 20_000;

    private Raw() {}

    /** The answer's status line code, its headers (as received) and its body. */
    record Answer(int status, String headers, byte[] body) {
        Optional<String> header(String name) {
            return headers.lines()
                    .filter(line -> line.toLowerCase(Locale.ROOT).startsWith(name.toLowerCase(Locale.ROOT) + ":"))
                    .map(line -> line.substring(line.indexOf(':') + 1).strip())
                    .findFirst();
        }

        boolean problem() {
            return header("Content-Type").orElse("").equals("application/problem+json");
        }

        boolean clientError() {
            return status >= 400 && status < 500;
        }

        @Override
        public String toString() {
            return status + " " + header("Content-Type").orElse("(no Content-Type)");
        }
    }

    /** A GET of the target, exactly as written, with Host and Connection: close added to the headers. */
    static byte[] getRequest(String target, String... headers) {
        return ("GET " + target + " HTTP/1.1\r\nHost: q\r\n" + String.join("", headers) + "Connection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    static Answer get(String target, String... headers) {
        return send(getRequest(target, headers));
    }

    static Answer post(String method, String target, String contentType, byte[] body, String... headers) {
        byte[] head = (method + " " + target + " HTTP/1.1\r\nHost: q\r\nContent-Type: " + contentType
                        + "\r\nContent-Length: " + body.length + "\r\n" + String.join("", headers)
                        + "Connection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        return send(request);
    }

    /** Sends the bytes; reads the answer's head, then its Content-Length, or up to the end. */
    static Answer send(byte[] request) {
        try (Socket socket = new Socket(Stack.BASE.getHost(), Stack.BASE.getPort())) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int last4 = 0;
            while (last4 != 0x0d0a0d0a) { // up to the blank line after the headers
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.write(b);
                last4 = (last4 << 8) | b;
            }
            String text = head.toString(StandardCharsets.ISO_8859_1);
            if (!text.startsWith("HTTP/")) {
                throw new IllegalStateException("no HTTP answer: '" + text + "'");
            }
            int status = Integer.parseInt(text.split(" ", 3)[1]);
            String headers = text.substring(text.indexOf("\r\n") + 2);
            Optional<String> length = new Answer(status, headers, new byte[0]).header("Content-Length");
            byte[] body = length.isPresent() ? in.readNBytes(Integer.parseInt(length.get())) : in.readAllBytes();
            return new Answer(status, headers, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
