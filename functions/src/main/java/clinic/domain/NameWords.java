package clinic.domain;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The words a name search matches against: the username whole, and each word of the display name,
 * lower-cased. A term matches when each of its words starts some word of the person.
 */
public final class NameWords {
    private static final Pattern SEPARATORS = Pattern.compile("[\\s,;:()\"'/]+");
    public static final int MAX_WORDS = 6;
    public static final int MAX_TERM = 64;
    /**
     * A search term needs a word at least this long: the index of names is partitioned by words'
     * first characters, so a shorter word would need every partition of its letter.
     */
    public static final int MIN_TERM_WORD = 2;

    private NameWords() {}

    public static Set<String> of(String username, String name) {
        Set<String> words = new LinkedHashSet<>();
        words.add(username.toLowerCase(Locale.ROOT));
        for (String word : split(name)) {
            if (words.size() >= MAX_WORDS) {
                break;
            }
            words.add(word);
        }
        return words;
    }

    /** The words of a search term; 400 when there are none or it is too long. */
    public static List<String> term(String field, String term) {
        if (term == null || term.isBlank()) {
            throw new Problem.Invalid(field, "must not be blank");
        }
        if (term.length() > MAX_TERM) {
            throw new Problem.Invalid(field, "at most " + MAX_TERM + " characters");
        }
        List<String> words = split(term);
        if (words.stream().noneMatch(w -> w.codePointCount(0, w.length()) >= MIN_TERM_WORD)) {
            throw new Problem.Invalid(field, "needs a word of at least " + MIN_TERM_WORD + " letters or digits");
        }
        return words;
    }

    /** The longest word of a term: the most selective one to look up. */
    public static String longest(List<String> termWords) {
        return termWords.stream().max(java.util.Comparator.comparingInt(String::length)).orElseThrow();
    }

    public static boolean matches(List<String> termWords, String username, String name) {
        Set<String> words = of(username, name);
        return termWords.stream().allMatch(t -> words.stream().anyMatch(w -> w.startsWith(t)));
    }

    private static List<String> split(String text) {
        if (text == null) {
            return List.of();
        }
        return SEPARATORS.splitAsStream(text.strip().toLowerCase(Locale.ROOT)).filter(w -> !w.isEmpty()).toList();
    }
}
