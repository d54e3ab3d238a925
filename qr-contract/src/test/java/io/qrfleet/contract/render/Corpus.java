package io.qrfleet.contract.render;

import io.qrfleet.contract.Format;
import io.qrfleet.contract.InvalidRequestException;
import io.qrfleet.contract.JobRequest;
import io.qrfleet.contract.RenderRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Real-world contents and a deterministic sample of sizes, margins and levels to render them with. */
final class Corpus {

    static final String URL_65 = "https://shop.example.com/products/4711/qr-fleet-launch?utm_src=qr";

    static final List<String> CONTENTS = List.of(
            "https://example.com",
            URL_65,
            "HELLO WORLD $%*+-./: 0123456789",
            "00000000000000000000000000000000000000000000000000000000000012345",
            "mailto:ops@example.com?subject=QR%20Fleet&body=Hi",
            "tel:+4930123456",
            "geo:52.5200,13.4050",
            "WIFI:T:WPA;S:My\\;Caf\\:e\\,Net;P:p\\\\a\\\"ss;w\\\\ord;H:true;;",
            "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Doe;Jane\r\nTEL:+1-555-0100\r\nEND:VCARD",
            "Grüße aus Köln – Preis: 5 €, naïve café",
            "🎉 launch party 🚀 at 8 — bring 👩‍💻",
            "二维码生成服务 · QRコード · 큐알 코드",
            "مرحبا بالعالم שלום עולם",
            "tab\tand\nnewline ~`^|\\{}[]<>&'\"",
            "lorem ipsum dolor sit amet ".repeat(19).substring(0, 500),
            // near the capacity of each level (version 40, byte mode)
            text(2950),
            text(2330),
            text(1660),
            text(1270),
            "1".repeat(7089).replace('1', '7'),
            "€".repeat(777));

    /** Foreground and background pairs that pass the contrast check. */
    private static final String[][] COLOURS = {{"#000000", "#FFFFFF"}, {"#003366", "#FFF4D6"}, {"#5B1A7A", "#F0F0F0"}};

    private Corpus() {}

    static String text(int length) {
        return "The quick brown fox jumps over the lazy dog. ".repeat(70).substring(0, length);
    }

    /** Every content at every level it fits, at a random fitting size and margin (same seed, same cases). */
    static List<RenderRequest> sampled(Format format, long seed) {
        Random random = new Random(seed);
        List<RenderRequest> out = new ArrayList<>();
        for (String content : CONTENTS) {
            for (String ecc : List.of("L", "M", "Q", "H")) {
                for (int attempt = 0; attempt < 20; attempt++) {
                    int size = 64 + (int) Math.round(Math.pow(random.nextDouble(), 2) * (2048 - 64));
                    String[] colours = COLOURS[random.nextInt(COLOURS.length)];
                    RenderRequest r = tryRequest(content, format, size, random.nextInt(17), ecc, colours);
                    if (r != null) {
                        out.add(r);
                        break;
                    }
                }
            }
        }
        return out;
    }

    /** A short URL over a grid of sizes (including scale 1 and odd sizes), margins and every level. */
    static List<RenderRequest> grid(Format format) {
        List<RenderRequest> out = new ArrayList<>();
        for (int size : new int[] {64, 99, 256, 315, 513, 1000, 2048}) {
            for (int margin : new int[] {0, 1, 4, 16}) {
                for (String ecc : List.of("L", "M", "Q", "H")) {
                    RenderRequest r = tryRequest("https://example.com/a", format, size, margin, ecc, COLOURS[0]);
                    if (r != null) {
                        out.add(r);
                    }
                }
            }
        }
        return out;
    }

    private static RenderRequest tryRequest(
            String content, Format format, int size, int margin, String ecc, String[] colours) {
        try {
            return new JobRequest(content, format.extension(), size, margin, ecc, colours[0], colours[1])
                    .toRenderRequest();
        } catch (InvalidRequestException e) {
            return null;
        }
    }
}
