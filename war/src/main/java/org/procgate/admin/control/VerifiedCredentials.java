package org.procgate.admin.control;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The user names and passwords that passed the slow hash check in this process, so that the
 * console's requests (several a second) pay for PBKDF2 once per credential, not per request.
 * Kept only as an HMAC under a key made at random for the process and never written anywhere:
 * neither the passwords nor anything a guess could be tested against offline outlive the JVM.
 * Bounded: the oldest entry goes when a new one would exceed {@link #CAPACITY}.
 */
final class VerifiedCredentials {

    static final int CAPACITY = 16;

    private final SecretKeySpec key;
    private final Map<String, AdminRole> verified = new LinkedHashMap<>(CAPACITY, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, AdminRole> eldest) {
            return size() > CAPACITY;
        }
    };

    VerifiedCredentials() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        key = new SecretKeySpec(random, "HmacSHA256");
    }

    synchronized AdminRole roleOf(String user, char[] password) {
        return verified.get(digest(user, password));
    }

    synchronized void remember(String user, char[] password, AdminRole role) {
        verified.put(digest(user, password), role);
    }

    private String digest(String user, char[] password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(user.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(new String(password).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no HmacSHA256", e);
        }
    }
}
