package clinic.domain;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A sign-up request. Constructing one checks every field, so an account that reaches Cognito is
 * already known to be acceptable. The password rules mirror the user pool's policy in template.yaml.
 */
public record NewAccount(String username, String email, String password, String name) {
    private static final Pattern USERNAME = Pattern.compile("[\\w.@+-]{1,128}", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");
    public static final int MIN_PASSWORD = 8;
    public static final int MAX_NAME = 100;

    public NewAccount {
        Map<String, String> problems = new LinkedHashMap<>();
        if (username == null || !USERNAME.matcher(username).matches()) {
            problems.put("user.username", "1-128 letters, digits and @.+-_ only");
        }
        if (email == null || email.length() > 254 || !EMAIL.matcher(email).matches()) {
            problems.put("user.email", "must be a valid email address");
        }
        String weakness = weakness(password);
        if (weakness != null) {
            problems.put("user.password", weakness);
        }
        if (name != null && name.strip().length() > MAX_NAME) {
            problems.put("name", "at most " + MAX_NAME + " characters");
        }
        if (!problems.isEmpty()) {
            throw new Problem.Invalid(problems);
        }
        name = name == null || name.isBlank() ? username : name.strip();
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
