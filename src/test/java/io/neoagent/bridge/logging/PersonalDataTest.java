package io.neoagent.bridge.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PersonalDataTest {

    @Test
    void shouldMaskAsciiAddressesInText() {
        assertThat(PersonalData.mask("invalid email: david.garcia@example.com (rejected)"))
                .isEqualTo("invalid email: d***@example.com (rejected)");
    }

    @Test
    void shouldMaskAddressesWithNonAsciiLocalParts() {
        assertThat(PersonalData.mask("Email: zoë.müller@example.com")).isEqualTo("Email: z***@example.com");
        assertThat(PersonalData.mask("Email: ëlise@example.com")).isEqualTo("Email: ë***@example.com");
        assertThat(PersonalData.mask("Email: 李雷@例子.中国"))
                .isEqualTo("Email: 李***@例子.中国")
                .doesNotContain("雷");
        assertThat(PersonalData.mask("a o'brien+tag@example.com b")).isEqualTo("a o***@example.com b");
    }

    @Test
    void shouldMaskPhoneNumbersOfNineDigitsAndMore() {
        assertThat(PersonalData.mask("phone 415550100 given")).isEqualTo("phone ***0100 given");
        assertThat(PersonalData.mask("phone 0612 345 678")).isEqualTo("phone ***5678");
        assertThat(PersonalData.mask("phone +1 415 555 0100")).isEqualTo("phone ***0100");
    }

    @Test
    void shouldLeaveShortNumbersAlone() {
        assertThat(PersonalData.mask("HTTP 503 after 30000 ms, attempt 12"))
                .isEqualTo("HTTP 503 after 30000 ms, attempt 12");
    }

    @Test
    void shouldMaskOneAddressKeepingItsFirstCharacterWhole() {
        assertThat(PersonalData.maskEmail("😀smile@example.com")).isEqualTo("😀***@example.com");
        assertThat(PersonalData.maskEmail("zoë@example.com")).isEqualTo("z***@example.com");
    }
}
