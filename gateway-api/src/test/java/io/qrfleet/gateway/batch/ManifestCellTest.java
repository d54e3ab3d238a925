package io.qrfleet.gateway.batch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** manifest.csv cells: RFC 4180 quoting, and nothing a spreadsheet would run as a formula. */
class ManifestCellTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "plain|plain",
                "=HYPERLINK(\"http://evil\")|`\"'=HYPERLINK(\"\"http://evil\"\")\"`",
                "+1 555 0100|'+1 555 0100",
                "-2+3|'-2+3",
                "@SUM(A1)|'@SUM(A1)",
                "a,b|`\"a,b\"`",
                "x=1|x=1",
            })
    void neutralisesFormulasAndQuotes(String value, String expected) {
        assertThat(BatchArchive.cell(value)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\t=1", "\r=1"})
    void aLeadingTabOrCarriageReturnIsNeutralisedToo(String value) {
        assertThat(BatchArchive.cell(value).replace("\"", "")).startsWith("'");
    }
}
