package io.wizcamel.state;

import java.util.regex.Pattern;

/** JDBC URLs as they may be shown: a password given in the URL itself (password=..., user:pass@) is masked. */
public final class JdbcUrls {

    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)((?:password|pwd|sslpassword)=)[^&;\\s]*");
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@?]*:)[^@/?]*@");

    private JdbcUrls() {
    }

    public static String mask(String url) {
        if (url == null) {
            return null;
        }
        return USER_INFO.matcher(PASSWORD_PARAM.matcher(url).replaceAll("$1*****")).replaceAll("$1*****@");
    }

    /** the text with any occurrence of the URL, and of the secret, masked (for an exception's message) */
    public static String scrub(String text, String url, String secret) {
        if (text == null) {
            return null;
        }
        String out = text;
        if (url != null && !url.isEmpty()) {
            out = out.replace(url, mask(url));
        }
        if (secret != null && !secret.isEmpty()) {
            out = out.replace(secret, "*****");
        }
        return PASSWORD_PARAM.matcher(out).replaceAll("$1*****");
    }
}
