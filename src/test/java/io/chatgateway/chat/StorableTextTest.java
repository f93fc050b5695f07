package io.chatgateway.chat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StorableTextTest {

    @Test
    void storableTextIsReturnedAsItIs() {
        String text = "Hello, wörld 😀 \t\n";
        assertThat(StorableText.of(text)).isSameAs(text);
        assertThat(StorableText.of("")).isEmpty();
        assertThat(StorableText.of(null)).isNull();
    }

    @Test
    void nulBecomesTheReplacementCharacter() {
        assertThat(StorableText.of("a\u0000b\u0000")).isEqualTo("a\uFFFDb\uFFFD");
        assertThat(StorableText.of("\u0000")).isEqualTo("\uFFFD");
    }

    @Test
    void unpairedSurrogatesBecomeTheReplacementCharacterAndPairsStay() {
        assertThat(StorableText.of("x\uD83Dy")).isEqualTo("x\uFFFDy");
        assertThat(StorableText.of("x\uDE00y")).isEqualTo("x\uFFFDy");
        assertThat(StorableText.of("\u0000😀\uD83D")).isEqualTo("\uFFFD😀\uFFFD");
        assertThat(StorableText.of("😀\uDE00😀")).isEqualTo("😀\uFFFD😀");
    }
}
