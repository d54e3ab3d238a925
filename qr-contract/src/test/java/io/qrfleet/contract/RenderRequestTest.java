package io.qrfleet.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RenderRequestTest {

    private static final RenderRequest BASE =
            new RenderRequest("https://example.com", Format.PNG, 512, 4, ErrorCorrection.M, "#000000", "#FFFFFF");

    @Test
    void sameRequestGivesSameKey() {
        RenderRequest copy =
                new JobRequest("https://example.com", "png", 512, 4, "M", "#000000", "#ffffff").toRenderRequest();
        assertThat(copy.contentKey()).isEqualTo(BASE.contentKey()).matches("[0-9a-f]{64}");
        assertThat(new JobRequest("https://example.com", null, null, null, null, null, null)
                        .toRenderRequest()
                        .contentKey())
                .as("defaults spelled out or left out")
                .isEqualTo(BASE.contentKey());
    }

    @Test
    void keyIsStableAcrossReleases() {
        // a changed canonical form would orphan every stored image: change it only on purpose (bump "qr1")
        assertThat(BASE.canonical()).isEqualTo("qr1\npng\n512\n4\nM\n#000000\n#FFFFFF\nhttps://example.com");
    }

    @Test
    void everySingleOptionChangeGivesANewKey() {
        List<RenderRequest> variants = List.of(
                BASE,
                new RenderRequest("https://example.org", Format.PNG, 512, 4, ErrorCorrection.M, "#000000", "#FFFFFF"),
                new RenderRequest("https://example.com", Format.SVG, 512, 4, ErrorCorrection.M, "#000000", "#FFFFFF"),
                new RenderRequest("https://example.com", Format.PNG, 513, 4, ErrorCorrection.M, "#000000", "#FFFFFF"),
                new RenderRequest("https://example.com", Format.PNG, 512, 5, ErrorCorrection.M, "#000000", "#FFFFFF"),
                new RenderRequest("https://example.com", Format.PNG, 512, 4, ErrorCorrection.H, "#000000", "#FFFFFF"),
                new RenderRequest("https://example.com", Format.PNG, 512, 4, ErrorCorrection.M, "#000001", "#FFFFFF"),
                new RenderRequest("https://example.com", Format.PNG, 512, 4, ErrorCorrection.M, "#000000", "#FFFFFE"));
        Set<String> keys = new HashSet<>();
        variants.forEach(v -> keys.add(v.contentKey()));
        assertThat(keys).hasSize(variants.size());
    }

    @Test
    void contentCannotForgeAnotherRequestsCanonicalForm() {
        RenderRequest a = new RenderRequest("x", Format.PNG, 512, 4, ErrorCorrection.M, "#000000", "#FFFFFF");
        RenderRequest b =
                new RenderRequest("x\n#FFFFFF\nx", Format.PNG, 512, 4, ErrorCorrection.M, "#000000", "#FFFFFF");
        assertThat(a.contentKey()).isNotEqualTo(b.contentKey());
    }

    @Test
    void imageKeyIsContentAddressed() {
        assertThat(StorageKeys.image(BASE)).isEqualTo("codes/" + BASE.contentKey() + ".png");
    }
}
