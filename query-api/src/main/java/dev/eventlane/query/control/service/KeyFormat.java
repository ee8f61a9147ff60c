package dev.eventlane.query.control.service;

import java.util.Locale;
import java.util.regex.Pattern;

import dev.eventlane.platform.auth.ApiKeys;

/** The look of a new key, chosen to match the SDK that will carry it. Every format works on every surface. */
public enum KeyFormat {
    /** {@code ll_} + 48 letters and digits: 51 characters, as LogLogic documents. */
    LOGLOGIC,
    /** {@code lf_} + 48. */
    LOGFLUX,
    /** {@code gl_sk_<region>_} or {@code gl_pk_<region>_} + 48, as GoodLogs routes by region and key type. */
    GOODLOGS;

    private static final Pattern REGION = Pattern.compile("[a-z]{2,8}");

    public static KeyFormat of(String name) {
        try {
            return name == null ? LOGLOGIC : valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ControlException.validation("format must be loglogic, logflux or goodlogs");
        }
    }

    public String mint(boolean secret, String region) {
        return switch (this) {
            case LOGLOGIC -> ApiKeys.random("ll_", ApiKeys.RANDOM_CHARS);
            case LOGFLUX -> ApiKeys.random("lf_", ApiKeys.RANDOM_CHARS);
            case GOODLOGS -> {
                if (!REGION.matcher(region).matches()) {
                    throw ControlException.validation("region must be 2 to 8 lower-case letters");
                }
                yield ApiKeys.random("gl_" + (secret ? "sk_" : "pk_") + region + "_", ApiKeys.RANDOM_CHARS);
            }
        };
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
