package io.neoagent.bridge.mail;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.ArrayList;
import java.util.List;

/** Strict e-mail address checks, for anything that goes into a mail header or a CRM field. */
public final class EmailAddresses {

    private static final int MAX_LENGTH = 254;

    private EmailAddresses() {}

    /**
     * A single bare address ({@code local@domain.tld}), nothing else: no display name, no list, no
     * comments, no control characters, a dotted domain, at most {@code maxLength} characters.
     */
    public static boolean isPlausible(String email, int maxLength) {
        if (email == null || email.isBlank()) {
            return false;
        }
        String candidate = email.strip();
        if (candidate.length() > Math.min(maxLength, MAX_LENGTH)
                || candidate.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return false;
        }
        try {
            InternetAddress address = new InternetAddress(candidate, true);
            address.validate();
            String domain = candidate.substring(candidate.lastIndexOf('@') + 1);
            return address.getAddress().equals(candidate)
                    && address.getPersonal() == null
                    && domain.contains(".")
                    && !domain.startsWith(".")
                    && !domain.endsWith(".");
        } catch (AddressException invalid) {
            return false;
        }
    }

    public static boolean isPlausible(String email) {
        return isPlausible(email, MAX_LENGTH);
    }

    /**
     * The addresses of a comma-separated list, each checked strictly.
     *
     * @throws IllegalArgumentException naming the first invalid entry's position (not its value)
     */
    public static List<InternetAddress> parseList(String list) {
        List<InternetAddress> addresses = new ArrayList<>();
        if (list == null) {
            return addresses;
        }
        String[] entries = list.split(",", -1);
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].strip();
            if (entry.isEmpty()) {
                continue;
            }
            if (!isPlausible(entry)) {
                throw new IllegalArgumentException(
                        "recipient " + (i + 1) + " of the list is not a valid e-mail address");
            }
            try {
                addresses.add(new InternetAddress(entry, true));
            } catch (AddressException e) {
                throw new IllegalArgumentException(
                        "recipient " + (i + 1) + " of the list is not a valid e-mail address");
            }
        }
        return addresses;
    }
}
