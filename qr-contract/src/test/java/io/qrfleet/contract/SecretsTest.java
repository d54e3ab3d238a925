package io.qrfleet.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretsTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "WIFI:T:WPA;S:Home;P:secret;;",
                "\uFEFFWIFI:T:WPA;S:Home;P:secret;;",
                "wifi:S:Home;P:x;;",
                " \tWIFI:S:Home;P:x;;",
                "\u200BWIFI:S:Home;P:x;;",
                "otpauth://totp/Acme:ann?secret=JBSWY3DPEHPK3PXP",
                "\uFEFFotpauth://totp/x?secret=AB",
                "OTPAUTH://hotp/x?secret=AB&counter=1",
                "otpauth-migration://offline?data=AB"
            })
    void whatAScannerReadsAsWifiOrOneTimePasswordHoldsASecret(String content) {
        assertThat(Secrets.heldIn(content)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"https://example.com/?q=WIFI:S:x", "hello", "tel:+441234567", "MECARD:N:Ann;;", "my wifi: S"})
    void otherContentHoldsNone(String content) {
        assertThat(Secrets.heldIn(content)).isFalse();
    }
}
