package io.qrfleet.contract.render;

import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.qrcode.decoder.Mode;
import com.google.zxing.qrcode.decoder.Version;
import com.google.zxing.qrcode.encoder.Encoder;
import com.google.zxing.qrcode.encoder.QRCode;
import io.qrfleet.contract.ErrorCorrection;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The one place content becomes a QR symbol, so validation and rendering always agree. */
public final class QrEncoding {

    /** zxing builds the symbol once, with mask 0; {@link MaskSelection} then picks the mask zxing would have. */
    private static final Map<EncodeHintType, Object> ASCII = Map.of(EncodeHintType.QR_MASK_PATTERN, 0);

    private static final Map<EncodeHintType, Object> UTF8 =
            Map.of(EncodeHintType.QR_MASK_PATTERN, 0, EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name());

    private QrEncoding() {}

    /**
     * ASCII is encoded without an ECI header (zxing picks numeric, alphanumeric or byte mode);
     * anything else as UTF-8 with an ECI header so every decoder knows the charset.
     */
    public static QRCode encode(String content, ErrorCorrection ecc) throws WriterException {
        QRCode code = Encoder.encode(content, ecc.zxing(), isAscii(content) ? ASCII : UTF8);
        MaskSelection.apply(code);
        return code;
    }

    /**
     * The symbol's width in modules, without building it: the bits the content needs in the mode
     * zxing picks (with the ECI segment UTF-8 carries), and the smallest version whose data
     * codewords hold them, chosen as zxing's encoder chooses it (a first guess with version 1's
     * length field, then again with the guess's). What validation needs, at a fraction of an encode.
     *
     * @throws WriterException when no version holds the content, as {@link #encode} would
     */
    public static int modules(String content, ErrorCorrection ecc) throws WriterException {
        boolean ascii = isAscii(content);
        Mode mode = Encoder.chooseMode(content);
        int n = content.length();
        int dataBits = switch (mode) {
            case NUMERIC -> 10 * (n / 3) + (n % 3 == 0 ? 0 : 3 * (n % 3) + 1);
            case ALPHANUMERIC -> 11 * (n / 2) + 6 * (n % 2);
            default -> 8 * (ascii ? n : content.getBytes(StandardCharsets.UTF_8).length);
        };
        int headerBits = 4 + (ascii ? 0 : 12); // the mode; for UTF-8 first the ECI segment
        Version guess =
                smallest(headerBits + mode.getCharacterCountBits(Version.getVersionForNumber(1)) + dataBits, ecc);
        return smallest(headerBits + mode.getCharacterCountBits(guess) + dataBits, ecc)
                .getDimensionForVersion();
    }

    private static Version smallest(int bits, ErrorCorrection ecc) throws WriterException {
        for (int number = 1; number <= 40; number++) {
            Version version = Version.getVersionForNumber(number);
            int dataBytes = version.getTotalCodewords()
                    - version.getECBlocksForLevel(ecc.zxing()).getTotalECCodewords();
            if (dataBytes >= (bits + 7) / 8) {
                return version;
            }
        }
        throw new WriterException("Data too big");
    }

    private static boolean isAscii(String content) {
        for (int i = 0; i < content.length(); i++) {
            if (content.charAt(i) > 0x7F) {
                return false;
            }
        }
        return true;
    }
}
