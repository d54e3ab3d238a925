package io.qrfleet.gateway.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.qrfleet.contract.Format;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ZIP entry names that are safe to extract anywhere, whatever the client asked for. */
class FilenamesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "card.png|card.png",
                "../../etc/passwd|passwd.png",
                "C:\\Windows\\win.ini|win.ini.png",
                "invoice\u202Egnp.exe|invoicegnp.exe.png", // right-to-left override dropped
                "zero\u200Bwidth\u2066isolate\u2069|zerowidthisolate.png",
                "tab\there\u0007bell|tabherebell.png",
                "CON|_CON.png",
                "con.png|_con.png",
                "Lpt1.txt|_Lpt1.txt.png",
                "com\u00b9|_com\u00b9.png",
                "console|console.png",
                "...hidden...|hidden.png",
                "Cafe\u0301|Caf\u00e9.png", // NFC: one code point for é
                "a<b>:c\"d?e*f|abcdef.png",
            })
    void sanitisesWhatTheClientAskedFor(String requested, String expected) {
        assertThat(new Filenames().assign(7, requested, Format.PNG)).isEqualTo(expected);
    }

    @Test
    void namesAreUniqueCaseInsensitivelyAndAfterNormalisation() {
        Filenames names = new Filenames();

        assertThat(names.assign(1, "Caf\u00e9.png", Format.PNG)).isEqualTo("Caf\u00e9.png");
        assertThat(names.assign(2, "CAFE\u0301.PNG", Format.PNG)).isEqualTo("CAF\u00c9-2.png");
        assertThat(names.assign(3, "\u202E", Format.PNG)).isEqualTo("3.png");
    }
}
