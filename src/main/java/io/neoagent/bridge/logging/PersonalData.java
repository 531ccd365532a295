package io.neoagent.bridge.logging;

import java.util.regex.Pattern;

/**
 * Masks e-mail addresses and phone numbers in text bound for a log, such as an error message a
 * destination returned about a lead: {@code david@example.com} becomes {@code d***@example.com},
 * {@code +1 415 555 0100} becomes {@code ***0100}.
 */
public final class PersonalData {

    private static final Pattern EMAIL = Pattern.compile("([A-Za-z0-9._%+\\-])[A-Za-z0-9._%+\\-]*@([A-Za-z0-9.\\-]+)");
    private static final Pattern PHONE = Pattern.compile("\\+?\\d[\\d ().\\-]{5,}(\\d{4})");

    private PersonalData() {
    }

    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = EMAIL.matcher(text).replaceAll("$1***@$2");
        return PHONE.matcher(masked).replaceAll("***$1");
    }
}
