package io.chuanliu.common.config;

/** A configuration key is missing or ill-formed; the message names the key and what it expects. */
public final class InvalidSettingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String key;

    public InvalidSettingException(String key, String problem) {
        super("setting '" + key + "': " + problem);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
