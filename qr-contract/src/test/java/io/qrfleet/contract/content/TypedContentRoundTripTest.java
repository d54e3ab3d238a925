package io.qrfleet.contract.content;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.PlanarYUVLuminanceSource;
import com.google.zxing.Result;
import com.google.zxing.client.result.AddressBookParsedResult;
import com.google.zxing.client.result.EmailAddressParsedResult;
import com.google.zxing.client.result.GeoParsedResult;
import com.google.zxing.client.result.ParsedResult;
import com.google.zxing.client.result.ResultParser;
import com.google.zxing.client.result.SMSParsedResult;
import com.google.zxing.client.result.TelParsedResult;
import com.google.zxing.client.result.TextParsedResult;
import com.google.zxing.client.result.URIParsedResult;
import com.google.zxing.client.result.WifiParsedResult;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import io.qrfleet.contract.JobRequest;
import io.qrfleet.contract.render.QrRenderer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Each content type, with awkward characters, goes the whole way: build, render, decode with
 * zxing's reader, parse with zxing's own result parsers, and must give back the same fields.
 */
class TypedContentRoundTripTest {

    private static final String AWKWARD = "a;b,c:d\\e\"f 'g' ü 東京";

    @Test
    void wifi() throws Exception {
        WifiParsedResult wifi = parsed(new Wifi(AWKWARD, "p;a,s:s\\\"w", "WPA", true), WifiParsedResult.class);

        assertThat(wifi.getSsid()).isEqualTo(AWKWARD);
        assertThat(wifi.getPassword()).isEqualTo("p;a,s:s\\\"w");
        assertThat(wifi.getNetworkEncryption()).isEqualTo("WPA");
        assertThat(wifi.isHidden()).isTrue();
    }

    @Test
    void openWifiHasNoPassword() throws Exception {
        WifiParsedResult wifi = parsed(new Wifi("Café guest", null, "nopass", null), WifiParsedResult.class);

        assertThat(wifi.getSsid()).isEqualTo("Café guest");
        assertThat(wifi.getNetworkEncryption()).isEqualTo("nopass");
        assertThat(wifi.getPassword()).isNullOrEmpty();
    }

    @Test
    void email() throws Exception {
        EmailAddressParsedResult email = parsed(
                new Email("ann@example.com", "Hi & bye? (*) ~ok!", "Line 1\n" + AWKWARD),
                EmailAddressParsedResult.class);

        assertThat(email.getTos()).containsExactly("ann@example.com");
        assertThat(email.getSubject()).isEqualTo("Hi & bye? (*) ~ok!");
        assertThat(email.getBody()).isEqualTo("Line 1\n" + AWKWARD);
    }

    @Test
    void sms() throws Exception {
        SMSParsedResult sms =
                parsed(new Sms("+44 (20) 7946-09", "Call me: now; ok? " + AWKWARD), SMSParsedResult.class);

        assertThat(sms.getNumbers()).containsExactly("+4420794609");
        assertThat(sms.getBody()).isEqualTo("Call me: now; ok? " + AWKWARD);
    }

    @Test
    void tel() throws Exception {
        assertThat(parsed(new Tel("+44 20 7946 0958"), TelParsedResult.class).getNumber())
                .isEqualTo("+442079460958");
        assertThat(parsed(new Tel("*#06#"), TelParsedResult.class).getNumber()).isEqualTo("*#06#");
    }

    @Test
    void geo() throws Exception {
        GeoParsedResult geo =
                parsed(new Geo(new BigDecimal("-33.8567844"), new BigDecimal("151.213108")), GeoParsedResult.class);

        assertThat(geo.getLatitude()).isEqualTo(-33.8567844);
        assertThat(geo.getLongitude()).isEqualTo(151.213108);
    }

    @Test
    void geoIsPlainWithoutTrailingZeros() throws Exception {
        // what a request's 0.0001 and 90.0 become through the JSON tree's doubles
        Geo location = new Geo(BigDecimal.valueOf(0.0001), BigDecimal.valueOf(90.0));

        assertThat(location.encode()).isEqualTo("geo:0.0001,90");
        assertThat(parsed(location, GeoParsedResult.class).getLatitude()).isEqualTo(0.0001);
    }

