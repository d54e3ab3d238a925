package io.qrfleet.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OwnerTest {

    /** #23: each address of one IPv6 /64 counted as a client of its own. */
    @ParameterizedTest
    @CsvSource({
        "2001:db8:1:2::1, 20010db800010002::/64",
        "2001:db8:1:2:aaaa:bbbb:cccc:dddd, 20010db800010002::/64",
        "2001:db8::1, 20010db800000000::/64",
        "2001:db8::1:2:3:4, 20010db800000000::/64",
        "::1, 0000000000000000::/64",
        "192.0.2.7, 192.0.2.7",
        "::ffff:192.0.2.7, 192.0.2.7",
        "1:2, 1:2"
    })
    void anIpv6ClientIsItsSlash64(String address, String network) {
        assertThat(Owner.network(address)).isEqualTo(network);
    }
}
