package io.qrfleet.contract.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.qrcode.decoder.Version;
import com.google.zxing.qrcode.encoder.Encoder;
import com.google.zxing.qrcode.encoder.QRCode;
import io.qrfleet.contract.ErrorCorrection;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The one-build mask choice gives exactly the symbol zxing's own eight-build search gives, and the
 * width from the version tables is always the width of the symbol built.
 */
class QrEncodingTest {

    private static QRCode zxing(String content, ErrorCorrection ecc) throws WriterException {
        boolean ascii = content.chars().allMatch(c -> c < 0x80);
        return Encoder.encode(
                content,
                ecc.zxing(),
                ascii ? Map.of() : Map.of(EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name()));
    }

    private static void assertSameAsZxing(
            String content, ErrorCorrection ecc, Set<Integer> versions, Set<Integer> masks) throws WriterException {
        QRCode ours = QrEncoding.encode(content, ecc);
        QRCode theirs = zxing(content, ecc);
        assertThat(ours.getVersion()).isEqualTo(theirs.getVersion());
        assertThat(ours.getMaskPattern())
                .as("mask for %d chars at %s", content.length(), ecc)
                .isEqualTo(theirs.getMaskPattern());
        assertThat(ours.getMatrix().getArray()).isDeepEqualTo(theirs.getMatrix().getArray());
        versions.add(ours.getVersion().getVersionNumber());
        masks.add(ours.getMaskPattern());
    }

    @Test
    void everyVersionAndLevelMatchesZxing() throws WriterException {
        Random random = new Random(18004);
        Set<Integer> versions = new HashSet<>();
        Set<Integer> masks = new HashSet<>();
        for (ErrorCorrection ecc : ErrorCorrection.values()) {
            for (int number = 1; number <= 40; number++) {
                Version version = Version.getVersionForNumber(number);
                int dataBytes = version.getTotalCodewords()
                        - version.getECBlocksForLevel(ecc.zxing()).getTotalECCodewords();
                // byte mode: 4 bits of mode, at most 16 of length, so this many letters just fit this version
                StringBuilder text = new StringBuilder();
                random.ints(dataBytes - 3, 'a', 'z' + 1).forEach(c -> text.append((char) c));
                assertSameAsZxing(text.toString(), ecc, versions, masks);
                assertThat(versions).contains(number);
            }
        }
        for (int i = 0; i < 200; i++) { // short codes, to see every mask win at least once
            StringBuilder text = new StringBuilder();
            random.ints(1 + random.nextInt(60), ' ', '~' + 1).forEach(c -> text.append((char) c));
            assertSameAsZxing(text.toString(), ErrorCorrection.values()[i % 4], versions, masks);
        }
        assertThat(masks).hasSize(8);
    }

    @Test
    void corpusMatchesZxing() throws WriterException {
        Set<Integer> versions = new HashSet<>();
        Set<Integer> masks = new HashSet<>();
        for (String content : Corpus.CONTENTS) {
            for (ErrorCorrection ecc : ErrorCorrection.values()) {
                try {
                    zxing(content, ecc);
                } catch (WriterException tooLong) {
                    continue;
                }
                assertSameAsZxing(content, ecc, versions, masks);
            }
        }
        assertThat(masks).hasSizeGreaterThan(4);
    }

    /** Every mode and level, lengths on both sides of every version's capacity, and hostile text. */
    @Test
    void theWidthFromTheVersionTablesIsTheWidthOfTheSymbolBuilt() throws WriterException {
        Random random = new Random(25);
        String[] alphabets = {
            "0123456789", "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:", "abcdefghij-~{}", "äöü€漢字🎉a"
        };
        int checked = 0;
        for (ErrorCorrection ecc : ErrorCorrection.values()) {
            for (String alphabet : alphabets) {
                for (int length = 1; length <= 7200; length += 1 + random.nextInt(length < 200 ? 3 : 40)) {
                    StringBuilder text = new StringBuilder();
                    random.ints(length, 0, alphabet.length()).forEach(i -> text.append(alphabet.charAt(i)));
                    assertSameWidth(text.toString(), ecc);
                    checked++;
                }
            }
        }
        for (String text : io.qrfleet.contract.HostileText.strings(2025, 2000).toList()) {
            assertSameWidth(text, ErrorCorrection.values()[text.length() % 4]);
            checked++;
        }
        assertThat(checked).isGreaterThan(5000);
    }

    private static void assertSameWidth(String content, ErrorCorrection ecc) {
        Integer built;
        try {
            built = QrEncoding.encode(content, ecc).getMatrix().getWidth();
        } catch (WriterException | IllegalArgumentException tooLong) {
            built = null;
        }
        Integer counted;
        try {
            counted = QrEncoding.modules(content, ecc);
        } catch (WriterException tooLong) {
            counted = null;
        }
        assertThat(counted).as("%d chars at %s", content.length(), ecc).isEqualTo(built);
    }
}
