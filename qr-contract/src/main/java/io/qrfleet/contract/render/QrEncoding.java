package io.qrfleet.contract.render;

import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
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

    private static boolean isAscii(String content) {
        for (int i = 0; i < content.length(); i++) {
            if (content.charAt(i) > 0x7F) {
                return false;
            }
        }
        return true;
    }
}
