package io.qrfleet.contract;

/**
 * Which check a stored image passed before it was stored (render.QrVerifier): both decode it with
 * zxing and compare the text with the content asked for.
 */
public enum Verification {
    /** The module grid read back from the image's own bytes, decoded: every plain code. */
    GRID,
    /** The grid's check, and what a scanner does with the pixels (binarizer, detector, decoder). */
    FULL
}
