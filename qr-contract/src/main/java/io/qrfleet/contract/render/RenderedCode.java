package io.qrfleet.contract.render;

import com.google.zxing.qrcode.encoder.ByteMatrix;

/** The encoded image and the module matrix it was drawn from. */
public record RenderedCode(byte[] bytes, ByteMatrix matrix) {}
