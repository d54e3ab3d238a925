package io.qrfleet.contract;

import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

/** QR error-correction level: L 7 %, M 15 %, Q 25 %, H 30 % of codewords recoverable. */
public enum ErrorCorrection {
    L(ErrorCorrectionLevel.L),
    M(ErrorCorrectionLevel.M),
    Q(ErrorCorrectionLevel.Q),
    H(ErrorCorrectionLevel.H);

    private final ErrorCorrectionLevel level;

    ErrorCorrection(ErrorCorrectionLevel level) {
        this.level = level;
    }

    public ErrorCorrectionLevel zxing() {
        return level;
    }

    public static ErrorCorrection parse(String value) {
        for (ErrorCorrection ecc : values()) {
            if (ecc.name().equals(value)) {
                return ecc;
            }
        }
        return null;
    }
}
