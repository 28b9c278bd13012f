package clinic.domain;

import java.lang.Character.UnicodeScript;
import java.text.Normalizer;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A sign-up request. Constructing one checks every field, so an account that reaches Cognito is
 * already known to be acceptable. The password rules mirror the user pool's policy in template.yaml.
 *
 * <p>The username is kept in its NFKC form: fullwidth {@code ｐａｔ}, mathematical {@code 𝐩𝐚𝐭} and
 * the like become {@code pat}, so they claim (and collide with) the name they look like instead of
 * being refused. What is left must be visible letters, digits and {@code @.+-_} of one script
 * (or one of Unicode's usual combinations, such as Latin with Japanese): no control, format or
 * other invisible characters, and no Cyrillic {@code е} among Latin letters.
 */
public record NewAccount(String username, String email, String password, String name) {
    public static final int MAX_USERNAME = 128;
    public static final int MIN_PASSWORD = 8;
    public static final int MAX_NAME = 100;
    public static final int MAX_EMAIL = 254;
    private static final String USERNAME_RULE = "1-" + MAX_USERNAME
            + " letters, digits and @.+-_ only; no spaces, control or invisible characters";

    /**
     * Scripts that may share a username, as UTS #39's "highly restrictive" level allows: Japanese,
     * Chinese and Korean writing mix Han with their own scripts and with Latin.
     */
    private static final List<Set<UnicodeScript>> SCRIPT_MIXES = List.of(
            EnumSet.of(UnicodeScript.LATIN, UnicodeScript.HAN, UnicodeScript.HIRAGANA, UnicodeScript.KATAKANA),
            EnumSet.of(UnicodeScript.LATIN, UnicodeScript.HAN, UnicodeScript.BOPOMOFO),
            EnumSet.of(UnicodeScript.LATIN, UnicodeScript.HAN, UnicodeScript.HANGUL));

    /** RFC 5321's dot-atom local part, ASCII only: Amazon SES, which sends Cognito's mail, takes 7-bit addresses only. */
    private static final Pattern EMAIL_LOCAL = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    /** Host-name labels, at least two, the last not all digits; an international domain in its xn-- form. */
    private static final Pattern EMAIL_DOMAIN = Pattern.compile(
            "([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+(?![0-9]+$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    public NewAccount {
        Map<String, String> problems = new LinkedHashMap<>();
        username = username == null ? null : normaliseUsername(username);
        String usernameProblem = usernameProblem(username);
        if (usernameProblem != null) {
            problems.put("user.username", usernameProblem);
        }
        if (!isEmail(email)) {
            problems.put("user.email", "must be a valid email address");
        }
        String weakness = weakness(password);
        if (weakness != null) {
            problems.put("user.password", weakness);
        }
        if (name != null && name.strip().length() > MAX_NAME) {
            problems.put("name", "at most " + MAX_NAME + " characters");
        } else if (name != null && name.codePoints().anyMatch(NewAccount::isInvisibleOrControl)) {
            problems.put("name", "must not contain control or invisible formatting characters");
        }
        if (!problems.isEmpty()) {
            throw new Problem.Invalid(problems);
        }
        name = name == null || name.isBlank() ? username : name.strip();
    }

    /** The form a username is stored, claimed and signed in with: NFKC. */
    public static String normaliseUsername(String username) {
        return Normalizer.normalize(username, Normalizer.Form.NFKC);
    }

    /** Why a (normalised) username is refused, or null. */
    private static String usernameProblem(String username) {
        if (username == null || username.isEmpty() || username.length() > MAX_USERNAME) {
            return USERNAME_RULE;
        }
        Set<UnicodeScript> scripts = EnumSet.noneOf(UnicodeScript.class);
        int previous = -1;
        for (int i = 0; i < username.length(); ) {
            int cp = username.codePointAt(i);
            i += Character.charCount(cp);
            if (!isUsernameCharacter(cp) || isMark(cp) && (previous == -1 || !Character.isLetter(previous) && !isMark(previous))) {
                return USERNAME_RULE;
            }
            UnicodeScript script = UnicodeScript.of(cp);
            if (script != UnicodeScript.COMMON && script != UnicodeScript.INHERITED) {
                scripts.add(script);
            }
            previous = cp;
        }
        if (scripts.size() > 1 && SCRIPT_MIXES.stream().noneMatch(mix -> mix.containsAll(scripts))) {
            return "must not mix letters of different scripts (such as Latin and Cyrillic)";
        }
        return null;
    }

    private static boolean isUsernameCharacter(int cp) {
        if (cp < 0x80) {
            return cp >= 'a' && cp <= 'z' || cp >= 'A' && cp <= 'Z' || cp >= '0' && cp <= '9' || "@.+-_".indexOf(cp) >= 0;
        }
        if (isDefaultIgnorable(cp)) {
            return false;
        }
        boolean letterOrDigit = switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER, Character.MODIFIER_LETTER,
                 Character.OTHER_LETTER, Character.DECIMAL_DIGIT_NUMBER, Character.NON_SPACING_MARK,
                 Character.COMBINING_SPACING_MARK -> true;
            default -> false;
        };
        // Letters of no script (such as the apostrophe-like U+02BC) pass for punctuation; the
        // Japanese prolonged sound mark is the one such letter that real names need.
        return letterOrDigit && (UnicodeScript.of(cp) != UnicodeScript.COMMON || cp == 0x30FC);
    }

    private static boolean isMark(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK;
    }

    /**
     * Unicode's Default_Ignorable_Code_Point: drawn as nothing (zero-width joiners, bidi controls,
     * variation selectors, the Hangul fillers...). Java has no property for it, so its ranges.
     */
    private static boolean isDefaultIgnorable(int cp) {
        return cp == 0x00AD || cp == 0x034F || cp == 0x061C || cp == 0x115F || cp == 0x1160 || cp == 0x17B4 || cp == 0x17B5
                || cp >= 0x180B && cp <= 0x180F || cp >= 0x200B && cp <= 0x200F || cp >= 0x202A && cp <= 0x202E
                || cp >= 0x2060 && cp <= 0x206F || cp == 0x3164 || cp >= 0xFE00 && cp <= 0xFE0F || cp == 0xFEFF || cp == 0xFFA0
                || cp >= 0xFFF0 && cp <= 0xFFF8 || cp >= 0x1BCA0 && cp <= 0x1BCA3 || cp >= 0x1D173 && cp <= 0x1D17A
                || cp >= 0xE0000 && cp <= 0xE0FFF;
    }

    /** Control characters (NUL, ESC...), line and paragraph separators, lone surrogates and invisible formatting. */
    static boolean isInvisibleOrControl(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.SURROGATE
                || type == Character.FORMAT && cp != 0x200C && cp != 0x200D; // joiners: needed by Persian and Indic names
    }

    /** One {@code @}, a dot-atom before it, a host name with a dot after it, within SMTP's lengths. */
    private static boolean isEmail(String email) {
        if (email == null || email.length() > MAX_EMAIL) {
            return false;
        }
        int at = email.indexOf('@');
        if (at < 1 || at > 64 || email.indexOf('@', at + 1) >= 0) {
            return false;
        }
        return EMAIL_LOCAL.matcher(email).region(0, at).matches() && EMAIL_DOMAIN.matcher(email).region(at + 1, email.length()).matches();
    }

    private static String weakness(String password) {
        if (password == null || password.length() < MIN_PASSWORD) {
            return "must be at least " + MIN_PASSWORD + " characters";
        }
        if (password.length() > 256) {
            return "must be at most 256 characters";
        }
        if (password.chars().noneMatch(Character::isUpperCase)
                || password.chars().noneMatch(Character::isLowerCase)
                || password.chars().noneMatch(Character::isDigit)) {
            return "must contain an upper-case letter, a lower-case letter and a digit";
        }
        return null;
    }

    @Override
    public String toString() { // never print the password
        return "NewAccount[username=" + username + ", email=" + email + ", name=" + name + "]";
    }
}
