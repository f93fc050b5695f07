package io.chatgateway.apikey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.chatgateway.auth.ApiKeyAuthenticator;

/**
 * The text of a team API key: {@code cgw_<key id: 12 base32>_<secret: 32 base62>} (60 + 190 random bits). The type
 * prefix lets secret scanners recognise it, the underscores keep it one word for a double click. Only the key id
 * and the SHA-256 of the whole key are stored: a fast hash suffices for a secret of 190 random bits.
 */
public record ApiKeyToken(String keyId, String key) {

    static final String PREFIX = ApiKeyAuthenticator.PREFIX;
    /** How much of a key the list shows to recognise it: {@code cgw_} and the first 8 characters of the key id. */
    static final int SHOWN_LENGTH = 12;

    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int KEY_ID_LENGTH = 12;
    private static final int SECRET_LENGTH = 32;
    private static final Pattern FORMAT = Pattern.compile("cgw_([a-z2-7]{12})_[0-9A-Za-z]{32}");
    private static final SecureRandom RANDOM = new SecureRandom();

    static ApiKeyToken create() {
        String keyId = random(BASE32, KEY_ID_LENGTH);
        return new ApiKeyToken(keyId, PREFIX + keyId + "_" + random(BASE62, SECRET_LENGTH));
    }

    /** The key's id when the text has a key's form (nothing is looked up); null otherwise. */
    static String keyIdOf(String text) {
        Matcher matcher = FORMAT.matcher(text);
        return matcher.matches() ? matcher.group(1) : null;
    }

    /** What the list shows of a key with this id. */
    static String shownPart(String keyId) {
        return (PREFIX + keyId).substring(0, SHOWN_LENGTH);
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String random(String alphabet, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    /** Never the key itself: records print their fields. */
    @Override
    public String toString() {
        return "ApiKeyToken[" + shownPart(keyId) + "…]";
    }
}