    @Test
    void url() throws Exception {
        String link = "https://example.com/a?b=c&d=%C3%BC#frag";

        assertThat(parsed(new Url(link), URIParsedResult.class).getURI()).isEqualTo(link);
    }

    @Test
    void text() throws Exception {
        assertThat(parsed(new Text(AWKWARD), TextParsedResult.class).getText()).isEqualTo(AWKWARD);
    }

    @Test
    void vcard() throws Exception {
        VCard card = new VCard(
                "Doe, Jane; \"JD\" Ünal",
                "Acme; Inc, \\Ltd",
                "Head of R&D, EMEA; 東京",
                List.of("+1 555 0100", "+44 (20) 7946-0958"),
                List.of("jane@example.com"),
                "https://example.com/jane?a=1,2",
                "1 Main St; Suite 2, Springfield",
                "Met in 東京; \"call\" after 5, ok?\nSecond line");

        AddressBookParsedResult parsed = parsed(card, AddressBookParsedResult.class);

        assertThat(parsed.getNames()).containsExactly("Doe, Jane; \"JD\" Ünal");
        assertThat(parsed.getOrg()).isEqualTo("Acme; Inc, \\Ltd");
        assertThat(parsed.getTitle()).isEqualTo("Head of R&D, EMEA; 東京");
        assertThat(parsed.getPhoneNumbers()).containsExactly("+15550100", "+442079460958");
        assertThat(parsed.getEmails()).containsExactly("jane@example.com");
        assertThat(parsed.getURLs()).containsExactly("https://example.com/jane?a=1,2");
        assertThat(parsed.getAddresses()).containsExactly("1 Main St; Suite 2, Springfield");
        assertThat(parsed.getNote()).isEqualTo("Met in 東京; \"call\" after 5, ok?\nSecond line");
    }

    @Test
    void invalidFieldsAreNamed() {
        assertThat(new Wifi("", null, "WPA2x", false).validate())
                .extracting(v -> v.field())
                .containsExactly("data.ssid", "data.encryption", "data.password");
        assertThat(new Email("not-an-address", null, null).validate())
                .extracting(v -> v.field())
                .containsExactly("data.to");
        assertThat(new Geo(new BigDecimal("91"), new BigDecimal("-181")).validate())
                .extracting(v -> v.field())
                .containsExactly("data.lat", "data.lon");
        assertThat(new Url("javascript:alert(1)").validate())
                .extracting(v -> v.field())
                .containsExactly("data.url");
        assertThat(new Tel("call me").validate()).extracting(v -> v.field()).containsExactly("data.number");
        assertThat(new Sms("+44 (20) 7946-09x", null).validate())
                .extracting(v -> v.field())
                .containsExactly("data.number");
        assertThat(new VCard(null, null, null, List.of("x"), List.of("y"), null, null, null).validate())
                .extracting(v -> v.field())
                .containsExactly("data.name", "data.phones[0]", "data.emails[0]");
    }

    private static <T extends ParsedResult> T parsed(TypedContent content, Class<T> type) throws Exception {
        assertThat(content.validate()).isEmpty();
        byte[] png = QrRenderer.render(
                        new JobRequest(content.encode(), "png", 600, 4, "L", null, null).toRenderRequest())
                .bytes();
        ParsedResult result = ResultParser.parseResult(new Result(decode(png), null, null, BarcodeFormat.QR_CODE));
        assertThat(result).isInstanceOf(type);
        return type.cast(result);
    }

    private static String decode(byte[] png) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        int width = image.getWidth();
        int height = image.getHeight();
        byte[] luminance = new byte[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                luminance[y * width + x] = (byte) ((image.getRGB(x, y) & 0xFF) < 128 ? 0 : 255);
            }
        }
        var source = new PlanarYUVLuminanceSource(luminance, width, height, 0, 0, width, height, false);
        return new QRCodeReader()
                .decode(
                        new BinaryBitmap(new HybridBinarizer(source)),
                        Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE))
                .getText();
    }
}
